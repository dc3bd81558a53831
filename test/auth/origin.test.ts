// Where a sign-in may send the browser back to, and what counts as the request's own origin.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ownOrigin, safeReturnPath } from '../../src/auth/origin.ts';

const ORIGIN = 'https://tenant.example';
const returnPath = (value: string | undefined) => safeReturnPath(value, ORIGIN);

describe('the return path after sign-in', () => {
  it('keeps a path on the same origin, with its query and fragment', () => {
    expect(returnPath('/studio?tab=drafts#top')).toBe('/studio?tab=drafts#top');
    expect(returnPath('https://tenant.example/studio?x=1')).toBe('/studio?x=1');
    expect(returnPath('studio')).toBe('/studio');
    expect(returnPath('/ü')).toBe('/%C3%BC');
    expect(safeReturnPath('/x', 'http://shop.acme.livery.localhost:8787')).toBe('/x');
  });

  // Each of these resolves (WHATWG) to a path starting `//` or to another origin: the browser would leave the host.
  it.each([
    '/..//evil.example',
    '/.//evil.example',
    '/a/..//evil.example',
    '/%2e%2e//evil.example',
    '/%2E%2E//evil.example',
    '/.%2e//evil.example',
    './/evil.example',
    '/a/b/../..//evil.example',
    'https://evil.example/',
    'https://tenant.example:8443/',
    'http://tenant.example/',
    '//evil.example/path',
    '/\\evil.example',
    '\\\\evil.example',
    'https:/\\evil.example',
    'javascript:alert(1)',
    'data:text/html,x',
    '/a?x=\\',
    '/\t/evil.example',
    '/ok\r\nSet-Cookie: x=1',
    '',
    undefined,
  ])('falls back to / for %j', (value) => {
    expect(returnPath(value)).toBe('/');
  });

  it('normalises dot segments without leaving the host', () => {
    expect(returnPath('/a/../../b')).toBe('/b');
    expect(returnPath('/a/%2e%2e/b')).toBe('/b');
  });

  // Pieces that have broken return-path checks before: dot segments plain and encoded, slashes and backslashes,
  // ASCII whitespace the URL parser drops, Unicode look-alikes of / and ., schemes, credentials, ports.
  const piece = fc.constantFrom(
    '/',
    '//',
    '\\',
    '\\\\',
    '.',
    '..',
    '%2e',
    '%2E',
    '%2e%2e',
    '%2f',
    '%2F',
    '%5c',
    '%5C',
    '%00',
    '%09',
    '%0a',
    '\t',
    '\n',
    '\r',
    ' ',
    '\u0000',
    '\u00a0',
    '\u2028',
    '\uff0f',
    '\uff3c',
    '\u3002',
    '\u2215',
    'ü',
    '😀',
    'evil.example',
    'tenant.example',
    'https:',
    'http:',
    'javascript:',
    'data:',
    'file:',
    '@',
    ':',
    '?',
    '#',
    '&',
    ':443',
    ':8443',
    'user:pass@',
    'a',
    'b',
  );
  // Mostly path-like (a leading slash, dense in slashes and dots), so collapsing dot segments is exercised often.
  const pathy = fc
    .array(
      fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom('/', '//', '\\', '.', '..', '%2e', '%2e%2e', '%2f', '%5c') },
        { weight: 2, arbitrary: piece },
      ),
      { maxLength: 12 },
    )
    .map((parts) => `/${parts.join('')}`);
  const nasty = fc.oneof(
    { weight: 4, arbitrary: pathy },
    { weight: 2, arbitrary: fc.array(piece, { maxLength: 12 }).map((parts) => parts.join('')) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.webUrl({ withQueryParameters: true, withFragments: true }) },
    { weight: 1, arbitrary: fc.webPath().map((path) => `/${path}`) },
  );

  it('property: always exactly one leading /, no backslash, and the same origin when resolved', () => {
    fc.assert(
      fc.property(nasty, (value) => {
        const result = returnPath(value);
        expect(result.startsWith('/')).toBe(true);
        expect(result.startsWith('//')).toBe(false);
        expect(result).not.toContain('\\');
        expect(new URL(result, ORIGIN).origin).toBe(ORIGIN);
        // What comes out is already normal: a second pass changes nothing.
        expect(returnPath(result)).toBe(result);
      }),
      { numRuns: 5000 },
    );
  });
});

describe("a request's own origin", () => {
  it("is plain http with the Host header's port under localhost", () => {
    expect(ownOrigin('shop.acme.livery.localhost', 'Shop.Acme.livery.localhost:8787')).toBe(
      'http://shop.acme.livery.localhost:8787',
    );
  });

  it('is https elsewhere, without the default port', () => {
    expect(ownOrigin('brand.example', 'brand.example:443')).toBe('https://brand.example');
    expect(ownOrigin('brand.example', 'brand.example')).toBe('https://brand.example');
    expect(ownOrigin('brand.example', 'brand.example:8443')).toBe('https://brand.example:8443');
  });
});

// Where a sign-in may send the browser back to, and what counts as the request's own origin.
import { describe, expect, it } from 'vitest';
import { ownOrigin, safeReturnPath } from '../../src/auth/origin.ts';

describe('the return path after sign-in', () => {
  it('keeps a relative path on the same host, with its query and fragment', () => {
    expect(safeReturnPath('/studio?tab=drafts#top')).toBe('/studio?tab=drafts#top');
  });

  it.each([
    'https://evil.example/',
    '//evil.example/path',
    '/\\evil.example',
    'javascript:alert(1)',
    'studio',
    '/ok\r\nSet-Cookie: x=1',
    '',
    undefined,
  ])('falls back to / for %j', (value) => {
    expect(safeReturnPath(value)).toBe('/');
  });

  it('normalises dot segments without leaving the host', () => {
    expect(safeReturnPath('/a/../../b')).toBe('/b');
  });
});

describe('a request\'s own origin', () => {
  it('is plain http with the Host header\'s port under localhost', () => {
    expect(ownOrigin('shop.acme.livery.localhost', 'Shop.Acme.livery.localhost:8787')).toBe('http://shop.acme.livery.localhost:8787');
  });

  it('is https elsewhere, without the default port', () => {
    expect(ownOrigin('brand.example', 'brand.example:443')).toBe('https://brand.example');
    expect(ownOrigin('brand.example', 'brand.example')).toBe('https://brand.example');
    expect(ownOrigin('brand.example', 'brand.example:8443')).toBe('https://brand.example:8443');
  });
});

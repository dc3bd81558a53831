import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalizeHost } from '../../src/tenancy/host.ts';

const ok = (raw: string) => {
  const result = normalizeHost(raw);
  if (!result.ok) throw new Error(`expected ${raw} to normalise, got: ${result.reason}`);
  return result.host;
};

describe('normalizeHost', () => {
  it('lower-cases, drops the port and the trailing dot', () => {
    expect(ok('Acme.Livery.LOCALHOST:8787')).toBe('acme.livery.localhost');
    expect(ok('acme.livery.localhost.')).toBe('acme.livery.localhost');
    expect(ok('acme.livery.localhost.:443')).toBe('acme.livery.localhost');
  });

  it('turns an internationalised name into punycode', () => {
    expect(ok('bücher.example')).toBe('xn--bcher-kva.example');
    expect(ok('BÜCHER.example')).toBe('xn--bcher-kva.example');
    // already-punycode input stays the same
    expect(ok('xn--bcher-kva.example')).toBe('xn--bcher-kva.example');
  });

  it.each([['127.0.0.1'], ['127.0.0.1:8787'], ['0x7f.1'], ['2130706433'], ['[::1]'], ['[::1]:8787'], ['::1']])(
    'refuses the IP literal %s',
    (raw) => {
      expect(normalizeHost(raw)).toMatchObject({ ok: false });
    },
  );

  it.each([
    [''],
    ['.'],
    ['a..b'],
    ['-acme.example'],
    ['acme-.example'],
    ['acme_corp.example'],
    ['user@acme.example'],
    ['acme.example/path'],
    ['acme.example:99999'],
    ['acme.example:port'],
    ['acme example'],
    ['acme.example\n'],
    [`${'a'.repeat(64)}.example`],
    [`${'a.'.repeat(130)}example`],
  ])('refuses the malformed host %j', (raw) => {
    expect(normalizeHost(raw)).toMatchObject({ ok: false });
  });

  it('never throws and only ever returns canonical names', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.domain(),
          fc.webUrl().map((u) => new URL(u).host),
        ),
        (raw) => {
          const result = normalizeHost(raw);
          if (result.ok) {
            expect(result.host).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)*$/);
            expect(result.host.length).toBeLessThanOrEqual(253);
            // canonical form is a fixed point
            expect(normalizeHost(result.host)).toEqual(result);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('maps differently-written forms of one name to the same host', () => {
    fc.assert(
      fc.property(fc.domain(), fc.integer({ min: 1, max: 65535 }), fc.boolean(), (domain, port, dot) => {
        const plain = normalizeHost(domain);
        fc.pre(plain.ok);
        const written = `${domain.toUpperCase()}${dot ? '.' : ''}:${port}`;
        expect(normalizeHost(written)).toEqual(plain);
      }),
    );
  });
});

// The client address rate limits and logs key on: CF-Connecting-IP on Workers, a trusted proxy's header on Node
// (the right entry of a chain that appends), the socket's peer otherwise; and how requests map to limit classes.
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RATE_LIMITS, loadConfig, parseRateLimit } from '../../src/config.ts';
import { addressFromHeader, normaliseAddress, rateLimitKey } from '../../src/http/client-address.ts';
import { rateLimitClass } from '../../src/http/rate-limit.ts';
import { nodeClientAddress } from '../../src/node-server.ts';

const incoming = (remoteAddress: string | undefined, headers: Record<string, string | string[]> = {}) =>
  ({ headers, socket: { remoteAddress } }) as unknown as IncomingMessage;

describe('client addresses', () => {
  it('normalises what proxies and sockets write, and refuses what is not an address', () => {
    expect(normaliseAddress('203.0.113.7')).toBe('203.0.113.7');
    expect(normaliseAddress(' 203.0.113.7:51234 ')).toBe('203.0.113.7');
    expect(normaliseAddress('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(normaliseAddress('::FFFF:7f00:1')).toBe('127.0.0.1');
    expect(normaliseAddress('[2001:DB8::1]:443')).toBe('2001:db8::1');
    expect(normaliseAddress('"[2001:db8:0:0:0:0:0:1]"')).toBe('2001:db8::1');
    for (const junk of [
      '',
      'unknown',
      'evil.example',
      '256.1.1.1',
      '1.2.3',
      '<script>',
      '::1::2',
      'for=1.2.3.4',
      undefined,
    ]) {
      expect(normaliseAddress(junk), String(junk)).toBeNull();
    }
  });

  it('takes the entry the nearest trusted proxy appended, never what the client put to its left', () => {
    const xff = { header: 'x-forwarded-for', trustedProxies: 1 };
    expect(addressFromHeader('198.51.100.1, 203.0.113.9', xff)).toBe('203.0.113.9');
    expect(addressFromHeader('203.0.113.9', xff)).toBe('203.0.113.9');
    expect(addressFromHeader('spoofed, 2001:db8::7', xff)).toBe('2001:db8::7');
    // Two proxies append (a CDN, then a load balancer): the client is the second entry from the right.
    const two = { header: 'x-forwarded-for', trustedProxies: 2 };
    expect(addressFromHeader('198.51.100.1, 203.0.113.9, 10.0.0.2', two)).toBe('203.0.113.9');
    expect(addressFromHeader('10.0.0.2', two)).toBeNull(); // came through one proxy only: the header says nothing
    const forwarded = { header: 'forwarded', trustedProxies: 1 };
    expect(addressFromHeader('for=198.51.100.1;proto=https, for="[2001:db8::1]:4711";by=x', forwarded)).toBe(
      '2001:db8::1',
    );
    expect(addressFromHeader('proto=https', forwarded)).toBeNull();
    expect(addressFromHeader(undefined, xff)).toBeNull();
  });

  it('uses the configured header on Node, else the socket peer', () => {
    const direct = nodeClientAddress(loadConfig({}));
    expect(direct(incoming('::ffff:192.0.2.5', { 'x-forwarded-for': '203.0.113.9' }))).toBe('192.0.2.5');
    const proxied = nodeClientAddress(loadConfig({ LIVERY_CLIENT_IP_HEADER: 'X-Forwarded-For' }));
    expect(proxied(incoming('10.0.0.2', { 'x-forwarded-for': '198.51.100.1, 203.0.113.9' }))).toBe('203.0.113.9');
    expect(proxied(incoming('10.0.0.2', { 'x-forwarded-for': 'garbage' }))).toBe('10.0.0.2');
    expect(proxied(incoming('10.0.0.2'))).toBe('10.0.0.2');
    expect(proxied(incoming(undefined))).toBe('unknown');
    const realIp = nodeClientAddress(loadConfig({ LIVERY_CLIENT_IP_HEADER: 'x-real-ip' }));
    expect(realIp(incoming('10.0.0.2', { 'x-real-ip': '203.0.113.10' }))).toBe('203.0.113.10');
    expect(() => loadConfig({ LIVERY_CLIENT_IP_HEADER: 'x forwarded' })).toThrow(/LIVERY_CLIENT_IP_HEADER/);
    expect(() => loadConfig({ LIVERY_TRUSTED_PROXIES: '0' })).toThrow(/LIVERY_TRUSTED_PROXIES/);
  });

  it('counts IPv6 clients by their /64, IPv4 clients by address', () => {
    expect(rateLimitKey('203.0.113.9')).toBe('203.0.113.9');
    expect(rateLimitKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(rateLimitKey('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(rateLimitKey('::1')).toBe('0:0:0:0::/64');
    expect(rateLimitKey('unknown')).toBe('unknown');
  });
});

describe('rate-limit classes and their configuration', () => {
  it.each([
    ['GET', '/auth/oauth/google', 'signIn'],
    ['GET', '/auth/oauth/github/callback', 'signIn'],
    ['POST', '/auth/anonymous', 'anonymous'],
    ['POST', '/auth/preview', 'account'],
    ['POST', '/auth/complete', 'account'],
    ['POST', '/auth/logout', 'account'],
    ['GET', '/auth/session', null],
    ['POST', '/api/v1/tokens/validate', 'validate'],
    ['PUT', '/api/v1/tokens/overrides', 'write'],
    ['PUT', '/api/v1/tokens/drafts/Brand', 'write'],
    ['DELETE', '/api/v1/keys/x', 'write'],
    ['PATCH', '/api/v1/tenants/x', 'write'],
    ['POST', '/api/v1/tokens/rollback', 'write'],
    ['GET', '/api/v1/tokens/overrides', null],
    ['HEAD', '/api/v1/tokens/drafts', null],
    ['GET', '/theme.css', null],
    ['GET', '/preview', null],
  ] as const)('%s %s → %s', (method, path, expected) => {
    expect(rateLimitClass(method, path)).toBe(expected);
  });

  it('reads LIVERY_RATE_LIMIT_* as "<requests>/<window>" or "off", with documented defaults', () => {
    expect(loadConfig({}).rateLimits).toEqual(DEFAULT_RATE_LIMITS);
    expect(DEFAULT_RATE_LIMITS).toEqual({
      signIn: { limit: 30, windowMs: 60_000 },
      anonymous: { limit: 20, windowMs: 60_000 },
      account: { limit: 30, windowMs: 60_000 },
      validate: { limit: 60, windowMs: 60_000 },
      write: { limit: 60, windowMs: 60_000 },
    });
    const config = loadConfig({
      LIVERY_RATE_LIMIT_SIGN_IN: '10/min',
      LIVERY_RATE_LIMIT_WRITE: 'off',
      LIVERY_RATE_LIMIT_VALIDATE: '600/h',
    });
    expect(config.rateLimits).toMatchObject({
      signIn: { limit: 10, windowMs: 60_000 },
      write: null,
      validate: { limit: 600, windowMs: 3_600_000 },
    });
    expect(parseRateLimit('X', '5/10s')).toEqual({ limit: 5, windowMs: 10_000 });
    expect(parseRateLimit('X', ' 30 / MIN ')).toEqual({ limit: 30, windowMs: 60_000 });
    for (const bad of ['30', '0/min', '-1/min', '30/week', '30/0s', 'lots']) {
      expect(() => parseRateLimit('LIVERY_RATE_LIMIT_WRITE', bad), bad).toThrow(/LIVERY_RATE_LIMIT_WRITE/);
    }
  });
});

/** NO_PROXY's every form: which URLs go direct. */
import { describe, expect, it } from 'vitest';
import { noProxyMatcher } from '../../src/node/no-proxy.ts';

const direct = (value: string | undefined, url: string) => noProxyMatcher(value)(new URL(url));

describe('NO_PROXY', () => {
  it('is nothing when unset or empty, and everything for *', () => {
    expect(direct(undefined, 'http://a.test/')).toBe(false);
    expect(direct(' , ', 'http://a.test/')).toBe(false);
    expect(direct('foo.test, *', 'http://a.test/')).toBe(true);
  });

  it('takes a domain, with or without a leading dot, for itself and its subdomains, without case', () => {
    for (const entry of ['example.com', '.example.com', '*.example.com', 'EXAMPLE.com']) {
      expect([entry, direct(entry, 'http://example.com/')]).toEqual([entry, true]);
      expect([entry, direct(entry, 'https://api.Example.com/')]).toEqual([entry, true]);
      expect([entry, direct(entry, 'http://notexample.com/')]).toEqual([entry, false]);
      expect([entry, direct(entry, 'http://example.com.evil.test/')]).toEqual([entry, false]);
    }
  });

  it('splits on commas and spaces', () => {
    const value = 'a.test,b.test c.test ,  d.test';
    expect(['a', 'b', 'c', 'd', 'e'].map((name) => direct(value, `http://${name}.test/`))).toEqual([
      true,
      true,
      true,
      true,
      false,
    ]);
  });

  it('takes IPv4 and IPv6 literals, bare or bracketed, and matches the URL’s normalized address', () => {
    expect(direct('127.0.0.1', 'http://127.0.0.1:8080/')).toBe(true);
    expect(direct('127.0.0.1', 'http://127.0.0.2/')).toBe(false);
    expect(direct('::1', 'http://[::1]/')).toBe(true);
    expect(direct('[::1]', 'http://[0:0:0:0:0:0:0:1]/')).toBe(true);
    expect(direct('fe80::1', 'http://[fe80::2]/')).toBe(false);
  });

  it('takes CIDR ranges of either family, for IP literals only', () => {
    expect(direct('10.0.0.0/8', 'http://10.200.3.4/')).toBe(true);
    expect(direct('10.0.0.0/8', 'http://11.0.0.1/')).toBe(false);
    expect(direct('192.168.1.0/24', 'http://192.168.1.77/')).toBe(true);
    expect(direct('fd00::/8', 'http://[fd12:3456::1]/')).toBe(true);
    expect(direct('fd00::/8', 'http://[fe80::1]/')).toBe(false);
    expect(direct('10.0.0.0/8', 'http://ten.test/')).toBe(false);
    // Nonsense ranges are no rule at all.
    expect(direct('10.0.0.0/33, 10.0.0.0/x', 'http://10.0.0.1/')).toBe(false);
  });

  it('takes host:port for that port only, the scheme’s default when the URL names none', () => {
    expect(direct('example.com:8080', 'http://example.com:8080/')).toBe(true);
    expect(direct('example.com:8080', 'http://example.com/')).toBe(false);
    expect(direct('example.com:443', 'https://example.com/')).toBe(true);
    expect(direct('[::1]:9000', 'http://[::1]:9000/')).toBe(true);
    expect(direct('[::1]:9000', 'http://[::1]:9001/')).toBe(false);
    expect(direct('10.0.0.0/8:80', 'http://10.1.1.1/')).toBe(true);
  });
});

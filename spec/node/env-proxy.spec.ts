/** The proxy environment variables: which one wins, and what a value means. */
import { describe, expect, it } from 'vitest';
import { environmentProxies, environmentProxyFor } from '../../src/node/env-proxy.ts';

const proxyFor = (env: Record<string, string>, url: string) =>
  environmentProxyFor(environmentProxies(env), new URL(url))?.href;

describe('the proxy environment', () => {
  it('gives each scheme its own variable, and ALL_PROXY what has none', () => {
    const env = {
      HTTP_PROXY: 'http://p1:3128',
      HTTPS_PROXY: 'http://p2:3128',
      ALL_PROXY: 'socks5h://p3:1080',
    };
    expect(proxyFor(env, 'http://a.test/')).toBe('http://p1:3128/');
    expect(proxyFor(env, 'https://a.test/')).toBe('http://p2:3128/');
    expect(proxyFor({ ALL_PROXY: 'socks5h://p3:1080' }, 'https://a.test/')).toBe('socks5h://p3:1080');
    expect(proxyFor({}, 'https://a.test/')).toBeUndefined();
  });

  it('reads the lower-case name before the upper-case one, and an empty value as unset', () => {
    expect(proxyFor({ http_proxy: 'http://lower:1', HTTP_PROXY: 'http://upper:2' }, 'http://a.test/')).toBe(
      'http://lower:1/',
    );
    expect(proxyFor({ http_proxy: '', HTTP_PROXY: 'http://upper:2' }, 'http://a.test/')).toBe(
      'http://upper:2/',
    );
    expect(proxyFor({ https_proxy: '  ' }, 'https://a.test/')).toBeUndefined();
  });

  it('reads a value without a scheme as http://, keeping credentials', () => {
    expect(proxyFor({ HTTPS_PROXY: 'user:pw@proxy.local:3128' }, 'https://a.test/')).toBe(
      'http://user:pw@proxy.local:3128/',
    );
  });

  it('sends NO_PROXY hosts direct (no_proxy first)', () => {
    const env = { HTTPS_PROXY: 'http://p:3128', NO_PROXY: '.internal', no_proxy: 'localhost,10.0.0.0/8' };
    expect(proxyFor(env, 'https://localhost/')).toBeUndefined();
    expect(proxyFor(env, 'https://10.1.2.3/')).toBeUndefined();
    // The lower-case variable replaced the upper-case one.
    expect(proxyFor(env, 'https://db.internal/')).toBe('http://p:3128/');
  });

  it('names a variable whose value is no proxy URL', () => {
    expect(() => environmentProxies({ HTTPS_PROXY: 'ftp://p:21' })).toThrow(
      "HTTPS_PROXY must be a proxy URL such as http://proxy.local:3128 (http, https, socks5 or socks5h), not 'ftp://p:21'",
    );
    expect(() => environmentProxies({ all_proxy: 'http://' })).toThrow('all_proxy must be a proxy URL');
  });
});

import { describe, expect, it } from 'vitest';
import { forwardedOptions } from '../../src/node/forward-proxy.ts';
import { ProxySettings } from '../../src/node/proxy.ts';

const request = { origin: 'http://example.test:8080', method: 'GET', headers: ['Host', 'example.test:8080'] };

describe('a request forwarded through an HTTP proxy', () => {
  it('goes to the proxy with the target in absolute form and the proxy credentials and headers added', () => {
    const proxy = new ProxySettings('http://u:p@proxy.test:3128', { headers: { 'X-Via': 'tests' } });
    expect(forwardedOptions({ ...request, path: '/a?b=1' }, proxy)).toEqual({
      origin: 'http://proxy.test:3128',
      method: 'GET',
      path: 'http://example.test:8080/a?b=1',
      headers: ['Host', 'example.test:8080', 'X-Via', 'tests', 'Proxy-Authorization', 'Basic dTpw'],
    });
  });

  it('writes OPTIONS * as the bare origin (RFC 9112 3.2.4), and keeps a target already absolute', () => {
    const proxy = new ProxySettings('http://proxy.test:3128');
    expect(forwardedOptions({ ...request, method: 'OPTIONS', path: '*' }, proxy).path).toBe(
      'http://example.test:8080',
    );
    expect(forwardedOptions({ ...request, path: 'http://other.test/x' }, proxy).path).toBe(
      'http://other.test/x',
    );
  });

  it('names the https proxy for TLS, whatever the Host header says', () => {
    const proxy = new ProxySettings('https://proxy.test');
    const options = forwardedOptions({ ...request, path: '/' }, proxy) as {
      origin: string;
      servername?: string;
    };
    expect([options.origin, options.servername]).toEqual(['https://proxy.test', 'proxy.test']);
  });
});

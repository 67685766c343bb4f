import { describe, expect, it } from 'vitest';
import {
  Client,
  InvalidUrl,
  LocalProtocolError,
  MockTransport,
  type Request,
  Response,
} from '../src/index.ts';

/**
 * A call without options takes the client's fast path (`plainRequest`); one with `{}` takes the
 * general one. Both must build the same request.
 */
const transport = new MockTransport(() => new Response(200));
const parts = (request: Request) => ({
  method: request.method,
  url: request.url.href,
  headers: [...request.headers],
  extensions: request.extensions,
  body: request.body,
});

describe('a client call without options', () => {
  const configs = {
    defaults: { baseUrl: 'https://api.example/v1' },
    'headers and params': {
      baseUrl: 'https://api.example/v1/',
      headers: { 'X-Team': 'core', Accept: 'application/json' },
      params: { key: 'k 1', tag: ['a', 'b'] },
    },
    'a Host header of its own': { baseUrl: 'http://127.0.0.1:9', headers: { Host: 'virtual.example' } },
    'no baseUrl': {},
  } as const;

  for (const [name, options] of Object.entries(configs)) {
    it.each([
      ['GET', '/users?sort=name'],
      ['post', 'https://other.example/x'],
      ['PUT', 'items/7'],
      ['DELETE', new URL('https://elsewhere.example/y?z=1')],
    ] as const)(`builds what a call with {} builds (${name}): %s %s`, (method, url) => {
      const client = new Client({ ...options, transport });
      const absolute = typeof url === 'string' && !url.startsWith('http') && !('baseUrl' in options);
      if (absolute) {
        expect(() => client.buildRequest(method, url)).toThrow(InvalidUrl);
        return;
      }
      expect(parts(client.buildRequest(method, url))).toEqual(parts(client.buildRequest(method, url, {})));
    });
  }

  it('sends Content-Length: 0 for a POST without a body, as new Request does', () => {
    const client = new Client({ baseUrl: 'https://api.example', transport });
    expect(client.buildRequest('POST', '/x').headers.get('content-length')).toBe('0');
    expect(client.buildRequest('GET', '/x').headers.has('content-length')).toBe(false);
  });

  it('puts Host first, then the client headers in their order', () => {
    const client = new Client({ baseUrl: 'https://api.example:8443', headers: { 'X-A': '1' }, transport });
    const names = [...client.buildRequest('GET', '/').headers].map(([name]) => name);
    expect(names[0]).toBe('Host');
    expect(names.at(-1)).toBe('X-A');
    expect(client.buildRequest('GET', '/').headers.get('host')).toBe('api.example:8443');
  });

  it('copies the client headers: changing them later leaves a built request alone', () => {
    const client = new Client({ baseUrl: 'https://api.example', transport });
    const request = client.buildRequest('GET', '/');
    client.headers.set('X-Later', 'yes');
    expect(request.headers.has('x-later')).toBe(false);
    expect(client.buildRequest('GET', '/').headers.get('x-later')).toBe('yes');
  });

  it('copies a URL it is given: changing the caller URL later leaves the request alone', () => {
    const client = new Client({ transport });
    const given = new URL('https://api.example/a');
    const request = client.buildRequest('GET', given);
    given.pathname = '/b';
    expect(request.url.href).toBe('https://api.example/a');
  });

  it('joins onto baseUrl as it is now: a change to client.baseUrl applies to later requests', () => {
    const client = new Client({ baseUrl: 'https://api.example/v1/', transport });
    expect(client.buildRequest('GET', '/users').url.href).toBe('https://api.example/v1/users');
    client.baseUrl!.pathname = '/v2/';
    expect(client.buildRequest('GET', '/users').url.href).toBe('https://api.example/v2/users');
    client.baseUrl!.search = '?k=1';
    expect(client.buildRequest('GET', 'users').url.href).toBe('https://api.example/v2/users');
  });

  it('gives every request an extensions object of its own', () => {
    const client = new Client({ baseUrl: 'https://api.example', transport });
    const first = client.buildRequest('GET', '/');
    first.extensions.mine = 1;
    expect(client.buildRequest('GET', '/').extensions).toEqual({});
  });

  it('rejects a bad method and a bad URL with the errors new Request raises', () => {
    const client = new Client({ baseUrl: 'https://api.example', transport });
    expect(() => client.buildRequest('GE T', '/')).toThrow(LocalProtocolError);
    expect(() => client.buildRequest('GET', 'http://')).toThrow(InvalidUrl);
    expect(() => new Client({ transport }).buildRequest('GET', '/relative')).toThrow(/baseUrl/);
  });
});

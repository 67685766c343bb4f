import { describe, expect, it } from 'vitest';
import { RemoteProtocolError, UnsupportedProtocol } from '../../src/errors.ts';
import { Headers } from '../../src/models/headers.ts';
import {
  redirectMethod,
  redirectRequest,
  redirectUrl,
  sameOrigin,
} from '../../src/models/redirect-request.ts';
import { Request, type RequestInit } from '../../src/models/request.ts';
import { Response } from '../../src/models/response.ts';

const CREDENTIALS = {
  Authorization: 'Bearer secret',
  Cookie: 'session=1',
  'Proxy-Authorization': 'Basic cHJveHk6cHc=',
};

/** The request following a `status` redirect to `location` from `method url`. */
function follow(
  method: string,
  url: string,
  status: number,
  location: string | string[],
  init: RequestInit = {},
): Request {
  const request = new Request(method, url, init);
  const headers = new Headers(
    (Array.isArray(location) ? location : [location]).map((value) => ['Location', value] as [string, string]),
  );
  return redirectRequest(request, new Response(status, { headers, request }));
}

const thrown = (run: () => unknown): unknown => {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('did not throw');
};

describe('redirectMethod', () => {
  it.each([
    [302, 'POST', 'GET'],
    [302, 'PUT', 'GET'],
    [302, 'DELETE', 'GET'],
    [302, 'HEAD', 'HEAD'],
    [303, 'POST', 'GET'],
    [303, 'PUT', 'GET'],
    [303, 'PATCH', 'GET'],
    [303, 'HEAD', 'HEAD'],
    [301, 'POST', 'GET'],
    [301, 'PUT', 'PUT'],
    [301, 'DELETE', 'DELETE'],
    [301, 'HEAD', 'HEAD'],
    [307, 'POST', 'POST'],
    [307, 'PUT', 'PUT'],
    [308, 'POST', 'POST'],
    [308, 'PATCH', 'PATCH'],
  ])('a %i answering %s is followed by %s', (status, method, expected) => {
    expect(redirectMethod(method, status)).toBe(expected);
  });
});

describe('redirectUrl', () => {
  const at = (url: string, location: string) => {
    const request = new Request('GET', url);
    return redirectUrl(request, new Response(302, { headers: { Location: location }, request })).href;
  };

  it.each([
    ['an absolute URL', 'https://other.example/x?q=1', 'https://other.example/x?q=1'],
    ['a relative path', 'next', 'http://h.example/a/b/next'],
    ['an absolute path', '/root?x=1', 'http://h.example/root?x=1'],
    ['a parent path', '../up', 'http://h.example/a/up'],
    ['a scheme-relative URL', '//cdn.example:8080/asset', 'http://cdn.example:8080/asset'],
    ['a query only', '?page=2', 'http://h.example/a/b/c?page=2'],
  ])('resolves %s against the URL of the request it answers', (_, location, expected) => {
    expect(at('http://h.example/a/b/c', location)).toBe(expected);
  });

  it('keeps the request fragment when Location has none', () => {
    expect(at('http://h.example/a#part', '/b')).toBe('http://h.example/b#part');
  });

  it("uses Location's own fragment, even an empty one, over the request's", () => {
    expect(at('http://h.example/a#part', '/b#other')).toBe('http://h.example/b#other');
    expect(at('http://h.example/a#part', '/b#')).toBe('http://h.example/b#');
  });

  it('drops userinfo given in Location', () => {
    expect(at('http://h.example/', 'http://user:pw@evil.example/x')).toBe('http://evil.example/x');
  });

  it("does not carry the request's userinfo into the next URL", () => {
    expect(at('http://user:pw@h.example/a', '/b')).toBe('http://h.example/b');
  });

  it('raises RemoteProtocolError, with the request, for a Location that is not a URL', () => {
    const request = new Request('GET', 'http://h.example/');
    const response = new Response(301, { headers: { Location: 'http://[not-a-host/' }, request });
    const error = thrown(() => redirectUrl(request, response));
    expect(error).toBeInstanceOf(RemoteProtocolError);
    expect((error as RemoteProtocolError).request).toBe(request);
    expect((error as Error).message).toContain('http://[not-a-host/');
  });

  it('raises RemoteProtocolError for several different Location headers', () => {
    const error = thrown(() => follow('GET', 'http://h.example/', 302, ['/a', '/b']));
    expect(error).toBeInstanceOf(RemoteProtocolError);
    expect((error as Error).message).toContain('several Location');
  });

  it('accepts a Location repeated with the same value', () => {
    expect(follow('GET', 'http://h.example/', 302, ['/a', '/a']).url.href).toBe('http://h.example/a');
  });

  it('raises RemoteProtocolError when there is no Location', () => {
    const request = new Request('GET', 'http://h.example/');
    expect(() => redirectUrl(request, new Response(302, { request }))).toThrow(RemoteProtocolError);
  });

  it.each(['ftp://files.example/x', 'file:///etc/passwd', 'javascript:alert(1)', 'data:text/plain,hi'])(
    'raises UnsupportedProtocol for %s',
    (location) => {
      const error = thrown(() => follow('GET', 'https://h.example/', 302, location));
      expect(error).toBeInstanceOf(UnsupportedProtocol);
      expect((error as UnsupportedProtocol).request.url.href).toBe('https://h.example/');
    },
  );

  it('follows a switch between http and https', () => {
    expect(at('http://h.example/', 'https://h.example/s')).toBe('https://h.example/s');
  });
});

describe('sameOrigin', () => {
  const same = (a: string, b: string) => sameOrigin(new URL(a), new URL(b));
  it('compares scheme, host and port, default ports included', () => {
    expect(same('http://h.example/a', 'http://h.example:80/b?x')).toBe(true);
    expect(same('http://H.Example/', 'http://h.example/')).toBe(true);
    expect(same('http://h.example/', 'https://h.example/')).toBe(false);
    expect(same('http://h.example/', 'http://h.example:8080/')).toBe(false);
    expect(same('http://h.example/', 'http://sub.h.example/')).toBe(false);
  });
});

describe('redirectRequest', () => {
  it('sends a POST body again after 307 and 308, with its headers', () => {
    for (const status of [307, 308]) {
      const original = new Request('POST', 'http://h.example/a', { content: 'payload' });
      const next = redirectRequest(
        original,
        new Response(status, { headers: { Location: '/b' }, request: original }),
      );
      expect(next.method).toBe('POST');
      expect(next.body).toBe(original.body);
      expect(next.headers.get('content-length')).toBe('7');
      expect(next.url.href).toBe('http://h.example/b');
    }
  });

  it('drops the body and every header about it when switching to GET', () => {
    const next = follow('POST', 'http://h.example/a', 303, '/b', {
      content: 'payload',
      headers: {
        'Content-Type': 'text/plain',
        'Content-Encoding': 'identity',
        'Content-Language': 'en',
        'Transfer-Encoding': 'chunked',
        Expect: '100-continue',
        'X-Trace': 'kept',
      },
    });
    expect(next.method).toBe('GET');
    expect(next.body).toBeNull();
    expect(next.headers.keys()).toEqual(['host', 'x-trace']);
  });

  it('drops the Content-Length: 0 a bodiless POST was given when it becomes a GET', () => {
    const next = follow('POST', 'http://h.example/a', 302, '/b');
    expect(next.method).toBe('GET');
    expect(next.headers.has('content-length')).toBe(false);
  });

  it('switches a PUT to a bodiless GET on 303', () => {
    const next = follow('PUT', 'http://h.example/a', 303, '/b', { json: { a: 1 } });
    expect([next.method, next.body, next.headers.has('content-type')]).toEqual(['GET', null, false]);
  });

  it('keeps a PUT and its body on 301', () => {
    const next = follow('PUT', 'http://h.example/a', 301, '/b', { content: 'x' });
    expect([next.method, next.content]).toEqual(['PUT', new TextEncoder().encode('x')]);
  });

  it('keeps a HEAD a bodiless HEAD on 302', () => {
    const next = follow('HEAD', 'http://h.example/a', 302, '/b');
    expect([next.method, next.body]).toEqual(['HEAD', null]);
  });

  it('keeps the credentials on a hop within the origin', () => {
    const next = follow('GET', 'http://h.example/a', 302, 'http://h.example:80/b', { headers: CREDENTIALS });
    expect(next.headers.get('authorization')).toBe('Bearer secret');
    expect(next.headers.get('cookie')).toBe('session=1');
    expect(next.headers.get('proxy-authorization')).toBe('Basic cHJveHk6cHc=');
  });

  it.each([
    ['another host', 'http://other.example/b'],
    ['another port', 'http://h.example:8080/b'],
    ['another scheme (http to https)', 'https://h.example/b'],
    ['a subdomain', 'http://api.h.example/b'],
    ['a scheme-relative other host', '//other.example/b'],
  ])('drops Authorization, Cookie and Proxy-Authorization on a hop to %s', (_, location) => {
    const next = follow('GET', 'http://h.example/a', 307, location, {
      headers: { ...CREDENTIALS, 'X-Other': 'kept' },
    });
    expect(next.headers.keys()).toEqual(['host', 'x-other']);
  });

  it('drops Authorization on an https to http hop of the same host', () => {
    const next = follow('GET', 'https://h.example/a', 302, 'http://h.example/b', { headers: CREDENTIALS });
    expect(next.headers.has('authorization')).toBe(false);
  });

  it('sets Host to the new URL on a hop to another host, and keeps it within the host', () => {
    expect(follow('GET', 'http://h.example/', 302, 'http://o.example:81/').headers.get('host')).toBe(
      'o.example:81',
    );
    expect(follow('GET', 'http://h.example/', 302, '/x').headers.get('host')).toBe('h.example');
  });

  it('keeps the extensions but the request target', () => {
    const next = follow('OPTIONS', 'http://h.example/', 307, '/other', {
      extensions: { target: '*', followRedirects: true, timeout: 10 },
    });
    expect(next.extensions).toEqual({ followRedirects: true, timeout: 10 });
    expect(next.target).toBe('/other');
  });

  it('leaves the request and its headers as they were', () => {
    const request = new Request('POST', 'http://h.example/a', { content: 'x', headers: CREDENTIALS });
    const response = new Response(302, { headers: { Location: 'http://other.example/' }, request });
    redirectRequest(request, response);
    expect(request.method).toBe('POST');
    expect(request.url.href).toBe('http://h.example/a');
    expect(request.headers.get('authorization')).toBe('Bearer secret');
    expect(request.headers.get('content-length')).toBe('1');
    expect(request.body).not.toBeNull();
  });
});

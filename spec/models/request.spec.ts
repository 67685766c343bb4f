import { describe, expect, it } from 'vitest';
import { InvalidUrl, LocalProtocolError, RequestNotRead } from '../../src/errors.ts';
import type { RequestChanges } from '../../src/index.ts';
import { Headers } from '../../src/models/headers.ts';
import { Request, type RequestInit } from '../../src/models/request.ts';

describe('Request', () => {
  describe('method', () => {
    it('upper-cases the method', () => {
      expect(new Request('get', 'https://example.com/').method).toBe('GET');
      expect(new Request('Patch', 'https://example.com/').method).toBe('PATCH');
    });

    it('accepts an extension method that is a token', () => {
      expect(new Request('PROPFIND', 'https://example.com/').method).toBe('PROPFIND');
    });

    it.each(['', 'GET /', 'GET\r\nX: y', 'BAD(METHOD)'])(
      'rejects the method %j with LocalProtocolError',
      (method) => {
        expect(() => new Request(method, 'https://example.com/')).toThrow(LocalProtocolError);
      },
    );

    it('rejects a method that is not a string rather than sending its text', () => {
      expect(() => new Request(undefined as unknown as string, 'https://example.com/')).toThrow(
        LocalProtocolError,
      );
    });
  });

  describe('url', () => {
    it('is a WHATWG URL', () => {
      const request = new Request('GET', 'https://example.com/a');
      expect(request.url).toBeInstanceOf(URL);
      expect(request.url.href).toBe('https://example.com/a');
    });

    it('keeps the URL own query and appends params after it', () => {
      const request = new Request('GET', 'https://example.com/s?q=x&page=1', {
        params: { page: 2, on: true },
      });
      expect(request.url.search).toBe('?q=x&page=1&page=2&on=true');
    });

    it('does not change a URL object it is given', () => {
      const url = new URL('https://example.com/a');
      new Request('GET', url, { params: { b: 1 } });
      expect(url.href).toBe('https://example.com/a');
    });

    it('rejects a relative URL with InvalidUrl', () => {
      expect(() => new Request('GET', '/relative')).toThrow(InvalidUrl);
    });
  });

  describe('headers', () => {
    it('puts a Host header first, with the port when it is not the default', () => {
      const request = new Request('GET', 'http://example.com:8080/x', { headers: { Accept: '*/*' } });
      expect(request.headers.raw().slice(0, 2)).toEqual(['Host', 'example.com:8080']);
      expect(request.headers.get('host')).toBe(request.url.host);
    });

    it('leaves a default port out of Host', () => {
      expect(new Request('GET', 'https://example.com:443/').headers.get('host')).toBe('example.com');
    });

    it('lets a Host header from the caller win', () => {
      const request = new Request('GET', 'https://10.0.0.1/', { headers: { host: 'virtual.example' } });
      expect(request.headers.getList('Host')).toEqual(['virtual.example']);
    });

    it('accepts a Headers object', () => {
      const request = new Request('GET', 'https://example.com/', { headers: new Headers({ 'X-A': '1' }) });
      expect(request.headers.get('x-a')).toBe('1');
    });

    it('rejects a header value with a line break', () => {
      expect(
        () => new Request('GET', 'https://example.com/', { headers: { 'X-A': 'a\r\nEvil: 1' } }),
      ).toThrow(LocalProtocolError);
    });

    it('sends cookies as one Cookie header', () => {
      const request = new Request('GET', 'https://example.com/', { cookies: { a: '1', b: '2' } });
      expect(request.headers.getList('cookie')).toEqual(['a=1; b=2']);
    });

    it('takes cookies as pairs too', () => {
      const request = new Request('GET', 'https://example.com/', {
        cookies: [
          ['x', '1'],
          ['y', '2'],
        ],
      });
      expect(request.headers.get('cookie')).toBe('x=1; y=2');
    });

    it('adds cookies to a Cookie header the caller gave', () => {
      const request = new Request('GET', 'https://example.com/', {
        headers: { Cookie: 'session=s' },
        cookies: { a: '1' },
      });
      expect(request.headers.getList('cookie')).toEqual(['session=s; a=1']);
    });

    it('adds no Cookie header for empty cookies', () => {
      expect(new Request('GET', 'https://example.com/', { cookies: {} }).headers.has('cookie')).toBe(false);
    });
  });

  describe('init', () => {
    it('rejects an option it does not know instead of ignoring it', () => {
      const init = { timeout: 5 } as unknown as RequestInit;
      expect(() => new Request('GET', 'https://example.com/', init)).toThrow(
        /Unknown request option "timeout" \(got 5\)/,
      );
    });

    it('suggests the option meant', () => {
      const init = { body: 'x' } as unknown as RequestInit;
      expect(() => new Request('POST', 'https://example.com/', init)).toThrow(
        new TypeError(`Unknown request option "body" (got 'x'): did you mean "content"?`),
      );
    });

    it('reads its own options only, and its own extensions.target', () => {
      const inherited = { json: 1, headers: { 'X-Polluted': '1' }, cookies: { a: '1' }, params: { p: '1' } };
      const init = Object.create(inherited) as RequestInit;
      const extensions = Object.create({ target: '/inherited' }) as RequestInit['extensions'];
      const request = new Request('GET', 'https://example.com/x', init);
      expect(request.body).toBeNull();
      expect([...request.headers]).toEqual([['Host', 'example.com']]);
      expect(request.url.href).toBe('https://example.com/x');
      expect(new Request('GET', 'https://example.com/x', { extensions }).target).toBe('/x');
    });
  });

  describe('with()', () => {
    it('takes its own changes only', () => {
      const request = new Request('GET', 'https://example.com/x', { headers: { A: '1' } });
      const changes = Object.create({ method: 'DELETE', headers: 'polluted', body: null }) as object;
      const copy = request.with(changes);
      expect(copy.method).toBe('GET');
      expect(copy.headers.get('a')).toBe('1');
    });
  });

  describe('target', () => {
    it('is the path and query by default', () => {
      expect(new Request('GET', 'https://example.com/a/b?c=d#frag').target).toBe('/a/b?c=d');
      expect(new Request('GET', 'https://example.com').target).toBe('/');
    });

    it('is extensions.target when set', () => {
      const request = new Request('OPTIONS', 'https://example.com/', { extensions: { target: '*' } });
      expect(request.target).toBe('*');
      expect(request.extensions.target).toBe('*');
    });

    it('copies the extensions it is given', () => {
      const extensions = { target: '*', custom: 1 };
      const request = new Request('OPTIONS', 'https://example.com/', { extensions });
      extensions.custom = 2;
      expect(request.extensions).toEqual({ target: '*', custom: 1 });
    });

    it('checks extensions.target at construction, before anything can be sent', () => {
      expect(
        () => new Request('OPTIONS', 'https://example.com/', { extensions: { target: '*\r\nX: 1' } }),
      ).toThrow(LocalProtocolError);
      expect(() => new Request('GET', 'https://example.com/', { extensions: { target: '*' } })).toThrow(
        /only with OPTIONS/,
      );
    });
  });

  describe('body', () => {
    it('has empty content and no body when given none', () => {
      const request = new Request('GET', 'https://example.com/');
      expect(request.body).toBeNull();
      expect(request.content).toEqual(new Uint8Array(0));
    });

    it('sends Content-Length: 0 for a POST, PUT or PATCH without a body', () => {
      for (const method of ['POST', 'PUT', 'PATCH']) {
        const request = new Request(method, 'https://example.com/');
        expect(request.headers.getList('content-length')).toEqual(['0']);
        expect(request.headers.has('transfer-encoding')).toBe(false);
      }
    });

    it('sends the length of a byte body', () => {
      const request = new Request('POST', 'https://example.com/', { content: new Uint8Array([1, 2, 3, 4]) });
      expect(request.headers.get('content-length')).toBe('4');
      expect(request.headers.has('transfer-encoding')).toBe(false);
      expect(request.content).toEqual(new Uint8Array([1, 2, 3, 4]));
    });

    it('sends compact JSON with its type and length', () => {
      const request = new Request('POST', 'https://example.com/', { json: { a: 1, b: [true, null] } });
      expect(new TextDecoder().decode(request.content)).toBe('{"a":1,"b":[true,null]}');
      expect(request.headers.get('content-type')).toBe('application/json');
      expect(request.headers.get('content-length')).toBe('23');
    });

    it('sends a body of unknown length chunked, and cannot show it as content', () => {
      async function* pieces() {
        yield new Uint8Array([1]);
        yield new Uint8Array([2]);
      }
      const request = new Request('POST', 'https://example.com/', { content: pieces() });
      expect(request.headers.get('transfer-encoding')).toBe('chunked');
      expect(request.headers.has('content-length')).toBe(false);
      expect(() => request.content).toThrow(RequestNotRead);
    });

    it('keeps a Content-Type and Content-Length the caller gave', () => {
      const request = new Request('POST', 'https://example.com/', {
        json: [1],
        headers: { 'Content-Type': 'application/vnd.api+json', 'Content-Length': '3' },
      });
      expect(request.headers.getList('content-type')).toEqual(['application/vnd.api+json']);
      expect(request.headers.getList('content-length')).toEqual(['3']);
    });

    it('puts body headers after Host and the caller headers', () => {
      const request = new Request('POST', 'https://example.com/', { json: 1, headers: { Accept: '*/*' } });
      expect(request.headers.keys()).toEqual(['host', 'accept', 'content-type', 'content-length']);
    });

    it('sends no body headers for a GET without a body', () => {
      const request = new Request('GET', 'https://example.com/');
      expect(request.headers.has('content-length')).toBe(false);
      expect(request.headers.has('transfer-encoding')).toBe(false);
    });
  });

  it('prints its method and URL', () => {
    expect(String(new Request('delete', 'https://example.com/items/1?force=1'))).toBe(
      '<Request [DELETE https://example.com/items/1?force=1]>',
    );
  });
});

describe('Request.with', () => {
  it('copies the request with the parts given replaced, sharing the body object', () => {
    const original = new Request('POST', 'https://a.example/x', { json: { a: 1 }, extensions: { k: 1 } });
    const copy = original.with({ method: 'PUT' });
    expect(copy).toBeInstanceOf(Request);
    expect(copy.method).toBe('PUT');
    expect(copy.url).toBe(original.url);
    expect(copy.body).toBe(original.body);
    expect(copy.extensions).toBe(original.extensions);
    expect(copy.headers).not.toBe(original.headers);
    expect([...copy.headers]).toEqual([...original.headers]);
  });

  it('upper-cases a new method, and rejects one that is no token with LocalProtocolError', () => {
    const original = new Request('GET', 'https://a.example/x');
    expect(original.with({ method: 'patch' }).method).toBe('PATCH');
    expect(() => original.with({ method: 'GET /evil HTTP/1.1' })).toThrow(LocalProtocolError);
    expect(() => original.with({ method: '' })).toThrow(/Invalid HTTP method ""/);
  });

  it('moves the Host header with a new URL, and leaves the original alone', () => {
    const original = new Request('GET', 'http://a.example:8080/x');
    const copy = original.with({ url: new URL('http://b.example/y') });
    expect(copy.headers.get('host')).toBe('b.example');
    expect(copy.target).toBe('/y');
    expect(original.headers.get('host')).toBe('a.example:8080');
  });

  it('drops the body when given null, and uses given headers as they are', () => {
    const original = new Request('POST', 'https://a.example/', { content: 'data' });
    const headers = original.headers.copy();
    headers.delete('content-length');
    const copy = original.with({ method: 'GET', body: null, headers });
    expect(copy.body).toBeNull();
    expect(copy.content).toEqual(new Uint8Array(0));
    expect(copy.headers).toBe(headers);
    expect(copy.headers.has('content-length')).toBe(false);
  });
});

describe('Request.with({ headers })', () => {
  const original = () =>
    new Request('POST', 'https://api.example/items', {
      headers: { Accept: 'text/html', 'X-Trace': 'abc', Authorization: 'Basic old' },
      json: { a: 1 },
    });
  const wire = (request: Request) => request.headers.raw();

  it('merges a record over the request headers, per name and ignoring case, leaving the original alone', () => {
    const request = original();
    const before = wire(request);
    const changed = request.with({ headers: { accept: 'application/json', 'X-New': 1 } });
    expect(changed.headers.get('accept')).toBe('application/json');
    expect(changed.headers.getList('accept')).toEqual(['application/json']);
    expect(changed.headers.get('x-new')).toBe('1');
    expect(changed.headers.get('x-trace')).toBe('abc');
    expect(changed.headers.get('content-type')).toBe('application/json');
    expect(changed.headers.get('host')).toBe('api.example');
    expect(wire(request)).toEqual(before);
    expect(changed.headers).not.toBe(request.headers);
  });

  it('removes a name mapped to null or undefined', () => {
    const request = original();
    const changed = request.with({ headers: { 'X-Trace': null, authorization: undefined } });
    expect(changed.headers.has('x-trace')).toBe(false);
    expect(changed.headers.has('authorization')).toBe(false);
    expect(changed.headers.get('accept')).toBe('text/html');
    expect(request.headers.get('x-trace')).toBe('abc');
    expect(request.headers.get('authorization')).toBe('Basic old');
  });

  it('takes several values for a name from an array in a record, or from pairs', () => {
    const request = original();
    const fromRecord = request.with({ headers: { Accept: ['application/json', 'text/plain'] } });
    expect(fromRecord.headers.getList('accept')).toEqual(['application/json', 'text/plain']);
    const fromPairs = request.with({
      headers: [
        ['Accept', 'image/png'],
        ['Accept', 'image/webp'],
        ['X-Trace', 'def'],
      ],
    });
    expect(fromPairs.headers.getList('accept')).toEqual(['image/png', 'image/webp']);
    expect(fromPairs.headers.get('x-trace')).toBe('def');
    expect(fromPairs.headers.get('authorization')).toBe('Basic old');
    expect(request.headers.getList('accept')).toEqual(['text/html']);
  });

  it('uses a Headers instance as the whole new set, as it is', () => {
    const request = original();
    const replacement = new Headers({ Host: 'api.example', Accept: '*/*' });
    const changed = request.with({ headers: replacement });
    expect(changed.headers).toBe(replacement);
    expect(wire(changed)).toEqual(['Host', 'api.example', 'Accept', '*/*']);
    expect(request.headers.get('x-trace')).toBe('abc');
  });

  it('rejects a value with CR or LF, and a bad name, with LocalProtocolError, leaving the original alone', () => {
    const request = original();
    const before = wire(request);
    expect(() => request.with({ headers: { 'X-Trace': 'a\r\nInjected: 1' } })).toThrow(LocalProtocolError);
    expect(() => request.with({ headers: [['Bad Name', 'x']] })).toThrow(/Invalid header name "Bad Name"/);
    expect(wire(request)).toEqual(before);
  });

  it('merges headers and moves Host when a new URL is given too', () => {
    const changed = original().with({
      url: new URL('https://other.example/items'),
      headers: { Authorization: 'Bearer t' },
    });
    expect(changed.headers.get('host')).toBe('other.example');
    expect(changed.headers.get('authorization')).toBe('Bearer t');
  });

  it('accepts changes typed as the exported RequestChanges', () => {
    const changes: RequestChanges = { headers: { 'X-Trace': null }, extensions: { k: 1 } };
    const changed = original().with(changes);
    expect(changed.headers.has('x-trace')).toBe(false);
    expect(changed.extensions).toEqual({ k: 1 });
  });
});

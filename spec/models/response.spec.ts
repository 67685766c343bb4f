import { describe, expect, it } from 'vitest';
import {
  CookieConflict,
  DecodingError,
  HttpError,
  HttpStatusError,
  ResponseNotRead,
} from '../../src/errors.ts';
import { Request } from '../../src/models/request.ts';
import { Response } from '../../src/models/response.ts';

const bytes = (...values: number[]) => new Uint8Array(values);

describe('Response', () => {
  describe('status', () => {
    const predicates = [
      'isInformational',
      'isSuccess',
      'isRedirect',
      'isClientError',
      'isServerError',
      'isError',
    ] as const;
    type Predicate = (typeof predicates)[number];
    const cases: [number, Predicate[]][] = [
      [100, ['isInformational']],
      [199, ['isInformational']],
      [200, ['isSuccess']],
      [299, ['isSuccess']],
      [300, ['isRedirect']],
      [399, ['isRedirect']],
      [400, ['isClientError', 'isError']],
      [499, ['isClientError', 'isError']],
      [500, ['isServerError', 'isError']],
      [599, ['isServerError', 'isError']],
      [600, []],
    ];

    it.each(cases)('classifies %i as exactly %j', (status, expected) => {
      const response = new Response(status);
      const truthy = predicates.filter((name) => response[name]);
      expect(truthy).toEqual(expected);
    });

    it('takes the standard reason phrase, or the one given', () => {
      expect(new Response(404).reasonPhrase).toBe('Not Found');
      expect(new Response(200, { reasonPhrase: 'Fine' }).reasonPhrase).toBe('Fine');
      expect(new Response(299).reasonPhrase).toBe('');
    });

    it('defaults to HTTP/1.1', () => {
      expect(new Response(200).httpVersion).toBe('HTTP/1.1');
      expect(new Response(200, { httpVersion: 'HTTP/2' }).httpVersion).toBe('HTTP/2');
    });

    it.each([301, 302, 303, 307, 308])('has a redirect location for %i with a Location', (status) => {
      expect(new Response(status, { headers: { Location: '/next' } }).hasRedirectLocation).toBe(true);
      expect(new Response(status).hasRedirectLocation).toBe(false);
    });

    it.each([300, 304, 200, 201])('has no redirect location for %i even with a Location', (status) => {
      expect(new Response(status, { headers: { Location: '/next' } }).hasRedirectLocation).toBe(false);
    });
  });

  describe('raiseForStatus', () => {
    const request = new Request('GET', 'https://example.com/items');

    it.each([200, 204, 299])('returns the response itself for %i', (status) => {
      const response = new Response(status, { request });
      expect(response.raiseForStatus()).toBe(response);
    });

    it.each([
      [101, 'Informational response'],
      [302, 'Redirect response'],
      [404, 'Client error'],
      [503, 'Server error'],
    ])('throws HttpStatusError for %i', (status, kind) => {
      const response = new Response(status, { request });
      let caught: unknown;
      try {
        response.raiseForStatus();
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(HttpStatusError);
      expect(caught).toBeInstanceOf(HttpError);
      const error = caught as HttpStatusError;
      expect(error.name).toBe('HttpStatusError');
      expect(error.request).toBe(request);
      expect(error.response).toBe(response);
      expect(error.message).toContain(kind);
      expect(error.message).toContain(`${status} ${response.reasonPhrase}`);
      expect(error.message).toContain('GET https://example.com/items');
    });

    it('names the redirect target in the message', () => {
      const response = new Response(301, { request, headers: { Location: 'https://example.com/moved' } });
      expect(() => response.raiseForStatus()).toThrow(/redirect to https:\/\/example\.com\/moved/);
    });

    it('leaves no trailing space in the message for a status without a phrase', () => {
      const response = new Response(499, { request });
      expect(() => response.raiseForStatus()).toThrow("Client error '499' for GET https://example.com/items");
    });
  });

  describe('printing', () => {
    it('prints the status and reason phrase', () => {
      expect(String(new Response(200))).toBe('<Response [200 OK]>');
      expect(String(new Response(404))).toBe('<Response [404 Not Found]>');
    });

    it('prints an unknown status without a trailing space', () => {
      expect(String(new Response(299))).toBe('<Response [299]>');
    });
  });

  describe('bodies', () => {
    it('is an empty, read body by default', () => {
      const response = new Response(204);
      expect(response.content).toEqual(new Uint8Array(0));
      expect(response.text).toBe('');
      expect(response.isRead).toBe(true);
      expect(response.headers.has('content-length')).toBe(false);
    });

    it('sets text/plain and the length for text', () => {
      const response = new Response(200, { text: 'héllo' });
      expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(response.headers.get('content-length')).toBe('6');
      expect(response.text).toBe('héllo');
    });

    it('sets text/html and the length for html', () => {
      const response = new Response(200, { html: '<p>hi</p>' });
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('content-length')).toBe('9');
    });

    it('sets application/json and compact JSON for json', () => {
      const response = new Response(200, { json: { a: [1, 2], b: 'x' } });
      expect(response.headers.get('content-type')).toBe('application/json');
      expect(response.text).toBe('{"a":[1,2],"b":"x"}');
      expect(response.headers.get('content-length')).toBe('19');
      expect(response.json<{ a: number[] }>().a).toEqual([1, 2]);
    });

    it('keeps a Content-Type the caller gave', () => {
      const response = new Response(200, {
        json: 1,
        headers: { 'Content-Type': 'application/problem+json' },
      });
      expect(response.headers.getList('content-type')).toEqual(['application/problem+json']);
    });

    it('sets only the length for raw content', () => {
      const response = new Response(200, { content: bytes(1, 2, 3) });
      expect(response.headers.get('content-length')).toBe('3');
      expect(response.headers.has('content-type')).toBe(false);
      expect(response.content).toEqual(bytes(1, 2, 3));
    });

    it('encodes string content as UTF-8', () => {
      expect(new Response(200, { content: 'é' }).content).toEqual(bytes(0xc3, 0xa9));
    });

    it('adds no Content-Length when Transfer-Encoding is given', () => {
      const response = new Response(200, { text: 'x', headers: { 'Transfer-Encoding': 'chunked' } });
      expect(response.headers.has('content-length')).toBe(false);
    });

    it('throws ResponseNotRead for content, text and json while the body is unread', () => {
      const response = new Response(200, { text: 'x' })._begin();
      expect(response.isRead).toBe(false);
      expect(() => response.content).toThrow(ResponseNotRead);
      expect(() => response.text).toThrow(ResponseNotRead);
      expect(() => response.json()).toThrow(ResponseNotRead);
    });

    it('marks a body finished without bytes as streamed', () => {
      const response = new Response(200)._begin()._finish(undefined);
      expect(response.isStreamed).toBe(true);
      expect(response.isRead).toBe(false);
      expect(() => response.content).toThrow(ResponseNotRead);
    });

    it('keeps nothing of a discarded body and says why content cannot be read', () => {
      const response = new Response(302, { text: 'moved' })._discard();
      expect([response.isDiscarded, response.isRead, response.isStreamed]).toEqual([true, false, false]);
      expect(() => response.content).toThrow(ResponseNotRead);
      expect(() => response.text).toThrow(/discarded unread: another request took its place/);
      expect(new Response(200, { text: 'x' }).isDiscarded).toBe(false);
    });

    it('reads the bytes a body finished with', () => {
      const response = new Response(200, { headers: { 'Content-Type': 'text/plain' } })._begin();
      response._finish(bytes(0x6f, 0x6b));
      expect(response.isStreamed).toBe(false);
      expect(response.text).toBe('ok');
    });
  });

  describe('json() on a body that is not JSON', () => {
    const html = '<html><body>Bad gateway: the upstream did not answer in time</body></html>';

    it('is a DecodingError naming the request, the Content-Type and the start of the body', () => {
      const request = new Request('GET', 'https://api.example.com/users?token=secret');
      const response = new Response(502, { html, request });
      let error: unknown;
      try {
        response.json();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DecodingError);
      expect((error as DecodingError).request).toBe(request);
      expect((error as DecodingError).cause).toBeInstanceOf(SyntaxError);
      const { message } = error as DecodingError;
      expect(message).toMatch(
        /^GET https:\/\/api\.example\.com\/users\?…: response\.json\(\) found no JSON in the body \(Content-Type: text\/html; charset=utf-8\): /,
      );
      expect(message).toContain(((error as Error).cause as Error).message);
      expect(message).toMatch(
        /; the body starts '<html><body>Bad gateway: the upstream did not answer in time…'$/,
      );
      expect(message).not.toContain('secret');
    });

    it('says so for an empty body, and names the status when there is no request', () => {
      expect(() => new Response(204).json()).toThrow(
        /^A 204 response: response\.json\(\) found no JSON in the body: .*; the body is empty$/,
      );
    });
  });

  describe('init', () => {
    it('rejects an unknown init option, suggesting the one meant', () => {
      expect(() => new Response(200, { body: 'x' } as never)).toThrow(
        new TypeError(`Unknown response option "body" (got 'x'): did you mean "content"?`),
      );
    });

    it.each([0, 99, 1000, 200.5, Number.NaN])('rejects the status %s, naming it', (status) => {
      expect(() => new Response(status)).toThrow(
        new RangeError(`new Response(status) takes a status from 100 to 999, not ${status}`),
      );
    });

    it('rejects a json body that cannot be serialized, saying so', () => {
      expect(() => new Response(200, { json: { id: 1n } })).toThrow(
        /^The json of new Response\(status, \{ json \}\) could not be serialized as JSON: /,
      );
    });

    it('reads its own init properties only', () => {
      const init = Object.create({ json: { polluted: true }, reasonPhrase: 'Polluted' }) as object;
      const response = new Response(200, init);
      expect(response.content.length).toBe(0);
      expect(response.reasonPhrase).toBe('OK');
    });
  });

  describe('encoding', () => {
    it('decodes text in the Content-Type charset', () => {
      const response = new Response(200, {
        content: bytes(0x63, 0x61, 0x66, 0xe9),
        headers: { 'Content-Type': 'text/plain; charset=ISO-8859-1' },
      });
      expect(response.encoding).toBe('iso-8859-1');
      expect(response.text).toBe('café');
    });

    it('reads a quoted charset', () => {
      const response = new Response(200, {
        content: bytes(0xe9),
        headers: { 'Content-Type': 'text/plain; charset="latin1"' },
      });
      expect(response.text).toBe('é');
    });

    it('falls back to defaultEncoding for an unknown charset', () => {
      const response = new Response(200, {
        content: bytes(0xe9),
        headers: { 'Content-Type': 'text/plain; charset=klingon' },
      });
      response.defaultEncoding = 'windows-1252';
      expect(response.encoding).toBe('windows-1252');
      expect(response.text).toBe('é');
    });

    it('uses UTF-8 when nothing says otherwise', () => {
      const response = new Response(200, { content: bytes(0xc3, 0xa9) });
      expect(response.encoding).toBe('utf-8');
      expect(response.text).toBe('é');
    });

    it('passes the body bytes to a defaultEncoding callback', () => {
      const seen: Uint8Array[] = [];
      const response = new Response(200, { content: bytes(0xe9) });
      response.defaultEncoding = (content) => {
        seen.push(content);
        return 'latin1';
      };
      expect(response.text).toBe('é');
      expect(seen).toEqual([bytes(0xe9)]);
    });

    it('prefers an encoding set on the response to the charset', () => {
      const response = new Response(200, {
        content: bytes(0xc3, 0xa9),
        headers: { 'Content-Type': 'text/plain; charset=latin1' },
      });
      response.encoding = 'utf-8';
      expect(response.text).toBe('é');
    });

    it('decodes true ISO-8859-1 for response.encoding = iso-8859-1 and for charset=latin1', () => {
      const set = new Response(200, { content: bytes(0x80, 0xe9, 0xff) });
      set.encoding = 'iso-8859-1';
      expect(set.text).toBe('\u0080é\u00ff');
      const declared = new Response(200, {
        content: bytes(0x80, 0xe9, 0xff),
        headers: { 'Content-Type': 'text/plain; charset=latin1' },
      });
      expect(declared.text).toBe('\u0080é\u00ff');
    });

    it('refuses a new encoding once text was read', () => {
      const response = new Response(200, { text: 'x' });
      expect(response.text).toBe('x');
      expect(() => {
        response.encoding = 'latin1';
      }).toThrow(/before reading/);
    });
  });

  describe('links', () => {
    it('parses the Link header, keyed by rel', () => {
      const response = new Response(200, {
        headers: {
          Link: '<https://api.example.com/items?page=2>; rel="next", <https://api.example.com/items?page=9>; rel="last"',
        },
      });
      expect(response.links.next?.url).toBe('https://api.example.com/items?page=2');
      expect(response.links.last?.url).toBe('https://api.example.com/items?page=9');
    });

    it('is empty without a Link header', () => {
      expect(new Response(200).links).toEqual({});
    });
  });

  describe('cookies', () => {
    it('reads every Set-Cookie line', () => {
      const response = new Response(200, {
        headers: [
          ['Set-Cookie', 'a=1; Path=/'],
          ['Set-Cookie', 'b=2; HttpOnly'],
        ],
      });
      expect(response.cookies.get('a')).toBe('1');
      expect(response.cookies.get('b')).toBe('2');
      expect(response.cookies.size).toBe(2);
    });

    it('raises CookieConflict for two cookies of one name on different paths', () => {
      const response = new Response(200, {
        headers: [
          ['Set-Cookie', 'id=1; Path=/'],
          ['Set-Cookie', 'id=2; Path=/admin'],
        ],
      });
      expect(() => response.cookies.get('id')).toThrow(CookieConflict);
      expect(response.cookies.get('id', { path: '/admin' })).toBe('2');
    });

    it('keeps changes made through response.cookies', () => {
      const response = new Response(200, { headers: { 'Set-Cookie': 'a=1' } });
      response.cookies.set('b', '2');
      response.cookies.delete('a');
      expect([...response.cookies]).toEqual([['b', '2']]);
    });

    it('gives cookies that can be changed with set, delete and clear', () => {
      const cookies = new Response(200, { headers: { 'Set-Cookie': 'a=1' } }).cookies;
      cookies.set('b', '2');
      expect([...cookies]).toEqual([
        ['a', '1'],
        ['b', '2'],
      ]);
      cookies.delete('a');
      expect(cookies.get('a')).toBeUndefined();
      cookies.clear();
      expect(cookies.size).toBe(0);
    });
  });

  describe('request and url', () => {
    it('throws a clear error for request and url when built without a request', () => {
      const response = new Response(200);
      expect(() => response.request).toThrow(/no request/);
      expect(() => response.url).toThrow(/no request/);
    });

    it('takes its url from the request', () => {
      const request = new Request('GET', 'https://example.com/a?b=1');
      const response = new Response(200, { request });
      expect(response.request).toBe(request);
      expect(response.url.href).toBe('https://example.com/a?b=1');
    });

    it('accepts a request set later', () => {
      const response = new Response(200);
      const request = new Request('HEAD', 'https://example.com/');
      response.request = request;
      expect(response.url).toBe(request.url);
    });
  });

  it('copies the extensions it is given', () => {
    const extensions = { trace: 1 };
    const response = new Response(200, { extensions });
    extensions.trace = 2;
    expect(response.extensions).toEqual({ trace: 1 });
  });
});

import { Readable } from 'node:stream';
import { lastValueFrom, toArray } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  Client,
  type ClientOptions,
  type HttpEvent,
  RemoteProtocolError,
  StreamConsumed,
  TooManyRedirects,
  UnsupportedProtocol,
} from '../../src/index.ts';
import { type SeenRequest, startRecordingServer, type TestServer } from './support/server.ts';
import { startTrackedServer } from './support/tracked.ts';

type RecordingServer = TestServer & { readonly requests: SeenRequest[] };

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  // Clients were made after the servers: close them first.
  for (const close of closers.splice(0).reverse()) await close();
});

/**
 * A server where `/redirect/<status>?to=<Location>` answers that status with that Location
 * (and a small body), `/loop` redirects to itself, and anything else answers 200 with its path.
 */
async function site(): Promise<RecordingServer> {
  const server = await startRecordingServer((seen, res) => {
    const url = new URL(seen.url, 'http://any');
    if (url.pathname === '/loop') {
      res.writeHead(302, { Location: '/loop' });
      res.end();
      return;
    }
    const status = /^\/redirect\/(\d{3})$/.exec(url.pathname)?.[1];
    if (status) {
      const to = url.searchParams.get('to');
      res.writeHead(Number(status), to === null ? {} : { Location: to });
      res.end('moving on');
      return;
    }
    res.setHeader('content-type', 'text/plain');
    res.end(`final ${url.pathname}`);
  });
  closers.push(() => server.close());
  return server;
}

function client(options: ClientOptions = { followRedirects: true }): Client {
  const made = new Client(options);
  closers.push(() => made.close());
  return made;
}

/** `/redirect/<status>?to=<location>` on `server`. */
const hop = (server: TestServer, status: number, location: string) =>
  `${server.origin}/redirect/${status}?to=${encodeURIComponent(location)}`;

const seenAt = (server: RecordingServer, path: string) =>
  server.requests.filter((seen) => new URL(seen.url, 'http://any').pathname === path);

async function* oneShotGenerator() {
  yield new TextEncoder().encode('only once');
}

describe('redirects against real servers', () => {
  describe('methods and bodies', () => {
    it.each([
      [301, 'POST', 'GET'],
      [302, 'POST', 'GET'],
      [302, 'PUT', 'GET'],
      [303, 'POST', 'GET'],
      [303, 'PUT', 'GET'],
      [303, 'DELETE', 'GET'],
    ])('%i after %s: the server sees a %s with no body and no body headers', async (status, method) => {
      const server = await site();
      const response = await lastValueFrom(
        client().request(method, hop(server, status, '/final'), { json: { secret: 'payload' } }),
      );
      expect(response.text).toBe('final /final');
      const [first] = seenAt(server, `/redirect/${status}`);
      expect(first!.body.toString()).toBe('{"secret":"payload"}');
      const [final] = seenAt(server, '/final');
      expect(final!.method).toBe('GET');
      expect(final!.body.length).toBe(0);
      expect(final!.headers['content-length']).toBeUndefined();
      expect(final!.headers['content-type']).toBeUndefined();
      expect(final!.headers['transfer-encoding']).toBeUndefined();
    });

    it.each([
      [307, 'POST'],
      [307, 'PUT'],
      [308, 'POST'],
      [308, 'PATCH'],
      [301, 'PUT'],
    ])('%i after %s: the server receives the same method and body twice', async (status, method) => {
      const server = await site();
      const response = await lastValueFrom(
        client().request(method, hop(server, status, '/final'), { content: 'the body' }),
      );
      expect(response.status).toBe(200);
      expect(server.requests.map((seen) => [seen.method, seen.body.toString()])).toEqual([
        [method, 'the body'],
        [method, 'the body'],
      ]);
      expect(seenAt(server, '/final')[0]!.headers['content-length']).toBe('8');
    });

    it.each([301, 302, 303, 307, 308])('%i after HEAD: the server sees a HEAD again', async (status) => {
      const server = await site();
      const response = await lastValueFrom(client().head(hop(server, status, '/final')));
      expect(response.status).toBe(200);
      expect(server.requests.map((seen) => seen.method)).toEqual(['HEAD', 'HEAD']);
    });

    it.each([
      ['an async generator', () => oneShotGenerator()],
      ['a Node Readable', () => Readable.from([Buffer.from('only once')])],
    ])('307 with %s body raises StreamConsumed; the next hop never reaches a server', async (_, body) => {
      const server = await site();
      const other = await site();
      const response$ = client().post(hop(server, 307, `${other.origin}/final`), { content: body() });
      await expect(lastValueFrom(response$)).rejects.toBeInstanceOf(StreamConsumed);
      expect(server.requests.map((seen) => seen.body.toString())).toEqual(['only once']);
      expect(other.requests).toHaveLength(0);
    });

    it('303 after a one-shot body is followed, as a bodiless GET', async () => {
      const server = await site();
      const response = await lastValueFrom(
        client().post(hop(server, 303, '/final'), { content: oneShotGenerator() }),
      );
      expect(response.text).toBe('final /final');
      expect(seenAt(server, '/final')[0]!.method).toBe('GET');
    });
  });

  describe('where Location points', () => {
    it.each([
      ['a relative path', 'final', '/redirect/final'],
      ['an absolute path', '/final?x=1', '/final?x=1'],
      ['a parent path', '../final', '/final'],
    ])('follows %s, resolved against the hop URL', async (_, location, expected) => {
      const server = await site();
      const response = await lastValueFrom(client().get(hop(server, 302, location)));
      expect(server.requests.at(-1)!.url).toBe(expected);
      expect(response.url.href).toBe(`${server.origin}${expected}`);
    });

    it('follows a scheme-relative Location to another server', async () => {
      const server = await site();
      const other = await site();
      const response = await lastValueFrom(client().get(hop(server, 301, `//127.0.0.1:${other.port}/there`)));
      expect(response.text).toBe('final /there');
      expect(other.requests.map((seen) => [seen.url, seen.headers.host])).toEqual([
        ['/there', `127.0.0.1:${other.port}`],
      ]);
    });

    it("keeps the request's fragment when Location has none, and never sends it", async () => {
      const server = await site();
      const response = await lastValueFrom(client().get(`${hop(server, 302, '/final')}#section`));
      expect(response.url.href).toBe(`${server.origin}/final#section`);
      expect(server.requests.at(-1)!.url).toBe('/final');
    });

    it("uses Location's fragment when it has one", async () => {
      const server = await site();
      const response = await lastValueFrom(client().get(`${hop(server, 302, '/final#new')}#old`));
      expect(response.url.hash).toBe('#new');
    });

    it('raises UnsupportedProtocol for Location ftp://…', async () => {
      const server = await site();
      const error = await lastValueFrom(client().get(hop(server, 302, 'ftp://127.0.0.1/file'))).catch(
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(UnsupportedProtocol);
      expect((error as UnsupportedProtocol).request.url.pathname).toBe('/redirect/302');
      expect(server.requests).toHaveLength(1);
    });

    it('raises RemoteProtocolError for a Location that is not a URL', async () => {
      const server = await site();
      const response$ = client().get(hop(server, 302, 'http://[::1/broken'));
      await expect(lastValueFrom(response$)).rejects.toBeInstanceOf(RemoteProtocolError);
      expect(server.requests).toHaveLength(1);
    });
  });

  describe('credentials', () => {
    const credentials = {
      Authorization: 'Bearer top-secret',
      Cookie: 'session=abc',
      'Proxy-Authorization': 'Basic cHJveHk6c2VjcmV0',
    };

    it('keep to their origin: a same-origin hop keeps them, another port gets none', async () => {
      const server = await site();
      const other = await site();
      // Same origin first (307), then to the server on the other port (302).
      const url = hop(server, 307, `/redirect/302?to=${encodeURIComponent(`${other.origin}/final`)}`);
      const response = await lastValueFrom(client().get(url, { headers: credentials }));
      expect(response.text).toBe('final /final');
      expect(server.requests).toHaveLength(2);
      for (const seen of server.requests) {
        expect(seen.headers.authorization).toBe('Bearer top-secret');
        expect(seen.headers.cookie).toBe('session=abc');
        expect(seen.headers['proxy-authorization']).toBe('Basic cHJveHk6c2VjcmV0');
      }
      const [there] = other.requests;
      expect(there!.headers.authorization).toBeUndefined();
      expect(there!.headers.cookie).toBeUndefined();
      expect(there!.headers['proxy-authorization']).toBeUndefined();
      expect(there!.headers.host).toBe(`127.0.0.1:${other.port}`);
    });

    it('are not regained when the chain comes back to the first origin', async () => {
      const server = await site();
      const other = await site();
      const url = hop(
        server,
        302,
        `${other.origin}/redirect/302?to=${encodeURIComponent(`${server.origin}/back`)}`,
      );
      await lastValueFrom(client().get(url, { headers: credentials }));
      const [back] = seenAt(server, '/back');
      expect(back!.headers.authorization).toBeUndefined();
      expect(back!.headers.cookie).toBeUndefined();
    });
  });

  describe('the chain', () => {
    it('reports hops as redirect events and history, oldest first', async () => {
      const server = await site();
      const url = hop(server, 301, `/redirect/308?to=${encodeURIComponent('/final')}`);
      const events = await lastValueFrom(client().events('GET', url).pipe(toArray()));
      const kinds = events
        .map((event) => event.type)
        .filter((type) => ['sent', 'redirect', 'headers', 'response'].includes(type));
      expect(kinds).toEqual(['sent', 'redirect', 'sent', 'redirect', 'sent', 'headers', 'response']);
      const response = (events.at(-1) as Extract<HttpEvent, { type: 'response' }>).response;
      expect(response.history.map((hopResponse) => [hopResponse.status, hopResponse.url.pathname])).toEqual([
        [301, '/redirect/301'],
        [308, '/redirect/308'],
      ]);
      expect(response.history.map((hopResponse) => hopResponse.isDiscarded)).toEqual([true, true]);
      const redirects = events.filter((event) => event.type === 'redirect');
      expect(redirects.map((event) => event.request.url.pathname)).toEqual(['/redirect/308', '/final']);
    });

    it('a loop raises TooManyRedirects after maxRedirects + 1 responses', async () => {
      const server = await site();
      const error = await lastValueFrom(
        client({ followRedirects: true, maxRedirects: 3 }).get(`${server.origin}/loop`),
      ).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(TooManyRedirects);
      expect((error as TooManyRedirects).request.url.href).toBe(`${server.origin}/loop`);
      expect(server.requests).toHaveLength(4);
    });

    it('stops at 20 redirects by default', async () => {
      const server = await site();
      const error = await lastValueFrom(client().get(`${server.origin}/loop`)).catch(
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(TooManyRedirects);
      expect(server.requests).toHaveLength(21);
    });

    it('unsubscribing during a later hop aborts it, and no further hop is sent', async () => {
      const hanging = await startTrackedServer((req, res) => {
        if (req.url === '/start') {
          res.writeHead(302, { Location: '/hang' });
          res.end();
        } // '/hang' never answers; anything after it would be counted.
      });
      closers.push(() => hanging.close());
      const subscription = client().get(`${hanging.origin}/start`).subscribe();
      await vi.waitFor(() => expect(hanging.requests.map((req) => req.url)).toEqual(['/start', '/hang']));
      subscription.unsubscribe();
      await hanging.abandoned;
      expect(hanging.requests).toHaveLength(2);
    });
  });

  describe('not following', () => {
    it('is the client default: the redirect is the answer, with nextRequest', async () => {
      const server = await site();
      const response = await lastValueFrom(client({}).post(hop(server, 303, '/final'), { content: 'x' }));
      expect(response.status).toBe(303);
      expect(response.text).toBe('moving on');
      expect(response.nextRequest?.method).toBe('GET');
      expect(response.nextRequest?.url.href).toBe(`${server.origin}/final`);
      expect(server.requests).toHaveLength(1);
    });

    it('a request can turn following on or off against the client', async () => {
      const server = await site();
      const on = await lastValueFrom(client({}).get(hop(server, 302, '/final'), { followRedirects: true }));
      expect(on.status).toBe(200);
      const off = await lastValueFrom(client().get(hop(server, 302, '/final'), { followRedirects: false }));
      expect(off.status).toBe(302);
      expect(server.requests.map((seen) => seen.url.split('?')[0])).toEqual([
        '/redirect/302',
        '/final',
        '/redirect/302',
      ]);
    });

    it.each([
      ['a 304', 304, '/final'],
      ['a 302 without Location', 302, null],
    ])('%s is the answer even when following', async (_, status, location) => {
      const server = await site();
      const url = location === null ? `${server.origin}/redirect/${status}` : hop(server, status, location);
      const response = await lastValueFrom(client().get(url));
      expect([response.status, response.history.length, response.nextRequest]).toEqual([status, 0, null]);
      expect(server.requests).toHaveLength(1);
    });
  });
});

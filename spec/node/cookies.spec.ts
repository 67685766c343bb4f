import { concat, filter, lastValueFrom, map, Observable, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { CookieJar, MemoryCookieStore, type Store } from 'tough-cookie';
import { describe, expect, it } from 'vitest';
import { compose } from '../../src/middleware/compose.ts';
import { Request, type RequestInit } from '../../src/models/request.ts';
import { Response } from '../../src/models/response.ts';
import { ClientCookies } from '../../src/node/cookie-jar.ts';
import { cookies } from '../../src/node/cookies.ts';
import { MockTransport } from '../../src/transports/mock.ts';
import type { Middleware, TransportEvent } from '../../src/transports/transport.ts';

const LETTERS: Record<string, string> = {
  connected: 'c',
  sent: 's',
  headers: 'h',
  download: 'd',
  chunk: 'k',
  response: 'r',
};
const letters = map((event: TransportEvent) => LETTERS[event.type] ?? '?');

/** A transport that records the Cookie header of each request it sees and answers with `answer`. */
function recording(answer: (request: Request) => Response = () => new Response(200, { text: 'ok' })) {
  const seen: (string | null)[] = [];
  const urls: string[] = [];
  const transport = new MockTransport((request) => {
    seen.push(request.headers.get('cookie'));
    urls.push(request.url.href);
    return answer(request);
  });
  return { transport, seen, urls };
}

const send = (via: { handle(request: Request): Observable<TransportEvent> }, request: Request) =>
  lastValueFrom(via.handle(request).pipe(toArray()));
const get = (url: string, init?: RequestInit) => new Request('GET', url, init);

/** An in-memory store that answers through `later`, saying it is asynchronous: a database's stand-in. */
function delayedStore(
  later: (answer: () => void) => void,
  failPuts = false,
): { store: Store; inner: MemoryCookieStore } {
  const inner = new MemoryCookieStore();
  const store = new Proxy(inner, {
    get(target, key, receiver) {
      if (key === 'synchronous') return false;
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const callback = args.at(-1);
        if (typeof callback !== 'function') return value.apply(target, args);
        if (failPuts && key === 'putCookie') return later(() => callback(new Error('disk full')));
        args[args.length - 1] = (...results: unknown[]) => later(() => callback(...results));
        return value.apply(target, args);
      };
    },
  });
  return { store, inner };
}

describe('cookies middleware', () => {
  it('adds a Cookie header with the jar cookies for the URL and the every-host cookies', async () => {
    const jar = new ClientCookies({ theme: 'dark' });
    jar.jar.setCookieSync('sid=abc', 'http://a.test/');
    const { transport, seen } = recording();
    const via = compose(transport, cookies(jar));
    await send(via, get('http://a.test/page'));
    await send(via, get('http://b.test/page'));
    expect(seen).toEqual(['sid=abc; theme=dark', 'theme=dark']);
  });

  it('adds no header when there is nothing to send, and passes the request on untouched', async () => {
    const handled: Request[] = [];
    const via = compose(
      new MockTransport((request) => {
        handled.push(request);
        return new Response(200);
      }),
      cookies(new ClientCookies()),
    );
    const request = get('http://a.test/');
    await send(via, request);
    expect(handled[0]).toBe(request);
    expect(handled[0]?.headers.has('cookie')).toBe(false);
  });

  it('honours path, Secure (https only) and expiry', async () => {
    const jar = new ClientCookies();
    jar.jar.setCookieSync('api=1; Path=/api', 'http://a.test/api/');
    jar.jar.setCookieSync('secret=1; Secure', 'https://a.test/');
    jar.jar.setCookieSync('gone=1; Max-Age=0', 'http://a.test/');
    const { transport, seen } = recording();
    const via = compose(transport, cookies(jar));
    for (const url of ['http://a.test/', 'http://a.test/api/x', 'https://a.test/api/x'])
      await send(via, get(url));
    expect(seen).toEqual([null, 'api=1', 'api=1; secret=1']);
  });

  it("stores every Set-Cookie of the response for the request's URL", async () => {
    const jar = new ClientCookies();
    const { transport } = recording(
      () =>
        new Response(200, {
          headers: [
            ['Set-Cookie', 'a=1'],
            ['Set-Cookie', 'b=2; Path=/docs'],
          ],
        }),
    );
    await send(compose(transport, cookies(jar)), get('http://a.test/docs/index'));
    expect(jar.get('a', { domain: 'a.test', path: '/docs' })).toBe('1');
    expect(jar.get('b', { domain: 'a.test', path: '/docs' })).toBe('2');
    expect(jar.jar.getCookieStringSync('http://a.test/')).toBe('');
  });

  it('ignores Set-Cookie lines the jar rejects, and the request still succeeds', async () => {
    const jar = new ClientCookies();
    const { transport } = recording(
      () =>
        new Response(200, {
          headers: [
            ['Set-Cookie', 'novalue'],
            ['Set-Cookie', 'x=1; Domain=elsewhere.test'],
            ['Set-Cookie', 'y=1; Domain=com'],
            ['Set-Cookie', 'ok=1'],
          ],
        }),
    );
    const events = await send(compose(transport, cookies(jar)), get('http://a.test/'));
    expect(events.at(-1)?.type).toBe('response');
    expect([...jar]).toEqual([['ok', '1']]);
  });

  it("keeps the request's own cookies, which win per name over the jar's and the every-host ones", async () => {
    const jar = new ClientCookies({ theme: 'dark', lang: 'en' });
    jar.jar.setCookieSync('sid=jar', 'http://a.test/');
    jar.jar.setCookieSync('lang=fr', 'http://a.test/');
    const { transport, seen } = recording();
    const via = compose(transport, cookies(jar));
    await send(via, get('http://a.test/', { cookies: { sid: 'mine' } }));
    await send(via, get('http://a.test/', { headers: { Cookie: 'theme=light; extra=1' } }));
    expect(seen).toEqual(['sid=mine; lang=fr; theme=dark', 'theme=light; extra=1; sid=jar; lang=fr']);
  });

  it('reads the jar when subscribed, not when the request is handed over', async () => {
    const jar = new ClientCookies();
    const { transport, seen } = recording();
    const events$ = compose(transport, cookies(jar)).handle(get('http://a.test/'));
    jar.set('late', '1');
    await lastValueFrom(events$);
    expect(seen).toEqual(['late=1']);
  });

  it("rebuilds the jar's part when a layer above re-issues the hop's request for a new URL", async () => {
    const jar = new ClientCookies();
    jar.jar.setCookieSync('sid=old', 'http://a.test/');
    const { transport, seen } = recording((request) =>
      request.url.pathname === '/login'
        ? new Response(302, { headers: [['Set-Cookie', 'sid=new']] })
        : new Response(200),
    );
    // Like a redirect layer that builds the next hop from the request the transport saw.
    const reissue =
      (to: string, dropCookie: boolean): Middleware =>
      (request, next) => {
        let sent: Request | undefined;
        const first = next(request).pipe(
          filter((event) => {
            if (event.type === 'response') sent = event.response.request;
            return event.type !== 'response';
          }),
        );
        const second = new Observable<TransportEvent>((subscriber) => {
          const headers = sent!.headers.copy();
          if (dropCookie) headers.delete('cookie');
          return next(sent!.with({ url: new URL(to), headers })).subscribe(subscriber);
        });
        return concat(first, second);
      };
    await send(
      compose(transport, reissue('http://a.test/home', false), cookies(jar)),
      get('http://a.test/login', { cookies: { own: '1' } }),
    );
    jar.jar.setCookieSync('b=1', 'http://b.test/');
    await send(compose(transport, reissue('http://b.test/', true), cookies(jar)), get('http://a.test/login'));
    expect(seen).toEqual(['own=1; sid=old', 'own=1; sid=new', 'sid=new', 'b=1']);
  });

  describe('in virtual time', () => {
    it('passes every event on at once with an in-memory jar, connected included', () => {
      const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
      scheduler.run(({ expectObservable }) => {
        const { transport } = recording(
          () => new Response(200, { text: 'ok', headers: [['Set-Cookie', 'a=1']] }),
        );
        const events$ = compose(transport, cookies(new ClientCookies())).handle(get('http://a.test/'));
        expectObservable(events$.pipe(letters)).toBe('(schdkr|)');
      });
    });

    it('with an asynchronous store, sends once cookies are read and holds the events until cookies are stored', () => {
      const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
      const { store, inner } = delayedStore((answer) => scheduler.schedule(answer, 3));
      const jar = new ClientCookies(new CookieJar(store));
      const seeding = new CookieJar(inner);
      seeding.setCookieSync('sid=abc', 'http://a.test/');
      const { transport, seen } = recording(
        () =>
          new Response(200, {
            text: 'ok',
            headers: [
              ['Set-Cookie', 'a=1'],
              ['Set-Cookie', 'b=2'],
            ],
          }),
      );
      scheduler.run(({ expectObservable }) => {
        const events$ = compose(transport, cookies(jar)).handle(get('http://a.test/'));
        // Read at 3 (sent, connected), each line stored by a find and a put: 3 + 4 × 3 = 15.
        expectObservable(events$.pipe(letters)).toBe('3ms (sc) 8ms (hdkr|)');
      });
      expect(seen).toEqual(['sid=abc']);
      expect(seeding.getCookieStringSync('http://a.test/')).toBe('sid=abc; a=1; b=2');
    });

    it('with an asynchronous store, fails the request when the store fails', () => {
      const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
      const { store } = delayedStore((answer) => scheduler.schedule(answer, 3), true);
      const { transport } = recording(() => new Response(200, { headers: [['Set-Cookie', 'a=1']] }));
      scheduler.run(({ expectObservable }) => {
        const events$ = compose(transport, cookies(new ClientCookies(new CookieJar(store)))).handle(
          get('http://a.test/'),
        );
        expectObservable(events$.pipe(letters)).toBe('3ms (sc) 2ms #', undefined, new Error('disk full'));
      });
    });
  });
});

import { catchError, from, lastValueFrom, map, type Observable, of, tap, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import {
  RemoteProtocolError,
  ResponseNotRead,
  StreamConsumed,
  TooManyRedirects,
  UnsupportedProtocol,
} from '../../src/errors.ts';
import type { HttpEvent, RedirectEvent } from '../../src/events.ts';
import { compose } from '../../src/middleware/compose.ts';
import { type RedirectOptions, redirects } from '../../src/middleware/redirects.ts';
import { Request, type RequestInit } from '../../src/models/request.ts';
import { Response } from '../../src/models/response.ts';
import { MockTransport } from '../../src/transports/mock.ts';
import type { Middleware, TransportEvent } from '../../src/transports/transport.ts';

const bytes = (text: string) => new TextEncoder().encode(text);
const moved = (status: number, location: string) =>
  new Response(status, { headers: { Location: location }, text: `moved to ${location}` });

/** A MockTransport answering by path, recording each request it was handed. */
function site(routes: Record<string, (request: Request) => Response | Observable<HttpEvent>>) {
  const handled: Request[] = [];
  const transport = new MockTransport((request) => {
    handled.push(request);
    const route = routes[request.url.pathname];
    if (!route) throw new Error(`no route for ${request.url.pathname}`);
    return route(request);
  });
  return { handled, via: (options?: RedirectOptions) => compose(transport, redirects(options)) };
}

/** One letter per event type; `?` is an internal event no layer knows. */
const letter: Record<string, string> = {
  sent: 's',
  connected: 'c',
  unknown: '?',
  upload: 'u',
  headers: 'h',
  download: 'd',
  chunk: 'k',
  redirect: 'x',
  retry: 't',
  response: 'r',
};
const letters = map((event: TransportEvent) => letter[event.type]);
/** Ends the stream with 'E' instead of an error, keeping the error for the test. */
const failure = (box: { error?: unknown }) =>
  catchError((error: unknown) => {
    box.error = error;
    return of('E');
  });

function scheduler() {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

const get = (path: string, init?: RequestInit) => new Request('GET', `http://h.example${path}`, init);
const all = (events$: Observable<TransportEvent>) => lastValueFrom(events$.pipe(toArray()));
const final = (events: TransportEvent[]) => (events.at(-1) as { response: Response }).response;
const redirectsIn = (events: TransportEvent[]) =>
  events.filter((event): event is RedirectEvent => event.type === 'redirect');

/** One hop's events in virtual time: headers at frame 4, body and response at frame 6. */
function slowly(cold: (marbles: string, values: Record<string, HttpEvent>) => Observable<HttpEvent>) {
  return (answer: Response) => (request: Request) => {
    const response = new Response(answer.status, { headers: answer.headers, request })._begin();
    return cold('----h-(kr|)', {
      h: { type: 'headers', response },
      k: { type: 'chunk', data: answer.content },
      r: { type: 'response', response },
    });
  };
}

describe('redirects', () => {
  describe('following a chain', () => {
    it('emits each hop up to its headers, then redirect, then the next hop (marbles)', () => {
      const { via } = site({
        '/a': () => moved(302, '/b'),
        '/b': () => moved(307, '/c'),
        '/c': () => new Response(200, { text: 'done' }),
      });
      scheduler().run(({ expectObservable }) => {
        expectObservable(via().handle(get('/a')).pipe(letters)).toBe('(scxscxschdkr|)');
      });
    });

    it('sends each next hop when the previous one has completed, in virtual time', () => {
      scheduler().run(({ cold, expectObservable }) => {
        const hop = slowly(cold);
        const { via } = site({
          '/a': hop(moved(301, '/b')),
          '/b': hop(moved(308, '/c')),
          '/c': hop(new Response(200, { text: 'done' })),
        });
        expectObservable(via().handle(get('/a')).pipe(letters)).toBe('s-----(xs)--(xs)h-(kr|)');
      });
    });

    it('lists the hops in history, bodies discarded, and each hop points to the request that followed', async () => {
      const { via, handled } = site({
        '/a': () => moved(302, '/b'),
        '/b': () => moved(303, 'http://other.example/c'),
        '/c': () => new Response(200, { text: 'done' }),
      });
      const events = await all(via().handle(get('/a')));
      const response = final(events);
      // The final body is left to the client's edge; the hops' were read here.
      expect(events.filter((event) => event.type === 'chunk')).toEqual([
        { type: 'chunk', data: bytes('done') },
      ]);
      expect(response.history.map((hop) => [hop.status, hop.url.href])).toEqual([
        [302, 'http://h.example/a'],
        [303, 'http://h.example/b'],
      ]);
      // A hop's body is neither decoded nor kept (take-over.ts): a gzip bomb on a 302 costs nothing.
      expect(response.history.map((hop) => hop.isDiscarded)).toEqual([true, true]);
      expect(() => response.history[0]!.text).toThrow(ResponseNotRead);
      expect(response.history[1]!.history).toEqual([response.history[0]]);
      expect(response.history[0]!.history).toEqual([]);
      expect(response.history.map((hop) => hop.nextRequest)).toEqual([handled[1], handled[2]]);
      expect(response.nextRequest).toBeNull();
    });

    it('says in each redirect event which response redirected and which request is sent next', async () => {
      const { via, handled } = site({
        '/a': () => moved(302, '/b'),
        '/b': () => new Response(204),
      });
      const events = await all(via().handle(get('/a')));
      const [redirect] = redirectsIn(events);
      expect(redirect!.response.status).toBe(302);
      expect(redirect!.request).toBe(handled[1]);
      const next = events[events.indexOf(redirect!) + 1];
      expect(next).toEqual({ type: 'sent', request: handled[1], attempt: 1 });
      expect(final(events).history).toEqual([redirect!.response]);
    });

    it('passes the events before the headers of every hop: uploads and ones it does not know', async () => {
      const played = (status: number, location?: string) => (request: Request) => {
        const response = new Response(status, { headers: location ? { Location: location } : {}, request });
        const events = [
          { type: 'upload', loaded: 3, total: 3 },
          { type: 'unknown' },
          { type: 'headers', response },
          { type: 'response', response },
        ];
        // MockTransport passes a returned Observable through as it is, internal events included.
        return from(events) as unknown as Observable<HttpEvent>;
      };
      const { via } = site({ '/a': played(307, '/b'), '/b': played(200) });
      const events = await all(via().handle(new Request('PUT', 'http://h.example/a', { content: 'abc' })));
      expect(events.map((event) => letter[event.type]).join('')).toBe('su?xsu?hr');
    });

    it('asks the layers below for the next hop only after the redirect event is out', async () => {
      const order: string[] = [];
      const transport = new MockTransport((request) =>
        request.url.pathname === '/a' ? moved(302, '/b') : new Response(200),
      );
      const below: Middleware = (request, next) => {
        order.push(`below ${request.url.pathname}`);
        return next(request);
      };
      await all(
        compose(transport, redirects(), below)
          .handle(get('/a'))
          .pipe(tap((event) => order.push(event.type))),
      );
      expect(order.filter((entry) => entry !== 'connected')).toEqual([
        'below /a',
        'sent',
        'redirect',
        'below /b',
        'sent',
        'headers',
        'response',
      ]);
    });

    it('follows a relative Location against the URL of the hop that gave it', async () => {
      const { via, handled } = site({
        '/dir/a': () => moved(302, '/other/b'),
        '/other/b': () => moved(302, '../c'),
        '/c': () => new Response(200),
      });
      await all(via().handle(get('/dir/a')));
      expect(handled.map((request) => request.url.href)).toEqual([
        'http://h.example/dir/a',
        'http://h.example/other/b',
        'http://h.example/c',
      ]);
    });

    it('follows by default: adding the middleware is the choice', async () => {
      const { via } = site({ '/a': () => moved(302, '/b'), '/b': () => new Response(200) });
      expect(final(await all(via().handle(get('/a')))).status).toBe(200);
    });
  });

  describe('what is not a redirect', () => {
    it.each([
      ['a 304', () => new Response(304, { headers: { Location: '/b' } })],
      ['a 300 with Location', () => new Response(300, { headers: { Location: '/b' } })],
      ['a 201 with Location', () => new Response(201, { headers: { Location: '/b' } })],
      ['a 302 without Location', () => new Response(302, { text: 'nowhere' })],
    ])('%s passes through as the answer', async (_, answer) => {
      const { via, handled } = site({ '/a': answer });
      const events = await all(via().handle(get('/a')));
      expect(events.map((event) => letter[event.type]).join('')).toMatch(/^sch(dk)?r$/);
      expect(final(events).history).toEqual([]);
      expect(handled).toHaveLength(1);
    });
  });

  describe('maxRedirects', () => {
    it('raises TooManyRedirects at the response that would be redirect maxRedirects + 1 (marbles)', () => {
      const box: { error?: unknown } = {};
      const { via, handled } = site({ '/loop': () => moved(302, '/loop') });
      scheduler().run(({ expectObservable }) => {
        const events$ = via({ maxRedirects: 2 }).handle(get('/loop')).pipe(letters, failure(box));
        expectObservable(events$).toBe('(scxscxscE|)');
      });
      expect(box.error).toBeInstanceOf(TooManyRedirects);
      expect((box.error as TooManyRedirects).request).toBe(handled[2]);
      expect((box.error as Error).message).toContain('maximum of 2 redirects');
      expect(handled).toHaveLength(3);
    });

    it('raises once that hop has been read, and sends nothing more (virtual time)', () => {
      const box: { error?: unknown } = {};
      scheduler().run(({ cold, expectObservable }) => {
        const { via } = site({ '/loop': slowly(cold)(moved(307, '/loop')) });
        const events$ = via({ maxRedirects: 1 }).handle(get('/loop')).pipe(letters, failure(box));
        expectObservable(events$).toBe('s-----(xs)--(E|)');
      });
      expect(box.error).toBeInstanceOf(TooManyRedirects);
    });

    it('follows exactly maxRedirects redirects', async () => {
      const { via, handled } = site({
        '/1': () => moved(302, '/2'),
        '/2': () => moved(302, '/3'),
        '/3': () => new Response(200),
      });
      const events = await all(via({ maxRedirects: 2 }).handle(get('/1')));
      expect(final(events).history).toHaveLength(2);
      expect(handled).toHaveLength(3);
    });

    it('defaults to 20', async () => {
      const { via, handled } = site({ '/loop': () => moved(302, '/loop') });
      await expect(all(via().handle(get('/loop')))).rejects.toBeInstanceOf(TooManyRedirects);
      expect(handled).toHaveLength(21);
    });

    it('with 0, raises at the first redirect', async () => {
      const { via, handled } = site({ '/a': () => moved(302, '/b') });
      await expect(all(via({ maxRedirects: 0 }).handle(get('/a')))).rejects.toBeInstanceOf(TooManyRedirects);
      expect(handled).toHaveLength(1);
    });

    it.each([-1, 1.5, Number.NaN])('rejects %s when the middleware is made', (maxRedirects) => {
      expect(() => redirects({ maxRedirects })).toThrow(RangeError);
    });
  });

  describe('not following', () => {
    it('passes every event unchanged and sets nextRequest at the headers (marbles)', () => {
      const { via } = site({ '/a': () => moved(307, '/b') });
      const seen: (string | undefined)[] = [];
      scheduler().run(({ expectObservable }) => {
        const events$ = via({ follow: false })
          .handle(get('/a#frag'))
          .pipe(
            tap((event) => {
              if (event.type === 'headers') seen.push(event.response.nextRequest?.url.href);
            }),
            letters,
          );
        expectObservable(events$).toBe('(schdkr|)');
      });
      expect(seen).toEqual(['http://h.example/b#frag']);
    });

    it('sets nextRequest as a followed hop would be sent: method, body and credentials', async () => {
      const { via } = site({ '/a': () => moved(303, 'http://other.example/b') });
      const request = new Request('POST', 'http://h.example/a', {
        json: { a: 1 },
        headers: { Authorization: 'Bearer t' },
      });
      const events = await all(via({ follow: false }).handle(request));
      const response = final(events);
      expect(response.status).toBe(303);
      expect(events.filter((event) => event.type === 'chunk')).toHaveLength(1);
      const next = response.nextRequest!;
      expect([next.method, next.url.href, next.body]).toEqual(['GET', 'http://other.example/b', null]);
      expect(next.headers.has('authorization')).toBe(false);
      expect(next.headers.has('content-type')).toBe(false);
    });

    it.each([
      ['not a URL', 'http://[bad/'],
      ['not http', 'ftp://files.example/x'],
    ])('leaves nextRequest null for a Location that is %s, without failing', async (_, location) => {
      const { via } = site({ '/a': () => moved(302, location) });
      const response = final(await all(via({ follow: false }).handle(get('/a'))));
      expect([response.status, response.nextRequest]).toEqual([302, null]);
    });

    it('leaves nextRequest null on responses that are not redirects', async () => {
      const { via } = site({ '/a': () => new Response(304, { headers: { Location: '/b' } }) });
      expect(final(await all(via({ follow: false }).handle(get('/a')))).nextRequest).toBeNull();
    });

    it('obeys extensions.followRedirects over the option, both ways', async () => {
      const { via, handled } = site({ '/a': () => moved(302, '/b'), '/b': () => new Response(200) });
      const off = final(await all(via().handle(get('/a', { extensions: { followRedirects: false } }))));
      expect(off.status).toBe(302);
      const on = final(
        await all(via({ follow: false }).handle(get('/a', { extensions: { followRedirects: true } }))),
      );
      expect(on.status).toBe(200);
      expect(handled.map((request) => request.url.pathname)).toEqual(['/a', '/a', '/b']);
    });
  });

  describe('failures', () => {
    async function* oneShot() {
      yield bytes('once');
    }

    it('raises StreamConsumed for a 307 that needs a one-shot body again, sending nothing more', async () => {
      const { via, handled } = site({ '/a': () => moved(307, '/b'), '/b': () => new Response(200) });
      const request = new Request('POST', 'http://h.example/a', { content: oneShot() });
      await expect(all(via().handle(request))).rejects.toBeInstanceOf(StreamConsumed);
      expect(handled).toHaveLength(1);
    });

    it('follows a 303 after a one-shot body, since the GET has no body', async () => {
      const { via, handled } = site({ '/a': () => moved(303, '/b'), '/b': () => new Response(200) });
      const request = new Request('POST', 'http://h.example/a', { content: oneShot() });
      expect(final(await all(via().handle(request))).status).toBe(200);
      expect(handled[1]!.body).toBeNull();
    });

    it('raises RemoteProtocolError for a Location that is not a URL', async () => {
      const { via, handled } = site({ '/a': () => moved(302, 'http://[bad/') });
      await expect(all(via().handle(get('/a')))).rejects.toBeInstanceOf(RemoteProtocolError);
      expect(handled).toHaveLength(1);
    });

    it('raises UnsupportedProtocol for a Location to another scheme', async () => {
      const { via, handled } = site({ '/a': () => moved(302, 'ftp://files.example/x') });
      const error = await all(via().handle(get('/a'))).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(UnsupportedProtocol);
      expect((error as UnsupportedProtocol).request).toBe(handled[0]);
      expect(handled).toHaveLength(1);
    });
  });

  describe('unsubscribing', () => {
    it('aborts the hop under way and sends no further hop (marbles)', () => {
      const paths: string[] = [];
      scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
        const hop = (answer: Response) => {
          const response = new Response(answer.status, { headers: answer.headers })._begin();
          return cold<HttpEvent>('----h-(r|)', {
            h: { type: 'headers', response },
            r: { type: 'response', response },
          });
        };
        const a = hop(moved(302, '/b'));
        const b = hop(moved(302, '/c'));
        const c = hop(new Response(200));
        const transport = new MockTransport((request) => {
          paths.push(request.url.pathname);
          return { '/a': a, '/b': b, '/c': c }[request.url.pathname]!;
        });
        const events$ = compose(transport, redirects()).handle(get('/a')).pipe(letters);
        expectObservable(events$, '^-------!').toBe('s-----(xs)');
        expectSubscriptions(a.subscriptions).toBe('^-----!');
        // Hop /b started at frame 6 and would have redirected at frame 12.
        expectSubscriptions(b.subscriptions).toBe('------^-!');
        expectSubscriptions(c.subscriptions).toBe([]);
      });
      expect(paths).toEqual(['/a', '/b']);
    });
  });
});

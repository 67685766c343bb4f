import { catchError, lastValueFrom, map, of, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import {
  type Auth,
  Client,
  type ClientOptions,
  type HttpEvent,
  MockTransport,
  type Request,
  Response,
} from '../../src/index.ts';

/** A client whose mock server answers by path; `log` records each request it is handed. */
function serve(
  routes: Record<string, (request: Request, hit: number) => Response>,
  options: ClientOptions = {},
) {
  const log: string[] = [];
  const hits = new Map<string, number>();
  const transport = new MockTransport((request) => {
    const path = request.url.pathname;
    const hit = (hits.get(path) ?? 0) + 1;
    hits.set(path, hit);
    log.push(`${request.method} ${path}${request.headers.has('authorization') ? ' +auth' : ''}`);
    const route = routes[path];
    return route ? route(request, hit) : new Response(404);
  });
  return { client: new Client({ baseUrl: 'https://api.test', ...options, transport }), log };
}

const redirectTo = (location: string) => () => new Response(302, { headers: { Location: location } });
const summary = (events: HttpEvent[]) =>
  events.map((e) =>
    e.type === 'sent'
      ? `sent ${e.request.url.pathname} #${e.attempt}`
      : e.type === 'redirect'
        ? `redirect ${e.response.status}`
        : e.type === 'retry'
          ? `retry #${e.attempt}`
          : e.type === 'response'
            ? `response ${e.response.status}`
            : e.type,
  );

describe('the client pipeline (user → deadline → auth → redirects → hooks → cookies → retry → timeouts)', () => {
  it('retries only the hop that failed, after a redirect, and numbers its attempts', async () => {
    const { client, log } = serve(
      {
        '/a': redirectTo('/b'),
        '/b': (_, hit) =>
          hit === 1 ? new Response(503, { headers: { 'Retry-After': '0' } }) : new Response(200),
      },
      { followRedirects: true, retry: 2 },
    );
    const events = await lastValueFrom(client.events('GET', '/a').pipe(toArray()));
    expect(log).toEqual(['GET /a', 'GET /b', 'GET /b']);
    expect(summary(events)).toEqual([
      'sent /a #1',
      'redirect 302',
      'sent /b #1',
      'retry #2',
      'sent /b #2',
      'headers',
      'response 200',
    ]);
  });

  it('calls the hooks once per hop, not per retried attempt', async () => {
    const requests: string[] = [];
    const responses: number[] = [];
    const { client } = serve(
      {
        '/a': redirectTo('/b'),
        '/b': (_, hit) => new Response(hit === 1 ? 502 : 200, { headers: { 'Retry-After': '0' } }),
      },
      {
        followRedirects: true,
        retry: 1,
        eventHooks: {
          request: [(request) => requests.push(request.url.pathname)],
          response: [(response) => responses.push(response.status)],
        },
      },
    );
    await lastValueFrom(client.get('/a'));
    expect(requests).toEqual(['/a', '/b']);
    expect(responses).toEqual([302, 200]);
  });

  it('stores a cookie set on a redirect hop and sends it on the next hop', async () => {
    const { client } = serve(
      {
        '/login': () => new Response(303, { headers: { Location: '/home', 'Set-Cookie': 'sid=42; Path=/' } }),
        '/home': (request) => new Response(200, { text: request.headers.get('cookie') ?? '' }),
      },
      { followRedirects: true },
    );
    const response = await lastValueFrom(client.post('/login', { data: { user: 'ada' } }));
    expect(response.text).toBe('sid=42');
    expect(client.cookies.get('sid')).toBe('42');
  });

  it('hands a 401 reached through a redirect to the auth flow, which answers the original request', async () => {
    const tokenOn401: Auth = {
      *authFlow(request) {
        const response = yield request;
        if (response.status !== 401) return;
        request.headers.set('Authorization', 'Token t');
        yield request;
      },
    };
    const { client, log } = serve(
      {
        '/old': (request) =>
          request.headers.has('authorization')
            ? new Response(200)
            : new Response(301, { headers: { Location: '/new' } }),
        '/new': () => new Response(401),
      },
      { followRedirects: true, auth: tokenOn401 },
    );
    const response = await lastValueFrom(client.get('/old'));
    expect(response.status).toBe(200);
    expect(log).toEqual(['GET /old', 'GET /new', 'GET /old +auth']);
    expect(response.history.map((hop) => hop.status)).toEqual([301, 401]);
  });

  it('lets user middleware, outermost, see the request as built and the final response only', async () => {
    const seen: string[] = [];
    const { client } = serve(
      { '/a': redirectTo('/b'), '/b': () => new Response(200) },
      {
        followRedirects: true,
        middleware: [
          (request, next) => {
            seen.push(`${request.url.pathname} ${request.headers.has('authorization')}`);
            return next(request).pipe(
              map((event) => {
                if (event.type === 'response') seen.push(`final ${event.response.url.pathname}`);
                return event;
              }),
            );
          },
        ],
        auth: ['ada', 'pw'],
      },
    );
    await lastValueFrom(client.get('/a'));
    expect(seen).toEqual(['/a false', 'final /b']);
  });

  it('bounds hops, retries and their delays together with the total deadline, in virtual time', () => {
    const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    scheduler.run(({ expectObservable }) => {
      const { client, log } = serve(
        { '/busy': () => new Response(503, { headers: { 'Retry-After': '1' } }) },
        { scheduler, retry: 5, timeout: { total: 2500 } },
      );
      const outcome = client.get('/busy').pipe(catchError((error: Error) => of(error.name)));
      expectObservable(outcome).toBe('2500ms (t|)', { t: 'TotalTimeout' });
      scheduler.flush();
      expect(log).toEqual(['GET /busy', 'GET /busy', 'GET /busy']);
    });
  });
});

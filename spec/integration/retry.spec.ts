import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { lastValueFrom, type Observable, tap, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import {
  type HttpEvent,
  ReadError,
  RemoteProtocolError,
  type Response,
  type RetryEvent,
} from '../../src/index.ts';
import { trackedPerTest } from './support/tracked.ts';

const { serve, client } = trackedPerTest();

/** A handler that plays `steps` in turn, one per request, the last one again once they run out. */
function inTurn(...steps: ((req: IncomingMessage, res: ServerResponse) => void)[]) {
  let count = 0;
  return (req: IncomingMessage, res: ServerResponse) => steps[Math.min(count++, steps.length - 1)]!(req, res);
}

const answer =
  (status: number, body: string, headers: Record<string, string> = {}) =>
  (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(status, { 'Content-Type': 'text/plain', ...headers });
    res.end(body);
  };

const all = (events$: Observable<HttpEvent>) => lastValueFrom(events$.pipe(toArray()));
const retriesIn = (events: readonly HttpEvent[]) =>
  events.filter((event): event is RetryEvent => event.type === 'retry');
const attemptsIn = (events: readonly HttpEvent[]) =>
  events.flatMap((event) => (event.type === 'sent' ? [event.attempt] : []));
const finalOf = (events: readonly HttpEvent[]): Response => {
  const last = events.at(-1);
  if (last?.type !== 'response') throw new Error(`the last event is ${last?.type}, not a response`);
  return last.response;
};

/** The error an Observable fails with (the test fails if it completes instead). */
async function failure(source$: Observable<unknown>): Promise<unknown> {
  try {
    await lastValueFrom(source$);
  } catch (error) {
    return error;
  }
  throw new Error('expected the request to fail, but it succeeded');
}

describe('retry against a real server', () => {
  it('retries a 503 twice, then delivers the 200, on the connection the drained 503s gave back', async () => {
    const server = await serve(inTurn(answer(503, 'busy'), answer(503, 'still busy'), answer(200, 'done')));
    const c = client({ retry: { limit: 3, backoff: () => 1 } });
    const events = await all(c.events('GET', server.url));
    expect(server.requests).toHaveLength(3);
    expect(attemptsIn(events)).toEqual([1, 2, 3]);
    expect(finalOf(events).status).toBe(200);
    expect(finalOf(events).text).toBe('done');
    const retries = retriesIn(events);
    expect(retries.map((event) => [event.attempt, event.delay, event.response?.status])).toEqual([
      [2, 1, 503],
      [3, 1, 503],
    ]);
    expect(retries.map((event) => event.response?.isDiscarded)).toEqual([true, true]);
    expect(server.connections).toBe(1);
  });

  it('gives up after the limit and delivers the last response', async () => {
    const server = await serve(answer(503, 'down'));
    const c = client({ retry: { limit: 2, backoff: () => 0 } });
    const response = await lastValueFrom(c.get(server.url));
    expect(response.status).toBe(503);
    expect(response.text).toBe('down');
    expect(server.requests).toHaveLength(3);
  });

  it('honours Retry-After: 0 instead of the backoff', async () => {
    const server = await serve(inTurn(answer(503, 'later', { 'Retry-After': '0' }), answer(200, 'now')));
    const c = client({ retry: { backoff: () => 50, maxDelay: 50 } });
    const events = await all(c.events('GET', server.url));
    expect(retriesIn(events).map((event) => event.delay)).toEqual([0]);
    expect(finalOf(events).text).toBe('now');
  });

  it('honours a Retry-After date already past as no wait', async () => {
    const past = new Date(0).toUTCString();
    const server = await serve(inTurn(answer(429, 'slow down', { 'Retry-After': past }), answer(200, 'ok')));
    const c = client({ retry: { backoff: () => 50, maxDelay: 50 } });
    const events = await all(c.events('GET', server.url));
    expect(retriesIn(events).map((event) => event.delay)).toEqual([0]);
    expect(server.requests).toHaveLength(2);
  });

  it('caps a long Retry-After by maxDelay', async () => {
    const server = await serve(inTurn(answer(503, 'an hour', { 'Retry-After': '3600' }), answer(200, 'ok')));
    const c = client({ retry: { maxDelay: 5 } });
    const events = await all(c.events('GET', server.url));
    expect(retriesIn(events).map((event) => event.delay)).toEqual([5]);
    expect(finalOf(events).status).toBe(200);
  });

  it('retries when the server drops the connection before any response byte', async () => {
    const server = await serve(inTurn((req) => req.socket.destroy(), answer(200, 'back')));
    const c = client({ retry: { backoff: () => 1 } });
    const events = await all(c.events('GET', server.url));
    expect(server.requests).toHaveLength(2);
    const [retried] = retriesIn(events);
    expect(retried?.error).toBeInstanceOf(RemoteProtocolError);
    expect(retried?.attempt).toBe(2);
    expect(finalOf(events).text).toBe('back');
  });

  it('does not retry when the connection breaks after the headers', async () => {
    let sawHeaders: () => void = () => {};
    const seen = new Promise<void>((resolve) => {
      sawHeaders = resolve;
    });
    const server = await serve(
      inTurn(
        (_req, res) => {
          res.writeHead(200, { 'Content-Length': '1000' });
          res.write('x'.repeat(10));
          void seen.then(() => res.socket?.resetAndDestroy());
        },
        answer(200, 'never asked'),
      ),
    );
    const c = client({ retry: { backoff: () => 1 } });
    const events$ = c
      .events('GET', server.url)
      .pipe(tap((event) => event.type === 'headers' && sawHeaders()));
    expect(await failure(events$)).toBeInstanceOf(ReadError);
    expect(server.requests).toHaveLength(1);
  });

  it('does not re-send a POST, and delivers its 503', async () => {
    const server = await serve(inTurn(answer(503, 'busy'), answer(200, 'ok')));
    const c = client({ retry: 3 });
    const events = await all(c.events('POST', server.url, { content: 'order #1' }));
    expect(finalOf(events).status).toBe(503);
    expect(retriesIn(events)).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it('re-sends a POST when told to, and never a body that can be read only once', async () => {
    const server = await serve(inTurn(answer(503, 'busy'), answer(503, 'busy'), answer(200, 'ok')));
    const c = client({ retry: { methods: ['POST'], backoff: () => 1 } });
    const streamed = await lastValueFrom(
      c.post(server.url, { content: Readable.from([Buffer.from('once')]) }),
    );
    expect(streamed.status).toBe(503);
    expect(server.requests).toHaveLength(1);
    const events = await all(c.events('POST', server.url, { content: 'again' }));
    expect(finalOf(events).status).toBe(200);
    expect(attemptsIn(events)).toEqual([1, 2]);
    expect(server.requests).toHaveLength(3);
  });

  it('rejects an invalid retry option when the client is made', () => {
    expect(() => client({ retry: -1 })).toThrow(
      /retry must be a whole number of retries >= 0 or Infinity, not -1/,
    );
    expect(() => client({ retry: { methods: 'GET' as unknown as string[] } })).toThrow(TypeError);
  });
});

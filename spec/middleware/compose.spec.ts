import { from, lastValueFrom, map, Observable, of, tap, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import type { HttpEvent } from '../../src/events.ts';
import { compose } from '../../src/middleware/compose.ts';
import { Request } from '../../src/models/request.ts';
import { Response } from '../../src/models/response.ts';
import type { Middleware, Transport, TransportEvent } from '../../src/transports/transport.ts';

const wire = (...events: TransportEvent[]): Observable<TransportEvent> => from(events);

const request = new Request('GET', 'https://example.com/');

/** A transport answering every request with `events`, recording what it was handed. */
function fakeTransport(events: (request: Request) => Observable<TransportEvent>) {
  const log = { handled: [] as Request[], closes: 0 };
  const transport: Transport = {
    handle: (handled) => {
      log.handled.push(handled);
      return events(handled);
    },
    close: async () => {
      log.closes++;
    },
  };
  return { transport, log };
}

const answer = (handled: Request) => {
  const response = new Response(200, { request: handled });
  return wire({ type: 'connected' }, { type: 'response', response });
};

const recordingLayer =
  (name: string, order: string[]): Middleware =>
  (layerRequest, next) => {
    order.push(name);
    return next(layerRequest);
  };

describe('compose', () => {
  it('runs the middleware in the order given, outermost first, before the transport', async () => {
    const order: string[] = [];
    const { transport } = fakeTransport((handled) => {
      order.push('transport');
      return answer(handled);
    });
    const composed = compose(transport, recordingLayer('a', order), recordingLayer('b', order));
    await lastValueFrom(composed.handle(request));
    expect(order).toEqual(['a', 'b', 'transport']);
  });

  it('passes events back through the layers innermost first', async () => {
    const seenBy: string[] = [];
    const tagging =
      (name: string): Middleware =>
      (layerRequest, next) =>
        next(layerRequest).pipe(tap((event) => event.type === 'response' && seenBy.push(name)));
    const { transport } = fakeTransport(answer);
    await lastValueFrom(compose(transport, tagging('a'), tagging('b')).handle(request));
    expect(seenBy).toEqual(['b', 'a']);
  });

  it('composes a composed transport further, the new layers outside', async () => {
    const order: string[] = [];
    const { transport } = fakeTransport(answer);
    const inner = compose(transport, recordingLayer('inner', order));
    await lastValueFrom(compose(inner, recordingLayer('outer', order)).handle(request));
    expect(order).toEqual(['outer', 'inner']);
  });

  it('hands the transport the request a layer passed on', async () => {
    const rewritten = new Request('POST', 'https://example.com/rewritten');
    const { transport, log } = fakeTransport(answer);
    const events = await lastValueFrom(
      compose(transport, (_request, next) => next(rewritten))
        .handle(request)
        .pipe(toArray()),
    );
    expect(log.handled).toEqual([rewritten]);
    expect(events[0]).toEqual({ type: 'sent', request: rewritten, attempt: 1 });
  });

  it('lets a layer answer without calling the transport', async () => {
    const cached = new Response(203, { request });
    const { transport, log } = fakeTransport(answer);
    const cache: Middleware = () => of<HttpEvent>({ type: 'response', response: cached });
    const events = await lastValueFrom(compose(transport, cache).handle(request).pipe(toArray()));
    expect(events).toEqual([{ type: 'response', response: cached }]);
    expect(log.handled).toHaveLength(0);
  });

  describe('the result', () => {
    it('emits sent (attempt 1) in the frame of subscription, before the transport events', () => {
      const testScheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
      testScheduler.run(({ cold, expectObservable }) => {
        const response = new Response(200, { request });
        const values: Record<string, TransportEvent> = {
          s: { type: 'sent', request, attempt: 1 },
          c: { type: 'connected' },
          h: { type: 'headers', response },
          r: { type: 'response', response },
        };
        const { transport } = fakeTransport(() => cold('-c-h-r|', values));
        expectObservable(compose(transport).handle(request), '--^').toBe('--sc-h-r|', values);
      });
    });

    it('passes connected on, for the client to remove at its edge', async () => {
      const { transport } = fakeTransport(answer);
      const events = await lastValueFrom(compose(transport).handle(request).pipe(toArray()));
      expect(events.map((event) => event.type)).toEqual(['sent', 'connected', 'response']);
    });

    it('does not call the transport until subscribed', () => {
      const { transport, log } = fakeTransport(answer);
      const events$ = compose(transport).handle(request);
      expect(log.handled).toHaveLength(0);
      events$.subscribe();
      events$.subscribe();
      expect(log.handled).toHaveLength(2);
    });

    it('unsubscribes from the transport when unsubscribed', () => {
      let teardowns = 0;
      const { transport } = fakeTransport(
        () =>
          new Observable<TransportEvent>(() => () => {
            teardowns++;
          }),
      );
      const subscription = compose(transport, (layerRequest, next) => next(layerRequest))
        .handle(request)
        .subscribe();
      subscription.unsubscribe();
      expect(teardowns).toBe(1);
    });

    it('closes the transport it wraps', async () => {
      const { transport, log } = fakeTransport(answer);
      await compose(transport, recordingLayer('a', [])).close();
      expect(log.closes).toBe(1);
    });

    it("reports the wrapped transport's counts", () => {
      const { transport } = fakeTransport(answer);
      const counted: Transport = { ...transport, counts: () => ({ active: 4, idle: 1 }) };
      expect(compose(counted).counts?.()).toEqual({ active: 4, idle: 1 });
    });

    it('reports zero counts for a transport that keeps none', () => {
      const { transport } = fakeTransport(answer);
      expect(compose(transport).counts?.()).toEqual({ active: 0, idle: 0 });
    });

    it('delivers transport errors through the chain', async () => {
      const failure = new Error('transport failed');
      const { transport } = fakeTransport(
        () =>
          new Observable<TransportEvent>((subscriber) => {
            subscriber.error(failure);
          }),
      );
      const types: string[] = [];
      const events$ = compose(transport)
        .handle(request)
        .pipe(map((event) => types.push(event.type)));
      await expect(lastValueFrom(events$)).rejects.toBe(failure);
      expect(types).toEqual(['sent']);
    });
  });
});

import { lastValueFrom, type Observable, tap, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import type { HttpEvent } from '../../src/events.ts';
import { compose } from '../../src/middleware/compose.ts';
import { hooks } from '../../src/middleware/hooks.ts';
import { Request } from '../../src/models/request.ts';
import { Response } from '../../src/models/response.ts';
import { MockTransport } from '../../src/transports/mock.ts';
import type { Middleware } from '../../src/transports/transport.ts';

const request = new Request('GET', 'https://example.com/');

function scheduler() {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

function run(layer: Middleware, transport = new MockTransport(() => new Response(200, { text: 'ok' }))) {
  return compose(transport, layer).handle(request) as Observable<HttpEvent>;
}

const types = async (events: Observable<HttpEvent>) =>
  (await lastValueFrom(events.pipe(toArray()))).map((e) => e.type);

describe('hooks', () => {
  it('rejects hooks that are not lists of functions, naming the one at fault', () => {
    expect(() => hooks({ request: [() => undefined, 'log' as never] })).toThrow(
      new TypeError(`eventHooks.request[1] must be a function, not 'log'`),
    );
    expect(() => hooks({ response: (() => undefined) as never })).toThrow(
      new TypeError('eventHooks.response must be an array of functions, not a function'),
    );
    expect(() => hooks({ onResponse: [] } as never)).toThrow(
      new TypeError('Unknown eventHooks option "onResponse" (got an empty array): did you mean "response"?'),
    );
  });

  it('reads its own lists only', async () => {
    const inherited = Object.create({ request: [() => Promise.reject(new Error('inherited hook ran'))] });
    const via = compose(new MockTransport(() => new Response(200)), hooks(inherited as never));
    const events = await lastValueFrom(via.handle(request).pipe(toArray()));
    expect(events.at(-1)?.type).toBe('response');
  });

  it('calls the request hooks in order with the request, before it is sent', async () => {
    const calls: string[] = [];
    const transport = new MockTransport((sent) => {
      calls.push(`transport ${sent.headers.get('x-hooked')}`);
      return new Response(200);
    });
    const layer = hooks({
      request: [
        (seen) => {
          calls.push(`first ${seen.url.hostname}`);
          seen.headers.set('X-Hooked', 'yes');
        },
        () => calls.push('second'),
      ],
    });
    await lastValueFrom(run(layer, transport));
    expect(calls).toEqual(['first example.com', 'second', 'transport yes']);
  });

  it('waits for a request hook that returns a Promise', async () => {
    const calls: string[] = [];
    const layer = hooks({
      request: [
        async () => {
          await new Promise((resolve) => setImmediate(resolve));
          calls.push('hook done');
        },
      ],
    });
    const transport = new MockTransport(() => {
      calls.push('sent');
      return new Response(204);
    });
    await lastValueFrom(run(layer, transport));
    expect(calls).toEqual(['hook done', 'sent']);
  });

  it('waits for Observable hooks in virtual time, request and response alike', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const response = new Response(200, { request })._begin();
      const wire = cold('h-(r|)', {
        h: { type: 'headers', response } as HttpEvent,
        r: { type: 'response', response } as HttpEvent,
      });
      const layer = hooks({ request: [() => cold('---|')], response: [() => cold('--|')] });
      const events = run(layer, new MockTransport(() => wire));
      expectObservable(events).toBe('---s-(hr|)', {
        s: { type: 'sent', request, attempt: 1 },
        h: { type: 'headers', response },
        r: { type: 'response', response },
      });
    });
  });

  it('calls the response hooks with the response when its headers arrive, body unread', async () => {
    const seen: string[] = [];
    const layer = hooks({
      response: [(response) => seen.push(`${response.status} read=${response.isRead}`)],
    });
    const order = await types(run(layer).pipe(tap((event) => seen.push(event.type))));
    expect(seen.slice(0, 4)).toEqual(['sent', 'connected', '200 read=false', 'headers']);
    expect(order.at(-1)).toBe('response');
  });

  it('fails the request without sending it when a request hook throws', async () => {
    let sent = 0;
    const transport = new MockTransport(() => {
      sent++;
      return new Response(200);
    });
    const boom = new Error('no you do not');
    const layer = hooks({
      request: [
        () => {
          throw boom;
        },
      ],
    });
    await expect(lastValueFrom(run(layer, transport))).rejects.toBe(boom);
    expect(sent).toBe(0);
  });

  it('aborts the hop when a response hook fails, so the body is never read', () => {
    scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const response = new Response(500, { request })._begin();
      const wire = cold('h--c--(r|)', {
        h: { type: 'headers', response } as HttpEvent,
        c: { type: 'chunk', data: new Uint8Array([1]) } as HttpEvent,
        r: { type: 'response', response } as HttpEvent,
      });
      const boom = new Error('bad status');
      const layer = hooks({ response: [() => cold('-#', undefined, boom)] });
      expectObservable(run(layer, new MockTransport(() => wire))).toBe(
        's#',
        { s: { type: 'sent', request, attempt: 1 } },
        boom,
      );
      expectSubscriptions(wire.subscriptions).toBe('^!');
    });
  });
});

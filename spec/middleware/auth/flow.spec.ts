import { NEVER, type Observable, Subject } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { RequestNotRead, ResponseNotRead } from '../../../src/errors.ts';
import type { HttpEvent } from '../../../src/events.ts';
import { auth } from '../../../src/middleware/auth/auth.ts';
import type { Auth } from '../../../src/middleware/auth/types.ts';
import { compose } from '../../../src/middleware/compose.ts';
import { Request } from '../../../src/models/request.ts';
import { Response } from '../../../src/models/response.ts';
import type { Transport, TransportEvent } from '../../../src/transports/transport.ts';
import { get, throughAuth } from './support/through.ts';

const url = 'https://example.com/';
const tagged = (request: Request, step: string) => {
  const next = request.with({});
  next.headers.set('X-Step', step);
  return next;
};

/** Answers 401 until a request carries `X-Step: <pass>`. */
const gate = (pass: string) => (request: Request) =>
  request.headers.get('x-step') === pass
    ? new Response(200, { text: 'welcome', request })
    : new Response(401, { text: `refused ${request.headers.get('x-step')}`, request });

describe('the Auth generator protocol', () => {
  it('sends each request the flow yields and keeps only the last response as final', async () => {
    const flow: Auth = {
      *authFlow(request) {
        let response = yield tagged(request, '1');
        if (response.status === 401) response = yield tagged(request, '2');
        if (response.status === 401) yield tagged(request, '3');
      },
    };
    const { sent, send } = throughAuth(gate('3'), flow);
    const { events, response } = await send(get(url));
    expect(sent.map((request) => request.headers.get('x-step'))).toEqual(['1', '2', '3']);
    expect(events.map((event) => event.type)).toEqual([
      'sent',
      'sent',
      'sent',
      'headers',
      'download',
      'chunk',
      'response',
    ]);
    expect(response.status).toBe(200);
    expect(response.text).toBe('welcome');
    expect(response.history.map((answered) => [answered.status, answered.isDiscarded])).toEqual([
      [401, true],
      [401, true],
    ]);
  });

  it('hands the flow each response at its headers, body unread, unless it needs the body', async () => {
    const seen: boolean[] = [];
    const flow: Auth = {
      *authFlow(request) {
        const response = yield request;
        seen.push(response.isRead);
        expect(() => response.content).toThrow(ResponseNotRead);
      },
    };
    const { send } = throughAuth(() => new Response(200, { text: 'body' }), flow);
    const { response } = await send(get(url));
    expect(seen).toEqual([false]);
    expect(response.text).toBe('body');
  });

  it('reads each response body before the flow sees it when requiresResponseBody', async () => {
    const flow: Auth = {
      requiresResponseBody: true,
      *authFlow(request) {
        const response = yield request;
        const { retryWith } = response.json<{ retryWith?: string }>();
        if (retryWith) yield tagged(request, retryWith);
      },
    };
    const handler = (request: Request) =>
      request.headers.get('x-step') === 'token-7'
        ? new Response(200, { json: { ok: true }, request })
        : new Response(401, { json: { retryWith: 'token-7' }, request });
    const { sent, send } = throughAuth(handler, flow);
    const { events, response } = await send(get(url));
    expect(sent.map((request) => request.headers.get('x-step'))).toEqual([null, 'token-7']);
    expect(events.map((event) => event.type)).toEqual([
      'sent',
      'sent',
      'headers',
      'download',
      'chunk',
      'response',
    ]);
    expect(response.json()).toEqual({ ok: true });
    expect(response.history[0]!.json()).toEqual({ retryWith: 'token-7' });
  });

  it('reads a streamed request body into memory first when requiresRequestBody, and can send it twice', async () => {
    const lengths: number[] = [];
    const flow: Auth = {
      requiresRequestBody: true,
      *authFlow(request) {
        lengths.push(request.content.length);
        const response = yield tagged(request, new TextDecoder().decode(request.content));
        if (response.status === 401) yield tagged(request, 'again');
      },
    };
    const bodies: string[] = [];
    const { send } = throughAuth((request) => {
      bodies.push(new TextDecoder().decode(request.content));
      return gate('again')(request);
    }, flow);
    const streamed = new Request('POST', url, {
      content: (async function* () {
        yield new TextEncoder().encode('ab');
        yield new TextEncoder().encode('cd');
      })(),
    });
    const { response } = await send(streamed);
    expect(lengths).toEqual([4]);
    expect(bodies).toEqual(['abcd', 'abcd']);
    expect(response.status).toBe(200);
  });

  it('leaves a streamed body alone without requiresRequestBody: request.content throws', async () => {
    const flow: Auth = {
      *authFlow(request) {
        request.content;
        yield request;
      },
    };
    const { sent, send } = throughAuth(undefined, flow);
    const streamed = new Request('POST', url, { content: (async function* () {})() });
    await expect(send(streamed)).rejects.toThrow(RequestNotRead);
    expect(sent).toHaveLength(0);
  });

  it('fails the request when the flow throws, before or after a response', async () => {
    const before: Auth = {
      // biome-ignore lint/correctness/useYield: a flow that fails before its first request
      *authFlow() {
        throw new Error('no credentials');
      },
    };
    const after: Auth = {
      *authFlow(request) {
        yield request;
        throw new Error('bad challenge');
      },
    };
    const first = throughAuth(undefined, before);
    await expect(first.send(get(url))).rejects.toThrow('no credentials');
    expect(first.sent).toHaveLength(0);
    const second = throughAuth(undefined, after);
    await expect(second.send(get(url))).rejects.toThrow('bad challenge');
    expect(second.sent).toHaveLength(1);
  });

  it('fails with a TypeError when the flow yields no request, or something that is not one', async () => {
    const none: Auth = {
      *authFlow() {},
    };
    let junkEnded = false;
    const junk = {
      *authFlow() {
        try {
          yield 'GET /';
        } finally {
          junkEnded = true;
        }
      },
    } as unknown as Auth;
    await expect(throughAuth(undefined, none).send(get(url))).rejects.toThrow(TypeError);
    await expect(throughAuth(undefined, junk).send(get(url))).rejects.toThrow(TypeError);
    expect(junkEnded).toBe(true);
  });

  it('ends the flow (its finally runs) when the request is unsubscribed', () => {
    let ended = 0;
    const flow: Auth = {
      *authFlow(request) {
        try {
          yield request;
        } finally {
          ended++;
        }
      },
    };
    const { events } = throughAuth(() => NEVER as Observable<HttpEvent>, flow);
    const subscription = events(get(url)).subscribe();
    expect(ended).toBe(0);
    subscription.unsubscribe();
    expect(ended).toBe(1);
  });

  it('runs the flow anew for every subscription', async () => {
    let flows = 0;
    const flow: Auth = {
      *authFlow(request) {
        flows++;
        yield request;
      },
    };
    const { send } = throughAuth(undefined, flow);
    const request = get(url);
    await send(request);
    await send(request);
    expect(flows).toBe(2);
  });

  it('passes on events it does not know, in order', async () => {
    const wire = new Subject<TransportEvent>();
    const transport: Transport = { handle: () => wire, close: async () => {} };
    const flow: Auth = {
      *authFlow(request) {
        yield request;
      },
    };
    const seen: string[] = [];
    compose(transport, auth(flow))
      .handle(get(url))
      .subscribe((event) => seen.push(event.type));
    const response = new Response(200, { request: get(url) })._begin();
    wire.next({ type: 'connected' });
    wire.next({ type: 'upload', loaded: 1 });
    wire.next({ type: 'headers', response });
    wire.next({ type: 'retry', attempt: 2, delay: 0 });
    wire.next({ type: 'response', response });
    wire.complete();
    expect(seen).toEqual(['sent', 'connected', 'upload', 'headers', 'retry', 'response']);
  });
});

describe('the Auth flow in virtual time', () => {
  const testScheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  const request = get(url);
  const refused = new Response(401, { request })._begin();
  const accepted = new Response(200, { request })._begin();
  const retryOnce: Auth = {
    *authFlow(outgoing) {
      const response = yield outgoing;
      if (response.status === 401) yield outgoing;
    },
  };
  const values = {
    s: { type: 'sent', request, attempt: 1 },
    c: { type: 'connected' },
    h: { type: 'headers', response: accepted },
    d: { type: 'download', loaded: 2 },
    k: { type: 'chunk', data: new Uint8Array([1, 2]) },
    r: { type: 'response', response: accepted },
    H: { type: 'headers', response: refused },
    R: { type: 'response', response: refused },
  } as const;

  it('sends the next request when the answered hop ends; its response events never pass', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const hops = [cold('-c-H--R|', values), cold('-c-h-r|', values)];
      let next = 0;
      const transport: Transport = { handle: () => hops[next++]!, close: async () => {} };
      expectObservable(compose(transport, auth(retryOnce)).handle(request)).toBe('sc-----sc-h-r|', values);
      expectSubscriptions(hops[0]!.subscriptions).toBe('^------!');
      expectSubscriptions(hops[1]!.subscriptions).toBe('-------^-----!');
    });
  });

  it('holds a hop’s events from its headers to its end when the flow needs the body', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const hop = cold('-c-h-d-k-r|', values);
      const transport: Transport = { handle: () => hop, close: async () => {} };
      const reading: Auth = { requiresResponseBody: true, authFlow: retryOnce.authFlow };
      expectObservable(compose(transport, auth(reading)).handle(request)).toBe('sc--------(hdkr|)', values);
    });
  });

  it('unsubscribing during an answered hop aborts it and sends nothing more', () => {
    let handled = 0;
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const hop = cold('-c-H----R|', values);
      const transport: Transport = {
        handle: () => {
          handled++;
          return hop;
        },
        close: async () => {},
      };
      expectObservable(compose(transport, auth(retryOnce)).handle(request), '^----!').toBe('sc---', values);
      expectSubscriptions(hop.subscriptions).toBe('^----!');
    });
    expect(handled).toBe(1);
  });
});

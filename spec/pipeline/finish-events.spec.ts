import { asyncScheduler, from, lastValueFrom, map, type Observable, throwError, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { ReadError, ResponseNotRead } from '../../src/errors.ts';
import type { HttpEvent } from '../../src/events.ts';
import type { DefaultEncoding } from '../../src/models/charset.ts';
import { Request } from '../../src/models/request.ts';
import { Response } from '../../src/models/response.ts';
import { finishEvents } from '../../src/pipeline/finish-events.ts';
import type { TransportEvent } from '../../src/transports/transport.ts';

const wire = (...events: TransportEvent[]): Observable<TransportEvent> => from(events);

const request = new Request('GET', 'https://example.com/');
const bytes = (text: string) => new TextEncoder().encode(text);

/** A response as a transport makes it: headers known, body not yet received. */
const unread = (status = 200) => new Response(status, { request })._begin();

function finish(
  source: Observable<TransportEvent>,
  { buffer = true, defaultEncoding = 'utf-8' as DefaultEncoding } = {},
): Promise<HttpEvent[]> {
  return lastValueFrom(
    source.pipe(finishEvents({ buffer, scheduler: asyncScheduler, defaultEncoding, request }), toArray()),
  );
}

const last = (events: HttpEvent[]): Response => {
  const event = events.at(-1);
  if (event?.type !== 'response') throw new Error(`the last event is ${event?.type}`);
  return event.response;
};

describe('finishEvents', () => {
  describe('when buffering', () => {
    it('concatenates the chunks into the final response, in order', async () => {
      const response = unread();
      const events = await finish(
        wire(
          { type: 'headers', response },
          { type: 'chunk', data: bytes('hel') },
          { type: 'chunk', data: bytes('lo ') },
          { type: 'chunk', data: bytes('world') },
          { type: 'response', response },
        ),
      );
      expect(last(events).text).toBe('hello world');
    });

    it('still passes the chunk events on', async () => {
      const response = unread();
      const events = await finish(
        wire(
          { type: 'headers', response },
          { type: 'chunk', data: bytes('a') },
          { type: 'response', response },
        ),
      );
      expect(events.map((event) => event.type)).toEqual(['headers', 'chunk', 'response']);
    });

    it('gives an unread response with no chunks an empty body', async () => {
      const response = unread(204);
      await finish(wire({ type: 'headers', response }, { type: 'response', response }));
      expect(response.isRead).toBe(true);
      expect(response.content).toEqual(new Uint8Array(0));
    });

    it('keeps the content of a response already read when no chunks came', async () => {
      const response = new Response(200, { text: 'kept', request });
      await finish(wire({ type: 'response', response }));
      expect(response.text).toBe('kept');
    });

    it('keeps the content of a response already read when chunks of another response came', async () => {
      const transportResponse = unread();
      const replacement = new Response(200, { text: 'replacement', request });
      await finish(
        wire(
          { type: 'headers', response: transportResponse },
          { type: 'chunk', data: bytes('original') },
          { type: 'response', response: replacement },
        ),
      );
      expect(replacement.text).toBe('replacement');
    });

    it('starts a new body at each headers event, so a redirect hop body is not kept', async () => {
      const hop = unread(302);
      const final = unread(200);
      await finish(
        wire(
          { type: 'headers', response: hop },
          { type: 'chunk', data: bytes('moved') },
          { type: 'headers', response: final },
          { type: 'chunk', data: bytes('final') },
          { type: 'response', response: final },
        ),
      );
      expect(final.text).toBe('final');
    });
  });

  describe('when not buffering', () => {
    it('marks the final response streamed, its content unavailable', async () => {
      const response = unread();
      const events = await finish(
        wire(
          { type: 'headers', response },
          { type: 'chunk', data: bytes('abc') },
          { type: 'response', response },
        ),
        { buffer: false },
      );
      expect(response.isStreamed).toBe(true);
      expect(() => response.content).toThrow(ResponseNotRead);
      const chunk = events[1];
      expect(chunk?.type === 'chunk' && [...chunk.data]).toEqual([...bytes('abc')]);
    });

    it('keeps the body of a response a middleware already read', async () => {
      const response = new Response(200, { request, text: 'read by auth' });
      await finish(wire({ type: 'headers', response }, { type: 'response', response }), { buffer: false });
      expect(response.text).toBe('read by auth');
    });
  });

  it('drops connected and leaves the other events at their frames', () => {
    const testScheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    testScheduler.run(({ cold, expectObservable }) => {
      const response = unread();
      const source = cold<TransportEvent>('c-h-k-r|', {
        c: { type: 'connected' },
        h: { type: 'headers', response },
        k: { type: 'chunk', data: bytes('x') },
        r: { type: 'response', response },
      });
      const types = source.pipe(
        finishEvents({ buffer: true, scheduler: testScheduler, defaultEncoding: 'utf-8', request }),
        map((event) => (event.type === 'chunk' ? 'k' : event.type[0])),
      );
      expectObservable(types).toBe('--h-k-r|');
    });
  });

  it('drops every internal event (queued, connecting, connected, written), whatever its frame', () => {
    const testScheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    testScheduler.run(({ cold, expectObservable }) => {
      const response = unread();
      const source = cold<TransportEvent>('q-o-c-u-w-h-o-r|', {
        q: { type: 'queued' },
        o: { type: 'connecting' },
        c: { type: 'connected' },
        u: { type: 'upload', loaded: 1, total: 1 },
        w: { type: 'written' },
        h: { type: 'headers', response },
        r: { type: 'response', response },
      });
      const types = source.pipe(
        finishEvents({ buffer: true, scheduler: testScheduler, defaultEncoding: 'utf-8', request }),
        map((event) => event.type[0]),
      );
      expectObservable(types).toBe('------u---h---r|');
    });
  });

  it('stamps elapsed with the scheduler time from subscription to the response', () => {
    const testScheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    testScheduler.run(({ cold, expectObservable }) => {
      const response = unread();
      const source = cold<TransportEvent>('4ms h 7ms (r|)', {
        h: { type: 'headers', response },
        r: { type: 'response', response },
      });
      const elapsed = source.pipe(
        finishEvents({ buffer: true, scheduler: testScheduler, defaultEncoding: 'utf-8', request }),
        map((event) => (event.type === 'response' ? event.response.elapsed : -1)),
      );
      expectObservable(elapsed, '3ms ^').toBe('7ms a 7ms (b|)', { a: -1, b: 12 });
    });
  });

  it("gives the headers' and the final response the default encoding", async () => {
    const pick = () => 'windows-1252';
    const hop = unread(302);
    const response = unread();
    await finish(
      wire(
        { type: 'headers', response: hop },
        { type: 'headers', response },
        { type: 'chunk', data: new Uint8Array([0xe9]) },
        { type: 'response', response },
      ),
      { defaultEncoding: pick },
    );
    expect(hop.defaultEncoding).toBe(pick);
    expect(response.text).toBe('é');
  });

  it('gives the responses of redirect and retry events the default encoding', async () => {
    const hop = new Response(302, { request, content: new Uint8Array([0xe9]) });
    const failed = new Response(503, { request, content: new Uint8Array([0xe8]) });
    const response = unread();
    await finish(
      wire(
        { type: 'redirect', response: hop, request },
        { type: 'retry', attempt: 2, delay: 0, response: failed },
        { type: 'response', response },
      ),
      { defaultEncoding: 'windows-1252' },
    );
    expect(hop.text).toBe('é');
    expect(failed.text).toBe('è');
  });

  describe('errors', () => {
    it('puts the request on a request error raised without one', async () => {
      const error = await finish(throwError(() => new ReadError('reset'))).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ReadError);
      expect((error as ReadError).request).toBe(request);
    });

    it('keeps the request a request error already has', async () => {
      const other = new Request('GET', 'https://other.example/');
      const error = await finish(throwError(() => new ReadError('reset', other))).catch(
        (caught: unknown) => caught,
      );
      expect((error as ReadError).request).toBe(other);
    });

    it('passes other errors on as they are', async () => {
      const failure = new TypeError('not a request error');
      await expect(finish(throwError(() => failure))).rejects.toBe(failure);
      expect(failure).not.toHaveProperty('request');
    });
  });
});

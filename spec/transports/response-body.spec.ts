import { Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { utf8 } from '../../src/content/bytes.ts';
import { DELIVERIES, type Delivery } from '../../src/models/delivery.ts';
import { Headers } from '../../src/models/headers.ts';
import { Request } from '../../src/models/request.ts';
import type { Response } from '../../src/models/response.ts';
import { ResponseBody, type ResponseHead } from '../../src/transports/response-body.ts';
import type { TransportEvent } from '../../src/transports/transport.ts';

const URL_ = 'https://example.com/body';
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** A request carrying `delivery`, or none at all. */
function requestFor(delivery: Delivery | undefined): Request {
  return new Request('GET', URL_, delivery === undefined ? {} : { extensions: { delivery } });
}

const head = (): ResponseHead => ({ status: 200, headers: new Headers({ 'content-type': 'text/plain' }) });

/** What a recording subscriber saw of one ResponseBody driven by `script`. */
interface Played {
  events: TransportEvent[];
  completed: boolean;
  errors: unknown[];
  body: ResponseBody;
}

function play(
  request: Request,
  script: (body: ResponseBody) => void,
  options: { head?: ResponseHead; total?: number } = {},
): Played {
  let body: ResponseBody | undefined;
  const played = { events: [] as TransportEvent[], completed: false, errors: [] as unknown[] };
  new Observable<TransportEvent>((subscriber) => {
    body = new ResponseBody(subscriber, request, options.head ?? head(), options.total);
    script(body);
  }).subscribe({
    next: (event) => played.events.push(event),
    error: (error: unknown) => played.errors.push(error),
    complete: () => {
      played.completed = true;
    },
  });
  return { ...played, body: body! };
}

/**
 * A body of 12 wire bytes decoded to 'hello, world' in three pieces: the first 7 wire bytes give
 * two decoded pieces (as a decoder may), the last 5 give one.
 */
function body12(body: ResponseBody): void {
  body.begin();
  body.received(7);
  body.data(utf8('hello'));
  body.data(utf8(', '));
  body.received(5);
  body.data(utf8('world'));
  body.end();
}

const chunk = (data: string) => ({ type: 'chunk', data: utf8(data) });
const download = (loaded: number, total: number | undefined) =>
  total === undefined ? { type: 'download', loaded } : { type: 'download', loaded, total };

/** The events a progress-watching delivery sees (every event, the body as chunks). */
const progressEvents = (response: Response, total: number | undefined) => [
  { type: 'headers', response },
  download(7, total),
  chunk('hello'),
  chunk(', '),
  download(12, total),
  chunk('world'),
  { type: 'response', response },
];

const cases: {
  name: string;
  delivery: Delivery | undefined;
  expected: (response: Response, total: number | undefined) => unknown[];
  read: boolean;
}[] = [
  { name: 'no delivery (every event)', delivery: undefined, expected: progressEvents, read: false },
  { name: 'stream (stream, progress)', delivery: DELIVERIES.stream, expected: progressEvents, read: false },
  { name: 'events (buffer, progress)', delivery: DELIVERIES.events, expected: progressEvents, read: false },
  {
    name: 'unreadResponse (stream, no progress)',
    delivery: DELIVERIES.unreadResponse,
    expected: (response) => [
      { type: 'headers', response },
      { type: 'received' },
      chunk('hello'),
      chunk(', '),
      { type: 'received' },
      chunk('world'),
      { type: 'response', response },
    ],
    read: false,
  },
  {
    name: 'response (buffer, no progress)',
    delivery: DELIVERIES.response,
    expected: (response) => [
      { type: 'headers', response },
      { type: 'received' },
      { type: 'received' },
      { type: 'response', response },
    ],
    read: true,
  },
];

describe('ResponseBody', () => {
  for (const { name, delivery, expected, read } of cases) {
    describe(`with ${name}`, () => {
      for (const total of [12, undefined]) {
        it(`emits exactly what the delivery asks for, ${total === undefined ? 'no total declared' : 'a total declared'}`, () => {
          const { events, completed, errors, body } = play(requestFor(delivery), body12, { total });
          const { response } = body;
          expect(events).toEqual(expected(response, total));
          expect(errors).toEqual([]);
          expect(completed).toBe(true);
          expect(response.numBytesDownloaded).toBe(12);
          // The very same Response in headers and in response.
          const heads = events.filter((event) => event.type === 'headers' || event.type === 'response');
          for (const event of heads) expect((event as { response: Response }).response).toBe(response);
          if (read) {
            expect(response.isRead).toBe(true);
            expect(text(response.content)).toBe('hello, world');
          } else {
            // Left to the consumer of the chunks (the client's edge keeps them, or marks it streamed).
            expect(response.isRead).toBe(false);
            expect(response.isStreamed).toBe(false);
            expect(response.isDiscarded).toBe(false);
          }
        });
      }

      it('emits headers, then response, for an empty body', () => {
        const { events, completed, body } = play(requestFor(delivery), (b) => {
          b.begin();
          b.end();
        });
        expect(events).toEqual([
          { type: 'headers', response: body.response },
          { type: 'response', response: body.response },
        ]);
        expect(completed).toBe(true);
        expect(body.response.numBytesDownloaded).toBe(0);
        expect(body.response.isRead).toBe(read);
        if (read) expect(body.response.content.byteLength).toBe(0);
      });

      it('neither keeps nor emits a body discarded after begin(), but still counts it in download events', () => {
        const { events, completed, body } = play(
          requestFor(delivery),
          (b) => {
            b.begin();
            b.response._discard();
            b.received(7);
            b.data(utf8('hello'));
            b.received(5);
            b.data(utf8('world'));
            b.end();
          },
          { total: 12 },
        );
        const { response } = body;
        expect(events).toEqual([
          { type: 'headers', response },
          { type: 'download', loaded: 7, total: 12 },
          { type: 'download', loaded: 12, total: 12 },
          { type: 'response', response },
        ]);
        expect(completed).toBe(true);
        expect(response.numBytesDownloaded).toBe(12);
        expect(response.isDiscarded).toBe(true);
        expect(response.isRead).toBe(false);
      });
    });
  }

  it('emits no chunk nor keeps anything before begin(): the response is unread at construction', () => {
    const { body } = play(requestFor(DELIVERIES.response), () => {});
    expect(body.response.isRead).toBe(false);
    expect(body.response.numBytesDownloaded).toBe(0);
  });

  it('keeps a one-piece body as that very piece', () => {
    const piece = utf8('whole');
    const { body } = play(requestFor(DELIVERIES.response), (b) => {
      b.begin();
      b.received(5);
      b.data(piece);
      b.end();
    });
    expect(body.response.content).toBe(piece);
  });

  it('counts wire bytes, not decoded ones', () => {
    const { events, body } = play(requestFor(DELIVERIES.events), (b) => {
      b.begin();
      b.received(3);
      b.data(utf8('a much longer decoded piece'));
      b.end();
    });
    expect(body.response.numBytesDownloaded).toBe(3);
    expect(events[1]).toEqual({ type: 'download', loaded: 3 });
  });

  describe('the head', () => {
    it('names the request sent, and takes the defaults of a Response', () => {
      const request = requestFor(DELIVERIES.response);
      const { body } = play(request, (b) => b.begin());
      const { response } = body;
      expect(response.request).toBe(request);
      expect(response.status).toBe(200);
      expect(response.reasonPhrase).toBe('OK');
      expect(response.httpVersion).toBe('HTTP/1.1');
      expect(response.extensions).toEqual({});
      expect(response.headers.get('content-type')).toBe('text/plain');
    });

    it('names the request the head gives instead of the one sent', () => {
      const sent = requestFor(DELIVERIES.response);
      const named = new Request('GET', 'https://other.example/named');
      const { body } = play(sent, body12, { head: { ...head(), request: named } });
      expect(body.response.request).toBe(named);
      expect(body.response.url.href).toBe('https://other.example/named');
      // The delivery is still the one of the request sent: the body is kept.
      expect(text(body.response.content)).toBe('hello, world');
    });

    it('takes the status line and extensions the head gives', () => {
      const { body } = play(requestFor(undefined), (b) => b.begin(), {
        head: {
          status: 299,
          headers: new Headers(),
          reasonPhrase: 'Fine',
          httpVersion: 'HTTP/1.0',
          extensions: { origin: 'test' },
        },
      });
      const { response } = body;
      expect([response.status, response.reasonPhrase, response.httpVersion]).toEqual([
        299,
        'Fine',
        'HTTP/1.0',
      ]);
      expect(response.extensions).toEqual({ origin: 'test' });
    });

    it("copies the head's headers and extensions unless the head says they are the response's own", () => {
      const shared = new Headers([['X-Answer', '1']]);
      const extensions = { origin: 'test' };
      const copied = play(requestFor(undefined), (b) => b.begin(), {
        head: { status: 200, headers: shared, extensions },
      }).body.response;
      expect(copied.headers).not.toBe(shared);
      expect(copied.headers.get('x-answer')).toBe('1');
      expect(copied.extensions).not.toBe(extensions);
      const own = new Headers([['X-Answer', '2']]);
      const kept = play(requestFor(undefined), (b) => b.begin(), {
        head: { status: 200, headers: own, ownHeaders: true },
      }).body.response;
      expect(kept.headers).toBe(own);
    });

    it('gives an empty status text the standard phrase, and leaves the body unread until it ends', () => {
      const { body } = play(requestFor(undefined), (b) => b.begin(), {
        head: { status: 404, headers: new Headers(), reasonPhrase: '' },
      });
      expect(body.response.reasonPhrase).toBe('Not Found');
      expect(body.response.isRead).toBe(false);
    });
  });
});

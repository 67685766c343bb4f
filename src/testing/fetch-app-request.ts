import type { RequestContent } from '../content/content.ts';
import { LocalProtocolError } from '../errors.ts';
import type { Request } from '../models/request.ts';
import { urlForMessage } from '../models/url.ts';

/** What the request body tells as the app takes it in. */
export interface UploadWatcher {
  /** `bytes` more of the body were handed to the app's request stream. */
  uploaded(bytes: number): void;
  /** All of it: the stream is closed. */
  written(): void;
  /** The body could not be read (e.g. `StreamConsumed`): the request fails with that error. */
  failed(error: unknown): void;
}

/** The pieces a body is handed over in, and the app's request stream's buffer (a socket's, roughly). */
const SLICE = 64 * 1024;

/**
 * A request body as a stream the app pulls: a piece is read from the httprx body only when
 * the stream's buffer (64 KiB, as a socket would hold) has room, so `upload` progress follows
 * the app reading it. Unread at the end (the app answered without reading it all), it is let
 * go with `release()`, which closes the body's source (a one-shot stream is then spent).
 */
export class UploadStream {
  readonly stream: ReadableStream<Uint8Array>;
  #source: AsyncIterator<Uint8Array> | undefined;
  #done = false;

  constructor(content: RequestContent, watcher: UploadWatcher) {
    const strategy = new ByteLengthQueuingStrategy({ highWaterMark: SLICE });
    this.stream = new ReadableStream<Uint8Array>(
      {
        pull: async (controller) => {
          try {
            this.#source ??= slices(content)[Symbol.asyncIterator]();
            const { done, value } = await this.#source.next();
            if (this.#done) return;
            if (done) {
              this.#done = true;
              controller.close();
              watcher.written();
              return;
            }
            controller.enqueue(value);
            watcher.uploaded(value.byteLength);
          } catch (error) {
            this.#done = true;
            controller.error(error);
            watcher.failed(error);
          }
        },
        cancel: () => this.release(),
      },
      strategy as QueuingStrategy<Uint8Array>,
    );
  }

  /** Stops reading the body's source, if it is still open. */
  release(): void {
    if (this.#done) return;
    this.#done = true;
    this.#source?.return?.().catch(() => {});
  }
}

async function* slices(content: RequestContent): AsyncGenerator<Uint8Array> {
  const source = content.bytes === undefined ? content.stream() : [content.bytes];
  for await (const chunk of source) {
    for (let at = 0; at < chunk.length; at += SLICE) yield chunk.subarray(at, at + SLICE);
  }
}

let streamsKnown: boolean | undefined;

/**
 * Whether this platform's fetch `Request` takes a `ReadableStream` body (`duplex: 'half'`):
 * Node and Chromium do; where it does not, the body is read whole before the app is called.
 * The test is the one the Fetch standard's authors suggest: the `duplex` option is read, and
 * a stream is not taken for text (which would add a `Content-Type`).
 */
export function requestStreams(): boolean {
  if (streamsKnown !== undefined) return streamsKnown;
  let duplexRead = false;
  try {
    const probe = new globalThis.Request('http://probe.invalid/', {
      method: 'POST',
      body: new ReadableStream(),
      get duplex() {
        duplexRead = true;
        return 'half';
      },
    } as RequestInit);
    streamsKnown = duplexRead && !probe.headers.has('content-type');
  } catch {
    streamsKnown = false;
  }
  return streamsKnown;
}

/**
 * The body read whole, for a platform whose `Request` cannot take a stream: progress is told
 * as it is read, before the app is called.
 */
export async function wholeBody(content: RequestContent, watcher: UploadWatcher): Promise<Blob> {
  const parts: Uint8Array<ArrayBuffer>[] = [];
  for await (const chunk of slices(content)) {
    parts.push(chunk as Uint8Array<ArrayBuffer>);
    watcher.uploaded(chunk.byteLength);
  }
  watcher.written();
  return new Blob(parts);
}

/**
 * The fetch `Request` a fetch app is called with: `url` (the root path taken off), the method,
 * every header as sent (a browser leaves out those a page may not set, `Host` among them),
 * the body, and the signal that aborts when the client gives up.
 */
export function fetchAppRequest(
  request: Request,
  url: string,
  body: ReadableStream<Uint8Array> | Blob | null,
  signal: AbortSignal,
): globalThis.Request {
  if (body !== null && (request.method === 'GET' || request.method === 'HEAD'))
    throw new LocalProtocolError(
      `${request.method} ${urlForMessage(request.url)}: a fetch app cannot be given a ${request.method} request with a body (fetch's Request takes none); send it with POST, or drop the body`,
      request,
    );
  const headers = new globalThis.Headers();
  for (const [name, value] of request.headers) headers.append(name, value);
  const init: RequestInit & { duplex?: 'half' } = { method: request.method, headers, signal };
  if (body !== null) {
    init.body = body;
    if (body instanceof ReadableStream) init.duplex = 'half';
  }
  return new globalThis.Request(url, init);
}

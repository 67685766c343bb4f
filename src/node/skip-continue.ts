import type { Socket } from 'node:net';

/**
 * undici's HTTP/1.1 parser destroys the socket on any `100 Continue` ("bad response"): it never
 * sends `Expect: 100-continue`, so it takes one for a broken server. RFC 9110 §15.2 says a
 * client must parse 1xx responses it did not ask for and may ignore them, as undici already
 * does with 102 and 103. So each socket's input is filtered between the moment a request head
 * is written and the status line of its final response: every complete `100` head is dropped
 * before undici reads it, and all else passes as it came.
 *
 * That needs no parsing of message framing: a 1xx response has no body, so between a request
 * and its final response the input is nothing but heads, each ending with an empty line. Once
 * the final status line is seen, bytes pass untouched (a check of one flag) until the next
 * request head is written: undici sends one request at a time on a connection.
 *
 * `onRead` hears of every read that returned bytes, before they go to undici.
 */
export function skipUnsolicitedContinue(socket: Socket, onRead?: (socket: Socket) => void): void {
  const filter = new InterimFilter();
  const write = socket.write as (
    this: Socket,
    chunk: unknown,
    encoding?: unknown,
    callback?: unknown,
  ) => boolean;
  socket.write = function (this: Socket, chunk: unknown, encoding?: unknown, callback?: unknown) {
    // undici writes a request head as one string; its other strings (chunked framing) start
    // with CR, and bodies go as bytes.
    if (!filter.awaiting && typeof chunk === 'string' && chunk.charCodeAt(0) !== 0x0d) filter.awaiting = true;
    // Passed on as named (missing ones as undefined, which write() takes for absent): no
    // arguments object is made for each write.
    return write.call(this, chunk, encoding, callback);
  } as Socket['write'];
  const read = socket.read;
  socket.read = function (this: Socket, size?: number) {
    const chunk: unknown = read.call(this, size);
    if (chunk === null) return chunk;
    onRead?.(this);
    return filter.awaiting && chunk instanceof Uint8Array ? filter.pass(chunk) : chunk;
  } as Socket['read'];
}

/** The end of a head: its empty line (a bare LF is tolerated, as parsers do). */
const HEAD_END = /\r?\n\r?\n/;
/** A head that has not ended by then is passed on for undici to judge (its own limit is 16 KiB). */
const MAX_HEAD = 16 * 1024;
/** `HTTP/1.x 1dd` and the byte after it: what tells a 100 from any other response. */
const STATUS_LENGTH = 13;

type Kind = 'continue' | 'interim' | 'final' | 'partial';

/**
 * What the head at `at` is: a 100 (`continue`), another 1xx (`interim`), a final response or
 * anything unrecognised (`final`: passed on as it is), or too short to tell (`partial`).
 */
function kindAt(input: Buffer, at: number): Kind {
  const expected = 'HTTP/1.';
  const available = Math.min(input.length - at, STATUS_LENGTH);
  for (let i = 0; i < available; i++) {
    const byte = input[at + i]!;
    const fits =
      i < 7
        ? byte === expected.charCodeAt(i)
        : i === 7
          ? byte === 0x30 || byte === 0x31
          : i === 8
            ? byte === 0x20
            : i === 9
              ? byte === 0x31 // a 1xx status
              : i < 12
                ? byte >= 0x30 && byte <= 0x39
                : byte === 0x20 || byte === 0x0d || byte === 0x0a;
    if (!fits) return 'final';
  }
  if (available < STATUS_LENGTH) return 'partial';
  return input[at + 10] === 0x30 && input[at + 11] === 0x30 ? 'continue' : 'interim';
}

/** The filter of one socket: what it holds of a head not yet complete, and whether it is on. */
export class InterimFilter {
  /** A request head was written and its final status line has not been read yet. */
  awaiting = false;
  #held: Buffer | null = null;

  /** The bytes undici should see of `chunk`, or `null` when there are none yet. */
  pass(chunk: Uint8Array): Uint8Array | null {
    // The usual case, a final status at once (`HTTP/1.1 2…`: no 1 at index 9): no work at all.
    if (this.#held === null && chunk.length > 9 && chunk[9] !== 0x31) {
      this.awaiting = false;
      return chunk;
    }
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    const input = this.#held === null ? bytes : Buffer.concat([this.#held, bytes]);
    this.#held = null;
    const out: Buffer[] = [];
    let at = 0;
    while (at < input.length) {
      const kind = kindAt(input, at);
      if (kind === 'final') {
        this.awaiting = false;
        out.push(input.subarray(at));
        break;
      }
      const end = kind === 'partial' ? null : HEAD_END.exec(input.toString('latin1', at, at + MAX_HEAD + 4));
      if (end === null) {
        if (input.length - at <= MAX_HEAD) this.#held = input.subarray(at);
        else {
          this.awaiting = false;
          out.push(input.subarray(at));
        }
        break;
      }
      const next = at + end.index + end[0].length;
      if (kind === 'interim') out.push(input.subarray(at, next));
      at = next;
    }
    if (out.length === 0) return null;
    return out.length === 1 ? out[0]! : Buffer.concat(out);
  }
}

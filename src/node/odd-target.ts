import type { Socket } from 'node:net';

/**
 * undici only sends request targets that start with `/` (or absolute URLs). A target such as
 * `*` (for `OPTIONS *`) travels through it under a placeholder path, on a separate, lazily
 * made agent whose sockets put the real target back into the request line as it is written.
 * Ordinary requests never touch that agent, so the hot path pays nothing for it.
 */
const PLACEHOLDER = '/.httprx-target/';

/** True when undici cannot send `target` as it is. */
export function isOddTarget(target: string): boolean {
  return !target.startsWith('/') && !/^https?:\/\//i.test(target);
}

/** The path undici is given for an odd target. */
export function placeholderPath(target: string): string {
  return PLACEHOLDER + encodeURIComponent(target);
}

/** Wraps `socket.write` so that a placeholder request target is put back to the real one. */
export function restoreTargets(socket: Socket): void {
  const write = socket.write;
  socket.write = function (this: Socket, chunk: unknown, ...rest: unknown[]) {
    if (typeof chunk === 'string') {
      const at = chunk.indexOf(` ${PLACEHOLDER}`);
      const end = at === -1 ? -1 : chunk.indexOf(' ', at + 1);
      if (at !== -1 && end !== -1 && at < chunk.indexOf('\r\n')) {
        const target = decodeURIComponent(chunk.slice(at + 1 + PLACEHOLDER.length, end));
        chunk = `${chunk.slice(0, at + 1)}${target}${chunk.slice(end)}`;
      }
    }
    return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
  } as Socket['write'];
}

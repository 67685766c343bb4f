import type { Socket } from 'node:net';
import { Agent, buildConnector } from 'undici';

/**
 * undici only sends request targets that start with `/` (or absolute URLs). A target such as
 * `*` (for `OPTIONS *`) travels through it under a placeholder path, and the sockets of a
 * separate, lazily made agent put the real target back into the request line as it is
 * written. Ordinary requests never touch this agent, so the hot path pays nothing for it.
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

function restoreTarget(socket: Socket): void {
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

/** An agent whose sockets rewrite placeholder request targets. */
export function oddTargetAgent(options: Agent.Options, tls: buildConnector.BuildOptions): Agent {
  const connect = buildConnector(tls);
  return new Agent({
    ...options,
    connect: (opts, callback) =>
      connect(opts, (error, socket) => {
        if (error || !socket) return callback(error ?? new Error('No socket'), null);
        restoreTarget(socket as Socket);
        callback(null, socket);
      }),
  });
}

import type { Socket } from 'node:net';
import type { HttpVersion } from '../models/response-init.ts';

/** Open connections by the protocol they speak. */
interface Open {
  h1: number;
  h2: number;
}

/**
 * The protocol each origin's open connections speak, as ALPN settled it (`socket.alpnProtocol`,
 * which the connector sees for every socket): undici does not tell a request's handler which
 * protocol carried it. Under h2 undici multiplexes an origin's requests over one connection, so
 * an origin whose open connections all speak one protocol answers in it. When they disagree
 * (a server that chose h2 on one connection and http/1.1 on another) the origin says nothing,
 * and the response itself has to tell.
 */
export class OriginProtocols {
  readonly #open = new Map<string, Open>();

  /** A connection to `origin` is open: counted by its protocol until it closes. */
  opened(origin: string, socket: Socket): void {
    const key = (socket as { alpnProtocol?: unknown }).alpnProtocol === 'h2' ? 'h2' : 'h1';
    const open = this.#open.get(origin) ?? { h1: 0, h2: 0 };
    this.#open.set(origin, open);
    open[key]++;
    socket.once('close', () => {
      open[key]--;
      if (open.h1 === 0 && open.h2 === 0 && this.#open.get(origin) === open) this.#open.delete(origin);
    });
  }

  /** The version `origin`'s open connections all speak, or undefined when none is open or they differ. */
  of(origin: string): HttpVersion | undefined {
    const open = this.#open.get(origin);
    if (open === undefined || (open.h1 > 0 && open.h2 > 0)) return undefined;
    return open.h2 > 0 ? 'HTTP/2' : 'HTTP/1.1';
  }
}

import { isIP, type Socket } from 'node:net';
import { type Duplex, duplexPair } from 'node:stream';

/** What the app's end of an in-memory connection says of the client. */
export interface AppPeer {
  readonly remoteAddr: string;
  /** The request's URL is https: the app sees an encrypted connection (Express's `req.secure`). */
  readonly encrypted: boolean;
}

/**
 * Two ends of an in-memory connection (`stream.duplexPair()`): what the client writes the app
 * reads, with backpressure, and destroying one end destroys the other. The app's end passes
 * for a socket: `remoteAddress` and `remoteFamily` as `peer` says, `encrypted` for https, and
 * the socket methods a server or an app calls (`setTimeout`, `setNoDelay`, `setKeepAlive`,
 * `ref`, `unref`), which do nothing here: no timer runs for it.
 */
export function appSocketPair(peer: AppPeer): { client: Socket; app: Duplex } {
  const [client, app] = duplexPair();
  const family = isIP(peer.remoteAddr);
  const fields: PropertyDescriptorMap = {
    remoteAddress: { value: peer.remoteAddr, enumerable: true },
    remoteFamily: { value: family === 6 ? 'IPv6' : family === 4 ? 'IPv4' : undefined, enumerable: true },
    setTimeout: {
      value(this: Duplex, _ms: number, callback?: () => void) {
        if (callback) this.once('timeout', callback);
        return this;
      },
    },
    setNoDelay: { value: returnThis },
    setKeepAlive: { value: returnThis },
    ref: { value: returnThis },
    unref: { value: returnThis },
  };
  if (peer.encrypted) fields.encrypted = { value: true, enumerable: true };
  Object.defineProperties(app, fields);
  // undici drives its end as a socket of its own kind; a Duplex does what it needs.
  return { client: client as unknown as Socket, app };
}

function returnThis<T>(this: T): T {
  return this;
}

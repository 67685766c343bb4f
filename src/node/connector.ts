import type { Socket } from 'node:net';
import { buildConnector } from 'undici';
import type { PoolTls } from './tls.ts';

/** undici's connector as it really is: it returns the socket it is opening. */
type Opener = (options: buildConnector.Options, callback: buildConnector.Callback) => unknown;

/**
 * undici's own connector (TCP, or TLS with the pool's one secure context), with `onSocket`
 * called for every new connection: the pool counts connections, and the odd-target agent
 * rewrites request lines. The TLS connector is made when the first https connection is.
 */
export function watchedConnector(
  tls: PoolTls,
  options: buildConnector.BuildOptions,
  onSocket: (socket: Socket) => void,
): buildConnector.connector {
  const plain = buildConnector(options);
  let secure: buildConnector.connector | undefined;
  return (target, callback) => {
    let connect = plain;
    if (target.protocol === 'https:') {
      try {
        secure ??= buildConnector({ ...options, ...tls.connect, secureContext: tls.context() });
      } catch (error) {
        return callback(error as Error, null);
      }
      connect = secure;
    }
    // The socket being opened is returned, as undici's connector does: ConnectAttempts needs it.
    return (connect as Opener)(target, (error, socket) => {
      if (error || !socket) return callback(error ?? new Error('The connector gave no socket'), null);
      onSocket(socket as Socket);
      callback(null, socket);
    });
  };
}

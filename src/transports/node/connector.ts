import type { Socket } from 'node:net';
import { buildConnector } from 'undici';

/**
 * undici's own connector (TCP, TLS with the given options), with `onSocket` called for every
 * new connection: the pool counts connections, and the odd-target agent rewrites request lines.
 */
export function watchedConnector(
  tls: buildConnector.BuildOptions,
  onSocket: (socket: Socket) => void,
): buildConnector.connector {
  const connect = buildConnector(tls);
  return (options, callback) =>
    connect(options, (error, socket) => {
      if (error || !socket) return callback(error ?? new Error('The connector gave no socket'), null);
      onSocket(socket as Socket);
      callback(null, socket);
    });
}

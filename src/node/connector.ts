import type { Socket } from 'node:net';
import { buildConnector } from 'undici';
import { alpnOptions, type HttpVersions, notH2, requiresH2 } from './http-versions.ts';
import type { PoolTls } from './tls.ts';

/** undici's connector as it really is: it returns the socket it is opening. */
type Opener = (options: buildConnector.Options, callback: buildConnector.Callback) => unknown;

/**
 * undici's own connector (TCP, or TLS with the pool's one secure context), with `onSocket`
 * called for every new connection: the pool counts connections, and the odd-target agent
 * rewrites request lines. The TLS connector is made when the first https connection is; it
 * offers h2 by ALPN only when `versions.http2`, and when HTTP/2 is required (`http1: false`) a
 * TLS connection on which the server did not choose h2 is closed and fails its requests.
 */
export function watchedConnector(
  tls: PoolTls,
  options: buildConnector.BuildOptions,
  versions: HttpVersions,
  onSocket: (socket: Socket) => void,
): buildConnector.connector {
  const plain = buildConnector(options);
  let secure: buildConnector.connector | undefined;
  return (target, callback) => {
    let connect = plain;
    if (target.protocol === 'https:') {
      try {
        secure ??= buildConnector({
          ...options,
          ...tls.connect,
          ...alpnOptions(versions),
          secureContext: tls.context(),
        });
      } catch (error) {
        return callback(error as Error, null);
      }
      connect = secure;
    }
    // The socket being opened is returned, as undici's connector does: ConnectAttempts needs it.
    return (connect as Opener)(target, (error, socket) => {
      if (error || !socket) return callback(error ?? new Error('The connector gave no socket'), null);
      const alpn = (socket as { alpnProtocol?: string | false }).alpnProtocol;
      if (target.protocol === 'https:' && requiresH2(versions) && alpn !== 'h2') {
        socket.destroy();
        return callback(notH2(`https://${target.host ?? target.hostname}`, alpn), null);
      }
      onSocket(socket as Socket);
      callback(null, socket);
    });
  };
}

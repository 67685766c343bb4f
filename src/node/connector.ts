import type { Socket } from 'node:net';
import { buildConnector } from 'undici';
import { alpnOptions, type HttpVersions, notH2, requiresH2 } from './http-versions.ts';
import type { ProxySettings } from './proxy.ts';
import { type Opener, proxyOpener } from './proxy-connector.ts';
import type { PoolTls } from './tls.ts';

/**
 * undici's own connector (TCP, or TLS with the pool's one secure context), with `onSocket`
 * called for every new connection: the pool counts connections, and the odd-target agent
 * rewrites request lines. The TLS connector is made when the first https connection is; it
 * offers h2 by ALPN only when `versions.http2`, and when HTTP/2 is required (`http1: false`) a
 * TLS connection on which the server did not choose h2 is closed and fails its requests. With
 * a `proxy`, connections go through it (see proxyOpener); TLS to the proxy is checked with the
 * same settings as TLS to targets, and offers HTTP/1.1 only.
 */
export function watchedConnector(
  tls: PoolTls,
  options: buildConnector.BuildOptions,
  versions: HttpVersions,
  onSocket: (socket: Socket) => void,
  proxy?: ProxySettings,
): buildConnector.connector {
  const plain = buildConnector(options);
  const secure = lazySecure(tls, { ...options, ...alpnOptions(versions) });
  let open: Opener = (target, callback) => (target.protocol === 'https:' ? secure : plain)(target, callback);
  if (proxy !== undefined) {
    const toProxy = lazySecure(tls, { ...options, allowH2: false });
    const direct: Opener = (target, callback) =>
      (target.protocol === 'https:' ? toProxy : plain)(target, callback);
    open = proxyOpener(proxy, direct, secure);
  }
  // The socket being opened is returned, as undici's connector does: ConnectAttempts needs it.
  return (target, callback) =>
    open(target, (error, socket) => {
      if (error || !socket) return callback(error ?? new Error('The connector gave no socket'), null);
      const alpn = (socket as { alpnProtocol?: string | false }).alpnProtocol;
      if (target.protocol === 'https:' && requiresH2(versions) && alpn !== 'h2') {
        socket.destroy();
        return callback(notH2(`https://${target.host ?? target.hostname}`, alpn), null);
      }
      onSocket(socket as Socket);
      callback(null, socket);
    });
}

/** A TLS connector made on first use (a pool that only speaks http never loads certificates). */
function lazySecure(tls: PoolTls, options: buildConnector.BuildOptions): Opener {
  let secure: buildConnector.connector | undefined;
  return (target, callback) => {
    try {
      secure ??= buildConnector({ ...options, ...tls.connect, secureContext: tls.context() });
    } catch (error) {
      return callback(error as Error, null);
    }
    return (secure as Opener)(target, callback);
  };
}

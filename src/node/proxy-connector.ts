import { isIP, type Socket } from 'node:net';
import type { buildConnector } from 'undici';
import { bare } from './no-proxy.ts';
import type { ProxySettings } from './proxy.ts';
import { openTunnel } from './proxy-tunnel.ts';
import { socks5Handshake } from './socks5.ts';

/** undici's connector as it really is: it returns the socket it is opening. */
export type Opener = (options: buildConnector.Options, callback: buildConnector.Callback) => unknown;

/**
 * The connections of a pool that goes through `proxy`. `direct` opens a connection as a pool
 * without a proxy would (TCP, or TLS for `https:`), `upgrade` puts TLS on a socket that is
 * already open. A connection to the proxy itself (a forwarded request, dispatched to the
 * proxy's origin) is opened directly; any other target gets a connection to the proxy, a
 * CONNECT tunnel or the SOCKS5 handshake on it, and then TLS to the target for `https:`.
 * Returns the socket to the proxy while it opens, so that it can be abandoned.
 */
export function proxyOpener(proxy: ProxySettings, direct: Opener, upgrade: Opener): Opener {
  const url = proxy.url;
  const proxyPort =
    url.port === ''
      ? url.protocol === 'https:'
        ? '443'
        : url.protocol === 'http:'
          ? '80'
          : '1080'
      : url.port;
  const hostname = bare(url.hostname);
  const toProxy: buildConnector.Options = {
    protocol: url.protocol === 'https:' ? 'https:' : 'http:',
    hostname,
    host: url.host,
    port: proxyPort,
    // No SNI for an address (RFC 6066); the certificate is then checked against it.
    servername: isIP(hostname) === 0 ? hostname : undefined,
  };
  return (target, callback) => {
    const targetPort = String(target.port || (target.protocol === 'https:' ? 443 : 80));
    const toItself =
      target.protocol === toProxy.protocol && bare(target.hostname) === hostname && targetPort === proxyPort;
    if (toItself && !proxy.socks) return direct({ ...target, servername: toProxy.servername }, callback);
    return direct({ ...toProxy, localAddress: target.localAddress }, (error, socket) => {
      if (error || !socket) return callback(error ?? new Error('The connector gave no socket'), null);
      const port = Number(target.port || (target.protocol === 'https:' ? 443 : 80));
      const tunnelled = (failure: Error | null, tunnel?: Socket): void => {
        if (failure || !tunnel) {
          socket.destroy();
          callback(failure ?? new Error('The proxy gave no tunnel'), null);
        } else if (target.protocol === 'https:') upgrade({ ...target, httpSocket: tunnel }, callback);
        else callback(null, tunnel);
      };
      const name = bare(target.hostname);
      if (proxy.socks) socks5Handshake(socket as Socket, name, port, proxy, tunnelled);
      else openTunnel(socket as Socket, `${isIP(name) === 6 ? `[${name}]` : name}:${port}`, proxy, tunnelled);
    });
  };
}

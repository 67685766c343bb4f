import { request } from 'node:http';
import type { Socket } from 'node:net';
import { Headers } from '../models/headers.ts';
import type { ProxySettings } from './proxy.ts';
import { ProxyRefusal } from './proxy-refusal.ts';

/** Where a tunnel leads, and what it calls back with: the socket to the target, or why not. */
export type TunnelDone = (error: Error | null, tunnel?: Socket) => void;

/**
 * Asks an HTTP(S) proxy for a tunnel to `authority` (`host:port`) with CONNECT on `socket`, a
 * connection to the proxy that is already open. Node's own HTTP client writes the request and
 * parses the reply; on a 2xx the socket is handed back, carrying the target's bytes from then
 * on. Any other reply is a {@link ProxyRefusal} with the proxy's status and headers, and a
 * connection that ends first is one too: never a direct connection instead.
 */
export function openTunnel(socket: Socket, authority: string, proxy: ProxySettings, done: TunnelDone): void {
  const headers: Record<string, string> = { ...proxy.headers, Host: authority };
  const authorization = proxy.authorization;
  if (authorization !== undefined) headers['Proxy-Authorization'] = authorization;
  let settled = false;
  const finish = (error: Error | null, tunnel?: Socket): void => {
    if (settled) return;
    settled = true;
    done(error, tunnel);
  };
  const connect = request({
    method: 'CONNECT',
    path: authority,
    headers,
    setHost: false,
    createConnection: () => socket,
  });
  connect.once('connect', (reply, tunnel, head) => {
    if (reply.statusCode === undefined || reply.statusCode < 200 || reply.statusCode > 299) {
      finish(refusal(proxy, authority, reply.statusCode, reply.statusMessage, reply.rawHeaders));
      return;
    }
    finish(null, tunnel);
    // Bytes of the target's that came with the reply go back on the socket only now: undici
    // has taken it and written its request (in the callback), so they read as its response.
    // Put back sooner, undici would read them before writing and drop the connection.
    if (head.length > 0) tunnel.unshift(head);
  });
  connect.once('response', (reply) => {
    reply.resume();
    finish(refusal(proxy, authority, reply.statusCode, reply.statusMessage, reply.rawHeaders));
  });
  connect.once('error', (cause) => {
    finish(
      new ProxyRefusal(
        `The proxy ${proxy.url.host} closed the connection before answering CONNECT`,
        undefined,
        undefined,
        {
          cause,
        },
      ),
    );
  });
  connect.end();
}

function refusal(
  proxy: ProxySettings,
  authority: string,
  status: number | undefined,
  statusText: string | undefined,
  rawHeaders: readonly string[],
): ProxyRefusal {
  const pairs: [string, string][] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) pairs.push([rawHeaders[i]!, rawHeaders[i + 1]!]);
  const said = `${status ?? '?'}${statusText ? ` ${statusText}` : ''}`;
  const hint =
    status === 407 || status === 401
      ? proxy.auth
        ? ': the proxy refused the credentials'
        : ': the proxy wants credentials (auth)'
      : '';
  return new ProxyRefusal(
    `The proxy ${proxy.url.host} answered CONNECT ${authority} with ${said}${hint}`,
    status,
    new Headers(pairs),
  );
}

import { lookup } from 'node:dns';
import { isIP, type Socket } from 'node:net';
import type { ProxySettings } from './proxy.ts';
import { ProxyRefusal } from './proxy-refusal.ts';
import type { TunnelDone } from './proxy-tunnel.ts';

/** RFC 1928's reply codes, for the message. */
const REPLIES: readonly string[] = [
  'succeeded',
  'general SOCKS server failure',
  'connection not allowed by ruleset',
  'network unreachable',
  'host unreachable',
  'connection refused',
  'TTL expired',
  'command not supported',
  'address type not supported',
];

/**
 * The SOCKS5 handshake (RFC 1928, with RFC 1929's user and password) on `socket`, a TCP
 * connection to the proxy that is already open, asking for a connection to `host:port` (an IPv6
 * `host` without brackets). For `socks5://` the host name is resolved here and the proxy gets an
 * address; `socks5h://` sends the name. Calls back with the socket once the proxy has connected
 * it, or a {@link ProxyRefusal} whose `status` is the byte that said no (255 when the proxy
 * accepts none of the methods offered, the RFC 1929 status for credentials, else the reply code).
 *
 * Written here rather than taken from a package: undici's SOCKS5 client is not part of its
 * public API, and the `socks` package keeps the proxy's status bytes out of its errors.
 */
export function socks5Handshake(
  socket: Socket,
  host: string,
  port: number,
  proxy: ProxySettings,
  done: TunnelDone,
): void {
  if (proxy.url.protocol === 'socks5h:' || isIP(host) !== 0) {
    negotiate(socket, host, port, proxy, done);
    return;
  }
  lookup(host, (error, address) => {
    if (error) done(error);
    else negotiate(socket, address, port, proxy, done);
  });
}

function negotiate(socket: Socket, host: string, port: number, proxy: ProxySettings, done: TunnelDone): void {
  const auth = proxy.auth;
  const where = `The SOCKS5 proxy ${proxy.url.host}`;
  let step: 'method' | 'auth' | 'reply' = 'method';
  let buffered = Buffer.alloc(0);
  const finish = (error: Error | null): void => {
    socket.off('data', onData).off('close', onClose).off('error', onError);
    done(error, error ? undefined : socket);
  };
  const refuse = (message: string, status: number): void =>
    finish(new ProxyRefusal(`${where} ${message}`, status));
  const notSocks = (first: number): void =>
    finish(
      new ProxyRefusal(
        `${where} answered with a byte no SOCKS5 server sends (0x${first.toString(16).padStart(2, '0')}): is it a SOCKS5 proxy?`,
      ),
    );
  const onClose = (): void => finish(new ProxyRefusal(`${where} closed the connection during the handshake`));
  const onError = (cause: Error): void =>
    finish(new ProxyRefusal(`${where} failed during the handshake`, undefined, undefined, { cause }));
  const onData = (chunk: Buffer): void => {
    try {
      read(chunk);
    } catch (error) {
      finish(error as Error);
    }
  };
  const read = (chunk: Buffer): void => {
    buffered = Buffer.concat([buffered, chunk]);
    if (step === 'method') {
      if (buffered.length < 2) return;
      if (buffered[0] !== 0x05) {
        notSocks(buffered[0]!);
        return;
      }
      const method = buffered[1]!;
      buffered = buffered.subarray(2);
      if (method === 0x02 && auth) {
        step = 'auth';
        socket.write(credentials(auth));
      } else if (method === 0x00) {
        step = 'reply';
        socket.write(connectRequest(host, port));
      } else {
        refuse(auth ? 'accepts none of the methods offered' : 'wants credentials (auth)', method);
        return;
      }
    }
    if (step === 'auth') {
      if (buffered.length < 2) return;
      if (buffered[0] !== 0x01) {
        notSocks(buffered[0]!);
        return;
      }
      const status = buffered[1]!;
      buffered = buffered.subarray(2);
      if (status !== 0) {
        refuse('refused the credentials', status);
        return;
      }
      step = 'reply';
      socket.write(connectRequest(host, port));
    }
    if (buffered.length < 5) return;
    if (buffered[0] !== 0x05) {
      notSocks(buffered[0]!);
      return;
    }
    const length = replyLength(buffered[3]!, buffered[4]!);
    if (buffered.length < length) return;
    const reply = buffered[1]!;
    if (reply !== 0) {
      refuse(`could not connect to ${host}:${port}: ${REPLIES[reply] ?? `reply ${reply}`}`, reply);
      return;
    }
    const rest = buffered.subarray(length);
    finish(null);
    if (rest.length > 0) socket.unshift(rest);
  };
  socket.on('data', onData).once('close', onClose).once('error', onError);
  socket.write(Buffer.from(auth ? [0x05, 0x02, 0x00, 0x02] : [0x05, 0x01, 0x00]));
}

function credentials([user, password]: readonly [string, string]): Buffer {
  const name = Buffer.from(user, 'utf8');
  const secret = Buffer.from(password, 'utf8');
  if (name.length > 255 || secret.length > 255)
    throw new TypeError('SOCKS5 credentials must each be at most 255 bytes (RFC 1929)');
  return Buffer.concat([Buffer.from([0x01, name.length]), name, Buffer.from([secret.length]), secret]);
}

function connectRequest(host: string, port: number): Buffer {
  const family = isIP(host);
  let address: Buffer;
  if (family === 4) address = Buffer.from([0x01, ...host.split('.').map(Number)]);
  else if (family === 6) address = Buffer.concat([Buffer.from([0x04]), ipv6Bytes(host)]);
  else {
    const name = Buffer.from(host, 'utf8');
    if (name.length > 255)
      throw new TypeError(`A host name for SOCKS5 is at most 255 bytes, not ${name.length}`);
    address = Buffer.concat([Buffer.from([0x03, name.length]), name]);
  }
  const portBytes = Buffer.from([port >> 8, port & 0xff]);
  return Buffer.concat([Buffer.from([0x05, 0x01, 0x00]), address, portBytes]);
}

/** The reply's whole length from its address type (and, for a name, its length byte). */
function replyLength(type: number, first: number): number {
  if (type === 0x01) return 10;
  if (type === 0x04) return 22;
  return 7 + first;
}

function ipv6Bytes(written: string): Buffer {
  // A trailing dotted IPv4 part (`::ffff:127.0.0.1`) is two groups.
  const address = written.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_all, a, b, c, d) =>
    [(Number(a) << 8) | Number(b), (Number(c) << 8) | Number(d)].map((group) => group.toString(16)).join(':'),
  );
  const [head = '', tail = ''] = address.split('::');
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const left = groups(head);
  const right = address.includes('::') ? groups(tail) : [];
  const all = [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return Buffer.from(
    all.flatMap((group) => [Number.parseInt(group, 16) >> 8, Number.parseInt(group, 16) & 0xff]),
  );
}

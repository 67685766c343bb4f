import type { Socket } from 'node:net';
import type { buildConnector } from 'undici';
import { describe, expect, it } from 'vitest';
import { ConnectAttempts } from '../../src/node/connect-attempts.ts';

/** A socket that only records being destroyed. */
function fakeSocket() {
  const socket = {
    destroyedWith: undefined as Error | undefined,
    destroy(error: Error) {
      socket.destroyedWith = error;
    },
  };
  return socket;
}

/** A connector whose connections stay open until the test settles them. */
function fakeConnector() {
  const pending: { socket: ReturnType<typeof fakeSocket>; callback: buildConnector.Callback }[] = [];
  const connect = ((_options: buildConnector.Options, callback: buildConnector.Callback) => {
    const socket = fakeSocket();
    pending.push({ socket, callback });
    return socket;
  }) as unknown as buildConnector.connector;
  return { connect, pending };
}

const to = (host: string): buildConnector.Options => ({
  protocol: 'https:',
  host,
  hostname: host.split(':')[0] ?? host,
  port: host.split(':')[1] ?? '',
});

describe('ConnectAttempts', () => {
  it('destroys the sockets still opening to an origin when its last waiting request is cancelled', () => {
    const attempts = new ConnectAttempts();
    const { connect, pending } = fakeConnector();
    const watched = attempts.watch(connect);
    attempts.wait('https://a.test:8443');
    watched(to('a.test:8443'), () => {});
    attempts.done('https://a.test:8443', true);
    expect(pending[0]?.socket.destroyedWith).toBeInstanceOf(Error);
  });

  it('leaves them while another request still waits for that origin', () => {
    const attempts = new ConnectAttempts();
    const { connect, pending } = fakeConnector();
    const watched = attempts.watch(connect);
    attempts.wait('https://a.test:8443');
    attempts.wait('https://a.test:8443');
    watched(to('a.test:8443'), () => {});
    attempts.done('https://a.test:8443', true);
    expect(pending[0]?.socket.destroyedWith).toBeUndefined();
    attempts.done('https://a.test:8443', true);
    expect(pending[0]?.socket.destroyedWith).toBeInstanceOf(Error);
  });

  it('leaves them when the last request got a connection or failed rather than being cancelled', () => {
    const attempts = new ConnectAttempts();
    const { connect, pending } = fakeConnector();
    const watched = attempts.watch(connect);
    attempts.wait('https://a.test:8443');
    watched(to('a.test:8443'), () => {});
    attempts.done('https://a.test:8443', false);
    expect(pending[0]?.socket.destroyedWith).toBeUndefined();
  });

  it('forgets a socket once it opened, and touches only the cancelled origin', () => {
    const attempts = new ConnectAttempts();
    const { connect, pending } = fakeConnector();
    const watched = attempts.watch(connect);
    const opened: unknown[] = [];
    watched(to('a.test:8443'), (error, socket) => opened.push(error ?? socket));
    watched(to('b.test:8443'), () => {});
    // The first connection opens: it is undici's now, and never destroyed from here.
    pending[0]?.callback(null, pending[0].socket as unknown as Socket);
    expect(opened).toEqual([pending[0]?.socket]);
    attempts.wait('https://a.test:8443');
    attempts.done('https://a.test:8443', true);
    expect(pending[0]?.socket.destroyedWith).toBeUndefined();
    expect(pending[1]?.socket.destroyedWith).toBeUndefined();
  });

  it('connection leak: a connection undici opens again for cancelled requests is refused until a request waits there', async () => {
    const attempts = new ConnectAttempts();
    const { connect, pending } = fakeConnector();
    const watched = attempts.watch(connect);
    attempts.wait('https://a.test:8443');
    watched(to('a.test:8443'), () => {});
    attempts.done('https://a.test:8443', true);
    // undici still holds the cancelled requests and opens another connection for them: with
    // nobody waiting, it would hang in its handshake for ever (connect timeouts are off).
    const refused: unknown[] = [];
    watched(to('a.test:8443'), (error, socket) => refused.push(error ?? socket));
    expect(pending).toHaveLength(1);
    await Promise.resolve();
    expect(String(refused[0])).toBe('Error: Connection abandoned: its requests were cancelled');
    // Another origin is not affected, and a request waiting again lets connections open.
    watched(to('b.test:8443'), () => {});
    expect(pending).toHaveLength(2);
    attempts.wait('https://a.test:8443');
    watched(to('a.test:8443'), () => {});
    expect(pending).toHaveLength(3);
  });
});

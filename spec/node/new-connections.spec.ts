import { EventEmitter } from 'node:events';
import type { buildConnector } from 'undici';
import { describe, expect, it } from 'vitest';
import { NewConnections } from '../../src/node/new-connections.ts';
import type { ConnectionEvent, TransportEvent } from '../../src/transports/transport.ts';

const HTTP = { protocol: 'http:', hostname: 'example.test', host: 'example.test', port: '80' };
const HTTPS = { ...HTTP, protocol: 'https:', port: '443' };

/** A request's subscriber: the steps it was told, by name. */
function owner() {
  const steps: string[] = [];
  return { steps, next: (event: ConnectionEvent) => steps.push(event.step) };
}

/** A connector that returns a fake socket and keeps undici's callback, to call it when "connected". */
function fakeConnector() {
  const opened: { socket: EventEmitter; ready: (error?: Error) => void }[] = [];
  const connect = ((_options: buildConnector.Options, callback: buildConnector.Callback) => {
    const socket = new EventEmitter();
    opened.push({
      socket,
      ready: (error) => (error ? callback(error, null) : callback(null, socket as never)),
    });
    return socket;
  }) as unknown as buildConnector.connector;
  return { connect, opened };
}

describe('NewConnections', () => {
  it('tells the request being dispatched the steps of the connection opened for it, in order', () => {
    const connections = new NewConnections();
    const { connect, opened } = fakeConnector();
    const watched = connections.watch(connect);
    const a = owner();
    const started: TransportEvent[] = [];
    connections.dispatching(a);
    watched(HTTPS, () => started.push(connections.connectedEvent(a)));
    connections.dispatched(a, null);
    const { socket, ready } = opened[0]!;
    socket.emit('lookup', null, '127.0.0.1', 4, 'example.test');
    socket.emit('connect');
    socket.emit('secureConnect');
    ready();
    expect(a.steps).toEqual(['socket', 'dns', 'tcp', 'tls']);
    // Started inside the connector's callback: on the connection it asked for.
    expect(started).toEqual([{ type: 'connected', opened: true }]);
  });

  it('says no lookup happened for an IP address, and no handshake over http', () => {
    const connections = new NewConnections();
    const { connect, opened } = fakeConnector();
    const a = owner();
    connections.dispatching(a);
    connections.watch(connect)(HTTP, () => {});
    connections.dispatched(a, null);
    opened[0]!.socket.emit('connect');
    opened[0]!.socket.emit('lookup', null, '127.0.0.1', 4, 'late');
    expect(a.steps).toEqual(['socket', 'tcp']);
    expect(opened[0]!.socket.listenerCount('lookup')).toBe(0);
  });

  it('tells a failed lookup as no lookup', () => {
    const connections = new NewConnections();
    const { connect, opened } = fakeConnector();
    const a = owner();
    connections.dispatching(a);
    connections.watch(connect)(HTTP, () => {});
    connections.dispatched(a, null);
    opened[0]!.socket.emit('lookup', new Error('ENOTFOUND'));
    expect(a.steps).toEqual(['socket']);
  });

  it('runs its listeners before those already on the socket (undici’s), so steps come before the start', () => {
    const connections = new NewConnections();
    const order: string[] = [];
    const connect = ((_options: buildConnector.Options, callback: buildConnector.Callback) => {
      const socket = new EventEmitter();
      socket.once('connect', () => {
        order.push('undici');
        callback(null, socket as never);
      });
      queueMicrotask(() => socket.emit('connect'));
      return socket;
    }) as unknown as buildConnector.connector;
    const a = { next: (event: ConnectionEvent) => order.push(event.step) };
    connections.dispatching(a);
    connections.watch(connect)(HTTP, () =>
      order.push(connections.connectedEvent(a).opened ? 'opened' : 'reused'),
    );
    connections.dispatched(a, null);
    return Promise.resolve().then(() => expect(order).toEqual(['socket', 'tcp', 'undici', 'opened']));
  });

  it('does not confirm a request that did not ask for the connection, nor one started outside its callback', () => {
    const connections = new NewConnections();
    const { connect, opened } = fakeConnector();
    const a = owner();
    const b = owner();
    const told: (boolean | undefined)[] = [];
    connections.dispatching(a);
    connections.watch(connect)(HTTP, () => {
      // `a` was cancelled: undici starts `b` first on the new socket, then nothing more is confirmed.
      told.push(connections.connectedEvent(b).opened, connections.connectedEvent(a).opened);
    });
    connections.dispatched(a, null);
    opened[0]!.ready();
    told.push(connections.connectedEvent(a).opened);
    expect(told).toEqual([undefined, undefined, undefined]);
    expect(b.steps).toEqual([]);
  });

  it('passes a failed connect through, confirming nobody', () => {
    const connections = new NewConnections();
    const { connect, opened } = fakeConnector();
    const a = owner();
    const errors: unknown[] = [];
    connections.dispatching(a);
    connections.watch(connect)(HTTP, (...args) => {
      errors.push(args[0]?.message);
    });
    connections.dispatched(a, null);
    opened[0]!.ready(new Error('ECONNREFUSED'));
    expect(errors).toEqual(['ECONNREFUSED']);
    expect(connections.connectedEvent(a).opened).toBeUndefined();
  });

  it('gives a connection opened outside any dispatch to nobody, and puts no listener on it', () => {
    const connections = new NewConnections();
    const { connect, opened } = fakeConnector();
    connections.watch(connect)(HTTP, () => {});
    expect(opened[0]!.socket.eventNames()).toEqual([]);
  });

  it('gives the connection undici opens a microtask after dispatch to the streamed request, in order', async () => {
    const connections = new NewConnections();
    const { connect, opened } = fakeConnector();
    const watched = connections.watch(connect);
    const [a, b] = [owner(), owner()];
    const stream = (async function* () {})();
    for (const each of [a, b]) {
      connections.dispatching(each);
      // undici's own microtask, queued inside dispatch() for a streamed body.
      queueMicrotask(() => watched(HTTP, () => {}));
      connections.dispatched(each, stream);
    }
    await Promise.resolve();
    await Promise.resolve();
    expect(opened).toHaveLength(2);
    expect([a.steps, b.steps]).toEqual([['socket'], ['socket']]);
    // Once those microtasks ran, a connection is nobody's again.
    watched(HTTP, () => {});
    expect(opened[2]!.socket.eventNames()).toEqual([]);
  });
});

import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach } from 'vitest';
import { Client } from '../../../src/index.ts';
import { startServer, type TestServer } from './server.ts';

/** A test server that also keeps each request, the most requests in flight at once, and hang-ups. */
export interface TrackedServer extends TestServer {
  readonly requests: IncomingMessage[];
  readonly maxInFlight: number;
  /** Resolves when a response's connection closes before the server ended it. */
  readonly abandoned: Promise<void>;
}

export async function startTrackedServer(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<TrackedServer> {
  const requests: IncomingMessage[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let onAbandoned: () => void = () => {};
  const abandoned = new Promise<void>((resolve) => {
    onAbandoned = resolve;
  });
  const server = await startServer((req, res) => {
    requests.push(req);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.on('close', () => {
      inFlight--;
      if (!res.writableEnded) onAbandoned();
    });
    handler(req, res);
  });
  // Object.create keeps the server's live getters (connections, closedSockets …).
  return Object.defineProperties(Object.create(server) as TestServer, {
    requests: { value: requests },
    abandoned: { value: abandoned },
    maxInFlight: { get: () => maxInFlight },
  }) as TrackedServer;
}

/**
 * Per-test servers and clients for a spec file: `serve` and `client` remember what they make,
 * and an `afterEach` closes it all, clients first.
 */
export function trackedPerTest(): {
  serve: (handler: (req: IncomingMessage, res: ServerResponse) => void) => Promise<TrackedServer>;
  client: (...args: ConstructorParameters<typeof Client>) => Client;
} {
  const servers: TrackedServer[] = [];
  const clients: Client[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  return {
    async serve(handler) {
      const server = await startTrackedServer(handler);
      servers.push(server);
      return server;
    },
    client(...args) {
      const made = new Client(...args);
      clients.push(made);
      return made;
    },
  };
}

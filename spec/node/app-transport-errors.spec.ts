/**
 * AppTransport's raiseAppExceptions with node:http listeners: a listener's throw or rejected
 * Promise is the request's error (as httpx re-raises), or what a server would answer.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { firstValueFrom } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { Client, RemoteProtocolError } from '../../src/index.ts';
import { AppTransport, type AppTransportOptions } from '../../src/node/testing.ts';

type Listener = (req: IncomingMessage, res: ServerResponse) => unknown;

const clients: Client[] = [];

function clientFor(listener: Listener, options: AppTransportOptions = {}): Client {
  const client = new Client({
    transport: new AppTransport(listener, options),
    baseUrl: 'http://app.test',
    retry: 0,
  });
  clients.push(client);
  return client;
}

const closed = (res: ServerResponse): Promise<void> =>
  new Promise((resolve) => (res.destroyed ? resolve() : res.once('close', () => resolve())));

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});

/** A listener that fails as `how` says, after setting a header (and, for 'midway', writing some body). */
function failing(error: Error, how: 'throw' | 'reject' | 'midway', seen: ServerResponse[] = []): Listener {
  return (_req, res) => {
    seen.push(res);
    res.setHeader('X-Before-Failing', 'yes');
    if (how === 'throw') throw error;
    if (how === 'reject') return Promise.reject(error);
    res.write('part of it');
    throw error;
  };
}

describe('AppTransport raiseAppExceptions with a node:http listener', () => {
  it.each(['throw', 'reject', 'midway'] as const)(
    "true (the default): the request fails with the listener's own error, and its response closes (%s)",
    async (how) => {
      const boom = new Error(`boom by ${how}`);
      const responses: ServerResponse[] = [];
      const client = clientFor(failing(boom, how, responses));
      await expect(firstValueFrom(client.get('/'))).rejects.toBe(boom);
      await closed(responses[0]!);
      expect(responses[0]!.writableFinished).toBe(false);
    },
  );

  it("true: an async listener that answers (as Koa's callback does) is waited for", async () => {
    const client = clientFor(async (_req, res) => {
      await Promise.resolve();
      res.end('later');
    });
    expect((await firstValueFrom(client.get('/'))).text).toBe('later');
  });

  it.each(['throw', 'reject'] as const)(
    'false: a listener that fails before answering gives a 500 Internal Server Error, its headers dropped (%s)',
    async (how) => {
      const client = clientFor(failing(new Error('hidden'), how), { raiseAppExceptions: false });
      const response = await firstValueFrom(client.get('/'));
      expect([response.status, response.reasonPhrase, response.text]).toEqual([
        500,
        'Internal Server Error',
        'Internal Server Error',
      ]);
      expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(response.headers.has('x-before-failing')).toBe(false);
    },
  );

  it('false: a listener that fails mid-response has its connection cut: RemoteProtocolError', async () => {
    const client = clientFor(failing(new Error('hidden'), 'midway'), { raiseAppExceptions: false });
    const error = await firstValueFrom(client.get('/')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RemoteProtocolError);
    expect((error as Error).message).toBe(
      'The server closed the connection before the response body was complete',
    );
  });

  it('an error after the response is over changes nothing', async () => {
    const client = clientFor((_req, res) => {
      res.end('complete');
      return new Promise((_resolve, reject) => setImmediate(() => reject(new Error('too late'))));
    });
    const response = await firstValueFrom(client.get('/'));
    expect(response.text).toBe('complete');
  });
});

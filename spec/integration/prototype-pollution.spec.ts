import { firstValueFrom } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Client, get, InvalidUrl, Timeout } from '../../src/index.ts';
import { type SeenRequest, startRecordingServer, type TestServer } from './support/server.ts';

/**
 * What a polluted `Object.prototype` carries: a value for every option name a client, a request,
 * their extensions, a `Timeout` init and retry options read, each one that would show on the
 * wire (or fail the request) if it were taken for the user's.
 */
const POLLUTION: Record<string, unknown> = {
  // ClientOptions and RequestOptions
  auth: ['polluted', 'secret'],
  headers: { 'X-Polluted': 'headers' },
  params: { polluted: 'params' },
  cookies: { polluted: 'cookies' },
  baseUrl: 'http://127.0.0.1:1/polluted/',
  json: { polluted: 'json' },
  content: 'polluted content',
  data: { polluted: 'data' },
  extensions: { target: '/polluted-extensions' },
  followRedirects: true,
  maxRedirects: -1,
  retry: 'polluted',
  eventHooks: {
    request: [
      () => {
        throw new Error('a polluted request hook ran');
      },
    ],
  },
  middleware: 'polluted',
  limits: { maxConnections: 0 },
  // Read, either would throw: allowAbsoluteUrls: false needs a baseUrl, sensitiveHeaders an array
  allowAbsoluteUrls: false,
  sensitiveHeaders: 'polluted',
  // extensions
  target: '/polluted-target',
  // Timeout init (a request's own `{ connect }` must keep the other phases at their defaults)
  read: 0,
  write: 0,
  pool: 0,
  total: 0,
  // Retry options
  limit: -1,
  // A name no bag knows: an unknown-option check must not see it
  polluted: 'unknown',
};

/**
 * A name Node's own sockets trip over when polluted (`timeout` breaks the server's event
 * listeners): it stays on `Object.prototype` only while the client is made and the request
 * built and subscribed, which is when httprx reads it, and is gone before any network event.
 * (`defaultEncoding` breaks every Node stream even then: spec/client.spec.ts covers it.)
 */
const BUILD_TIME_POLLUTION: Record<string, unknown> = { timeout: 0 };

function pollute(values: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(values)) {
    Object.defineProperty(Object.prototype, name, {
      value,
      configurable: true,
      enumerable: true,
      writable: true,
    });
  }
}

function clean(values: Record<string, unknown>): void {
  for (const name of Object.keys(values)) delete (Object.prototype as Record<string, unknown>)[name];
}

/**
 * Runs `start` (which makes the client and subscribes) with `Object.prototype` polluted and
 * waits for what it returns, cleaning up whatever happens.
 */
async function polluted<T>(start: () => Promise<T>): Promise<T> {
  let pending: Promise<T>;
  pollute(POLLUTION);
  try {
    pollute(BUILD_TIME_POLLUTION);
    try {
      pending = start();
    } finally {
      clean(BUILD_TIME_POLLUTION);
    }
    return await pending;
  } finally {
    clean(POLLUTION);
  }
}

let server: TestServer & { readonly requests: SeenRequest[] };
let client: Client | undefined;

beforeAll(async () => {
  server = await startRecordingServer((seen, res) => {
    if (seen.url === '/moved') {
      res.writeHead(302, { location: '/elsewhere' }).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  });
});
afterEach(async () => {
  await client?.close();
  client = undefined;
  server.requests.length = 0;
});
afterAll(async () => {
  await server.close();
});

/** Asserts the server saw a plain GET of `path`, carrying nothing the pollution offered. */
function expectPlainGet(path: string): void {
  expect(server.requests).toHaveLength(1);
  const [seen] = server.requests as [SeenRequest];
  expect(seen.method).toBe('GET');
  expect(seen.url).toBe(path);
  expect(seen.headers.authorization).toBeUndefined();
  expect(seen.headers['x-polluted']).toBeUndefined();
  expect(seen.headers.cookie).toBeUndefined();
  expect(seen.headers['content-type']).toBeUndefined();
  expect(seen.body.length).toBe(0);
}

describe('a polluted Object.prototype', () => {
  it('is not read as client or request options: a plain GET sends none of it', async () => {
    const response = await polluted(() => {
      client = new Client();
      return firstValueFrom(client.get(`${server.origin}/path`));
    });
    expect(response.status).toBe(200);
    expect(response.text).toBe('ok');
    expectPlainGet('/path');
  });

  it('is not read by the top-level functions either', async () => {
    const response = await polluted(() => firstValueFrom(get(`${server.origin}/one-off`)));
    expect(response.status).toBe(200);
    expectPlainGet('/one-off');
  });

  it('follows no redirect and joins no base URL it did not get', async () => {
    const [response, relative] = await polluted(async () => {
      client = new Client();
      const moved = await firstValueFrom(client.get(`${server.origin}/moved`));
      const error = await firstValueFrom(client.get('/relative')).catch((error: unknown) => error);
      return [moved, error] as const;
    });
    expect(response.status).toBe(302);
    expect(relative).toBeInstanceOf(InvalidUrl);
    expectPlainGet('/moved');
  });

  it('is not read as Timeout phases, retry options or a request’s own settings', async () => {
    const response = await polluted(() => {
      client = new Client({ retry: { statusCodes: [503] }, timeout: new Timeout({ connect: 5000 }) });
      return firstValueFrom(
        client.get(`${server.origin}/settings`, { timeout: { connect: 5000 }, headers: {} }),
      );
    });
    expect(response.status).toBe(200);
    expectPlainGet('/settings');
  });
});

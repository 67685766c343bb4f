/**
 * The neutral AppTransport's options and checks with fetch apps: raiseAppExceptions (the app's
 * own error, or a 500), rootPath, the errors for bad input, and close().
 */
import { Hono } from 'hono';
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  Client,
  ClientClosed,
  LocalProtocolError,
  RemoteProtocolError,
  Request,
  Response,
} from '../../src/index.ts';
import { AppTransport, type FetchApp } from '../../src/testing/index.ts';

const encoder = new TextEncoder();
const clients: Client[] = [];

function clientFor(
  app: FetchApp | Hono,
  options: ConstructorParameters<typeof AppTransport>[1] = {},
): Client {
  const client = new Client({
    transport: new AppTransport(app, options),
    baseUrl: 'http://app.test',
    retry: 0,
  });
  clients.push(client);
  return client;
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  vi.restoreAllMocks();
});

describe('AppTransport raiseAppExceptions with a fetch app', () => {
  const failing = (error: Error, how: 'throw' | 'reject' | 'body'): FetchApp => ({
    fetch() {
      if (how === 'throw') throw error;
      if (how === 'reject') return Promise.reject(error);
      let sent = false;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent) return controller.error(error);
          sent = true;
          controller.enqueue(encoder.encode('part'));
        },
      });
      return new globalThis.Response(body);
    },
  });

  it.each(['throw', 'reject', 'body'] as const)(
    "true (the default): the request fails with the app's own error (%s)",
    async (how) => {
      const boom = new Error(`boom by ${how}`);
      const client = clientFor(failing(boom, how));
      await expect(firstValueFrom(client.get('/'))).rejects.toBe(boom);
    },
  );

  it.each(['throw', 'reject'] as const)(
    'false: an app that fails before answering gives a 500 Internal Server Error (%s)',
    async (how) => {
      const client = clientFor(failing(new Error('hidden'), how), { raiseAppExceptions: false });
      const response = await firstValueFrom(client.get('/'));
      expect([response.status, response.text]).toEqual([500, 'Internal Server Error']);
      expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    },
  );

  it("false: a body that fails mid-way cuts the response short, with the app's error as cause", async () => {
    const boom = new Error('mid-body');
    const client = clientFor(failing(boom, 'body'), { raiseAppExceptions: false });
    const error = await firstValueFrom(client.get('/')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RemoteProtocolError);
    expect((error as RemoteProtocolError).message).toBe(
      'The app failed before the response body was complete',
    );
    expect((error as RemoteProtocolError).cause).toBe(boom);
  });

  it("leaves Hono's own error handling alone: Hono answers 500; with an onError that rethrows, the option decides", async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const boom = new Error('route failed');
    const own = new Hono().get('/fail', () => {
      throw boom;
    });
    const response = await firstValueFrom(clientFor(own).get('/fail'));
    expect([response.status, response.text]).toEqual([500, 'Internal Server Error']);
    expect(logged).toHaveBeenCalledWith(boom);
    const rethrowing = new Hono()
      .get('/fail', () => {
        throw boom;
      })
      .onError((error) => {
        throw error;
      });
    await expect(firstValueFrom(clientFor(rethrowing).get('/fail'))).rejects.toBe(boom);
    const served = await firstValueFrom(clientFor(rethrowing, { raiseAppExceptions: false }).get('/fail'));
    expect(served.status).toBe(500);
  });

  it('fails with a TypeError, whatever the option, when the app answers with something else than a fetch Response', async () => {
    const cases: [FetchApp, RegExp][] = [
      [
        { fetch: () => new Response(200, { text: 'x' }) as never },
        /^The fetch app returned an httprx Response \(httprx's own class\); a fetch app returns a fetch Response/,
      ],
      [{ fetch: () => undefined as never }, /^The fetch app returned undefined; /],
      [{ fetch: async () => ({ status: 200 }) as never }, /^The fetch app's Promise resolved to an object; /],
    ];
    for (const [app, message] of cases) {
      const error = await firstValueFrom(clientFor(app, { raiseAppExceptions: false }).get('/')).catch(
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toMatch(message);
    }
  });
});

describe('AppTransport rootPath with a fetch app', () => {
  const seen: string[] = [];
  const app: FetchApp = {
    fetch(request) {
      seen.push(request.url);
      return new globalThis.Response('ok');
    },
  };

  afterEach(() => {
    seen.length = 0;
  });

  it('takes the root path off the URL the app sees, query kept', async () => {
    const client = clientFor(app, { rootPath: '/api' });
    await firstValueFrom(client.get('/api/users', { params: { q: 1 } }));
    await firstValueFrom(client.get('/api'));
    await firstValueFrom(client.get('/api/'));
    expect(seen).toEqual(['http://app.test/users?q=1', 'http://app.test/', 'http://app.test/']);
  });

  it('answers a path outside the root path with a 404, without calling the app', async () => {
    const client = clientFor(app, { rootPath: '/api' });
    const other = await firstValueFrom(client.get('/apix/users'));
    expect(other.status).toBe(404);
    expect(other.text).toBe("Not Found: /apix/users is not under the app's root path /api\n");
    expect((await firstValueFrom(client.get('/'))).status).toBe(404);
    expect(seen).toEqual([]);
  });
});

describe('AppTransport input checks', () => {
  const app: FetchApp = { fetch: () => new globalThis.Response('ok') };

  it('refuses an app that is neither a listener nor an object with fetch(), naming what it got', () => {
    expect(() => new AppTransport({} as never)).toThrow(
      new TypeError(
        "new AppTransport(app) takes a Node (req, res) listener (node:http, Express, Koa's app.callback()) or an object with a fetch(request) method (Hono and other fetch-handler frameworks), not an object",
      ),
    );
    expect(() => new AppTransport({ fetch: 'x' } as never)).toThrow(/, not an object whose fetch is 'x'$/);
    expect(() => new AppTransport(null as never)).toThrow(/, not null$/);
    expect(() => new AppTransport('http://app.test' as never)).toThrow(/, not 'http:\/\/app\.test'$/);
  });

  it('says that a Node (req, res) listener needs Node, and what works in a browser', () => {
    expect(() => new AppTransport((_req: never, _res: never) => {})).toThrow(TypeError);
    expect(() => new AppTransport(() => {})).toThrow(
      /was given a function, a Node \(req, res\) listener: running one needs Node \(import \{ AppTransport \} from 'httprx\/testing' on Node\); in a browser, give an app with a fetch\(request\) method/,
    );
  });

  it('refuses unknown options, suggesting the one meant, and reads own properties only', async () => {
    expect(() => new AppTransport(app, { rootpath: '/api' } as never)).toThrow(
      new TypeError('Unknown AppTransport option "rootpath" (got \'/api\'): did you mean "rootPath"?'),
    );
    expect(() => new AppTransport(app, { script_name: '/api' } as never)).toThrow(
      /^Unknown AppTransport option "script_name" \(got '\/api'\): the AppTransport options are raiseAppExceptions, rootPath, remoteAddr$/,
    );
    const inherited = Object.create({ rootPath: 'not a path', raiseAppExceptions: 'no' }) as object;
    const client = clientFor(app, inherited);
    expect((await firstValueFrom(client.get('/anywhere'))).text).toBe('ok');
  });

  it('checks rootPath, saying what would be right', () => {
    expect(() => new AppTransport(app, { rootPath: 'api' })).toThrow(
      new TypeError(
        "rootPath must start with '/' and not end with '/', without a query or fragment, such as '/api' (or '' for none); got 'api': did you mean '/api'?",
      ),
    );
    expect(() => new AppTransport(app, { rootPath: '/api/' })).toThrow(
      /got '\/api\/': did you mean '\/api'\?$/,
    );
    expect(() => new AppTransport(app, { rootPath: '/' })).toThrow(
      /got '\/': did you mean '' \(no root path\)\?$/,
    );
    expect(() => new AppTransport(app, { rootPath: '/api?x=1' })).toThrow(/did you mean '\/api'\?$/);
    expect(() => new AppTransport(app, { rootPath: 5 as never })).toThrow(
      new TypeError("rootPath must be a path such as '/api' (or '' for none), not 5"),
    );
  });

  it('checks raiseAppExceptions, remoteAddr and the options object', () => {
    expect(() => new AppTransport(app, { raiseAppExceptions: 'no' as never })).toThrow(
      new TypeError("raiseAppExceptions must be true or false, not 'no'"),
    );
    expect(() => new AppTransport(app, { remoteAddr: '' })).toThrow(
      new TypeError(
        "remoteAddr must be the client's address as a string, such as '127.0.0.1' or '::1', not ''",
      ),
    );
    expect(() => new AppTransport(app, { remoteAddr: 1 as never })).toThrow(/, not 1$/);
    expect(() => new AppTransport(app, null as never)).toThrow(
      new TypeError('new AppTransport(app, options) takes an options object, not null'),
    );
  });

  it('fails a GET with a body with a LocalProtocolError: a fetch Request takes none', async () => {
    const client = clientFor(app);
    const error = await firstValueFrom(client.request('GET', '/q', { content: 'x' })).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(LocalProtocolError);
    expect((error as Error).message).toMatch(
      /^GET http:\/\/app\.test\/q: a fetch app cannot be given a GET request with a body/,
    );
  });
});

describe('AppTransport close()', () => {
  it('refuses later requests with ClientClosed without calling the app; one under way goes on', async () => {
    let calls = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const transport = new AppTransport({
      async fetch() {
        calls++;
        await gate;
        return new globalThis.Response('done');
      },
    });
    const request = new Request('GET', 'http://app.test/');
    const underWay = lastValueFrom(transport.handle(request).pipe(toArray()));
    await transport.close();
    const error = await lastValueFrom(transport.handle(request)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ClientClosed);
    expect((error as Error).message).toBe('The AppTransport has been closed: the app is not called');
    release();
    const events = await underWay;
    expect(events.map((event) => event.type)).toEqual([
      'connected',
      'headers',
      'download',
      'chunk',
      'response',
    ]);
    expect(calls).toBe(1);
  });
});

import { firstValueFrom, lastValueFrom, Observable, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { Client } from '../src/index.ts';
import type { Request } from '../src/models/request.ts';
import { Response } from '../src/models/response.ts';
import {
  ONE_OFF_CLIENT_OPTION_NAMES,
  type OneOffClientOptions,
  type OneOffOptions,
} from '../src/node/options.ts';
import { oneOffFunctions } from '../src/one-off.ts';
import type { RequestOptions } from '../src/options.ts';
import { MockTransport } from '../src/transports/mock.ts';
import type { Transport } from '../src/transports/transport.ts';

type Answer = (request: Request) => ReturnType<ConstructorParameters<typeof MockTransport>[0]>;

/**
 * The one-off functions over a factory that records the options of every client it makes,
 * each client on a transport that counts its `close()` calls.
 */
function setUp(answer: Answer = () => new Response(200, { text: 'ok' })) {
  const log = { clientOptions: [] as OneOffClientOptions[], requests: [] as Request[], closes: 0 };
  const makeClient = (options: OneOffClientOptions) => {
    log.clientOptions.push(options);
    const mock = new MockTransport((request) => {
      log.requests.push(request);
      return answer(request);
    });
    const transport: Transport = {
      handle: (request) => mock.handle(request),
      close: async () => {
        log.closes++;
      },
    };
    return new Client({ ...options, transport });
  };
  return {
    fns: oneOffFunctions<OneOffClientOptions, OneOffOptions>(makeClient, ONE_OFF_CLIENT_OPTION_NAMES),
    log,
  };
}

describe('oneOffFunctions', () => {
  it('makes no client until subscribed', () => {
    const { fns, log } = setUp();
    fns.get('https://example.com/');
    fns.stream('GET', 'https://example.com/');
    expect(log.clientOptions).toHaveLength(0);
  });

  it('makes a client for each subscription and closes it when the response completes', async () => {
    const { fns, log } = setUp();
    const response$ = fns.get('https://example.com/');
    const first = await lastValueFrom(response$);
    expect(log.closes).toBe(1);
    await firstValueFrom(response$);
    expect(log.clientOptions).toHaveLength(2);
    expect(log.closes).toBe(2);
    expect(first.text).toBe('ok');
  });

  it('closes the client when the request errors', async () => {
    const failure = new Error('down');
    const { fns, log } = setUp(() => {
      throw failure;
    });
    await expect(firstValueFrom(fns.post('https://example.com/'))).rejects.toBe(failure);
    expect(log.closes).toBe(1);
  });

  it('closes the client when the subscriber unsubscribes', () => {
    let teardowns = 0;
    const { fns, log } = setUp(
      () =>
        new Observable(() => () => {
          teardowns++;
        }),
    );
    const subscription = fns.get('https://example.com/slow').subscribe();
    expect(log.closes).toBe(0);
    subscription.unsubscribe();
    expect(log.closes).toBe(1);
    expect(teardowns).toBe(1);
  });

  it('closes the client when a bad request option errors', async () => {
    const { fns, log } = setUp();
    const error = await firstValueFrom(fns.get('https://example.com/', { nope: 1 } as OneOffOptions)).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(TypeError);
    expect(log.requests).toHaveLength(0);
    expect(log.closes).toBe(1);
  });

  it('gives verify, cert and trustEnv to the client and everything else to the request', async () => {
    const { fns, log } = setUp();
    const options: OneOffOptions & RequestOptions = {
      verify: false,
      cert: ['cert.pem', 'key.pem'],
      trustEnv: false,
      headers: { 'X-Trace': 'abc' },
      params: { page: 3 },
      json: { hello: 'world' },
    };
    await firstValueFrom(fns.post('https://example.com/items', options));
    expect(log.clientOptions).toEqual([{ verify: false, cert: ['cert.pem', 'key.pem'], trustEnv: false }]);
    const [request] = log.requests;
    expect(request?.headers.get('x-trace')).toBe('abc');
    expect(request?.url.search).toBe('?page=3');
    expect(new TextDecoder().decode(request?.content)).toBe('{"hello":"world"}');
  });

  it("takes its client settings by the platform's names, so any platform can name its own", async () => {
    const made: object[] = [];
    const fns = oneOffFunctions<{ colour?: string }>(
      (options) => {
        made.push(options);
        return new Client({ transport: new MockTransport(() => new Response(200, { text: 'ok' })) });
      },
      ['colour'],
    );
    const inherited = Object.assign(Object.create({ colour: 'polluted' }) as object, { params: { a: 1 } });
    await firstValueFrom(fns.get('https://example.com/', { colour: 'red' }));
    await firstValueFrom(fns.get('https://example.com/', inherited));
    expect(made).toEqual([{ colour: 'red' }, { colour: undefined }]);
    const error = await firstValueFrom(fns.get('https://example.com/', { verify: false } as never)).catch(
      (caught: unknown) => caught,
    );
    expect(String(error)).toMatch(/^TypeError: Unknown request option "verify"/);
  });

  it('gives the client no options when none of its own were given', async () => {
    const { fns, log } = setUp();
    await firstValueFrom(fns.get('https://example.com/', { headers: { A: '1' } }));
    expect(log.clientOptions).toEqual([{}]);
  });

  it('delivers an error of the client factory through the Observable', async () => {
    const failure = new TypeError('bad verify');
    const fns = oneOffFunctions<OneOffClientOptions>(() => {
      throw failure;
    }, ONE_OFF_CLIENT_OPTION_NAMES);
    const response$ = fns.get('https://example.com/', { verify: '/nowhere.pem' });
    await expect(firstValueFrom(response$)).rejects.toBe(failure);
  });

  it.each([
    ['get', 'GET'],
    ['head', 'HEAD'],
    ['options', 'OPTIONS'],
    ['delete', 'DELETE'],
    ['post', 'POST'],
    ['put', 'PUT'],
    ['patch', 'PATCH'],
  ] as const)('sends %s as %s', async (verb, method) => {
    const { fns, log } = setUp();
    await firstValueFrom(fns[verb]('https://example.com/'));
    expect(log.requests.map((request) => request.method)).toEqual([method]);
  });

  it('sends any method with request()', async () => {
    const { fns, log } = setUp();
    const response = await firstValueFrom(fns.request('REPORT', 'https://example.com/', { verify: false }));
    expect(log.requests[0]?.method).toBe('REPORT');
    expect(log.clientOptions).toEqual([{ verify: false }]);
    expect(response.status).toBe(200);
  });

  it('streams the events with stream() and closes the client at the end', async () => {
    const { fns, log } = setUp(() => new Response(200, { text: 'body' }));
    const events = await lastValueFrom(fns.stream('GET', 'https://example.com/').pipe(toArray()));
    expect(events.map((event) => event.type)).toEqual(['sent', 'headers', 'download', 'chunk', 'response']);
    const last = events.at(-1);
    expect(last?.type === 'response' && last.response.isStreamed).toBe(true);
    expect(log.closes).toBe(1);
  });
});

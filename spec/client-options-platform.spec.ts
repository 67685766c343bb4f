/**
 * The neutral client knows only the neutral options and the neutral default header; a platform
 * adds its own names, checks and headers through `PlatformParts`. A BaseClient subclass over a
 * MockTransport stands for a client of a platform that adds nothing (as a browser's would).
 */
import { firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { BaseClient } from '../src/client.ts';
import { Response } from '../src/models/response.ts';
import type { ClientOptions } from '../src/options.ts';
import type { PlatformParts } from '../src/pipeline/pipeline.ts';
import { MockTransport } from '../src/transports/mock.ts';
import type { Transport } from '../src/transports/transport.ts';

const transport = () => new MockTransport(() => new Response(200, { text: 'ok' }));

/** A client with no platform parts unless given some; its default transport is a mock. */
class NeutralClient extends BaseClient {
  constructor(options?: ClientOptions, platform?: PlatformParts) {
    super(options, platform);
  }
  protected createDefaultTransport(): Transport {
    return transport();
  }
}

const make = (options: unknown, platform?: PlatformParts) => () =>
  new NeutralClient(options as ClientOptions, platform);

const NEUTRAL_NAMES =
  'baseUrl, headers, params, limits, transport, defaultEncoding, middleware, scheduler, auth, ' +
  'timeout, followRedirects, maxRedirects, retry, eventHooks, sensitiveHeaders, allowAbsoluteUrls, maxResponseSize';

describe('a client without platform options', () => {
  it.each([
    ['verify', false, 'false'],
    ['cert', 'client.pem', "'client.pem'"],
    ['trustEnv', true, 'true'],
  ])('rejects the Node option %s as unknown, listing the options it accepts', (name, value, shown) => {
    expect(make({ [name]: value })).toThrow(
      new TypeError(
        `Unknown client option "${name}" (got ${shown}): the client options are ${NEUTRAL_NAMES}`,
      ),
    );
  });

  it('rejects the Node option cookies, which only requests take here', () => {
    expect(make({ cookies: { theme: 'dark' } })).toThrow(
      new TypeError(
        'Unknown client option "cookies" (got an object): "cookies" is a request option: give it to client.get(url, { … }) or another verb',
      ),
    );
  });

  it('still suggests the neutral option meant', () => {
    expect(make({ maxRedirections: 3 })).toThrow(
      new TypeError('Unknown client option "maxRedirections" (got 3): did you mean "maxRedirects"?'),
    );
  });

  it('takes the neutral options and sends through its transport', async () => {
    const client = new NeutralClient({ baseUrl: 'http://example.com/', limits: { maxConnections: 2 } });
    expect((await firstValueFrom(client.get('/'))).text).toBe('ok');
  });

  it('starts with Accept: */* as its only default header', () => {
    expect([...new NeutralClient().headers]).toEqual([['Accept', '*/*']]);
  });
});

describe('platform parts', () => {
  const extra: PlatformParts = {
    options: {
      names: new Set(['colour']),
      check(options) {
        const { colour } = options as { colour?: unknown };
        if (colour !== undefined && typeof colour !== 'string')
          throw new TypeError(`colour must be a string, not ${String(colour)}`);
      },
    },
    defaultHeaders: [
      ['X-Platform', 'test'],
      ['User-Agent', 'tester/1'],
    ],
  };

  it("accept the platform's option names besides the neutral ones, and check their values", () => {
    expect(make({ colour: 'red', baseUrl: 'http://example.com/' }, extra)().baseUrl?.href).toBe(
      'http://example.com/',
    );
    expect(make({ colour: 5 }, extra)).toThrow(new TypeError('colour must be a string, not 5'));
  });

  it('name the platform options among the accepted ones, after the neutral ones', () => {
    expect(make({ verify: false }, extra)).toThrow(
      new TypeError(
        `Unknown client option "verify" (got false): the client options are ${NEUTRAL_NAMES}, colour`,
      ),
    );
  });

  it('check the neutral values before the platform values', () => {
    expect(make({ colour: 5, headers: 5 }, extra)).toThrow(/^headers must be/);
  });

  it("add the platform's default headers after Accept, in their order, before the client's", () => {
    const client = new NeutralClient({ headers: { 'X-Team': 'core' } }, extra);
    expect([...client.headers]).toEqual([
      ['Accept', '*/*'],
      ['X-Platform', 'test'],
      ['User-Agent', 'tester/1'],
      ['X-Team', 'core'],
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { Client, type NodeClientOptions } from '../../src/index.ts';
import { NODE_CLIENT_OPTIONS } from '../../src/node/check-options.ts';

const make = (options: unknown) => () => new Client(options as NodeClientOptions);

describe("the Node client's options", () => {
  it('are verify, cert, trustEnv, cookies and mounts, listed after the neutral ones', () => {
    expect([...NODE_CLIENT_OPTIONS.names]).toEqual(['verify', 'cert', 'trustEnv', 'cookies', 'mounts']);
    expect(make({ proxy: 'http://p:3128' })).toThrow(
      new TypeError(
        `Unknown client option "proxy" (got 'http://p:3128'): the client options are baseUrl, headers, ` +
          'params, limits, transport, defaultEncoding, middleware, scheduler, auth, timeout, ' +
          'followRedirects, maxRedirects, retry, eventHooks, verify, cert, trustEnv, cookies, mounts',
      ),
    );
  });

  it('are suggested for a near or foreign name', () => {
    expect(make({ rejectUnauthorized: false })).toThrow(
      new TypeError('Unknown client option "rejectUnauthorized" (got false): did you mean "verify"?'),
    );
    expect(make({ jar: {} })).toThrow(
      new TypeError('Unknown client option "jar" (got an object): did you mean "cookies"?'),
    );
  });

  it('are checked after the neutral headers, params and limits, before followRedirects', () => {
    expect(make({ verify: 1, limits: { maxConnections: 0 } })).toThrow(/^limits\.maxConnections/);
    expect(make({ verify: 1, headers: 5 })).toThrow(/^headers must be/);
    expect(make({ verify: 1, followRedirects: 1 })).toThrow(/^verify must be/);
  });
});

import { describe, expect, it } from 'vitest';
import { Client, type NodeClientOptions } from '../../src/index.ts';
import { NODE_CLIENT_OPTIONS } from '../../src/node/check-options.ts';

const make = (options: unknown) => () => new Client(options as NodeClientOptions);

describe("the Node client's options", () => {
  it('are verify, cert, trustEnv, cookies, mounts and proxy, listed after the neutral ones', () => {
    expect([...NODE_CLIENT_OPTIONS.names]).toEqual([
      'verify',
      'cert',
      'trustEnv',
      'cookies',
      'mounts',
      'proxy',
    ]);
    expect(make({ proxies: 'http://p:3128' })).toThrow(
      new TypeError(`Unknown client option "proxies" (got 'http://p:3128'): did you mean "proxy"?`),
    );
  });

  it('take a proxy as a URL string, a URL, a Proxy or null, and refuse anything else by name', () => {
    expect(make({ proxy: 5 })).toThrow(
      new TypeError(
        "proxy must be a proxy URL such as 'http://proxy.local:3128', a Proxy, or null for none, not 5",
      ),
    );
    expect(make({ proxy: 'ftp://p:21' })).toThrow(
      /^A proxy must be a URL such as 'http:\/\/proxy\.local:3128'.*not 'ftp:\/\/p:21'$/,
    );
    expect(make({ proxy: 'http://p:3128/path' })).toThrow(/^A proxy URL has no path, query or fragment/);
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

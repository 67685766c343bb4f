import { describe, expect, it } from 'vitest';
import { Client, ConnectionPool, type NodeClientOptions } from '../../src/index.ts';
import { NODE_CLIENT_OPTIONS } from '../../src/node/check-options.ts';

const make = (options: unknown) => () => new Client(options as NodeClientOptions);

describe("the Node client's options", () => {
  it('are verify, cert, trustEnv, http1, http2, cookies, mounts and proxy, listed after the neutral ones', () => {
    expect([...NODE_CLIENT_OPTIONS.names]).toEqual([
      'verify',
      'cert',
      'trustEnv',
      'http1',
      'http2',
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

describe('http1 and http2', () => {
  it('take booleans, named with the value they got', () => {
    expect(make({ http2: 'yes' })).toThrow(new TypeError("http2 must be true or false, not 'yes'"));
    expect(make({ http1: 0 })).toThrow(new TypeError('http1 must be true or false, not 0'));
  });

  it('refuse to allow no HTTP version at all', () => {
    const none = new TypeError(
      'http1: false needs http2: true (at least one HTTP version must be allowed), not http2: false',
    );
    expect(make({ http1: false, http2: false })).toThrow(none);
    expect(make({ http1: false })).toThrow(/^http1: false needs http2: true .*not http2: undefined$/);
    expect(() => new ConnectionPool({ http1: false })).toThrow(/^http1: false needs http2: true/);
    expect(() => new ConnectionPool({ http2: 1 as unknown as boolean })).toThrow(
      new TypeError('http2 must be true or false, not 1'),
    );
  });

  it('are kept by the pool, with their defaults', async () => {
    const pools = [
      new ConnectionPool({ http2: true }),
      new ConnectionPool({ http1: false, http2: true }),
      new ConnectionPool(),
    ];
    expect(pools.map((pool) => pool.httpVersions)).toEqual([
      { http1: true, http2: true },
      { http1: false, http2: true },
      { http1: true, http2: false },
    ]);
    await Promise.all(pools.map((pool) => pool.close()));
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, type Observable } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  Client,
  Headers,
  InvalidUrl,
  NetRCAuth,
  type NodeClientOptions,
  Request,
  type RequestOptions,
} from '../../src/index.ts';
import { type ByteServer, found, ok, startByteServer, targetOf } from './support/byte-server.ts';

/**
 * Issue 13 item 2: credentials keep to their origin on redirects, whatever shape they were
 * given in, and `allowAbsoluteUrls: false` keeps a client to its `baseUrl`. Two raw servers on
 * different ports are two origins; each records every byte it receives.
 */
let first: ByteServer;
let other: ByteServer;
let dir: string;
const clients: Client[] = [];
function client(options: NodeClientOptions = {}): Client {
  const made = new Client({ followRedirects: true, ...options });
  clients.push(made);
  return made;
}
beforeAll(async () => {
  other = await startByteServer((head) =>
    targetOf(head) === '/bounce' ? found(`${first.origin}/back`) : ok(),
  );
  first = await startByteServer((head) => {
    const target = targetOf(head);
    if (target === '/away') return found(`${other.origin}/landing`);
    if (target === '/round-trip') return found(`${other.origin}/bounce`);
    if (target === '/same') return found('/landing');
    return ok();
  });
  dir = mkdtempSync(join(tmpdir(), 'httprx-credentials-'));
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((made) => made.close()));
});
afterAll(async () => {
  await Promise.all([first.close(), other.close()]);
  rmSync(dir, { recursive: true, force: true });
});

/** The header names (lower-cased) of the last head a server received. */
function namesSeen(server: ByteServer): string[] {
  return server.heads
    .at(-1)!
    .split('\r\n')
    .slice(1)
    .map((line) => line.slice(0, line.indexOf(':')).toLowerCase());
}

const SECRETS = ['authorization', 'cookie', 'proxy-authorization', 'x-api-key', 'x-session'];

describe('credential leaks on redirects', () => {
  it.each<[string, NodeClientOptions, RequestOptions]>([
    [
      'mixed-case record',
      {},
      {
        headers: {
          AUTHORIZATION: 'Bearer a',
          cOOKIE: 'c=1',
          'proxy-AUTHORIZATION': 'Basic p',
          'x-API-key': 'k',
          'X-SESSION': 's',
        },
      },
    ],
    [
      'duplicate pairs',
      {},
      {
        headers: [
          ['Authorization', 'Bearer a'],
          ['authorization', 'Bearer b'],
          ['Cookie', 'c=1'],
          ['cookie', 'd=2'],
          ['Proxy-Authorization', 'Basic p'],
          ['X-Api-Key', 'k'],
          ['x-api-key', 'k2'],
          ['X-Session', 's'],
        ],
      },
    ],
    [
      'a Headers instance',
      {},
      {
        headers: new Headers([
          ['Authorization', 'Bearer a'],
          ['Cookie', 'c=1'],
          ['Proxy-Authorization', 'Basic p'],
          ['X-Api-Key', 'k'],
          ['X-Session', 's'],
        ]),
      },
    ],
    [
      'client defaults plus per-request',
      { headers: { Authorization: 'Bearer a', 'X-Api-Key': 'k', 'x-session': 's' } },
      { headers: { cookie: 'c=1', 'PROXY-Authorization': 'Basic p' }, cookies: { more: '2' } },
    ],
  ])(
    'credential leak: Authorization, Cookie, Proxy-Authorization and sensitiveHeaders never cross an origin, given as %s',
    async (_shape, clientOptions, requestOptions) => {
      const made = client({ sensitiveHeaders: ['X-API-KEY', 'x-Session'], ...clientOptions });
      const response = await firstValueFrom(made.get(`${first.origin}/away`, requestOptions));
      expect(response.url.href).toBe(`${other.origin}/landing`);
      // The first origin got every one of them; the other origin none, in any casing.
      expect(namesSeen(first)).toEqual(expect.arrayContaining(SECRETS));
      expect(namesSeen(other).filter((name) => SECRETS.includes(name))).toEqual([]);
    },
  );

  it('credential leak: a same-origin hop keeps them, so the guard is about the origin alone', async () => {
    const made = client({ sensitiveHeaders: ['X-Api-Key'] });
    await firstValueFrom(
      made.get(`${first.origin}/same`, { headers: { Authorization: 'a', 'X-Api-Key': 'k' } }),
    );
    expect(targetOf(first.heads.at(-1)!)).toBe('/landing');
    expect(namesSeen(first)).toEqual(expect.arrayContaining(['authorization', 'x-api-key']));
  });

  it('credential leak: a chain that returns to the first origin does not get them back', async () => {
    const made = client({ sensitiveHeaders: ['X-Api-Key'], auth: ['ada', 'lovelace'] });
    const response = await firstValueFrom(
      made.get(`${first.origin}/round-trip`, { headers: { Cookie: 'c=1', 'X-Api-Key': 'k' } }),
    );
    expect(response.url.href).toBe(`${first.origin}/back`);
    expect(targetOf(first.heads.at(-1)!)).toBe('/back');
    expect(namesSeen(first).filter((name) => SECRETS.includes(name))).toEqual([]);
    expect(namesSeen(other).filter((name) => SECRETS.includes(name))).toEqual([]);
  });

  it('credential leak: URL userinfo and netrc credentials stay with their origin', async () => {
    const withUserinfo = `http://ada:lovelace@127.0.0.1:${first.port}/away`;
    await firstValueFrom(client().get(withUserinfo));
    expect(namesSeen(first)).toContain('authorization');
    expect(namesSeen(other)).not.toContain('authorization');
    expect(other.received).not.toContain('ada');

    // Both servers are 127.0.0.1: a netrc entry for that host matches either, yet only the
    // origin the request was made to gets it.
    const netrc = join(dir, 'netrc');
    writeFileSync(netrc, 'machine 127.0.0.1 login ada password lovelace\n');
    await firstValueFrom(client({ auth: new NetRCAuth(netrc) }).get(`${first.origin}/away`));
    expect(namesSeen(first)).toContain('authorization');
    expect(namesSeen(other)).not.toContain('authorization');
  });

  it('Host spoofing: a custom Host, per request or a client default, is not sent to another host', async () => {
    await firstValueFrom(client().get(`${first.origin}/away`, { headers: { HOST: 'internal.example' } }));
    expect(first.heads.at(-1)).toMatch(/\r\nhost: internal\.example/i);
    expect(other.heads.at(-1)).toContain(`\r\nhost: 127.0.0.1:${other.port}`);
    expect(other.received).not.toContain('internal.example');

    const made = client({ headers: { Host: 'vhost.example' } });
    await firstValueFrom(made.get(`${first.origin}/away`));
    expect(other.received).not.toContain('vhost.example');
  });

  it.each([['X-Api-Key'], [['X Api Key']], [['X-Ok', 'X-Bad\r\n']], [[1]], [null]])(
    'sensitiveHeaders must be an array of header names: %j is a TypeError',
    (value) => {
      expect(() => new Client({ sensitiveHeaders: value as never })).toThrow(
        /^sensitiveHeaders must be an array of header names/,
      );
    },
  );
});

describe('allowAbsoluteUrls: false', () => {
  const base = () => `${first.origin}/v1/`;
  const pinned = () => client({ baseUrl: base(), allowAbsoluteUrls: false });

  it.each<[string, () => string | URL]>([
    ['an absolute URL to another origin', () => `${other.origin}/x`],
    ['an absolute URL to its own origin', () => `${first.origin}/v1/x`],
    ['a URL object', () => new URL(`${other.origin}/x`)],
    ['an absolute URL behind a space', () => ` ${other.origin}/x`],
    ['a scheme-relative URL', () => `//127.0.0.1:${other.port}/x`],
    ['two backslashes', () => `\\\\127.0.0.1:${other.port}/x`],
    ['a slash and a backslash', () => `/\\127.0.0.1:${other.port}/x`],
    ['a backslash and a slash', () => `\\/127.0.0.1:${other.port}/x`],
    ['userinfo on its own origin', () => `//evil:pw@127.0.0.1:${first.port}/v1/x`],
    ['a .. escape', () => '../admin'],
    ['a .. escape inside the path', () => 'a/../../admin'],
    ['a percent-encoded .. escape', () => '%2e%2e/admin'],
    ['a .. escape after a slash', () => '/..'],
  ])('SSRF: %s is InvalidUrl before any connection', async (_case, url) => {
    const made = pinned();
    const before = [first.connections, other.connections];
    expect(() => made.buildRequest('GET', url())).toThrow(InvalidUrl);
    const error = await firstValueFrom(made.get(url())).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidUrl);
    expect((error as Error).message).toMatch(
      /^allowAbsoluteUrls is false: .* give a path under http:\/\/127\.0\.0\.1:\d+\/v1\/$/,
    );
    expect([first.connections, other.connections]).toEqual(before);
  });

  it('SSRF: a request built elsewhere and handed to send(), events() or stream() must point under baseUrl', async () => {
    const made = pinned();
    const before = other.connections;
    const elsewhere = new Request('GET', `${other.origin}/x`);
    const sends: Observable<unknown>[] = [
      made.send(elsewhere),
      made.events(elsewhere),
      made.stream(elsewhere),
    ];
    for (const sent of sends) {
      const error = await firstValueFrom(sent).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(InvalidUrl);
    }
    expect(other.connections).toBe(before);
  });

  it('SSRF: paths under baseUrl, an @host or a colon in them included, stay paths on its origin', async () => {
    const made = pinned();
    for (const path of ['users/1', '/users/2', '@evil.example/x', ':@evil.example', '.', 'a/../b']) {
      const response = await firstValueFrom(made.get(path));
      expect(response.url.origin).toBe(first.origin);
      expect(response.url.pathname.startsWith('/v1/')).toBe(true);
    }
    expect(targetOf(first.heads.at(-1)!)).toBe('/v1/b');
  });

  it('allowAbsoluteUrls must be a boolean, and false needs a baseUrl: TypeError', () => {
    expect(() => new Client({ allowAbsoluteUrls: 'no' as never })).toThrow(TypeError);
    expect(() => new Client({ allowAbsoluteUrls: false })).toThrow(/give a baseUrl/);
  });
});

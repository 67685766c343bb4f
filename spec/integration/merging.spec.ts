import { readFileSync } from 'node:fs';
import { firstValueFrom } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../../src/index.ts';
import { headerNames, type SeenRequest, startRecordingServer, type TestServer } from './support/server.ts';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

let server: TestServer & { readonly requests: SeenRequest[] };
let client: Client | undefined;

beforeAll(async () => {
  server = await startRecordingServer();
});
afterEach(async () => {
  await client?.close();
  client = undefined;
  server.requests.length = 0;
});
afterAll(async () => {
  await server.close();
});

/** The one request the server saw. */
function seen(): SeenRequest {
  expect(server.requests).toHaveLength(1);
  return server.requests[0]!;
}

/** Every value of one header as the server received it (names compared case-insensitively). */
function wireValues(request: SeenRequest, name: string): string[] {
  const values: string[] = [];
  for (let i = 0; i + 1 < request.rawHeaders.length; i += 2) {
    if (request.rawHeaders[i]!.toLowerCase() === name.toLowerCase()) values.push(request.rawHeaders[i + 1]!);
  }
  return values;
}

describe('URL merging', () => {
  it('sends a relative URL under the base URL path', async () => {
    client = new Client({ baseUrl: `${server.origin}/api/v1` });
    const response = await firstValueFrom(client.get('/users/7'));
    expect(seen().url).toBe('/api/v1/users/7');
    expect(response.url.href).toBe(`${server.origin}/api/v1/users/7`);
  });

  it('resolves ../ against the base URL', async () => {
    client = new Client({ baseUrl: `${server.origin}/api/v1/` });
    await firstValueFrom(client.get('../status'));
    expect(seen().url).toBe('/api/status');
  });

  it('lets an absolute URL replace the base URL', async () => {
    client = new Client({ baseUrl: 'http://192.0.2.1/never' });
    await firstValueFrom(client.get(`${server.origin}/direct`));
    expect(seen().url).toBe('/direct');
  });

  it("keeps the URL's own query and appends client params, then request params", async () => {
    client = new Client({ baseUrl: server.origin, params: { page: '1', lang: 'en' } });
    await firstValueFrom(client.get('/search?q=rx%20js&q=two', { params: { page: '2', size: 10 } }));
    const url = new URL(seen().url, server.origin);
    expect(url.pathname).toBe('/search');
    const pairs = [...url.searchParams];
    // The URL's own query comes first, untouched; the merged params follow it.
    expect(pairs.slice(0, 2)).toEqual([
      ['q', 'rx js'],
      ['q', 'two'],
    ]);
    expect(pairs.slice(2).sort()).toEqual([
      ['lang', 'en'],
      ['page', '2'],
      ['size', '10'],
    ]);
  });

  it('sends client params when the request gives none', async () => {
    client = new Client({ params: { token: 'abc' } });
    await firstValueFrom(client.get(`${server.url}x?a=1`));
    expect(seen().url).toBe('/x?a=1&token=abc');
  });
});

describe('header merging', () => {
  it('sends client headers and request headers, the request winning per name', async () => {
    client = new Client({ headers: { 'X-Client': 'c', 'X-Shared': 'from-client', Accept: 'text/plain' } });
    await firstValueFrom(
      client.get(server.url, { headers: { 'x-shared': 'from-request', 'X-Request': 'r' } }),
    );
    const request = seen();
    expect(wireValues(request, 'x-client')).toEqual(['c']);
    expect(wireValues(request, 'x-shared')).toEqual(['from-request']);
    expect(wireValues(request, 'x-request')).toEqual(['r']);
    expect(wireValues(request, 'accept')).toEqual(['text/plain']);
  });

  it('does not let one request change the client headers of the next', async () => {
    client = new Client({ headers: { 'X-Shared': 'from-client' } });
    await firstValueFrom(client.get(server.url, { headers: { 'X-Shared': 'once' } }));
    await firstValueFrom(client.get(server.url));
    expect(server.requests.map((request) => wireValues(request, 'x-shared'))).toEqual([
      ['once'],
      ['from-client'],
    ]);
  });

  it('keeps the default headers in order: Accept, Accept-Encoding, Connection, User-Agent', async () => {
    client = new Client();
    expect([...client.headers]).toEqual([
      ['Accept', '*/*'],
      ['Accept-Encoding', 'gzip, deflate, br, zstd'],
      ['Connection', 'keep-alive'],
      ['User-Agent', `httprx/${version}`],
    ]);
  });

  it('sends the default headers with their values, Accept before Accept-Encoding before User-Agent', async () => {
    client = new Client();
    await firstValueFrom(client.get(server.url));
    const request = seen();
    // undici writes `host` and `connection` itself, first and in lower case; the rest keep our order.
    const ours = headerNames(request.rawHeaders).filter((name) => !['host', 'connection'].includes(name));
    expect(ours).toEqual(['Accept', 'Accept-Encoding', 'User-Agent']);
    expect(wireValues(request, 'accept')).toEqual(['*/*']);
    expect(wireValues(request, 'accept-encoding')).toEqual(['gzip, deflate, br, zstd']);
    expect(wireValues(request, 'connection')).toEqual(['keep-alive']);
    expect(wireValues(request, 'user-agent')).toEqual([`httprx/${version}`]);
    expect(wireValues(request, 'host')).toEqual([`127.0.0.1:${server.port}`]);
  });

  it('sends header names with the casing they were given', async () => {
    client = new Client({ headers: { 'X-ClientSide': '1' } });
    await firstValueFrom(client.get(server.url, { headers: { 'X-CamelCase': 'yes', 'x-lower': 'no' } }));
    const names = headerNames(seen().rawHeaders);
    expect(names).toContain('X-CamelCase');
    expect(names).toContain('X-ClientSide');
    expect(names).toContain('x-lower');
  });

  it('sends a header given twice as two lines', async () => {
    client = new Client();
    await firstValueFrom(
      client.get(server.url, {
        headers: [
          ['X-Many', 'a'],
          ['X-Many', 'b'],
        ],
      }),
    );
    expect(wireValues(seen(), 'x-many')).toEqual(['a', 'b']);
  });
});

describe('request target', () => {
  it('sends OPTIONS * when extensions.target is *', async () => {
    client = new Client();
    const response = await firstValueFrom(client.options(server.url, { extensions: { target: '*' } }));
    expect(response.status).toBe(200);
    const request = seen();
    expect(request.method).toBe('OPTIONS');
    expect(request.url).toBe('*');
  });

  it('sends the path and query as the target by default', async () => {
    client = new Client();
    await firstValueFrom(client.options(`${server.url}a/b?c=d`));
    expect(seen().url).toBe('/a/b?c=d');
  });
});

describe('option names', () => {
  it('rejects an unknown request option through the Observable of a verb', async () => {
    client = new Client();
    const response$ = client.get(server.url, { haeders: { a: 'b' } } as never);
    await expect(firstValueFrom(response$)).rejects.toThrow(TypeError);
    await expect(firstValueFrom(response$)).rejects.toThrow(/haeders/);
    expect(server.requests).toHaveLength(0);
  });

  it('rejects an unknown client option when the client is made', () => {
    expect(() => new Client({ baseURL: server.url } as never)).toThrow(TypeError);
  });
});

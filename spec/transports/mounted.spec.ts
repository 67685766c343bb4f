/**
 * The client's `mounts`: each request (each redirect hop too) goes to the transport of the
 * most specific pattern its URL matches, by httpx's order; `null` is the default transport.
 */
import { firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { Client, MockTransport, Response, type Transport } from '../../src/index.ts';
import { UrlPattern } from '../../src/transports/url-pattern.ts';

/** A mock that answers with its own name, and counts its closes. */
function named(name: string): MockTransport & { closed: number } {
  const transport = Object.assign(new MockTransport(() => new Response(200, { text: name })), { closed: 0 });
  transport.close = async () => {
    transport.closed++;
  };
  return transport;
}

async function via(client: Client, url: string): Promise<string> {
  return (await firstValueFrom(client.get(url))).text;
}

describe('mounts', () => {
  it('send each URL to its most specific pattern: port, then longer host, then longer scheme', async () => {
    const client = new Client({
      transport: named('default'),
      mounts: {
        'all://': named('all'),
        'http://': named('http'),
        'all://example.com': named('all example.com'),
        'https://example.com': named('https example.com'),
        'all://*.example.com': named('subdomains'),
        'all://*example.org': named('example.org and subdomains'),
        'https://example.com:8443': named('port 8443'),
      },
    });
    const cases = {
      'https://other.test/': 'all',
      'http://other.test/': 'http',
      'http://example.com/': 'all example.com',
      'https://example.com/x': 'https example.com',
      'https://example.com:443/': 'https example.com',
      'https://api.example.com/': 'subdomains',
      'https://example.org/': 'example.org and subdomains',
      'https://a.b.example.org/': 'example.org and subdomains',
      'https://notexample.org/': 'all',
      'https://example.com:8443/': 'port 8443',
      'http://example.com:8443/': 'all example.com',
    };
    const seen: Record<string, string> = {};
    for (const url of Object.keys(cases)) seen[url] = await via(client, url);
    expect(seen).toEqual(cases);
  });

  it('send a null mount over the default transport, and what matches nothing too', async () => {
    const client = new Client({
      transport: named('default'),
      mounts: { 'all://': named('proxy'), 'all://*.internal': null, 'http://[::1]': null },
    });
    expect(await via(client, 'https://public.test/')).toBe('proxy');
    expect(await via(client, 'https://db.internal/')).toBe('default');
    expect(await via(client, 'http://[::1]:8080/')).toBe('default');
  });

  it('route each redirect hop anew', async () => {
    const old: Transport = new MockTransport(
      () => new Response(302, { headers: { Location: 'https://new.test/here' } }),
    );
    const client = new Client({
      transport: named('default'),
      followRedirects: true,
      mounts: { 'https://old.test': old, 'https://new.test': named('new') },
    });
    const response = await firstValueFrom(client.get('https://old.test/'));
    expect([response.text, response.history.map((r) => r.url.host)]).toEqual(['new', ['old.test']]);
  });

  it('close every mounted transport with the client, each once, and sum their counts', async () => {
    const fallback = named('default');
    const shared = named('shared');
    const counted = Object.assign(named('counted'), { counts: () => ({ active: 2, idle: 3 }) });
    const client = new Client({
      transport: Object.assign(fallback, { counts: () => ({ active: 1, idle: 0 }) }),
      mounts: { 'http://': shared, 'https://a.test': shared, 'https://b.test': counted },
    });
    expect(String(client)).toBe('<Client [3 active, 3 idle]>');
    await client.close();
    expect([fallback.closed, shared.closed, counted.closed]).toEqual([1, 1, 1]);
  });

  it('name a wrong pattern or transport at new Client()', () => {
    expect(() => new Client({ mounts: { 'example.com': null } })).toThrow(
      "A mount pattern is a scheme (all, http or https), '://' and optionally a host ('*.' for its subdomains) and a port, such as 'all://', 'https://example.com' or 'all://*.example.com:8443', not 'example.com'",
    );
    expect(() => new Client({ mounts: { 'ftp://': null } })).toThrow('A mount pattern is a scheme');
    expect(() => new Client({ mounts: { 'all://': {} as never } })).toThrow(
      "mounts['all://'] must be a Transport (with handle(request) and close()) or null for the default one, not an object",
    );
    expect(() => new Client({ mounts: [] as never })).toThrow(
      'mounts must be a record of URL patterns to transports',
    );
  });

  it('read only own entries: an inherited one is not a mount', async () => {
    const mounts = Object.create({ 'all://': named('inherited') }) as Record<string, Transport | null>;
    const client = new Client({ transport: named('default'), mounts });
    expect(await via(client, 'https://x.test/')).toBe('default');
  });

  it('order patterns as httpx does', () => {
    const sorted = ['all://', 'https://', 'all://example.com', 'https://example.com', 'all://h:81', 'http://']
      .map((pattern) => new UrlPattern(pattern))
      .sort(UrlPattern.compare)
      .map((pattern) => pattern.pattern);
    expect(sorted).toEqual([
      'all://h:81',
      'https://example.com',
      'all://example.com',
      'https://',
      'http://',
      'all://',
    ]);
  });
});

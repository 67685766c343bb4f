import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { lastValueFrom } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Response } from '../../src/index.ts';
import { selfSignedPem } from './support/certs.ts';
import { trackedPerTest } from './support/tracked.ts';

const { serve, client } = trackedPerTest();

/** The response to GET `path` from a real server that answers with these Set-Cookie lines. */
async function responseSetting(lines: string[], path = '/'): Promise<Response> {
  const server = await serve((_req, res) => {
    res.setHeader('Set-Cookie', lines);
    res.end('ok');
  });
  return lastValueFrom(client().get(`${server.origin}${path}`));
}

const tlsServers: https.Server[] = [];
afterEach(async () => {
  await Promise.all(
    tlsServers.splice(0).map((server) => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    }),
  );
});

describe('response.cookies against a real server', () => {
  it('shows a cookie the server sets, scoped to the host and the default path', async () => {
    const response = await responseSetting(['sid=abc123', 'lang=en; Max-Age=3600; Path=/'], '/app/login');
    expect([...response.cookies]).toEqual([
      ['sid', 'abc123'],
      ['lang', 'en'],
    ]);
    expect(response.cookies.get('sid', { domain: '127.0.0.1', path: '/app' })).toBe('abc123');
    expect(response.cookies.get('lang', { domain: '127.0.0.1', path: '/' })).toBe('en');
  });

  it('does not show a cookie the server expires with Max-Age=0, Max-Age=-1 or an Expires in 1970', async () => {
    const response = await responseSetting([
      'zero=1; Max-Age=0',
      'negative=1; Max-Age=-1',
      'past=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT',
      'live=1',
    ]);
    expect([...response.cookies]).toEqual([['live', '1']]);
    expect(response.cookies.get('zero')).toBeUndefined();
    expect(response.cookies.get('negative')).toBeUndefined();
    expect(response.cookies.get('past')).toBeUndefined();
  });

  it('does not show a cookie the server deletes later in the same response', async () => {
    const response = await responseSetting(['sid=abc', 'sid=; Max-Age=0']);
    expect(response.cookies.size).toBe(0);
  });

  it('rejects Domain=.com (a public suffix) and a Domain the response URL is not in', async () => {
    const response = await responseSetting([
      'suffix=1; Domain=.com',
      'elsewhere=1; Domain=example.com',
      'own=1; Domain=127.0.0.1',
    ]);
    expect([...response.cookies]).toEqual([['own', '1']]);
    expect(response.cookies.get('own', { domain: '127.0.0.1' })).toBe('1');
  });

  it('keeps Path, HttpOnly and SameSite, and the expiry of a persistent cookie', async () => {
    const response = await responseSetting([
      'sid=abc; HttpOnly; Path=/app; SameSite=Lax; Max-Age=3600',
      'plain=1',
    ]);
    expect(response.cookies.details('sid')).toMatchObject({
      name: 'sid',
      value: 'abc',
      domain: '127.0.0.1',
      path: '/app',
      secure: false,
      httpOnly: true,
      sameSite: 'lax',
    });
    const expires = response.cookies.details('sid')?.expires?.getTime() ?? 0;
    expect(expires - Date.now()).toBeGreaterThan(3_000_000);
    expect(response.cookies.details('plain')).toMatchObject({ httpOnly: false, secure: false });
    expect(response.cookies.details('plain')?.expires).toBeUndefined();
  });

  it('keeps a Secure cookie set over https, and shows none set over plain http (as the jar does)', async () => {
    const server = https.createServer(selfSignedPem('127.0.0.1'), (_req, res) => {
      res.setHeader('Set-Cookie', ['token=t; Secure; HttpOnly; Path=/api']);
      res.end();
    });
    tlsServers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const overTls = await lastValueFrom(client({ verify: false }).get(`${origin}/api/login`));
    expect(overTls.cookies.details('token')).toMatchObject({ path: '/api', secure: true, httpOnly: true });

    const overHttp = await responseSetting(['token=t; Secure', 'plain=1']);
    expect([...overHttp.cookies]).toEqual([['plain', '1']]);
  });

  it('still raises CookieConflict for a name set for two paths', async () => {
    const response = await responseSetting(['id=root; Path=/', 'id=admin; Path=/admin']);
    expect(() => response.cookies.get('id')).toThrow(/give a domain or path/);
    expect(response.cookies.get('id', { path: '/admin' })).toBe('admin');
  });
});

import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { lastValueFrom } from 'rxjs';
import { CookieJar, MemoryCookieStore } from 'tough-cookie';
import { afterEach, describe, expect, it } from 'vitest';
import type { Client } from '../../src/index.ts';
import { selfSignedPem } from './support/certs.ts';
import { trackedPerTest } from './support/tracked.ts';

const { serve, client } = trackedPerTest();

/** Servers this file starts itself (on `localhost`, or over TLS), closed after each test. */
const ownServers: (http.Server | https.Server)[] = [];
afterEach(async () => {
  await Promise.all(
    ownServers.splice(0).map((server) => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    }),
  );
});

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** The Cookie header of each request a handler sees, `null` when there was none. */
function cookieLog(): { cookies: (string | null)[]; note: (req: IncomingMessage) => void } {
  const cookies: (string | null)[] = [];
  return { cookies, note: (req) => cookies.push(req.headers.cookie ?? null) };
}

/** A server bound to the name `localhost`: to a cookie jar, another host than 127.0.0.1. */
async function serveOnLocalhost(handler: Handler): Promise<string> {
  const server = http.createServer(handler);
  ownServers.push(server);
  await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
  return `http://localhost:${(server.address() as AddressInfo).port}`;
}

/** An https server on 127.0.0.1 with a throw-away self-signed certificate. */
async function serveOverTls(handler: Handler): Promise<string> {
  const server = https.createServer(selfSignedPem('127.0.0.1'), handler);
  ownServers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const fetchText = async (via: Client, url: string, options?: Parameters<Client['get']>[1]) =>
  (await lastValueFrom(via.get(url, options))).text;

describe('cookies against real servers', () => {
  it('stores Set-Cookie and sends it back on the next request', async () => {
    const log = cookieLog();
    const server = await serve((req, res) => {
      log.note(req);
      if (req.url === '/login')
        res.setHeader('Set-Cookie', ['sid=abc123; HttpOnly', 'lang=en; Max-Age=3600']);
      res.end('ok');
    });
    const via = client();
    const login = await lastValueFrom(via.get(`${server.origin}/login`));
    expect(login.cookies.get('sid')).toBe('abc123');
    await fetchText(via, `${server.origin}/me`);
    expect(log.cookies).toEqual([null, 'sid=abc123; lang=en']);
    expect(via.cookies.get('sid', { domain: '127.0.0.1' })).toBe('abc123');
  });

  it('sends the client cookies to every host, merged with per-request cookies that win per name', async () => {
    const log = cookieLog();
    const server = await serve((req, res) => {
      log.note(req);
      res.end();
    });
    const elsewhere = await serveOnLocalhost((req, res) => {
      log.note(req);
      res.end();
    });
    const via = client({ cookies: { theme: 'dark', lang: 'en' } });
    await fetchText(via, server.url, { cookies: { lang: 'fr', extra: '1' } });
    await fetchText(via, `${elsewhere}/`);
    expect(log.cookies).toEqual(['lang=fr; extra=1; theme=dark', 'theme=dark; lang=en']);
  });

  it('scopes a cookie to its Path', async () => {
    const log = cookieLog();
    const server = await serve((req, res) => {
      log.note(req);
      if (req.url === '/app/login') res.setHeader('Set-Cookie', ['app=1; Path=/app', 'implicit=1']);
      res.end();
    });
    const via = client();
    for (const path of ['/app/login', '/app/page', '/application', '/', '/app'])
      await fetchText(via, `${server.origin}${path}`);
    // `implicit` has no Path: it defaults to the directory of /app/login, which is /app.
    expect(log.cookies).toEqual([null, 'app=1; implicit=1', null, null, 'app=1; implicit=1']);
  });

  it('keeps a cookie to its host: 127.0.0.1 and localhost do not see each other’s', async () => {
    const log = cookieLog();
    const ip = await serve((req, res) => {
      log.note(req);
      res.setHeader('Set-Cookie', 'who=ip');
      res.end();
    });
    const name = await serveOnLocalhost((req, res) => {
      log.note(req);
      res.setHeader('Set-Cookie', ['who=name', 'x=1; Domain=127.0.0.1']);
      res.end();
    });
    const via = client();
    await fetchText(via, ip.url);
    await fetchText(via, `${name}/`);
    await fetchText(via, ip.url);
    await fetchText(via, `${name}/`);
    expect(log.cookies).toEqual([null, null, 'who=ip', 'who=name']);
    expect(via.cookies.get('who', { domain: 'localhost' })).toBe('name');
    expect(via.cookies.get('x')).toBeUndefined();
  });

  it('sends a Secure cookie over https only, and stores none that arrives over http', async () => {
    const log = cookieLog();
    const secure = await serveOverTls((req, res) => {
      log.note(req);
      res.setHeader('Set-Cookie', ['s=1; Secure', 'p=1']);
      res.end();
    });
    const plain = await serve((req, res) => {
      log.note(req);
      if (req.url === '/set') res.setHeader('Set-Cookie', 'insecure=1; Secure');
      res.end();
    });
    const via = client({ verify: false });
    await fetchText(via, `${secure}/`);
    await fetchText(via, `${plain.origin}/set`);
    await fetchText(via, `${plain.origin}/`);
    await fetchText(via, `${secure}/`);
    expect(log.cookies).toEqual([null, 'p=1', 'p=1', 's=1; p=1']);
    expect(via.cookies.get('insecure')).toBeUndefined();
  });

  it('removes a cookie the server expires with Max-Age=0 or a past Expires', async () => {
    const log = cookieLog();
    const server = await serve((req, res) => {
      log.note(req);
      if (req.url === '/login') res.setHeader('Set-Cookie', ['a=1', 'b=2', 'c=3']);
      if (req.url === '/logout')
        res.setHeader('Set-Cookie', ['a=; Max-Age=0', 'b=; Expires=Thu, 01 Jan 1970 00:00:00 GMT']);
      res.end();
    });
    const via = client();
    for (const path of ['/login', '/page', '/logout', '/page'])
      await fetchText(via, `${server.origin}${path}`);
    expect(log.cookies).toEqual([null, 'a=1; b=2; c=3', 'a=1; b=2; c=3', 'c=3']);
    expect([...via.cookies]).toEqual([['c', '3']]);
  });

  it('stores into a jar the user owns, which the client then sends from', async () => {
    const log = cookieLog();
    const server = await serve((req, res) => {
      log.note(req);
      if (req.url === '/login') res.setHeader('Set-Cookie', 'sid=from-server');
      res.end();
    });
    const jar = new CookieJar();
    const via = client({ cookies: jar });
    expect(via.cookies.jar).toBe(jar);
    await fetchText(via, `${server.origin}/login`);
    expect(jar.getCookieStringSync(server.url)).toBe('sid=from-server');
    jar.setCookieSync('mine=1', server.url);
    await fetchText(via, `${server.origin}/next`);
    expect(log.cookies).toEqual([null, 'sid=from-server; mine=1']);
  });

  it('works over an asynchronous store whose answers come later', async () => {
    // An in-memory store that answers on a later turn of the event loop, as a database would.
    const store = new Proxy(new MemoryCookieStore(), {
      get(target, key, receiver) {
        if (key === 'synchronous') return false;
        const value: unknown = Reflect.get(target, key, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          const callback = args.at(-1);
          if (typeof callback === 'function')
            args[args.length - 1] = (...results: unknown[]) => setImmediate(() => callback(...results));
          return value.apply(target, args);
        };
      },
    });
    const log = cookieLog();
    const server = await serve((req, res) => {
      log.note(req);
      res.setHeader('Set-Cookie', [`n=${log.cookies.length}`, 'fixed=1']);
      res.end();
    });
    const jar = new CookieJar(store);
    const via = client({ cookies: jar });
    for (let i = 0; i < 3; i++) await fetchText(via, server.url);
    expect(log.cookies).toEqual([null, 'n=1; fixed=1', 'n=2; fixed=1']);
    expect(await jar.getCookieString(server.url)).toBe('n=3; fixed=1');
  });

  describe('across redirects', () => {
    it('stores the Set-Cookie of a redirect hop and sends it to the next hop on the same host', async () => {
      const log = cookieLog();
      const server = await serve((req, res) => {
        log.note(req);
        if (req.url === '/login') {
          res.writeHead(302, { Location: '/home', 'Set-Cookie': 'sid=from-redirect' });
          res.end();
          return;
        }
        res.end('home');
      });
      const via = client({ followRedirects: true });
      const response = await lastValueFrom(via.get(`${server.origin}/login`));
      expect(response.text).toBe('home');
      expect(log.cookies).toEqual([null, 'sid=from-redirect']);
    });

    it('does not send the first host’s cookies to another host, but stores each host’s', async () => {
      const log = cookieLog();
      const landing = await serveOnLocalhost((req, res) => {
        log.note(req);
        res.setHeader('Set-Cookie', 'second=2');
        res.end('landed');
      });
      const server = await serve((req, res) => {
        log.note(req);
        res.writeHead(302, { Location: `${landing}/landing`, 'Set-Cookie': 'first=1' });
        res.end();
      });
      const via = client({ followRedirects: true });
      const response = await lastValueFrom(via.get(server.url, { cookies: { own: 'x' } }));
      expect(response.text).toBe('landed');
      expect(log.cookies).toEqual(['own=x', null]);
      expect(via.cookies.get('first', { domain: '127.0.0.1' })).toBe('1');
      expect(via.cookies.get('second', { domain: 'localhost' })).toBe('2');
    });
  });
});

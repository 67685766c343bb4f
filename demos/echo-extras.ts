/**
 * The echo server's routes for redirects, cookies, digest auth and retries (see echo-server.ts):
 *
 * - `/redirect/<n>`: 302 to `/redirect/<n-1>`; `/redirect/0` echoes;
 * - `/cookies/set/<name>/<value>`: sets that cookie (Path=/), then echoes;
 * - `/digest-auth/<user>/<password>`: HTTP Digest (MD5, qop=auth), then `{ user }`;
 * - `/flaky/<id>/<n>`: 503 with `Retry-After: 0` for the first n requests of that id, then echoes.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

const md5 = (text: string) => createHash('md5').update(text).digest('hex');
const failures = new Map<string, number>();

/** Answers `req` if it is one of these routes and returns true; false leaves it to the echo. */
export function handleExtra(req: IncomingMessage, res: ServerResponse, path: string): boolean {
  const redirect = /^\/redirect\/(\d+)$/.exec(path);
  if (redirect && redirect[1] !== '0') {
    res.writeHead(302, { Location: `/redirect/${Number(redirect[1]) - 1}` }).end();
    return true;
  }
  const cookie = /^\/cookies\/set\/([^/]+)\/([^/]+)$/.exec(path);
  if (cookie) res.setHeader('Set-Cookie', `${cookie[1]}=${cookie[2]}; Path=/`);
  const digest = /^\/digest-auth\/([^/]+)\/([^/]+)$/.exec(path);
  if (digest) {
    const [, user = '', password = ''] = digest;
    if (digestValid(req, user, password))
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ user }));
    else {
      const nonce = randomBytes(16).toString('hex');
      res
        .writeHead(401, {
          'WWW-Authenticate': `Digest realm="httprx", qop="auth", nonce="${nonce}", algorithm=MD5`,
        })
        .end();
    }
    return true;
  }
  const flaky = /^\/flaky\/([^/]+)\/(\d+)$/.exec(path);
  if (flaky) {
    const [, id = '', limit = '0'] = flaky;
    const seen = failures.get(id) ?? 0;
    failures.set(id, seen + 1);
    if (seen < Number(limit)) {
      res.writeHead(503, { 'Retry-After': '0' }).end('try again');
      return true;
    }
  }
  return false;
}

/** Checks an `Authorization: Digest …` answer (MD5, qop=auth) against the password. */
function digestValid(req: IncomingMessage, user: string, password: string): boolean {
  const header = req.headers.authorization ?? '';
  if (!header.startsWith('Digest ')) return false;
  const fields = Object.fromEntries(
    [...header.slice(7).matchAll(/(\w+)=(?:"([^"]*)"|([^,\s]*))/g)].map((m) => [m[1], m[2] ?? m[3] ?? '']),
  );
  const ha1 = md5(`${user}:httprx:${password}`);
  const ha2 = md5(`${req.method}:${fields.uri}`);
  const expected = md5(`${ha1}:${fields.nonce}:${fields.nc}:${fields.cnonce}:auth:${ha2}`);
  return fields.username === user && fields.response === expected;
}

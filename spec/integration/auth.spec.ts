import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { lastValueFrom, toArray } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { Client, type NodeClientOptions } from '../../src/index.ts';
import { BasicAuth } from '../../src/middleware/auth/basic.ts';
import { DigestAuth } from '../../src/middleware/auth/digest.ts';
import type { Auth } from '../../src/middleware/auth/types.ts';
import { NetRCAuth } from '../../src/node/netrc-auth.ts';
import {
  ANSWERED_ALGORITHMS,
  type DigestServerOptions,
  DigestVerifier,
} from '../middleware/auth/support/digest-verifier.ts';
import { type SeenRequest, startRecordingServer, type TestServer } from './support/server.ts';

type RecordingServer = TestServer & { readonly requests: SeenRequest[] };

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** Echoes what it saw as JSON: method, path, Authorization, body length. */
async function echoServer(): Promise<RecordingServer> {
  const server = await startRecordingServer((seen, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ url: seen.url, authorization: seen.headers.authorization ?? null }));
  });
  closers.push(() => server.close());
  return server;
}

/** A node:http server whose every answer is checked by an RFC 7616 verifier. */
async function digestServer(options: Partial<DigestServerOptions> = {}) {
  const verifier = new DigestVerifier({ users: { ada: 'lovelace' }, ...options });
  const server = await startRecordingServer((seen, res) => {
    const reply = verifier.reply(seen.method, seen.url, seen.headers.authorization);
    res.writeHead(reply.status, reply.headers.flat());
    res.end(reply.body);
  });
  closers.push(() => server.close());
  return { verifier, server };
}

function client(options: NodeClientOptions = {}): Client {
  const made = new Client(options);
  closers.push(() => made.close());
  return made;
}

const echoed = (response: { json<T>(): T }) => response.json<{ url: string; authorization: string | null }>();

describe('auth against a real server', () => {
  it('sends [user, pass] from the client and BasicAuth from a request', async () => {
    const server = await echoServer();
    const http = client({ auth: ['ada', 'lovelace'] });
    const fromClient = await lastValueFrom(http.get(server.url));
    const fromRequest = await lastValueFrom(http.get(server.url, { auth: new BasicAuth('bob', 'builder') }));
    expect(echoed(fromClient).authorization).toBe(`Basic ${btoa('ada:lovelace')}`);
    expect(echoed(fromRequest).authorization).toBe(`Basic ${btoa('bob:builder')}`);
  });

  it('turns user:password in the URL into Basic and sends neither in the request line', async () => {
    const server = await echoServer();
    const url = `http://ada:love%20lace@127.0.0.1:${server.port}/path?q=1`;
    const response = await lastValueFrom(client().get(url));
    expect(echoed(response)).toEqual({ url: '/path?q=1', authorization: `Basic ${btoa('ada:love lace')}` });
    expect(response.url.href).toBe(`${server.origin}/path?q=1`);
  });

  it('sends nothing for a request-level auth: null', async () => {
    const server = await echoServer();
    const response = await lastValueFrom(
      client({ auth: ['ada', 'lovelace'] }).get(server.url, { auth: null }),
    );
    expect(echoed(response).authorization).toBeNull();
  });

  it('calls a function auth with each request', async () => {
    const server = await echoServer();
    const http = client({
      auth: (request) =>
        request.with({
          headers: request.headers.copy().set('Authorization', `Token ${request.url.pathname}`),
        }),
    });
    expect(echoed(await lastValueFrom(http.get(`${server.origin}/a`))).authorization).toBe('Token /a');
  });

  it('reads credentials from a netrc file with NetRCAuth', async () => {
    const server = await echoServer();
    const dir = mkdtempSync(join(tmpdir(), 'httprx-netrc-'));
    closers.push(async () => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'netrc'), 'machine 127.0.0.1 login ada password lovelace\n');
    const response = await lastValueFrom(client({ auth: new NetRCAuth(join(dir, 'netrc')) }).get(server.url));
    expect(echoed(response).authorization).toBe(`Basic ${btoa('ada:lovelace')}`);
  });

  it('with trustEnv, looks the host up in $NETRC; with trustEnv: false, does not', async () => {
    const server = await echoServer();
    const dir = mkdtempSync(join(tmpdir(), 'httprx-netrc-'));
    const saved = process.env.NETRC;
    closers.push(async () => {
      if (saved === undefined) delete process.env.NETRC;
      else process.env.NETRC = saved;
      rmSync(dir, { recursive: true, force: true });
    });
    writeFileSync(join(dir, 'netrc'), 'machine 127.0.0.1 login ada password lovelace\n');
    process.env.NETRC = join(dir, 'netrc');
    const trusting = await lastValueFrom(client().get(server.url));
    const untrusting = await lastValueFrom(client({ trustEnv: false }).get(server.url));
    expect(echoed(trusting).authorization).toBe(`Basic ${btoa('ada:lovelace')}`);
    expect(echoed(untrusting).authorization).toBeNull();
  });
});

describe('auth around redirects', () => {
  it('keeps Basic credentials on a same-origin hop and never sends them to another origin', async () => {
    const other = await echoServer();
    const first = await startRecordingServer((seen, res) => {
      if (seen.url === '/away') res.writeHead(302, { Location: other.url }).end();
      else if (seen.url === '/here') res.writeHead(302, { Location: '/final' }).end();
      else res.end(JSON.stringify({ url: seen.url, authorization: seen.headers.authorization ?? null }));
    });
    closers.push(() => first.close());
    const http = client({ auth: ['ada', 'lovelace'], followRedirects: true });
    const here = await lastValueFrom(http.get(`${first.origin}/here`));
    const away = await lastValueFrom(http.get(`${first.origin}/away`));
    expect(echoed(here)).toEqual({ url: '/final', authorization: `Basic ${btoa('ada:lovelace')}` });
    expect(first.requests.map((seen) => seen.headers.authorization)).toEqual([
      `Basic ${btoa('ada:lovelace')}`,
      `Basic ${btoa('ada:lovelace')}`,
      `Basic ${btoa('ada:lovelace')}`,
    ]);
    expect(echoed(away).authorization).toBeNull();
    expect(away.history.map((hop) => hop.status)).toEqual([302]);
  });

  it('digest state keeps to its origin: a 401 from another origin after a redirect is final, its challenge never answered nor reused', async () => {
    const { verifier, server } = await digestServer();
    const entry = await startRecordingServer((_seen, res) => {
      res.writeHead(302, { Location: server.url }).end();
    });
    closers.push(() => entry.close());
    const digest = new DigestAuth('ada', 'lovelace');
    const response = await lastValueFrom(client({ auth: digest, followRedirects: true }).get(entry.url));
    expect(response.status).toBe(401);
    expect(response.url.origin).toBe(server.origin);
    expect(response.history.map((hop) => `${hop.status} ${hop.url.origin}`)).toEqual([`302 ${entry.origin}`]);
    expect(verifier.answers).toHaveLength(0);
    // The first origin got no answer made from the other origin's challenge, then or later.
    await lastValueFrom(client({ auth: digest }).get(entry.url));
    expect(entry.requests).toHaveLength(2);
    expect(entry.requests.map((seen) => seen.headers.authorization)).toEqual([undefined, undefined]);
  });
});

describe('DigestAuth against an RFC 7616 node:http server', () => {
  for (const algorithm of ANSWERED_ALGORITHMS) {
    it(`authenticates with ${algorithm}`, async () => {
      const { verifier, server } = await digestServer({ algorithms: [algorithm] });
      const response = await lastValueFrom(
        client({ auth: new DigestAuth('ada', 'lovelace') }).get(`${server.origin}/x?y=1`),
      );
      expect(response.status).toBe(200);
      expect(response.history.map((answered) => answered.status)).toEqual([401]);
      expect(verifier.answers).toMatchObject([{ ok: true, algorithm }]);
    });
  }

  it('emits one response; the 401 goes into the history, its body discarded', async () => {
    const { server } = await digestServer();
    const events = await lastValueFrom(
      client({ auth: new DigestAuth('ada', 'lovelace') })
        .events('GET', server.url)
        .pipe(toArray()),
    );
    expect(events.filter((event) => event.type === 'sent')).toHaveLength(2);
    expect(events.filter((event) => event.type === 'headers' || event.type === 'response')).toHaveLength(2);
    const final = events.at(-1);
    expect(
      final?.type === 'response' && final.response.history.map((r) => [r.status, r.isDiscarded]),
    ).toEqual([[401, true]]);
  });

  it('re-sends an in-memory body with the answer', async () => {
    const { server } = await digestServer();
    const response = await lastValueFrom(
      client({ auth: new DigestAuth('ada', 'lovelace') }).post(server.url, { json: { n: 1 } }),
    );
    expect(response.status).toBe(200);
    expect(server.requests.map((seen) => seen.body.toString())).toEqual(['{"n":1}', '{"n":1}']);
  });

  it('reuses the challenge: one 401 for several requests, nc counting up', async () => {
    const { verifier, server } = await digestServer();
    const http = client({ auth: new DigestAuth('ada', 'lovelace') });
    for (let i = 0; i < 3; i++) expect((await lastValueFrom(http.get(server.url))).status).toBe(200);
    expect(verifier.challenges).toBe(1);
    expect(server.requests).toHaveLength(4);
    expect(verifier.answers.map((answer) => answer.nc)).toEqual(['00000001', '00000002', '00000003']);
  });

  it('answers a stale nonce again, and stops at a wrong password', async () => {
    const { verifier, server } = await digestServer();
    const http = client({ auth: new DigestAuth('ada', 'lovelace') });
    await lastValueFrom(http.get(server.url));
    verifier.expireNonces();
    const renewed = await lastValueFrom(http.get(server.url));
    expect(renewed.status).toBe(200);
    expect(renewed.history[0]?.headers.get('www-authenticate')).toContain('stale=true');
    const wrong = await lastValueFrom(client({ auth: new DigestAuth('ada', 'wrong') }).get(server.url));
    expect(wrong.status).toBe(401);
    expect(server.requests).toHaveLength(2 + 2 + 2);
  });

  it('reads a streamed body into memory for a flow that requiresRequestBody', async () => {
    const server = await echoServer();
    const signing: Auth = {
      requiresRequestBody: true,
      *authFlow(request) {
        const signed = request.with({});
        signed.headers.set('Authorization', `Length ${request.content.length}`);
        yield signed;
      },
    };
    const body = Readable.from([Buffer.from('hello '), Buffer.from('world')]);
    const response = await lastValueFrom(client({ auth: signing }).post(server.url, { content: body }));
    expect(echoed(response).authorization).toBe('Length 11');
    expect(server.requests[0]!.body.toString()).toBe('hello world');
  });
});

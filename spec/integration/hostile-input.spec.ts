import { firstValueFrom } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../../src/index.ts';
import { type ByteServer, found, ok, startByteServer, targetOf } from './support/byte-server.ts';

/**
 * Issue 13 item 1, the rest: `__proto__` keys in options parsed from JSON change nothing, and
 * hostile input is parsed in one pass. What httprx itself runs over such input is linear by
 * construction: anchored or single-character-class regular expressions (`HAS_SCHEME`, the
 * control-character search, the token and CR/LF/NUL checks), one `trim()`, one WHATWG URL parse
 * and one resolution of `Location`; none nests a quantifier or rescans. The inputs below are
 * 100,000 characters where the protocol allows it (and just under undici's 16 KiB response head
 * where it does not); the tests time nothing and finish well inside vitest's timeout, which
 * only guards against a quadratic pass coming back.
 */
let server: ByteServer;
const clients: Client[] = [];
function client(options: ConstructorParameters<typeof Client>[0] = {}): Client {
  const made = new Client(options);
  clients.push(made);
  return made;
}
const PAD = ' \t'.repeat(3000);
const LONG_LOCATION = `/${'a/'.repeat(2500)}${'../'.repeat(2500)}end`;
beforeAll(async () => {
  server = await startByteServer((head) => {
    const target = targetOf(head);
    if (target === '/padded') return ok('ok', `X-Pad: ${PAD}v${PAD}\r\n`);
    if (target === '/long-location') return found(LONG_LOCATION);
    return ok();
  });
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((made) => made.close()));
});
afterAll(async () => {
  await server.close();
});

describe('prototype pollution through JSON', () => {
  it('prototype pollution: a __proto__ key in client options parsed from JSON is an unknown option, and Object.prototype is untouched', () => {
    const options = JSON.parse(
      `{"baseUrl": "${server.origin}", "__proto__": {"followRedirects": true, "headers": {"X-Polluted": "1"}}}`,
    );
    expect(() => client(options)).toThrow(/Unknown client option "__proto__"/);
    expect(({} as Record<string, unknown>).followRedirects).toBeUndefined();
    expect(({} as Record<string, unknown>).headers).toBeUndefined();
    expect(server.connections).toBe(0);
  });

  it('prototype pollution: a __proto__ key in request options parsed from JSON is an unknown option', async () => {
    const options = JSON.parse('{"__proto__": {"auth": ["polluted", "secret"]}}');
    const error = await firstValueFrom(client().get(`${server.origin}/`, options)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/Unknown request option "__proto__"/);
    expect(({} as Record<string, unknown>).auth).toBeUndefined();
    expect(server.connections).toBe(0);
  });

  it('prototype pollution: a __proto__ key among headers parsed from JSON sends no header it hides and pollutes nothing', async () => {
    const headers = JSON.parse('{"X-Fine": "1", "__proto__": {"Authorization": "Basic cG9sbHV0ZWQ="}}');
    const made = client({ baseUrl: server.origin, headers });
    await firstValueFrom(made.get('/json-headers', { headers }));
    const head = server.heads.at(-1)!;
    expect(head).toContain('\r\nX-Fine: 1');
    expect(head.toLowerCase()).not.toContain('authorization');
    expect(({} as Record<string, unknown>).Authorization).toBeUndefined();
    expect(made.headers.has('authorization')).toBe(false);
  });
});

describe('hostile input is parsed in one pass', () => {
  it('hostile input: a URL with 100,000 @ in its userinfo and path goes to its real host, in one piece', async () => {
    const ats = '@'.repeat(100_000);
    const response = await firstValueFrom(client().get(`http://${ats}127.0.0.1:${server.port}/${ats}`));
    expect(response.status).toBe(200);
    const head = server.heads.at(-1)!;
    expect(targetOf(head)).toBe(`/${ats}`);
    expect(head).toContain(`\r\nhost: 127.0.0.1:${server.port}`);
    // The userinfo became Basic credentials (99,999 @ as the user name), never part of the target.
    expect(head).toMatch(/\r\nAuthorization: Basic [A-Za-z0-9+/=]{133000,}/);
  });

  it('hostile input: a response header padded with thousands of spaces and tabs is read in one pass', async () => {
    const response = await firstValueFrom(client().get(`${server.origin}/padded`));
    // Leading whitespace is no part of the value; trailing whitespace is kept as received.
    expect(response.headers.get('x-pad')).toBe(`v${PAD}`);
  });

  it('hostile input: a Location of 12,500 characters with 2,500 dot segments is resolved once and followed', async () => {
    const response = await firstValueFrom(
      client({ followRedirects: true }).get(`${server.origin}/long-location`),
    );
    expect(response.status).toBe(200);
    expect(response.url.pathname).toBe('/end');
    expect(targetOf(server.heads.at(-1)!)).toBe('/end');
  });
});

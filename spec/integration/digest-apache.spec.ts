import { lastValueFrom } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../../src/index.ts';
import { DigestAuth } from '../../src/middleware/auth/digest.ts';
import { type Apache, startApache } from './support/apache.ts';

// A real Apache httpd, mod_auth_digest: AuthType Digest, AuthDigestProvider file, MD5, qop auth.
let apache: Apache;
beforeAll(async () => {
  apache = await startApache({
    realm: 'httprx tests',
    users: { ada: 'lovelace' },
    locations: [{ path: '/private/' }, { path: '/short/', nonceLifetime: 1 }],
  });
}, 30_000);
afterAll(() => apache?.stop(), 30_000);

const clients: Client[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) await client.close();
});

function digestClient(password = 'lovelace'): Client {
  const client = new Client({ auth: new DigestAuth('ada', password) });
  clients.push(client);
  return client;
}

/** The access log lines (`status method path`) written after `from`, once `count` of them are there. */
async function logSince(from: number, count: number): Promise<string[]> {
  return (await apache.settleLog(from + count)).slice(from);
}

describe('DigestAuth against Apache mod_auth_digest', () => {
  it('gets the page with the right password, after one 401', async () => {
    const before = apache.accessLog().length;
    const response = await lastValueFrom(digestClient().get(`${apache.origin}/private/secret.txt`));
    expect(response.status).toBe(200);
    expect(response.text).toBe('the secret of /private/\n');
    expect(response.history.map((answered) => answered.status)).toEqual([401]);
    expect(await logSince(before, 2)).toEqual(['401 GET /private/secret.txt', '200 GET /private/secret.txt']);
  });

  it('ends with the 401 for a wrong password, without asking again', async () => {
    const before = apache.accessLog().length;
    const response = await lastValueFrom(digestClient('wrong').get(`${apache.origin}/private/secret.txt`));
    expect(response.status).toBe(401);
    expect(response.history.map((answered) => answered.status)).toEqual([401]);
    expect(await logSince(before, 2)).toEqual(['401 GET /private/secret.txt', '401 GET /private/secret.txt']);
  });

  it('reuses the challenge: Apache sees one 401 for four requests', async () => {
    const client = digestClient();
    const before = apache.accessLog().length;
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await lastValueFrom(client.get(`${apache.origin}/private/secret.txt?n=${i}`))).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200]);
    const log = await logSince(before, 5);
    expect(log.filter((line) => line.startsWith('401 '))).toHaveLength(1);
    expect(log.filter((line) => line.startsWith('200 '))).toHaveLength(4);
  });

  it('answers a stale nonce (AuthDigestNonceLifetime 1) with the new one', async () => {
    const client = digestClient();
    const url = `${apache.origin}/short/secret.txt`;
    expect((await lastValueFrom(client.get(url))).status).toBe(200);
    // Let the one-second nonce expire (a bounded wait, not a timed assertion).
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const before = apache.accessLog().length;
    const renewed = await lastValueFrom(client.get(url));
    expect(renewed.status).toBe(200);
    expect(renewed.text).toBe('the secret of /short/\n');
    expect(renewed.history.map((answered) => answered.status)).toEqual([401]);
    expect(renewed.history[0]!.headers.get('www-authenticate')).toMatch(/stale=true/i);
    expect(await logSince(before, 2)).toEqual(['401 GET /short/secret.txt', '200 GET /short/secret.txt']);
  });
});

import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../../../src/errors.ts';
import { DigestAuth } from '../../../src/middleware/auth/digest.ts';
import { Request } from '../../../src/models/request.ts';
import { Response } from '../../../src/models/response.ts';
import { ANSWERED_ALGORITHMS, type DigestServerOptions, DigestVerifier } from './support/digest-verifier.ts';
import { digestHandler, get, throughAuth } from './support/through.ts';

const users = { Mufasa: 'Circle of Life' };
const url = 'https://example.com/dir/index.html?x=1';

function digestSetup(options: Partial<DigestServerOptions> = {}, password = 'Circle of Life') {
  const verifier = new DigestVerifier({ users, ...options });
  const digest = new DigestAuth('Mufasa', password);
  return { verifier, digest, ...throughAuth(digestHandler(verifier), digest) };
}

describe('DigestAuth', () => {
  for (const algorithm of ANSWERED_ALGORITHMS) {
    it(`answers a ${algorithm} challenge the server verifies`, async () => {
      const { verifier, sent, send } = digestSetup({ algorithms: [algorithm] });
      const { response } = await send(get(url));
      expect(response.status).toBe(200);
      expect(response.json()).toEqual({ username: 'Mufasa' });
      expect(response.history.map((answered) => answered.status)).toEqual([401]);
      expect(sent[0]!.headers.has('authorization')).toBe(false);
      expect(verifier.answers).toMatchObject([{ ok: true, algorithm, nc: '00000001' }]);
    });
  }

  it('answers the first challenge it supports when several are offered', async () => {
    const { verifier, send } = digestSetup({ algorithms: ['SHA-512-256', 'MD5'] });
    expect((await send(get(url))).response.status).toBe(200);
    expect(verifier.answers[0]!.algorithm).toBe('SHA-512-256');
  });

  it('answers a challenge without qop (RFC 2069), with userhash, and without opaque', async () => {
    for (const options of [{ qop: null }, { userhash: true }, { opaque: null }]) {
      const { verifier, send } = digestSetup(options);
      expect((await send(get(url))).response.status).toBe(200);
      expect(verifier.answers.map((answer) => answer.ok)).toEqual([true]);
    }
  });

  it('reuses the challenge: later requests answer up front, nc counting up, each with a fresh cnonce', async () => {
    const { verifier, sent, send } = digestSetup();
    const responses = [];
    for (let i = 0; i < 3; i++) responses.push((await send(get(url))).response);
    expect(responses.map((response) => [response.status, response.history.length])).toEqual([
      [200, 1],
      [200, 0],
      [200, 0],
    ]);
    expect(verifier.challenges).toBe(1);
    expect(sent).toHaveLength(4);
    expect(verifier.answers.map((answer) => answer.nc)).toEqual(['00000001', '00000002', '00000003']);
    expect(new Set(verifier.answers.map((answer) => answer.nonce)).size).toBe(1);
    expect(new Set(verifier.answers.map((answer) => answer.cnonce)).size).toBe(3);
  });

  it('answers up front only to the origin that sent the challenge', async () => {
    const { sent, send } = digestSetup();
    await send(get(url));
    await send(get('https://other.example/dir/index.html?x=1'));
    expect(sent.map((request) => request.headers.has('authorization'))).toEqual([false, true, false, true]);
  });

  it('answers a stale nonce with the new one, starting nc again', async () => {
    const { verifier, sent, send } = digestSetup({ nonceUses: 2 });
    await send(get(url));
    await send(get(url));
    const { response } = await send(get(url));
    expect(response.status).toBe(200);
    expect(response.history.map((answered) => answered.headers.get('www-authenticate'))).toEqual([
      expect.stringContaining('stale=true'),
    ]);
    expect(verifier.answers.map((answer) => [answer.nc, answer.ok])).toEqual([
      ['00000001', true],
      ['00000002', true],
      ['00000003', false],
      ['00000001', true],
    ]);
    expect(verifier.answers[3]!.nonce).not.toBe(verifier.answers[0]!.nonce);
    expect(sent).toHaveLength(5);
  });

  it('falls back to the challenge flow when a reused answer is refused as not stale', async () => {
    const digest = new DigestAuth('Mufasa', 'Circle of Life');
    await throughAuth(digestHandler(new DigestVerifier({ users })), digest).send(get(url));
    // The same DigestAuth, now talking to a server that never issued its nonce.
    const restarted = new DigestVerifier({ users });
    const { response } = await throughAuth(digestHandler(restarted), digest).send(get(url));
    expect(response.status).toBe(200);
    expect(restarted.answers.map((answer) => answer.ok)).toEqual([false, true]);
    expect(restarted.challenges).toBe(1);
  });

  it('gives up on a wrong password after one answer: the second 401 is final', async () => {
    const { verifier, sent, send } = digestSetup({}, 'wrong');
    const { response, events } = await send(get(url));
    expect(response.status).toBe(401);
    expect(response.history.map((answered) => answered.status)).toEqual([401]);
    expect(sent).toHaveLength(2);
    expect(verifier.challenges).toBe(2);
    expect(events.filter((event) => event.type === 'response')).toHaveLength(1);
  });

  it('answers a stale 401 to a fresh answer only once (no loop with a broken server)', async () => {
    const { sent, send } = digestSetup({ alwaysStale: true });
    const { response } = await send(get(url));
    expect(response.status).toBe(401);
    expect(sent).toHaveLength(3);
  });

  it('returns a 401 without a Digest challenge, and any other response, as it is', async () => {
    const basicOnly = throughAuth(
      () => new Response(401, { headers: { 'WWW-Authenticate': 'Basic realm="r"' } }),
      new DigestAuth('u', 'p'),
    );
    expect((await basicOnly.send(get(url))).response.status).toBe(401);
    expect(basicOnly.sent).toHaveLength(1);
    const open = throughAuth(() => new Response(200), new DigestAuth('u', 'p'));
    expect((await open.send(get(url))).response.status).toBe(200);
    expect(open.sent.map((request) => request.headers.has('authorization'))).toEqual([false]);
  });

  it('fails with a ProtocolError when the server offers only qop=auth-int', async () => {
    const { sent, send } = digestSetup({ qop: 'auth-int' });
    await expect(send(get(url))).rejects.toThrow(ProtocolError);
    expect(sent).toHaveLength(1);
  });

  it('answers for the request’s method and target', async () => {
    const { verifier, send } = digestSetup();
    const { response } = await send(new Request('DELETE', 'https://example.com/items/7?force=yes'));
    expect(response.status).toBe(200);
    expect(verifier.answers[0]!.ok).toBe(true);
  });
});

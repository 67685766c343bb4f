/**
 * The README's middleware examples (redirects, cookies, auth, timeouts, retries, hooks), part
 * of demos/readme-examples.ts. KEEP IN SYNC WITH README.md, as there.
 */
import assert from 'node:assert/strict';
import { lastValueFrom, toArray } from 'rxjs';
import { Client, DigestAuth, HttpStatusError, TotalTimeout } from '../src/index.ts';
import type { Echo } from './echo-server.ts';

export async function middlewareExamples(client: Client, baseUrl: string): Promise<void> {
  // README: "Following redirects"
  const followed = await lastValueFrom(client.get('/redirect/2', { followRedirects: true }));
  followed.url.pathname; // '/redirect/0'
  followed.history.map((hop) => hop.status); // [302, 302]
  assert.equal(followed.url.pathname, '/redirect/0');
  assert.deepEqual(
    followed.history.map((hop) => hop.status),
    [302, 302],
  );

  const unfollowed = await lastValueFrom(client.get('/redirect/1'));
  unfollowed.status; // 302
  unfollowed.nextRequest?.url.pathname; // '/redirect/0'
  assert.equal(unfollowed.status, 302);
  assert.equal(unfollowed.nextRequest?.url.pathname, '/redirect/0');

  // README: "Cookies"
  await lastValueFrom(client.get('/cookies/set/session/abc'));
  client.cookies.get('session'); // 'abc'
  const withCookie = await lastValueFrom(client.get('/anything'));
  withCookie.json<Echo>().headers.cookie; // 'session=abc'
  assert.equal(client.cookies.get('session'), 'abc');
  assert.equal(withCookie.json<Echo>().headers.cookie, 'session=abc');

  // README: "Authentication"
  const basic = await lastValueFrom(client.get('/anything', { auth: ['ada', 'lovelace'] }));
  basic.json<Echo>().headers.authorization; // 'Basic YWRhOmxvdmVsYWNl'
  assert.equal(basic.json<Echo>().headers.authorization, 'Basic YWRhOmxvdmVsYWNl');

  const digest = await lastValueFrom(
    client.get('/digest-auth/ada/lovelace', { auth: new DigestAuth('ada', 'lovelace') }),
  );
  digest.json(); // { user: 'ada' }
  digest.history.map((hop) => hop.status); // [401]: the challenge, answered
  assert.deepEqual(digest.json(), { user: 'ada' });
  assert.deepEqual(
    digest.history.map((hop) => hop.status),
    [401],
  );

  // README: "Timeouts"
  try {
    await lastValueFrom(client.get('/slow', { timeout: { total: 200 } }));
    assert.fail('/slow takes 4 s');
  } catch (error) {
    error instanceof TotalTimeout; // true: the whole request outlasted 200 ms
    assert.ok(error instanceof TotalTimeout, String(error));
  }

  // README: "Retries"
  const patient = new Client({ baseUrl, retry: { limit: 3 } });
  const attempts = await lastValueFrom(patient.events('GET', '/flaky/readme/2').pipe(toArray()));
  attempts.flatMap((e) => (e.type === 'retry' ? [`retry ${e.attempt} after ${e.delay} ms`] : []));
  // ['retry 2 after 0 ms', 'retry 3 after 0 ms']: the server said Retry-After: 0
  attempts.at(-1)?.type === 'response'; // true, a 200
  assert.deepEqual(
    attempts.flatMap((e) => (e.type === 'retry' ? [`retry ${e.attempt} after ${e.delay} ms`] : [])),
    ['retry 2 after 0 ms', 'retry 3 after 0 ms'],
  );
  const last = attempts.at(-1);
  assert.equal(last?.type === 'response' && last.response.status, 200);
  await patient.close();

  // README: "Event hooks"
  const seen: string[] = [];
  const strict = new Client({
    baseUrl,
    eventHooks: {
      request: [(request) => seen.push(`${request.method} ${request.url.pathname}`)],
      response: [(response) => response.raiseForStatus()],
    },
  });
  try {
    await lastValueFrom(strict.get('/status/500'));
    assert.fail('the response hook should have thrown');
  } catch (error) {
    error instanceof HttpStatusError; // true, raised by the hook
    assert.ok(error instanceof HttpStatusError, String(error));
  }
  seen; // ['GET /status/500']
  assert.deepEqual(seen, ['GET /status/500']);
  await strict.close();
}

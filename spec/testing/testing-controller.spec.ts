/**
 * TestingController under httprx's own Client: requests wait until the test answers them,
 * the client's middleware (retry, redirects, auth, timeouts) runs on top, and the controller
 * says clearly what it holds. Virtual time through a TestScheduler, real time through timers.
 */
import { firstValueFrom, lastValueFrom, map, Subject, takeUntil, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { Client, ConnectError, DigestAuth, type HttpEvent, ReadTimeout } from '../../src/index.ts';
import { TestingController } from '../../src/node/testing.ts';

let controller: TestingController;
let client: Client;

function setUp(options: ConstructorParameters<typeof Client>[0] = {}): void {
  controller = new TestingController();
  client = new Client({ baseUrl: 'https://api.test', retry: 0, transport: controller.transport, ...options });
}

afterEach(async () => {
  await client?.close();
});

describe('TestingController', () => {
  it('holds a request until flush answers it, then verify() finds nothing open', async () => {
    setUp();
    const answer = firstValueFrom(client.get('/users', { params: { page: 2 } }).pipe(map((r) => r.json())));
    const test = controller.expectOne('https://api.test/users?page=2');
    expect(test.request.method).toBe('GET');
    expect(test.request.headers.get('accept')).toBe('*/*');
    test.flush([{ id: 1 }]);
    await expect(answer).resolves.toEqual([{ id: 1 }]);
    expect(test.answered).toBe(true);
    expect(() => controller.verify()).not.toThrow();
  });

  it('matches by path and query, { method, url }, RegExp and predicate, and leaves the request open', () => {
    setUp();
    const done = client.post('/items?x=1', { json: { name: 'a' } }).subscribe();
    expect(controller.match('/items?x=1')).toHaveLength(1);
    expect(controller.match('/items')).toHaveLength(0);
    expect(controller.match({ method: 'post', url: '/items?x=1' })).toHaveLength(1);
    expect(controller.match({ method: 'GET' })).toHaveLength(0);
    expect(controller.match({ url: /\/items\?x=1$/ })).toHaveLength(1);
    expect(controller.match(/^https:\/\/api\.test\/items/)).toHaveLength(1);
    expect(
      controller.match((request) => request.headers.get('content-type') === 'application/json'),
    ).toHaveLength(1);
    // Found twice: expectOne does not close it.
    expect(controller.expectOne('/items?x=1')).toBe(controller.expectOne({ method: 'POST' }));
    done.unsubscribe();
  });

  it('says what it holds when expectOne finds none or several, and when expectNone or verify fail', () => {
    setUp();
    const a = client.get('/a').subscribe();
    const b = client.get('/b').subscribe();
    expect(() => controller.expectOne('/c')).toThrow(
      'Expected one open request for /c, found none. Open: GET https://api.test/a, GET https://api.test/b.',
    );
    expect(() => controller.expectOne({ method: 'GET' }, 'the list calls')).toThrow(
      'Expected one open request for the list calls, found 2: GET https://api.test/a, GET https://api.test/b.',
    );
    expect(() => controller.expectNone('/b')).toThrow(
      'Expected no open request for /b, found 1: GET https://api.test/b',
    );
    expect(() => controller.expectNone('/c')).not.toThrow();
    expect(() => controller.verify()).toThrow(
      'Expected no open requests, found 2: GET https://api.test/a, GET https://api.test/b',
    );
    a.unsubscribe();
    b.unsubscribe();
  });

  it('turns each kind of flush body into the response a server would send', async () => {
    setUp();
    const send = (path: string) => firstValueFrom(client.get(path));
    const cases = [
      ['/text', 'hello', 'text/plain; charset=utf-8', 'hello'],
      ['/json', { a: [1] }, 'application/json', '{"a":[1]}'],
      ['/number', 42, 'application/json', '42'],
      ['/bytes', new Uint8Array([104, 105]), null, 'hi'],
      ['/buffer', new Uint8Array([111, 107]).buffer, null, 'ok'],
      ['/empty', null, null, ''],
    ] as const;
    for (const [path, body, type, text] of cases) {
      const response = send(path);
      controller.expectOne(path).flush(body);
      const got = await response;
      expect([path, got.status, got.headers.get('content-type'), got.text]).toEqual([path, 200, type, text]);
    }
  });

  it('answers with the status, reason and headers given; a 404 raises as a server’s would', async () => {
    setUp();
    const response = firstValueFrom(client.get('/missing'));
    controller
      .expectOne('/missing')
      .flush({ error: 'gone' }, { status: 404, statusText: 'Nope', headers: { 'X-Trace': 't1' } });
    const got = await response;
    expect([got.status, got.reasonPhrase, got.headers.get('x-trace'), got.json()]).toEqual([
      404,
      'Nope',
      't1',
      { error: 'gone' },
    ]);
    expect(() => got.raiseForStatus()).toThrow("Client error '404 Nope' for GET https://api.test/missing");
  });

  it('fails a request with error(), and the client’s retry sends it again', async () => {
    setUp({ retry: { limit: 1, backoff: () => 0 } });
    const answer = firstValueFrom(client.get('/flaky').pipe(map((r) => r.text)));
    const first = controller.expectOne('/flaky');
    first.error(new ConnectError('refused', first.request));
    // The retry waits for its (zero) backoff on a timer.
    await new Promise((resolve) => setTimeout(resolve, 5));
    controller.expectOne('/flaky').flush('second time');
    await expect(answer).resolves.toBe('second time');
    expect(() => first.flush('late')).toThrow(
      'Cannot flush GET https://api.test/flaky: it was already answered',
    );
  });

  it('passes events before the answer: progress reaches client.events()', async () => {
    setUp();
    const events = lastValueFrom(
      client.events('POST', '/upload', { content: 'abcd' }).pipe(
        map((event: HttpEvent) =>
          event.type === 'upload' || event.type === 'download' ? `${event.type} ${event.loaded}` : event.type,
        ),
        toArray(),
      ),
    );
    const test = controller.expectOne('/upload');
    test.event({ type: 'upload', loaded: 2, total: 4 });
    test.event({ type: 'upload', loaded: 4, total: 4 });
    test.flush('ok');
    expect(await events).toEqual([
      'sent',
      'upload 2',
      'upload 4',
      'headers',
      'download 2',
      'chunk',
      'response',
    ]);
    expect(() => test.event({ type: 'upload', loaded: 5 })).toThrow('Cannot event');
  });

  it('lets the redirect middleware follow a flushed 302: a second request to expect', async () => {
    setUp({ followRedirects: true });
    const answer = firstValueFrom(client.get('/old'));
    controller.expectOne('/old').flush(null, { status: 302, headers: { Location: '/new' } });
    controller.expectOne('/new').flush('moved here');
    const got = await answer;
    expect([got.url.pathname, got.text, got.history.map((r) => r.status)]).toEqual([
      '/new',
      'moved here',
      [302],
    ]);
    controller.verify();
  });

  it('lets auth answer a flushed 401: a second request carries the Digest answer', async () => {
    setUp({ auth: new DigestAuth('ann', 'secret') });
    const answer = firstValueFrom(client.get('/me'));
    const first = controller.expectOne('/me');
    expect(first.request.headers.has('authorization')).toBe(false);
    first.flush(null, {
      status: 401,
      headers: { 'WWW-Authenticate': 'Digest realm="api", nonce="n1", qop="auth", algorithm=SHA-256' },
    });
    const second = controller.expectOne('/me');
    expect(second).not.toBe(first);
    expect(second.request.headers.get('authorization')).toMatch(
      /^Digest username="ann", realm="api", uri="\/me", algorithm=SHA-256, nonce="n1", .*response="[0-9a-f]{64}"$/,
    );
    second.flush({ name: 'ann' });
    expect((await answer).json()).toEqual({ name: 'ann' });
    controller.verify();
  });

  it('drops a request the client cancels from the open list, and refuses to answer it', () => {
    setUp();
    const stop = new Subject<void>();
    client.get('/slow').pipe(takeUntil(stop)).subscribe();
    const test = controller.expectOne('/slow');
    stop.next();
    expect(test.cancelled).toBe(true);
    expect(controller.match('/slow')).toEqual([]);
    expect(() => controller.verify()).not.toThrow();
    expect(() => test.flush('late')).toThrow(
      'Cannot flush GET https://api.test/slow: the client cancelled it',
    );
  });

  it('counts a pending request as connected: the read timeout bounds the wait for flush, in virtual time', () => {
    const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    scheduler.run(({ expectObservable }) => {
      setUp({ scheduler, timeout: { connect: 10, read: 50 } });
      const outcome = client.get('/never').pipe(map(String));
      expectObservable(outcome).toBe('50ms #', undefined, expect.any(ReadTimeout));
    });
    expect(controller.match('/never')).toEqual([]);
  });

  it('works in real time: an answer from a timer', async () => {
    setUp();
    const answer = firstValueFrom(client.get('/later').pipe(map((r) => r.text)));
    setTimeout(() => controller.expectOne('/later').flush('in a moment'), 10);
    await expect(answer).resolves.toBe('in a moment');
  });

  it('names what is wrong with a bad match or bad flush options', () => {
    setUp();
    const sub = client.get('/x').subscribe();
    expect(() => controller.match('users')).toThrow(
      "A request match's URL must be absolute ('https://api.test/users?page=2') or a path from / ('/users?page=2'), not 'users'",
    );
    expect(() => controller.match(42 as never)).toThrow(
      'A request match is a URL string, a RegExp, { method?, url? } or a predicate (request) => boolean, not 42',
    );
    expect(() => controller.match({ method: 1 } as never)).toThrow(
      "A request match's method must be a string such as 'GET', not 1",
    );
    expect(() => controller.expectOne('/x').flush('', 'bad' as never)).toThrow(
      "flush(body, options) takes { status, statusText, headers }, not 'bad'",
    );
    expect(() => controller.expectOne('/x').flush('', { status: 1000 })).toThrow(RangeError);
    expect(() => controller.expectOne('/x').flush('', { statusCode: 404 } as never)).toThrow(
      'Unknown flush option "statusCode" (got 404): the flush options are status, statusText, headers',
    );
    sub.unsubscribe();
  });
});

/**
 * The examples of README.md, run against an embedded echo server (demos/echo-server.ts) and
 * checked with node:assert. KEEP IN SYNC WITH README.md: each section below is one README code
 * block, with the same code; only the import path (`../src/index.ts` for `httprx`), the base URL
 * (the embedded server's, for `http://127.0.0.1:8000`) and the added `assert`s differ.
 *
 * Run it alone with `node demos/readme-examples.ts`; spec/readme-examples.spec.ts runs `main()`.
 */
import assert from 'node:assert/strict';
import { lastValueFrom, map, reduce, takeUntil, tap, timer } from 'rxjs';
import {
  Client,
  ConnectError,
  ConnectionPool,
  chunks,
  compose,
  get,
  HttpStatusError,
  json,
  Limits,
  type Middleware,
  MockTransport,
  progress,
  Response,
  raiseForStatus,
  TransportError,
} from '../src/index.ts';
import { type Echo, startEchoServer } from './echo-server.ts';
import { middlewareExamples } from './readme-middleware.ts';

export async function main(): Promise<boolean> {
  const server = await startEchoServer();
  const baseUrl = server.url; // README: 'http://127.0.0.1:8000'
  try {
    await examples(baseUrl);
  } finally {
    await server.close();
  }
  return true;
}

async function examples(baseUrl: string): Promise<void> {
  // README: "A first request"
  const client = new Client({
    baseUrl,
    headers: { 'X-Client': 'readme' },
    params: { lang: 'en' },
  });

  const response = await lastValueFrom(client.get('/anything', { params: { page: 2 } }));
  String(response); // '<Response [200 OK]>'
  const echo = response.json<Echo>();
  echo.target; // '/anything?lang=en&page=2'
  echo.headers['x-client']; // 'readme'
  assert.equal(String(response), '<Response [200 OK]>');
  assert.equal(echo.target, '/anything?lang=en&page=2');
  assert.equal(echo.headers['x-client'], 'readme');
  assert.match(String(echo.headers['user-agent']), /^httprx\//);

  // README: "Sending data"
  const created = await lastValueFrom(client.post('/users', { json: { name: 'Ada', admin: false } }));
  created.json<Echo>().json; // { name: 'Ada', admin: false }
  assert.deepEqual(created.json<Echo>().json, { name: 'Ada', admin: false });

  const login = await lastValueFrom(client.post('/login', { data: { user: 'ada', remember: 'yes' } }));
  login.json<Echo>().form; // { user: 'ada', remember: 'yes' }  (application/x-www-form-urlencoded)
  assert.deepEqual(login.json<Echo>().form, { user: 'ada', remember: 'yes' });

  const upload = await lastValueFrom(
    client.post('/upload', {
      data: { title: 'Notes' },
      files: {
        notes: ['notes.txt', 'first line\n'], // [filename, content, contentType?]
        photo: new Blob([new Uint8Array([0xff, 0xd8, 0xff])], { type: 'image/jpeg' }),
      },
    }),
  );
  upload.json<Echo>().files?.notes; // { filename: 'notes.txt', type: 'text/plain', size: 11, … }
  const { form, files } = upload.json<Echo>();
  assert.deepEqual(form, { title: 'Notes' });
  assert.equal(files?.notes?.filename, 'notes.txt');
  assert.equal(files?.notes?.type, 'text/plain');
  assert.equal(files?.notes?.text, 'first line\n');
  assert.equal(files?.photo?.type, 'image/jpeg');
  assert.equal(files?.photo?.size, 3);

  // README: "Progress"
  const seen: string[] = [];
  await lastValueFrom(
    client.events('GET', '/bytes/262144').pipe(
      progress('download'),
      tap(({ loaded, total, fraction }) => seen.push(`${loaded}/${total} ${Math.round(fraction! * 100)}%`)),
    ),
  );
  seen.at(-1); // '262144/262144 100%'
  assert.equal(seen.at(-1), '262144/262144 100%');
  assert.ok(seen.length > 1);

  // README: "Streaming"
  const size = await lastValueFrom(
    client.stream('GET', '/bytes/1048576').pipe(
      chunks(),
      reduce((total, chunk) => total + chunk.length, 0),
    ),
  );
  size; // 1048576, never held in memory at once
  assert.equal(size, 1048576);

  // README: "Cancelling"
  const slow = client.get('/slow').subscribe();
  slow.unsubscribe(); // aborts the request and closes its connection

  const late = await lastValueFrom(client.get('/slow').pipe(takeUntil(timer(100))), { defaultValue: null });
  late; // null: takeUntil unsubscribed after 100 ms
  assert.equal(late, null);

  // README: "Errors"
  const missing = await lastValueFrom(client.get('/status/404'));
  missing.status; // 404: statuses are not errors until you ask
  assert.equal(missing.status, 404);
  try {
    await lastValueFrom(client.get('/status/404').pipe(map((r) => r.raiseForStatus())));
    assert.fail('raiseForStatus() should have thrown');
  } catch (error) {
    if (!(error instanceof HttpStatusError)) throw error;
    error.response.status; // 404
    error.message; // "Client error '404 Not Found' for GET http://127.0.0.1:8000/status/404?lang=en"
    assert.equal(error.response.status, 404);
    assert.match(error.message, /^Client error '404 Not Found' for GET /);
  }

  try {
    await lastValueFrom(client.get('http://127.0.0.1:1/'));
    assert.fail('port 1 should refuse the connection');
  } catch (error) {
    error instanceof ConnectError; // true
    error instanceof TransportError; // true
    assert.ok(error instanceof ConnectError, String(error));
    assert.ok(error instanceof TransportError);
  }

  // README: "Checking status and parsing JSON"
  const echoed = await lastValueFrom(client.get('/anything').pipe(raiseForStatus(), json<Echo>()));
  echoed.target; // '/anything?lang=en'
  assert.equal(echoed.target, '/anything?lang=en');

  const refused = client.get('/status/503').pipe(raiseForStatus(), json<Echo>());
  await lastValueFrom(refused).catch((error) => error.name); // 'HttpStatusError': json() never ran
  assert.equal(await lastValueFrom(refused).catch((error) => error.name), 'HttpStatusError');

  await middlewareExamples(client, baseUrl);

  // README: "OPTIONS *"
  const star = await lastValueFrom(client.options('/', { extensions: { target: '*' } }));
  star.json<Echo>().target; // '*'
  assert.equal(star.json<Echo>().target, '*');

  // README: "One-off requests"
  const once = await lastValueFrom(get(`${baseUrl}/anything`));
  once.status; // 200
  assert.equal(once.status, 200);

  // README: "Closing"
  String(client); // '<Client [0 active, 1 idle]>' (or more idle: sockets kept for reuse)
  assert.match(String(client), /^<Client \[0 active, \d+ idle\]>$/);
  await client.close();
  String(client); // '<Client [0 active, 0 idle]>'
  assert.equal(String(client), '<Client [0 active, 0 idle]>');

  let kept: Client | undefined;
  {
    await using scoped = new Client({ baseUrl });
    await lastValueFrom(scoped.get('/anything'));
    kept = scoped;
  } // scoped.close() has run here
  assert.equal(kept.isClosed, true);

  // README: "Testing with MockTransport"
  const mocked = new Client({
    transport: new MockTransport((request) => new Response(200, { json: { path: request.url.pathname } })),
  });
  const fake = await lastValueFrom(mocked.get('https://api.example.test/users'));
  fake.json(); // { path: '/users' }
  assert.deepEqual(fake.json(), { path: '/users' });

  // README: "Middleware and transports"
  const log: string[] = [];
  const logging: Middleware = (request, next) => {
    log.push(`-> ${request.method} ${request.url.pathname}`);
    return next(request).pipe(
      tap((event) => {
        if (event.type === 'response') log.push(`<- ${event.response.status}`);
      }),
    );
  };
  const pool = new ConnectionPool({ limits: new Limits({ maxConnections: 10 }) });
  const custom = new Client({ baseUrl, transport: compose(pool, logging) });
  await lastValueFrom(custom.get('/anything'));
  log; // ['-> GET /anything', '<- 200']
  assert.deepEqual(log, ['-> GET /anything', '<- 200']);
  await custom.close();

  const tagging: Middleware = (request, next) =>
    next(request.with({ headers: { 'X-Request-Id': 'r-1', 'X-Client': null } }));
  const tagged = new Client({
    baseUrl,
    headers: { 'X-Client': 'readme' },
    middleware: [tagging],
  });
  const seenHeaders = (await lastValueFrom(tagged.get('/anything'))).json<Echo>().headers;
  seenHeaders['x-request-id']; // 'r-1'
  seenHeaders['x-client']; // undefined: null removed it
  assert.equal(seenHeaders['x-request-id'], 'r-1');
  assert.equal(seenHeaders['x-client'], undefined);
  await tagged.close();

  // README: "Pool limits and TLS"
  const tuned = new Client({
    baseUrl,
    limits: new Limits({ maxConnections: 10, maxKeepaliveConnections: 5, keepaliveExpiry: 10_000 }),
    verify: true, // the default; or 'system' (the OS store), false (tests only), a CA path, { ca: pem }
    // cert: ['client.pem', 'client.key'],  // a client certificate, if the server asks for one
  });
  assert.equal((await lastValueFrom(tuned.get('/anything'))).status, 200);
  await tuned.close();
}

if (import.meta.main) {
  console.log((await main()) ? 'every README example ran and checked out' : 'failed');
}

/**
 * `npm run demo`: httprx against an embedded local server (demos/server.ts).
 *
 * 1. a 24 MiB gzip download with a progress bar in compressed wire bytes, so it ends at exactly 100%;
 * 2. a 16 MiB upload with its own bar, to a server that reads slowly;
 * 3. a download cancelled half-way by unsubscribing, and the server seeing its socket close;
 * and the pool line, `String(client)`, before, during (beside each bar) and after. It says what
 * it does before it does it (the server takes a second to prepare), in colour where stdout
 * shows colour (demos/style.ts).
 */
import {
  connect,
  filter,
  firstValueFrom,
  ignoreElements,
  lastValueFrom,
  merge,
  type Observable,
  takeWhile,
  tap,
  timeout,
} from 'rxjs';
import { Client, type HttpEvent, ofType, progress, type Response, responses } from '../src/index.ts';
import { MiB, MOVIE_SIZE, startServer, TEXT_SIZE } from './server.ts';
import { paint } from './style.ts';
import { TransferBar } from './transfer-bar.ts';

const mib = (bytes: number) => `${(bytes / MiB).toFixed(2)} MiB`;
const heading = (text: string) => console.log(`\n${paint(['bold', 'cyan'], text)}`);
const result = (text: string) => console.log(paint('green', `  ${text}`));
const pool = (when: string, client: Client) => console.log(paint('dim', `${`${when}:`.padEnd(15)}${client}`));

/** Shows one direction's progress on a bar while passing the final response through. */
function withBar(direction: 'upload' | 'download', bar: TransferBar, client: Client) {
  return connect((events: Observable<HttpEvent>) =>
    merge(
      events.pipe(
        progress(direction),
        tap((done) => bar.show(done, String(client))),
        ignoreElements(),
      ),
      events.pipe(responses()),
    ),
  );
}

async function download(client: Client): Promise<Response> {
  const bar = new TransferBar('gzip');
  const response = await lastValueFrom(
    client.events('GET', '/words.txt').pipe(withBar('download', bar, client)),
  );
  bar.stop();
  const wire = response.numBytesDownloaded;
  const decoded = response.content.length;
  result(
    `${response} ${response.headers.get('content-encoding')}: ${mib(wire)} on the wire -> ${mib(decoded)} decoded` +
      ` (ratio ${(decoded / wire).toFixed(2)}x), Content-Length ${response.headers.get('content-length')}`,
  );
  return response;
}

async function upload(client: Client): Promise<void> {
  const bar = new TransferBar('upload');
  // A 16 MiB Blob: its size is the bar's total, and it is written in 64 KiB slices, each upload
  // event following the socket's backpressure as the slow server reads.
  const body = new Blob(
    Array.from({ length: 64 }, (_, i) => new Uint8Array(256 * 1024).fill(0x41 + (i % 26))),
  );
  const size = body.size;
  const response = await lastValueFrom(
    client.events('POST', '/upload', { content: body }).pipe(withBar('upload', bar, client)),
  );
  bar.stop();
  const { received } = response.json<{ received: number }>();
  result(`${response}: sent ${mib(size)}; the server's JSON says it received ${received} bytes`);
}

async function cancelHalfWay(client: Client, cutOff: Promise<{ sent: number; size: number }>): Promise<void> {
  const bar = new TransferBar('cancel');
  let last = { loaded: 0, total: 0 };
  // takeWhile completes at half-way, which unsubscribes from the request: that is the cancel.
  await lastValueFrom(
    client.stream('GET', '/movie.bin').pipe(
      ofType('download'),
      filter((event) => event.total !== undefined),
      tap((event) => bar.show(event, String(client))),
      takeWhile((event) => event.loaded < event.total! / 2, true),
      tap((event) => {
        last = { loaded: event.loaded, total: event.total! };
      }),
    ),
    { defaultValue: undefined },
  );
  bar.stop();
  result(`unsubscribed at ${mib(last.loaded)} of ${mib(last.total)}`);
  const seen = await cutOff;
  result(
    `server: the socket closed with the response unfinished (${mib(seen.sent)} of ${mib(seen.size)} written)`,
  );
}

/** What the demo is about to do, printed before the server's second of preparation. */
function intro(): void {
  const text = `${TEXT_SIZE / MiB} MiB`;
  console.log(paint('bold', 'httprx demo: three transfers against an embedded local server'));
  console.log(
    `  1. a ${text} text download, gzip-encoded: its bar counts the ${paint('bold', 'compressed wire bytes')},`,
  );
  console.log(
    `     so it ends at exactly 100% of the Content-Length (the gzip size), not of the ${text} decoded`,
  );
  console.log('  2. a 16 MiB upload to a server that reads slowly');
  console.log(`  3. an ${MOVIE_SIZE / MiB} MiB download cancelled half-way by unsubscribing`);
  console.log(paint('dim', `preparing the server: generating and gzip-compressing ${text} of text…`));
}

async function main(): Promise<void> {
  const started = performance.now();
  intro();
  const server = await startServer();
  const client = new Client({ baseUrl: server.url });
  console.log(
    paint('dim', `server ready at ${server.url} (${((performance.now() - started) / 1000).toFixed(1)} s)`),
  );
  pool('before', client);

  heading('1. gzip download: the bar counts compressed wire bytes');
  await download(client);
  pool('after', client);

  heading('2. upload to a slow reader');
  await upload(client);
  pool('after', client);

  heading('3. download cancelled half-way by unsubscribing');
  const cutOff = firstValueFrom(server.cutOff.pipe(timeout(5000)));
  await cancelHalfWay(client, cutOff);
  pool('after', client);

  await client.close();
  await server.close();
  console.log(
    `\n${paint('dim', `closed:        ${client}`)}  (${((performance.now() - started) / 1000).toFixed(1)} s in all)`,
  );
}

await main();

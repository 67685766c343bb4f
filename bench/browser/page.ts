/**
 * The browser benchmark's page script: the platform's XHR and fetch, httprx's transports over
 * each called alone, and httprx's Client over each, every one sending `n` GETs with
 * `concurrency` in flight and reading each body whole.
 * bench/browser.ts calls `window.bench(kind, path, n, concurrency)`, which resolves with the ms.
 */
import { filter, firstValueFrom } from 'rxjs';
import { Client, FetchTransport, Request, type Transport, XhrTransport } from '../../src/browser.ts';

const xhrTransport = new XhrTransport();
const fetchTransport = new FetchTransport();
const viaXhr = new Client({ transport: xhrTransport });
const viaFetch = new Client({ transport: fetchTransport });

/** The transport alone, as the client calls it for `get()`: the body wanted whole, unwatched. */
function direct(transport: Transport, url: string): Promise<number> {
  const request = new Request('GET', url, { extensions: { delivery: { body: 'buffer', progress: false } } });
  return firstValueFrom(transport.handle(request).pipe(filter((event) => event.type === 'response'))).then(
    (event) => event.response.content.length,
  );
}

function xhr(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('GET', url);
    request.responseType = 'arraybuffer';
    request.onload = () => resolve((request.response as ArrayBuffer).byteLength);
    request.onerror = () => reject(new Error(`XHR ${url} failed`));
    request.send();
  });
}

const SEND: Record<string, (url: string) => Promise<number>> = {
  xhr,
  XhrTransport: (url) => direct(xhrTransport, url),
  FetchTransport: (url) => direct(fetchTransport, url),
  'httprx XhrTransport': (url) => firstValueFrom(viaXhr.get(url)).then((response) => response.content.length),
  fetch: (url) => fetch(url).then((response) => response.arrayBuffer().then((body) => body.byteLength)),
  'httprx FetchTransport': (url) =>
    firstValueFrom(viaFetch.get(url)).then((response) => response.content.length),
};

async function bench(
  kind: string,
  path: string,
  n: number,
  concurrency: number,
): Promise<{ ms: number; bytes: number }> {
  const send = SEND[kind];
  if (send === undefined) throw new Error(`no contender ${kind}`);
  const url = new URL(path, location.href).href;
  let left = n;
  let bytes = 0;
  const started = performance.now();
  const worker = async () => {
    while (left > 0) {
      left -= 1;
      const got = await send(url);
      bytes += got;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { ms: performance.now() - started, bytes };
}

(window as unknown as { bench: typeof bench }).bench = bench;

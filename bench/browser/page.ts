/**
 * The browser benchmark's page script: the platform's XHR and fetch, and httprx's Client over
 * each, every one sending `n` GETs with `concurrency` in flight and reading each body whole.
 * bench/browser.ts calls `window.bench(kind, path, n, concurrency)`, which resolves with the ms.
 */
import { firstValueFrom } from 'rxjs';
import { Client, FetchTransport, XhrTransport } from '../../src/browser.ts';

const viaXhr = new Client({ transport: new XhrTransport() });
const viaFetch = new Client({ transport: new FetchTransport() });

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

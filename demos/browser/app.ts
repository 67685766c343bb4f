/**
 * The progress page's script: httprx's browser Client (XHR) drives an upload bar, a download
 * bar, a cancel button and an event log. A bar shows a fraction only when the total is known
 * (a gzip body's is not: the browser counts decoded bytes), else how much arrived.
 */
import type { Subscription } from 'rxjs';
import { Client, type HttpEvent } from '../../src/browser.ts';

const client = new Client();
const MiB = 1024 * 1024;
const element = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const status = element<HTMLSpanElement>('status');
const cancel = element<HTMLButtonElement>('cancel');
const log = element<HTMLPreElement>('log');
let running: Subscription | null = null;

function note(line: string): void {
  log.textContent += `${line}\n`;
  log.scrollTop = log.scrollHeight;
}

function show(which: 'upload' | 'download', loaded: number, total: number | undefined): void {
  const bar = element<HTMLProgressElement>(`${which}-bar`);
  const text = element<HTMLSpanElement>(`${which}-text`);
  if (total === undefined) {
    bar.removeAttribute('value');
    text.textContent = `${(loaded / MiB).toFixed(2)} MiB`;
  } else {
    bar.value = total === 0 ? 1 : loaded / total;
    text.textContent = `${Math.round(bar.value * 100)}% of ${(total / MiB).toFixed(1)} MiB`;
  }
}

/** Runs one transfer's events into the bars and the log; Cancel unsubscribes. */
function run(name: string, events: ReturnType<Client['events']>): void {
  running?.unsubscribe();
  status.textContent = `${name}…`;
  cancel.disabled = false;
  let last = '';
  running = events.subscribe({
    next: (event: HttpEvent) => {
      if (event.type === 'upload' || event.type === 'download') show(event.type, event.loaded, event.total);
      // One log line per kind of event in a row, so the log stays readable.
      if (event.type !== last) note(`${name}: ${describe(event)}`);
      last = event.type;
    },
    error: (error: unknown) => {
      status.textContent = `${name} failed: ${error}`;
      cancel.disabled = true;
    },
    complete: () => {
      status.textContent = `${name} done`;
      cancel.disabled = true;
    },
  });
}

function describe(event: HttpEvent): string {
  switch (event.type) {
    case 'upload':
    case 'download':
      return `${event.type} ${event.loaded}${event.total === undefined ? '' : ` / ${event.total}`} bytes`;
    case 'headers':
    case 'response':
      return `${event.type} ${event.response.status}`;
    default:
      return event.type;
  }
}

element('upload').addEventListener('click', () => {
  show('upload', 0, 8 * MiB);
  run('upload', client.events('POST', '/upload', { content: new Blob([new Uint8Array(8 * MiB)]) }));
});
element('download').addEventListener('click', () => {
  show('download', 0, 8 * MiB);
  run('download', client.stream('GET', '/movie.bin'));
});
element('download-gzip').addEventListener('click', () => {
  show('download', 0, undefined);
  run('gzip download', client.stream('GET', '/words.txt'));
});
cancel.addEventListener('click', () => {
  running?.unsubscribe();
  running = null;
  cancel.disabled = true;
  status.textContent = 'cancelled';
  note('cancelled: unsubscribed, the request is aborted');
});

import { Client, chunks, FetchTransport, progress } from 'httprx';

const api = new Client({ baseUrl: '/api/', timeout: 10_000, retry: 2 });
const photo = new File([new Uint8Array(2 * 1024 * 1024)], 'cat.png', { type: 'image/png' });
export const bar = document.createElement('progress');

export const upload = api
  .events('POST', 'slow-upload', { files: { photo } })
  .pipe(progress('upload'))
  .subscribe(({ fraction }) => {
    bar.value = fraction ?? 0;
  });

// fetch streams a body chunk by chunk, as it arrives.
const streaming = new Client({ baseUrl: '/api/', transport: new FetchTransport() });
export const download = streaming
  .stream('GET', 'stream')
  .pipe(chunks())
  .subscribe((chunk) => console.log(`${chunk.length} bytes`));

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { filter, lastValueFrom, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, type UploadEvent } from '../../src/index.ts';

let server: Server;
let url: string;
const client = new Client();

beforeAll(async () => {
  server = createServer((req, res) => {
    let received = 0;
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
    });
    req.on('end', () => res.end(String(received)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  await client.close();
  await new Promise((resolve) => server.close(resolve));
});

async function uploads(content: Uint8Array | Blob): Promise<UploadEvent[]> {
  const events = await lastValueFrom(client.events('POST', url, { content }).pipe(toArray()));
  const last = events.at(-1);
  expect(last?.type === 'response' && last.response.text).toBe(String(1 << 20));
  return events.filter((e): e is UploadEvent => e.type === 'upload');
}

describe('upload progress of in-memory bodies', () => {
  it('follows a 1 MiB Uint8Array in 64 KiB steps up to its total', async () => {
    const events = await uploads(new Uint8Array(1 << 20));
    expect(events).toHaveLength(16);
    expect(events.map((e) => e.loaded)).toEqual(Array.from({ length: 16 }, (_, i) => (i + 1) * 65536));
    expect(events.every((e) => e.total === 1 << 20)).toBe(true);
  });

  it('follows a 1 MiB Blob in steps too', async () => {
    const events = await uploads(new Blob([new Uint8Array(1 << 20)]));
    expect(events.length).toBeGreaterThanOrEqual(16);
    expect(events.at(-1)).toEqual({ type: 'upload', loaded: 1 << 20, total: 1 << 20 });
  });

  it('emits every upload event before the response headers', async () => {
    const events = await lastValueFrom(
      client.events('POST', url, { content: new Uint8Array(1 << 20) }).pipe(
        filter((e) => e.type === 'upload' || e.type === 'headers'),
        toArray(),
      ),
    );
    expect(events.at(-1)?.type).toBe('headers');
    expect(events.slice(0, -1).every((e) => e.type === 'upload')).toBe(true);
  });
});

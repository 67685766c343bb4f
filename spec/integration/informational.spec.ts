import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Client } from '../../src/index.ts';
import { type RawServer, startRawServer } from './support/raw-server.ts';

/**
 * A raw TCP server: for each request head it gets, it writes what `answer` gives, piece by
 * piece (each piece its own write, a little apart), so interim responses arrive on their own,
 * as they do from a real server.
 */
type Answer = (n: number) => string[];
let answer: Answer;
let server: RawServer;
let client: Client | undefined;

const final = (body: string) => `HTTP/1.1 200 OK\r\ncontent-length: ${body.length}\r\n\r\n${body}`;
const pause = () => new Promise((resolve) => setTimeout(resolve, 5));

/**
 * Lets the pool finish with its connection before the next request: undici checks an idle
 * socket for one event-loop turn before reusing it, and meanwhile sends a request on a new one
 * (as in spec/integration/pool.spec.ts).
 */
async function idle(of: Client): Promise<void> {
  await vi.waitFor(() => expect(String(of)).toBe('<Client [0 active, 1 idle]>'));
  await new Promise((resolve) => setTimeout(resolve, 20));
}

beforeAll(async () => {
  server = await startRawServer(async (socket, n) => {
    for (const piece of answer(n)) {
      if (socket.destroyed) return;
      socket.write(piece);
      await pause();
    }
  });
});
afterEach(async () => {
  await client?.close();
  client = undefined;
  server.reset();
});
afterAll(() => server.close());

describe('interim (1xx) responses', () => {
  it('skips an unsolicited 100 Continue and reuses the connection (RFC 9110 §15.2)', async () => {
    answer = (n) => ['HTTP/1.1 100 Continue\r\n\r\n', final(`answer ${n}`)];
    client = new Client();
    const first = await firstValueFrom(client.get(`${server.origin}/a`));
    await idle(client);
    const second = await firstValueFrom(client.get(`${server.origin}/b`));
    expect([first.status, first.text]).toEqual([200, 'answer 1']);
    expect([second.status, second.text]).toEqual([200, 'answer 2']);
    expect(server.connections).toBe(1);
  });

  it('skips a 100 with headers, and several 1xx in a row, in the same write as the final response or not', async () => {
    answer = (n) =>
      n === 1
        ? [
            'HTTP/1.1 100 Continue\r\nX-Why: because\r\n\r\nHTTP/1.1 100 Continue\r\n\r\n' +
              final('coalesced'),
          ]
        : [
            'HTTP/1.1 103 Early Hints\r\nLink: </s.css>; rel=preload\r\n\r\n',
            'HTTP/1.1 100 Continue\r\n\r\n',
            final('mixed'),
          ];
    client = new Client();
    expect((await firstValueFrom(client.get(`${server.origin}/`))).text).toBe('coalesced');
    await idle(client);
    expect((await firstValueFrom(client.get(`${server.origin}/`))).text).toBe('mixed');
    expect(server.connections).toBe(1);
  });

  it('skips a 100 that arrives a few bytes at a time', async () => {
    answer = () => ['HTTP/1.', '1 10', '0 Continue\r', '\n\r\n', final('split')];
    client = new Client();
    expect((await firstValueFrom(client.get(`${server.origin}/`))).text).toBe('split');
  });

  it('leaves a body that looks like a 100 response alone, and emits the 100 as no event', async () => {
    const body = 'HTTP/1.1 100 Continue\r\n\r\n';
    answer = () => ['HTTP/1.1 100 Continue\r\n\r\n', final(body)];
    client = new Client();
    const events = await lastValueFrom(client.events('GET', `${server.origin}/`).pipe(toArray()));
    expect(events.filter((event) => event.type === 'headers')).toHaveLength(1);
    const last = events.at(-1);
    expect(last?.type === 'response' && [last.response.status, last.response.text]).toEqual([200, body]);
  });
});

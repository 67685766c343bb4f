import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Client, defaultHeaders, MockTransport, Response } from '../../src/index.ts';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

describe("the Node entry's defaultHeaders()", () => {
  it('is the set a Node Client starts with: Accept, then the three only Node may send, in order', () => {
    expect([...defaultHeaders()]).toEqual([
      ['Accept', '*/*'],
      ['Accept-Encoding', 'gzip, deflate, br, zstd'],
      ['Connection', 'keep-alive'],
      ['User-Agent', `httprx/${version}`],
    ]);
    const client = new Client({ transport: new MockTransport(() => new Response(200)) });
    expect([...client.headers]).toEqual([...defaultHeaders()]);
  });

  it('gives a fresh Headers each time: changing one leaves the next alone', () => {
    const first = defaultHeaders();
    first.set('User-Agent', 'mine/1');
    expect(defaultHeaders().get('user-agent')).toBe(`httprx/${version}`);
  });
});

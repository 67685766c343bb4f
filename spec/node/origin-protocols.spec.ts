import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { alpnOptions, httpVersions, notH2, requiresH2 } from '../../src/node/http-versions.ts';
import { OriginProtocols } from '../../src/node/origin-protocols.ts';

/** Just what OriginProtocols reads of a socket: its ALPN answer and its 'close'. */
function socket(alpnProtocol?: string | false): Socket & { close(): void } {
  const fake = Object.assign(new EventEmitter(), { alpnProtocol, close: () => fake.emit('close') });
  return fake as unknown as Socket & { close(): void };
}

describe('OriginProtocols', () => {
  it("says the version an origin's open connections all speak, and nothing for an origin with none", () => {
    const protocols = new OriginProtocols();
    expect(protocols.of('https://a')).toBeUndefined();
    const h2 = socket('h2');
    protocols.opened('https://a', h2);
    protocols.opened('http://b', socket());
    protocols.opened('https://c', socket('http/1.1'));
    protocols.opened('https://d', socket(false));
    expect(['https://a', 'http://b', 'https://c', 'https://d'].map((o) => protocols.of(o))).toEqual([
      'HTTP/2',
      'HTTP/1.1',
      'HTTP/1.1',
      'HTTP/1.1',
    ]);
    h2.close();
    expect(protocols.of('https://a')).toBeUndefined();
  });

  it('says nothing while the connections of an origin disagree, and again once they agree', () => {
    const protocols = new OriginProtocols();
    const h1 = socket('http/1.1');
    protocols.opened('https://a', socket('h2'));
    protocols.opened('https://a', h1);
    expect(protocols.of('https://a')).toBeUndefined();
    h1.close();
    expect(protocols.of('https://a')).toBe('HTTP/2');
  });
});

describe('the HTTP versions', () => {
  it('default to HTTP/1.1 only; ALPN offers h2 first only with http2', () => {
    expect(httpVersions(undefined, undefined)).toEqual({ http1: true, http2: false });
    expect(alpnOptions(httpVersions(undefined, undefined))).toEqual({ allowH2: false });
    expect(alpnOptions(httpVersions(true, true))).toEqual({ allowH2: true, preferH2: true });
    expect([requiresH2(httpVersions(false, true)), requiresH2(httpVersions(true, true))]).toEqual([
      true,
      false,
    ]);
  });

  it("name the server's ALPN answer when h2 was required", () => {
    expect(notH2('https://h', false).message).toBe(
      'The server at https://h did not choose HTTP/2 by ALPN (it chose none), and http1 is false: set http1: true to allow HTTP/1.1',
    );
    expect(notH2('https://h', 'http/1.1').name).toBe('UnsupportedProtocol');
  });
});

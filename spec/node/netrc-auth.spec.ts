import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Request } from '../../src/models/request.ts';
import { Response } from '../../src/models/response.ts';
import { defaultNetrcPath, NetRCAuth, netrcLookup } from '../../src/node/netrc-auth.ts';
import { get, throughAuth } from '../middleware/auth/support/through.ts';

let dir: string;
let file: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'httprx-netrc-'));
  file = join(dir, 'netrc');
  writeFileSync(file, 'machine example.com\n  login ada\n  password lovelace\n');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('NetRCAuth', () => {
  it('sends the file’s credentials for the request’s host as Basic', async () => {
    const { sent, send } = throughAuth(undefined, new NetRCAuth(file));
    await send(get('https://example.com:8443/private'));
    expect(sent[0]!.headers.get('authorization')).toBe(`Basic ${btoa('ada:lovelace')}`);
  });

  it('sends a request to a host the file does not know without credentials', async () => {
    const { sent, send } = throughAuth(() => new Response(204), new NetRCAuth(file));
    const { response } = await send(get('https://other.example/'));
    expect(response.status).toBe(204);
    expect(sent[0]!.headers.has('authorization')).toBe(false);
  });

  it('reads the file once, when made: later changes are not seen', async () => {
    const netrcAuth = new NetRCAuth(file);
    writeFileSync(file, 'machine example.com login changed password changed\n');
    const { sent, send } = throughAuth(undefined, netrcAuth);
    await send(get('https://example.com/'));
    expect(sent[0]!.headers.get('authorization')).toBe(`Basic ${btoa('ada:lovelace')}`);
  });

  it('throws when made for a file that does not exist', () => {
    expect(() => new NetRCAuth(join(dir, 'missing'))).toThrow(/ENOENT/);
  });

  it('reads $NETRC, else ~/.netrc, by default', () => {
    expect(defaultNetrcPath({ NETRC: file })).toBe(file);
    expect(defaultNetrcPath({ HOME: dir })).toMatch(/[/\\]\.netrc$/);
  });
});

describe('netrcLookup', () => {
  it('finds credentials by host in $NETRC', () => {
    const lookup = netrcLookup({ NETRC: file });
    expect(lookup('example.com')).toEqual(['ada', 'lovelace']);
    expect(lookup('other.example')).toBeUndefined();
  });

  it('reads the file lazily, on the first look-up, and only once', () => {
    const lookup = netrcLookup({ NETRC: file });
    writeFileSync(file, 'machine example.com login later password read\n');
    expect(lookup('example.com')).toEqual(['later', 'read']);
    rmSync(file);
    expect(lookup('example.com')).toEqual(['later', 'read']);
  });

  it('means no credentials when the file is missing or cannot be read', () => {
    expect(netrcLookup({ NETRC: join(dir, 'missing') })('example.com')).toBeUndefined();
    expect(netrcLookup({ NETRC: dir })('example.com')).toBeUndefined();
  });

  it('feeds the auth layer’s netrc option: Basic for a known host', async () => {
    const { sent, send } = throughAuth(undefined, null, { netrc: netrcLookup({ NETRC: file }) });
    await send(new Request('GET', 'https://example.com/'));
    expect(sent[0]!.headers.get('authorization')).toBe(`Basic ${btoa('ada:lovelace')}`);
  });
});

import { EMPTY } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import { auth } from '../../../src/middleware/auth/auth.ts';
import { BasicAuth } from '../../../src/middleware/auth/basic.ts';
import type { AuthOption } from '../../../src/middleware/auth/types.ts';
import { Request } from '../../../src/models/request.ts';
import { get, throughAuth } from './support/through.ts';

const authorization = (request: Request | undefined) => request?.headers.get('authorization');

describe('auth: Basic', () => {
  it('sends [user, pass] as a Basic header', async () => {
    const { sent, send } = throughAuth(undefined, ['user', 'pass']);
    await send(get('https://example.com/'));
    expect(authorization(sent[0])).toBe('Basic dXNlcjpwYXNz');
  });

  it('encodes BasicAuth credentials as UTF-8 before base64', async () => {
    const { sent, send } = throughAuth(undefined, new BasicAuth('zoë', 'pässwörd'));
    await send(get('https://example.com/'));
    const encoded = authorization(sent[0])!.replace(/^Basic /, '');
    expect(new TextDecoder().decode(Uint8Array.from(atob(encoded), (c) => c.charCodeAt(0)))).toBe(
      'zoë:pässwörd',
    );
  });

  it('replaces an Authorization header the request already has when auth is set', async () => {
    const { sent, send } = throughAuth(undefined, ['user', 'pass']);
    await send(new Request('GET', 'https://example.com/', { headers: { Authorization: 'Bearer x' } }));
    expect(sent[0]!.headers.getList('authorization')).toEqual(['Basic dXNlcjpwYXNz']);
  });

  it('leaves the request it was given unchanged', async () => {
    const { send } = throughAuth(undefined, ['user', 'pass']);
    const request = get('https://example.com/');
    await send(request);
    expect(request.headers.has('authorization')).toBe(false);
  });
});

describe('auth: functions', () => {
  it('calls a function with the request and sends the request it returns', async () => {
    const fn = vi.fn((request: Request) => {
      const signed = request.with({});
      signed.headers.set('X-Signature', `signed ${request.url.pathname}`);
      return signed;
    });
    const { sent, send } = throughAuth(undefined, fn);
    await send(get('https://example.com/path'));
    expect(fn).toHaveBeenCalledTimes(1);
    expect(fn.mock.calls[0]![0].url.href).toBe('https://example.com/path');
    expect(sent[0]!.headers.get('x-signature')).toBe('signed /path');
  });

  it('fails the request with a TypeError when the function returns something else', async () => {
    const { sent, send } = throughAuth(undefined, (() => 'nope') as unknown as AuthOption);
    await expect(send(get('https://example.com/'))).rejects.toThrow(TypeError);
    expect(sent).toHaveLength(0);
  });

  it('fails the request when the function throws', async () => {
    const { send } = throughAuth(undefined, () => {
      throw new Error('no token');
    });
    await expect(send(get('https://example.com/'))).rejects.toThrow('no token');
  });
});

describe('auth: resolution per request', () => {
  it('uses the request’s own auth instead of the client’s', async () => {
    const { sent, send } = throughAuth(undefined, ['client', 'x']);
    await send(get('https://example.com/', { auth: ['request', 'y'] }));
    expect(authorization(sent[0])).toBe(`Basic ${btoa('request:y')}`);
  });

  it('sends no credentials at all for a request-level auth: null', async () => {
    const netrc = vi.fn(() => ['n', 'p'] as const);
    const { sent, send } = throughAuth(undefined, ['client', 'x'], { netrc });
    await send(get('https://u:p@example.com/', { auth: null }));
    expect(sent[0]!.headers.has('authorization')).toBe(false);
    expect(sent[0]!.url.href).toBe('https://example.com/');
    expect(netrc).not.toHaveBeenCalled();
  });

  it('sends user:password from the URL as Basic, percent-decoded, and not in the URL', async () => {
    const { sent, send } = throughAuth();
    const { events } = await send(get('https://us%40er:p%3Ass%20w@example.com:8443/x?q=1'));
    expect(authorization(sent[0])).toBe(`Basic ${btoa('us@er:p:ss w')}`);
    expect(sent[0]!.url.href).toBe('https://example.com:8443/x?q=1');
    const announced = events.find((event) => event.type === 'sent');
    expect(announced?.type === 'sent' && announced.request.url.username).toBe('');
  });

  it('prefers configured auth over URL credentials, and still strips them from the URL', async () => {
    const { sent, send } = throughAuth(undefined, ['client', 'x']);
    await send(get('https://u:p@example.com/'));
    expect(authorization(sent[0])).toBe(`Basic ${btoa('client:x')}`);
    expect(sent[0]!.url.username).toBe('');
    expect(sent[0]!.url.password).toBe('');
  });

  it('looks the host up in netrc when there is no other auth', async () => {
    const netrc = vi.fn((host: string) => (host === 'example.com' ? (['n', 'p'] as const) : undefined));
    const { sent, send } = throughAuth(undefined, null, { netrc });
    await send(get('https://example.com:8443/'));
    await send(get('https://other.example/'));
    expect(netrc.mock.calls.map(([host]) => host)).toEqual(['example.com', 'other.example']);
    expect(authorization(sent[0])).toBe(`Basic ${btoa('n:p')}`);
    expect(sent[1]!.headers.has('authorization')).toBe(false);
  });

  it('prefers URL credentials to netrc', async () => {
    const netrc = vi.fn(() => ['n', 'p'] as const);
    const { sent, send } = throughAuth(undefined, null, { netrc });
    await send(get('https://u:p@example.com/'));
    expect(authorization(sent[0])).toBe(`Basic ${btoa('u:p')}`);
    expect(netrc).not.toHaveBeenCalled();
  });

  it('leaves an explicit Authorization header alone when no auth is set', async () => {
    const netrc = vi.fn(() => ['n', 'p'] as const);
    const { sent, send } = throughAuth(undefined, null, { netrc });
    await send(new Request('GET', 'https://example.com/', { headers: { Authorization: 'Bearer t' } }));
    expect(sent[0]!.headers.getList('authorization')).toEqual(['Bearer t']);
    expect(netrc).not.toHaveBeenCalled();
  });

  it('passes a request with no auth anywhere through unchanged', async () => {
    const { sent, send } = throughAuth();
    const request = get('https://example.com/');
    await send(request);
    expect(sent[0]).toBe(request);
  });

  it('fails only the request whose auth is invalid, through the Observable', async () => {
    const { send } = throughAuth();
    const middleware = auth();
    const bad = get('https://example.com/', { auth: 42 as unknown as AuthOption });
    expect(() => middleware(bad, () => EMPTY)).not.toThrow();
    await expect(send(bad)).rejects.toThrow(TypeError);
    await expect(send(get('https://example.com/'))).resolves.toBeDefined();
  });

  it('rejects an invalid default auth when the layer is made', () => {
    expect(() => auth(['only-a-user'] as unknown as AuthOption)).toThrow(TypeError);
    expect(() => auth({} as unknown as AuthOption)).toThrow(TypeError);
  });
});

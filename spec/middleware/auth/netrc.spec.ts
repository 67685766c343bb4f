import { describe, expect, it } from 'vitest';
import { netrcCredentials, netrcHost, parseNetrc } from '../../../src/middleware/auth/netrc.ts';

describe('parseNetrc', () => {
  it('reads machine entries with login, password and account', () => {
    const netrc = parseNetrc('machine example.com login ada password lovelace account x\n');
    expect(netrc.machines.get('example.com')).toEqual({ login: 'ada', password: 'lovelace', account: 'x' });
    expect(netrc.default).toBeUndefined();
  });

  it('lets tokens run across lines and share them', () => {
    const netrc = parseNetrc(
      'machine a.example\n  login one\n  password two machine b.example login three\npassword four',
    );
    expect(netrcCredentials(netrc, 'a.example')).toEqual(['one', 'two']);
    expect(netrcCredentials(netrc, 'b.example')).toEqual(['three', 'four']);
  });

  it('skips comments, a # at the start of a token ending its line', () => {
    const text = [
      '# personal hosts',
      'machine example.com # the API',
      '  login ada   # who',
      '  password p#ss',
    ].join('\n');
    expect(netrcCredentials(parseNetrc(text), 'example.com')).toEqual(['ada', 'p#ss']);
  });

  it('reads double-quoted tokens with spaces and escapes', () => {
    const netrc = parseNetrc('machine h login "Ada L" password "say \\"hi\\""');
    expect(netrcCredentials(netrc, 'h')).toEqual(['Ada L', 'say "hi"']);
  });

  it('falls back to the default entry, and matches host names without regard to case', () => {
    const netrc = parseNetrc('machine Example.COM login a password b\ndefault login anon password guest');
    expect(netrcCredentials(netrc, 'example.com')).toEqual(['a', 'b']);
    expect(netrcCredentials(netrc, 'elsewhere.example')).toEqual(['anon', 'guest']);
  });

  it('keeps the first entry for a host', () => {
    const netrc = parseNetrc('machine h login first password 1\nmachine h login second password 2');
    expect(netrcCredentials(netrc, 'h')).toEqual(['first', '1']);
  });

  it('skips macdef bodies up to the next blank line', () => {
    const text =
      'macdef init\ncd /pub\nmachine fake login no password no\n\nmachine real login yes password ok\n';
    const netrc = parseNetrc(text);
    expect(netrc.machines.has('fake')).toBe(false);
    expect(netrcCredentials(netrc, 'real')).toEqual(['yes', 'ok']);
  });

  it('gives no credentials for an entry without a password; an empty login when it has none', () => {
    const netrc = parseNetrc('machine nopass login ada\nmachine nologin password secret');
    expect(netrcCredentials(netrc, 'nopass')).toBeUndefined();
    expect(netrcCredentials(netrc, 'nologin')).toEqual(['', 'secret']);
    expect(netrcCredentials(netrc, 'unknown')).toBeUndefined();
  });

  it('survives truncated and empty files', () => {
    expect(parseNetrc('').machines.size).toBe(0);
    expect(netrcCredentials(parseNetrc('machine h login a password'), 'h')).toBeUndefined();
    expect(parseNetrc('machine').machines.size).toBe(0);
  });
});

describe('netrcHost', () => {
  it('is the host name without port or IPv6 brackets', () => {
    expect(netrcHost(new URL('https://Example.com:8443/x'))).toBe('example.com');
    expect(netrcHost(new URL('http://[::1]:80/'))).toBe('::1');
  });
});

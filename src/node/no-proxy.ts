import { BlockList, isIP } from 'node:net';

/**
 * `NO_PROXY` as curl, requests and httpx read it, and a little more: entries split by commas
 * or spaces, without case; `*` is every host; `example.com` and `.example.com` are the domain
 * and all its subdomains; an IPv4 or IPv6 literal (bare or bracketed) is that address; a CIDR
 * range (`10.0.0.0/8`, `fd00::/8`) every address in it; any of these with `:port` only that
 * port. Addresses and ranges match URLs whose host is an IP literal: no DNS is asked.
 * Returns whether a URL goes direct.
 */
export function noProxyMatcher(value: string | undefined): (url: URL) => boolean {
  const entries = (value ?? '')
    .split(/[\s,]+/)
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry !== '');
  if (entries.includes('*')) return () => true;
  const rules = entries.map(ruleOf).filter((rule) => rule !== undefined);
  if (rules.length === 0) return () => false;
  return (url) => {
    const host = bare(url.hostname.toLowerCase());
    const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
    return rules.some((rule) => (rule.port === undefined || rule.port === port) && rule.matches(host));
  };
}

interface Rule {
  port: number | undefined;
  matches: (host: string) => boolean;
}

function ruleOf(entry: string): Rule | undefined {
  const { host, port } = splitPort(entry);
  if (host === '') return undefined;
  const slash = host.indexOf('/');
  if (slash >= 0) {
    const address = bare(host.slice(0, slash));
    const prefix = Number(host.slice(slash + 1));
    const family = isIP(address);
    if (family === 0 || !Number.isInteger(prefix) || prefix < 0 || prefix > (family === 4 ? 32 : 128))
      return undefined;
    const range = new BlockList();
    range.addSubnet(address, prefix, family === 4 ? 'ipv4' : 'ipv6');
    return {
      port,
      matches: (name) => isIP(name) === family && range.check(name, family === 4 ? 'ipv4' : 'ipv6'),
    };
  }
  const family = isIP(host);
  if (family !== 0) {
    const one = new BlockList();
    one.addAddress(host, family === 4 ? 'ipv4' : 'ipv6');
    return {
      port,
      matches: (name) => isIP(name) === family && one.check(name, family === 4 ? 'ipv4' : 'ipv6'),
    };
  }
  const domain = host.startsWith('.') ? host.slice(1) : host.startsWith('*.') ? host.slice(2) : host;
  return { port, matches: (name) => name === domain || name.endsWith(`.${domain}`) };
}

/** `host:port`, `[v6]:port`, `[v6]`, or a bare IPv6 literal (whose colons are no port). */
function splitPort(entry: string): { host: string; port: number | undefined } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed)
    return { host: bracketed[1]!, port: bracketed[2] === undefined ? undefined : Number(bracketed[2]) };
  if (isIP(entry.split('/')[0]!) === 6) return { host: entry, port: undefined };
  const withPort = /^(.*):(\d+)$/.exec(entry);
  return withPort ? { host: withPort[1]!, port: Number(withPort[2]) } : { host: entry, port: undefined };
}

/** An IPv6 host without its URL brackets. */
export function bare(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { basicCredentials, withAuthorization } from '../middleware/auth/basic.ts';
import { type Netrc, netrcCredentials, netrcHost, parseNetrc } from '../middleware/auth/netrc.ts';
import type { Auth, CredentialsLookup } from '../middleware/auth/types.ts';
import type { Request } from '../models/request.ts';
import type { Response } from '../models/response.ts';

/** The netrc file to read: `$NETRC` when set, else `~/.netrc`. */
export function defaultNetrcPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.NETRC || join(homedir(), '.netrc');
}

/**
 * Basic credentials from a netrc file, by the request's host name (its `machine` entry, else
 * the `default` one). A request to a host the file does not know goes out without credentials.
 * The file is read once, here: a missing or unreadable file throws now, not at request time.
 *
 * @example
 * ```ts
 * const client = new Client({ auth: new NetRCAuth() });            // $NETRC or ~/.netrc
 * const other = new Client({ auth: new NetRCAuth('/etc/deploy.netrc') });
 * ```
 */
export class NetRCAuth implements Auth {
  readonly #netrc: Netrc;

  /** @param file the netrc file. @default `$NETRC`, else `~/.netrc` */
  constructor(file: string = defaultNetrcPath()) {
    this.#netrc = parseNetrc(readFileSync(file, 'utf8'));
  }

  *authFlow(request: Request): Generator<Request, void, Response> {
    const found = netrcCredentials(this.#netrc, netrcHost(request.url));
    yield found ? withAuthorization(request, basicCredentials(found[0], found[1])) : request;
  }
}

/**
 * The `trustEnv` look-up: credentials by host from `$NETRC` or `~/.netrc`, read lazily on the
 * first look-up and then kept. No file (or one that cannot be read) means no credentials.
 */
export function netrcLookup(env: NodeJS.ProcessEnv = process.env): CredentialsLookup {
  let netrc: Netrc | null | undefined;
  return (host) => {
    if (netrc === undefined) {
      try {
        netrc = parseNetrc(readFileSync(defaultNetrcPath(env), 'utf8'));
      } catch {
        netrc = null;
      }
    }
    return netrc === null ? undefined : netrcCredentials(netrc, host);
  };
}

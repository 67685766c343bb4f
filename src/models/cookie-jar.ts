import { CookieJar } from 'tough-cookie';
import type { CookiesOption } from '../options.ts';

/** STUB (helper fills in): the client's cookies over a tough-cookie jar. */
export class ClientCookies {
  readonly jar: CookieJar;
  constructor(init?: CookiesOption) {
    this.jar = init instanceof CookieJar ? init : new CookieJar();
  }
}

import { describe } from '../config/describe.ts';
import { checkOptionNames } from '../config/option-names.ts';
import { own } from '../config/own.ts';

/** The options of an `AppTransport`, checked, with their defaults. */
export interface AppSettings {
  readonly raiseAppExceptions: boolean;
  readonly rootPath: string;
  readonly remoteAddr: string;
}

/** What an app given to `new AppTransport(app)` is, once checked. */
export type AppKind = 'listener' | 'fetch';

const OPTION_NAMES: ReadonlySet<string> = new Set(['raiseAppExceptions', 'rootPath', 'remoteAddr']);

/**
 * The settings of `new AppTransport(app, options)`. Throws a `TypeError` for an unknown option
 * (with what was likely meant) or a value of the wrong kind; inherited properties are not
 * options and are not read.
 */
export function appSettings(options: unknown): AppSettings {
  if (options === undefined) options = {};
  if (typeof options !== 'object' || options === null)
    throw new TypeError(`new AppTransport(app, options) takes an options object, not ${describe(options)}`);
  const given = options as { raiseAppExceptions?: unknown; rootPath?: unknown; remoteAddr?: unknown };
  checkOptionNames('AppTransport', given, OPTION_NAMES);
  const raiseAppExceptions = own(given, 'raiseAppExceptions') ?? true;
  if (typeof raiseAppExceptions !== 'boolean')
    throw new TypeError(`raiseAppExceptions must be true or false, not ${describe(raiseAppExceptions)}`);
  const remoteAddr = own(given, 'remoteAddr') ?? '127.0.0.1';
  if (typeof remoteAddr !== 'string' || remoteAddr === '' || /\s/.test(remoteAddr))
    throw new TypeError(
      `remoteAddr must be the client's address as a string, such as '127.0.0.1' or '::1', not ${describe(remoteAddr)}`,
    );
  return { raiseAppExceptions, rootPath: checkedRootPath(own(given, 'rootPath') ?? ''), remoteAddr };
}

/** `''` or a path such as `/api`: it starts with `/`, does not end with one, and has no query or fragment. */
function checkedRootPath(rootPath: unknown): string {
  if (rootPath === '') return rootPath;
  if (typeof rootPath !== 'string')
    throw new TypeError(`rootPath must be a path such as '/api' (or '' for none), not ${describe(rootPath)}`);
  if (rootPath.startsWith('/') && !rootPath.endsWith('/') && !/[?#\s]/.test(rootPath)) return rootPath;
  const trimmed = rootPath.replace(/[?#].*$/s, '').replace(/^\/+|\/+$/g, '');
  const meant = trimmed === '' ? "'' (no root path)" : describe(`/${trimmed}`);
  throw new TypeError(
    `rootPath must start with '/' and not end with '/', without a query or fragment, such as '/api' (or '' for none); got ${describe(rootPath)}: did you mean ${meant}?`,
  );
}

/**
 * Whether `app` is a Node `(req, res)` listener (any function) or a fetch app (an object with
 * a `fetch` function); a `TypeError` naming what it got for anything else.
 */
export function appKind(app: unknown): AppKind {
  if (typeof app === 'function') return 'listener';
  if (typeof app === 'object' && app !== null && typeof (app as { fetch?: unknown }).fetch === 'function')
    return 'fetch';
  const fetch = typeof app === 'object' && app !== null ? (app as { fetch?: unknown }).fetch : undefined;
  const why = fetch === undefined ? '' : ` whose fetch is ${describe(fetch)}`;
  throw new TypeError(
    `new AppTransport(app) takes a Node (req, res) listener (node:http, Express, Koa's app.callback()) or an object with a fetch(request) method (Hono and other fetch-handler frameworks), not ${describe(app)}${why}`,
  );
}

import { Response } from '../models/response.ts';

/**
 * An app mounted under a root path, as WSGI's `SCRIPT_NAME` (PEP 3333): the app sees the
 * request target without that prefix. A target is under `/api` when its path is `/api` or
 * starts with `/api/`; `/api` alone becomes `/` (a query kept: `/api?q=1` → `/?q=1`), and
 * `/apix` is not under it. `null`: the target is not under `rootPath` (an odd target such as
 * `*` never is, unless there is no root path).
 */
export function mountedTarget(rootPath: string, target: string): string | null {
  if (rootPath === '') return target;
  if (!target.startsWith(rootPath)) return null;
  const rest = target.slice(rootPath.length);
  if (rest === '') return '/';
  if (rest.startsWith('/')) return rest;
  if (rest.startsWith('?')) return `/${rest}`;
  return null;
}

/**
 * The answer to a request whose path is not under the root path, made without calling the
 * app: what a server with the app mounted under that path would say.
 */
export function outsideRootPath(rootPath: string, path: string): Response {
  const text = `Not Found: ${path} is not under the app's root path ${rootPath}\n`;
  return new Response(404, { text });
}

import { concat, concatMap, defer, from, ignoreElements, isObservable, type Observable, of } from 'rxjs';
import { describe } from '../config/describe.ts';
import { checkOptionNames } from '../config/option-names.ts';
import { own } from '../config/own.ts';
import type { Request } from '../models/request.ts';
import type { Response } from '../models/response.ts';
import type { Middleware } from '../transports/transport.ts';

/** A hook's result is ignored, but a Promise or Observable is waited for (its end, or its first error). */
export type HookResult = unknown;
export type RequestHook = (request: Request) => HookResult;
export type ResponseHook = (response: Response) => HookResult;

/** Functions called on every hop: `request` hooks before it is sent, `response` hooks when its headers arrive. */
export interface EventHooks {
  /** @default [] */
  request?: readonly RequestHook[];
  /** @default [] */
  response?: readonly ResponseHook[];
}

/**
 * Calls the event hooks on every hop, in order, waiting for any that return a Promise or an
 * Observable. A hook that throws (or rejects, or errors) fails the request; a failing response
 * hook aborts the hop, closing its connection. Later events of the hop wait for the hooks.
 */
export function hooks(eventHooks: EventHooks = {}): Middleware {
  checkEventHooks(eventHooks);
  const requestHooks = own(eventHooks, 'request') ?? [];
  const responseHooks = own(eventHooks, 'response') ?? [];
  return (request, next) => {
    const sent =
      requestHooks.length === 0
        ? next(request)
        : concat(
            runHooks(requestHooks, request),
            defer(() => next(request)),
          );
    if (responseHooks.length === 0) return sent;
    return sent.pipe(
      concatMap((event) =>
        event.type === 'headers' ? concat(runHooks(responseHooks, event.response), of(event)) : of(event),
      ),
    );
  };
}

const HOOK_NAMES: ReadonlySet<string> = new Set(['request', 'response']);

/** Throws a `TypeError` naming the first part of `eventHooks` that is not a list of functions. */
export function checkEventHooks(eventHooks: EventHooks): void {
  if (typeof eventHooks !== 'object' || eventHooks === null || Array.isArray(eventHooks))
    throw new TypeError(
      `eventHooks must be { request: [functions], response: [functions] }, not ${describe(eventHooks)}`,
    );
  checkOptionNames('eventHooks', eventHooks, HOOK_NAMES);
  for (const name of HOOK_NAMES) {
    const list: unknown = own(eventHooks, name as keyof EventHooks);
    if (list === undefined) continue;
    if (!Array.isArray(list))
      throw new TypeError(`eventHooks.${name} must be an array of functions, not ${describe(list)}`);
    list.forEach((hook: unknown, i) => {
      if (typeof hook !== 'function')
        throw new TypeError(`eventHooks.${name}[${i}] must be a function, not ${describe(hook)}`);
    });
  }
}

/** Runs hooks one after another; completes (emitting nothing) when the last is done. */
function runHooks<T>(list: readonly ((value: T) => HookResult)[], value: T): Observable<never> {
  return from(list).pipe(
    concatMap((hook) => {
      const result = hook(value);
      if (isObservable(result) || result instanceof Promise) return from(result);
      return of(result);
    }),
    ignoreElements(),
  );
}

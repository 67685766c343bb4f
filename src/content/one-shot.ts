import { StreamConsumed } from '../errors.ts';

/**
 * Sources that can be read only once (generators, async iterables, Node streams,
 * `ReadableStream`s) and have been handed out. Kept per source, not per body, so a second
 * request built from the same stream also raises `StreamConsumed` instead of sending nothing.
 */
const consumed = new WeakSet<object>();

/**
 * Marks a one-shot source as read. Throws `StreamConsumed` when it was claimed before, or
 * when it is a `ReadableStream` someone else has locked.
 */
export function claim(source: object): void {
  if (consumed.has(source) || isLocked(source)) throw new StreamConsumed();
  consumed.add(source);
}

function isLocked(source: object): boolean {
  return typeof ReadableStream !== 'undefined' && source instanceof ReadableStream && source.locked;
}

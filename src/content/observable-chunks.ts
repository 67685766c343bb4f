import type { Observable } from 'rxjs';
import { toChunk } from './bytes.ts';

/**
 * An `Observable` of chunks as an async iterable: subscribes when iteration starts (so every
 * iteration of a cold Observable subscribes anew), queues what arrives until it is pulled,
 * ends on `complete`, throws the Observable's error after the chunks that came before it.
 * Stopping early unsubscribes. An Observable cannot be paused, so a producer faster than the
 * connection fills the queue; that is the price of pushing.
 */
export async function* observableChunks(
  source: Observable<unknown>,
): AsyncGenerator<Uint8Array, void, undefined> {
  let queue: Uint8Array[] = [];
  let head = 0;
  let ended = false;
  let failure: { error: unknown } | undefined;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    const resume = wake;
    wake = undefined;
    resume?.();
  };
  const subscription = source.subscribe({
    next(value) {
      try {
        queue.push(toChunk(value));
      } catch (error) {
        failure ??= { error };
      }
      notify();
    },
    error(error: unknown) {
      failure ??= { error };
      notify();
    },
    complete() {
      ended = true;
      notify();
    },
  });
  try {
    while (true) {
      if (head < queue.length) {
        const chunk = queue[head++]!;
        if (head === queue.length) {
          queue = [];
          head = 0;
        }
        yield chunk;
      } else if (failure) {
        throw failure.error;
      } else if (ended) {
        return;
      } else {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    }
  } finally {
    subscription.unsubscribe();
  }
}

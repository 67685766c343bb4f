import { Subscriber, Subscription, type TeardownLogic } from 'rxjs';

/**
 * The base of the pipeline's own per-request subscribers (the client's edge, the phase clock,
 * the cookie store): an RxJS 7 `Subscriber` linked to its destination, as RxJS's operators
 * are, that keeps its first teardown in a field. Each such subscriber is handed exactly one
 * teardown (the layer below it), and RxJS would keep it in an array that grows to 17 slots on
 * its first push: about 180 bytes per layer per request in flight, for one pointer.
 */
export abstract class LayerSubscriber<T> extends Subscriber<T> {
  #only: Exclude<TeardownLogic, void> | null = null;

  override add(teardown: TeardownLogic): void {
    const usable = teardown && teardown !== this && !(teardown instanceof Subscription && teardown.closed);
    if (usable && this.#only === null && !this.closed) {
      this.#only = teardown;
      return;
    }
    super.add(teardown);
  }

  override unsubscribe(): void {
    if (this.closed) return;
    const only = this.#only;
    this.#only = null;
    super.unsubscribe();
    if (typeof only === 'function') only();
    else only?.unsubscribe();
  }
}

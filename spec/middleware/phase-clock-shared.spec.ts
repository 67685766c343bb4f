import { Observable } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConnectTimeout, ReadTimeout } from '../../src/errors.ts';
import { Client } from '../../src/index.ts';
import { SharedTimerScheduler } from '../../src/scheduling/shared-timer-scheduler.ts';
import type { Transport, TransportEvent } from '../../src/transports/transport.ts';

/**
 * The phase clock on the client's own scheduler (no `scheduler` option), where each request's
 * clock is the scheduler's entry itself instead of an action: the same limits, to the
 * millisecond, under Node's (faked) timers.
 */
describe('phase timeouts on the shared scheduler', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A transport that says `connected` after `connectedAfter` ms (never when undefined), then nothing. */
  function silent(connectedAfter?: number): Transport & { cancelled: number } {
    const transport = {
      cancelled: 0,
      handle: () =>
        new Observable<TransportEvent>((subscriber) => {
          const timer =
            connectedAfter === undefined
              ? undefined
              : setTimeout(() => subscriber.next({ type: 'connected' }), connectedAfter);
          return () => {
            clearTimeout(timer);
            transport.cancelled++;
          };
        }),
      close: async () => {},
    };
    return transport;
  }

  function outcome(client: Client): { error: unknown } {
    const seen: { error: unknown } = { error: undefined };
    client.get('https://example.com/').subscribe({ error: (error: unknown) => (seen.error = error) });
    return seen;
  }

  it('uses a SharedTimerScheduler unless told otherwise', () => {
    expect(new Client({ transport: silent() }).scheduler).toBeInstanceOf(SharedTimerScheduler);
  });

  it('fails with ConnectTimeout exactly when the connect limit passes, and cancels the transport', () => {
    const transport = silent();
    const seen = outcome(new Client({ transport, timeout: { connect: 100 } }));
    vi.advanceTimersByTime(99);
    expect(seen.error).toBeUndefined();
    vi.advanceTimersByTime(1);
    expect(seen.error).toBeInstanceOf(ConnectTimeout);
    expect(transport.cancelled).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('re-arms for the read phase when the connect timer fires after the phase changed', () => {
    // Connected at 80: the read limit (50) runs from there, so the timer armed for 100 re-arms for 130.
    const transport = silent(80);
    const seen = outcome(new Client({ transport, timeout: { connect: 100, read: 50 } }));
    vi.advanceTimersByTime(129);
    expect(seen.error).toBeUndefined();
    vi.advanceTimersByTime(1);
    expect(seen.error).toBeInstanceOf(ReadTimeout);
    expect(transport.cancelled).toBe(1);
  });

  it('disarms when the request is cancelled: the scheduler calls no clock afterwards', () => {
    const transport = silent();
    const client = new Client({ transport, timeout: { connect: 100 } });
    const errors: unknown[] = [];
    const subscription = client
      .get('https://example.com/')
      .subscribe({ error: (e: unknown) => errors.push(e) });
    vi.advanceTimersByTime(50);
    subscription.unsubscribe();
    vi.advanceTimersByTime(1000);
    expect(errors).toEqual([]);
    expect(transport.cancelled).toBe(1);
  });
});

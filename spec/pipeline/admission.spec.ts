import { Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { Timeout } from '../../src/config/timeout.ts';
import { deadline, noteQueued } from '../../src/middleware/timeouts.ts';
import { Request } from '../../src/models/request.ts';
import { Admission, Waiter } from '../../src/pipeline/admission.ts';

const request = (path: string, init = {}) => new Request('GET', `https://example.com/${path}`, init);

/** What happened to each request, in order: `start a`, `fail b PoolTimeout`, with the virtual time. */
function recorder(scheduler: TestScheduler) {
  const log: string[] = [];
  class Recorded extends Waiter {
    readonly #name: string;
    constructor(name: string, init = {}) {
      super(request(name, init));
      this.#name = name;
    }
    start(): void {
      log.push(`${scheduler.now()} start ${this.#name}`);
    }
    fail(error: unknown): void {
      log.push(`${scheduler.now()} fail ${this.#name} ${(error as Error).name}: ${(error as Error).message}`);
    }
  }
  const waiter = (name: string, init = {}) => new Recorded(name, init);
  return { log, waiter };
}

function virtual(body: (scheduler: TestScheduler) => void): void {
  const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  scheduler.run(() => body(scheduler));
}

describe('Admission (the client queue above the pipeline)', () => {
  it('starts requests at once while slots are free and queues the rest in order', () => {
    virtual((scheduler) => {
      const { log, waiter } = recorder(scheduler);
      const queue = new Admission(2, scheduler, new Timeout(null), () => false);
      for (const name of ['a', 'b', 'c', 'd']) queue.enter(waiter(name));
      expect(log).toEqual(['0 start a', '0 start b']);
      queue.release();
      queue.release();
      expect(log).toEqual(['0 start a', '0 start b', '0 start c', '0 start d']);
    });
  });

  it('fails a request still waiting at timeout.pool with PoolTimeout, in virtual time, and passes its place on', () => {
    virtual((scheduler) => {
      const { log, waiter } = recorder(scheduler);
      const queue = new Admission(1, scheduler, new Timeout({ pool: 200 }), () => false);
      queue.enter(waiter('a'));
      queue.enter(waiter('b'));
      scheduler.schedule(() => queue.enter(waiter('c')), 100);
      scheduler.schedule(() => queue.release(), 250);
      scheduler.flush();
      expect(log).toEqual([
        '0 start a',
        '200 fail b PoolTimeout: GET https://example.com/b: no free connection in the pool within 200 ms (timeout.pool)',
        '250 start c',
      ]);
    });
  });

  it("bounds the wait by timeout.total when it comes first, and by the request's own timeout", () => {
    virtual((scheduler) => {
      const { log, waiter } = recorder(scheduler);
      const queue = new Admission(1, scheduler, new Timeout({ pool: 500, total: 300 }), () => false);
      queue.enter(waiter('a'));
      queue.enter(waiter('b'));
      queue.enter(waiter('c', { extensions: { timeout: { pool: 50 } } }));
      queue.enter(waiter('d', { extensions: { timeout: null } }));
      scheduler.schedule(() => queue.release(), 1000);
      scheduler.flush();
      expect(log).toEqual([
        '0 start a',
        '50 fail c PoolTimeout: GET https://example.com/c: no free connection in the pool within 50 ms (timeout.pool)',
        '300 fail b TotalTimeout: GET https://example.com/b: the request did not complete within 300 ms (timeout.total)',
        '1000 start d',
      ]);
    });
  });

  it('takes a cancelled waiter out of the queue, its timer with it', () => {
    virtual((scheduler) => {
      const { log, waiter } = recorder(scheduler);
      const queue = new Admission(1, scheduler, new Timeout({ pool: 100 }), () => false);
      queue.enter(waiter('a'));
      const waiting = waiter('b');
      queue.enter(waiting);
      queue.enter(waiter('c'));
      waiting.unsubscribe();
      scheduler.schedule(() => queue.release(), 50);
      scheduler.flush();
      // b never fails (its timer went with it) and c, behind it, gets the slot.
      expect(log).toEqual(['0 start a', '50 start c']);
    });
  });

  it('fails a waiter granted a slot after the client closed with ClientClosed, and hands the slot on', () => {
    virtual((scheduler) => {
      const { log, waiter } = recorder(scheduler);
      let closed = false;
      const queue = new Admission(1, scheduler, new Timeout(null), () => closed);
      queue.enter(waiter('a'));
      queue.enter(waiter('b'));
      closed = true;
      queue.release();
      expect(log).toEqual([
        '0 start a',
        '0 fail b ClientClosed: The client was closed while the request waited for a connection',
      ]);
      // The slot b was handed went back: a new entry starts at once.
      queue.enter(waiter('e'));
      expect(log.at(-1)).toBe('0 start e');
    });
  });

  it('takes the time a request waited off its total deadline', () => {
    virtual((scheduler) => {
      const waited = request('w');
      noteQueued(waited, 300);
      const fresh = request('f');
      const results: string[] = [];
      const forever = () => new Observable<never>(() => {});
      for (const [name, r] of [
        ['waited', waited],
        ['fresh', fresh],
      ] as const) {
        deadline({ total: 1000 }, { scheduler })(r, forever).subscribe({
          error: (error: unknown) => results.push(`${scheduler.now()} ${name} ${(error as Error).name}`),
        });
      }
      scheduler.flush();
      expect(results).toEqual(['700 waited TotalTimeout', '1000 fresh TotalTimeout']);
    });
  });
});

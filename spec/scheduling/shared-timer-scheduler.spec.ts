import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type SharedTimer, SharedTimerScheduler } from '../../src/scheduling/shared-timer-scheduler.ts';

/** The list fields of an entry not yet added, which the scheduler alone sets. */
const unlinked = () => ({ pending: false, earlier: null, later: null });

describe('SharedTimerScheduler', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs each action once its delay has passed, in order of due time, with its state', () => {
    const scheduler = new SharedTimerScheduler();
    const ran: string[] = [];
    scheduler.schedule((state) => ran.push(`b ${state}`), 200, 'two');
    scheduler.schedule((state) => ran.push(`a ${state}`), 100, 'one');
    vi.advanceTimersByTime(99);
    expect(ran).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(ran).toEqual(['a one']);
    vi.advanceTimersByTime(100);
    expect(ran).toEqual(['a one', 'b two']);
  });

  it('never runs a cancelled action', () => {
    const scheduler = new SharedTimerScheduler();
    const ran: number[] = [];
    const first = scheduler.schedule(() => ran.push(1), 50);
    scheduler.schedule(() => ran.push(2), 80);
    first.unsubscribe();
    vi.advanceTimersByTime(100);
    expect(ran).toEqual([2]);
  });

  it('calls an entry added as it is once its due time comes, and never one removed', () => {
    const scheduler = new SharedTimerScheduler();
    const called: string[] = [];
    const entry = (name: string, delay: number): SharedTimer => ({
      ...unlinked(),
      due: scheduler.now() + delay,
      timeUp: () => called.push(name),
    });
    const kept = entry('kept', 100);
    const removed = entry('removed', 50);
    scheduler.add(kept);
    scheduler.add(removed);
    scheduler.remove(removed);
    vi.advanceTimersByTime(99);
    expect(called).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(called).toEqual(['kept']);
    vi.advanceTimersByTime(1000);
    expect(called).toEqual(['kept']);
  });

  it('does not call an entry that one called before it removed, when both were due', () => {
    const scheduler = new SharedTimerScheduler();
    const called: string[] = [];
    const due = scheduler.now() + 10;
    const second: SharedTimer = { ...unlinked(), due, timeUp: () => called.push('second') };
    const first: SharedTimer = {
      ...unlinked(),
      due,
      timeUp: () => {
        called.push('first');
        scheduler.remove(second);
      },
    };
    scheduler.add(first);
    scheduler.add(second);
    vi.advanceTimersByTime(10);
    expect(called).toEqual(['first']);
  });

  it('keeps its list whole when entries leave from the front, the middle and the end', () => {
    const scheduler = new SharedTimerScheduler();
    const called: number[] = [];
    const entries = Array.from(
      { length: 6 },
      (_, i): SharedTimer => ({
        ...unlinked(),
        due: scheduler.now() + 10 * (i + 1),
        timeUp: () => called.push(i),
      }),
    );
    for (const entry of entries) scheduler.add(entry);
    for (const i of [0, 3, 5]) scheduler.remove(entries[i]!);
    // Added again: it goes to the end, due when it says.
    scheduler.add(entries[3]!);
    vi.advanceTimersByTime(100);
    expect(called).toEqual([1, 2, 3, 4]);
    expect(entries.every((entry) => !entry.pending && entry.earlier === null && entry.later === null)).toBe(
      true,
    );
    expect(vi.getTimerCount()).toBe(0);
  });

  it('shares one host timer among many actions', () => {
    const scheduler = new SharedTimerScheduler();
    const actions = Array.from({ length: 100 }, () => scheduler.schedule(() => {}, 5000));
    expect(vi.getTimerCount()).toBe(1);
    for (const action of actions) action.unsubscribe();
    expect(vi.getTimerCount()).toBe(1);
  });

  it('lets an action re-arm itself from its work, as the phase timeouts do', () => {
    const scheduler = new SharedTimerScheduler();
    const at: number[] = [];
    const start = scheduler.now();
    scheduler.schedule<number>(
      function (count = 0) {
        at.push(scheduler.now() - start);
        if (count < 2) this.schedule(count + 1, 30);
      },
      10,
      0,
    );
    vi.advanceTimersByTime(200);
    expect(at).toEqual([10, 40, 70]);
  });

  it('moves the host timer earlier for an action due before the armed one', () => {
    const scheduler = new SharedTimerScheduler();
    const ran: string[] = [];
    scheduler.schedule(() => ran.push('late'), 1000);
    scheduler.schedule(() => ran.push('early'), 10);
    vi.advanceTimersByTime(10);
    expect(ran).toEqual(['early']);
    vi.advanceTimersByTime(990);
    expect(ran).toEqual(['early', 'late']);
  });

  it('clears its idle host timer when asked, and only when idle', () => {
    const scheduler = new SharedTimerScheduler();
    const pending = scheduler.schedule(() => {}, 1000);
    scheduler.stopWhenIdle();
    expect(vi.getTimerCount()).toBe(1);
    pending.unsubscribe();
    scheduler.stopWhenIdle();
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('SharedTimerScheduler with browser timers (numeric handles, no ref/unref)', () => {
  /** Ids handed out by the browser-like setTimeout, and the fake timers behind them. */
  let handles: unknown[];

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const fakeSet = globalThis.setTimeout;
    const fakeClear = globalThis.clearTimeout;
    const behind = new Map<number, ReturnType<typeof setTimeout>>();
    let last = 0;
    handles = [];
    // As in a browser: setTimeout answers a number, and clearTimeout takes it back.
    vi.stubGlobal('setTimeout', (callback: () => void, delay?: number): number => {
      const id = ++last;
      behind.set(
        id,
        fakeSet(() => {
          behind.delete(id);
          callback();
        }, delay),
      );
      handles.push(id);
      return id;
    });
    vi.stubGlobal('clearTimeout', (id: number | undefined): void => {
      if (id === undefined) return;
      fakeClear(behind.get(id));
      behind.delete(id);
    });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('fires its actions on numeric timer ids', () => {
    const scheduler = new SharedTimerScheduler();
    const ran: string[] = [];
    scheduler.schedule(() => ran.push('a'), 100);
    vi.advanceTimersByTime(100);
    expect(ran).toEqual(['a']);
    expect(handles.every((handle) => typeof handle === 'number')).toBe(true);
    expect(handles.length).toBeGreaterThan(0);
  });

  it('cancels the last pending action, then fires the next one on the same timer', () => {
    const scheduler = new SharedTimerScheduler();
    const ran: string[] = [];
    scheduler.schedule(() => ran.push('cancelled'), 100).unsubscribe();
    scheduler.schedule(() => ran.push('kept'), 100);
    vi.advanceTimersByTime(100);
    expect(ran).toEqual(['kept']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('re-arms from an action, and clears its idle timer when stopped', () => {
    const scheduler = new SharedTimerScheduler();
    const at: number[] = [];
    const start = scheduler.now();
    scheduler.schedule<number>(
      function (count = 0) {
        at.push(scheduler.now() - start);
        if (count < 2) this.schedule(count + 1, 30);
      },
      10,
      0,
    );
    vi.advanceTimersByTime(200);
    expect(at).toEqual([10, 40, 70]);

    scheduler.schedule(() => at.push(-1), 1000).unsubscribe();
    expect(vi.getTimerCount()).toBe(1);
    scheduler.stopWhenIdle();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(2000);
    expect(at).toEqual([10, 40, 70]);
  });
});

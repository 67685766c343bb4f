import { describe, expect, it } from 'vitest';
import { Slots, type SlotWaiter } from '../../src/transports/slots.ts';

/** A waiter that records its name when it is granted a slot. */
const waiter = (started: string[], name: string): SlotWaiter => ({
  slotGranted: () => {
    started.push(name);
  },
});

/** Acquires for each waiter; the ones granted at once are recorded too. */
function acquireAll(slots: Slots, started: string[], names: string[]): Record<string, SlotWaiter> {
  const made: Record<string, SlotWaiter> = {};
  for (const name of names) {
    made[name] = waiter(started, name);
    if (slots.acquire(made[name])) started.push(name);
  }
  return made;
}

describe('Slots', () => {
  it('grants at once while a slot is free', () => {
    const slots = new Slots(2);
    const started: string[] = [];
    acquireAll(slots, started, ['a', 'b']);
    expect(started).toEqual(['a', 'b']);
    expect(slots.used).toBe(2);
    expect(slots.waiting).toBe(0);
  });

  it('queues a waiter when every slot is taken, without calling it', () => {
    const slots = new Slots(1);
    const started: string[] = [];
    const b = waiter(started, 'b');
    expect(slots.acquire(waiter(started, 'a'))).toBe(true);
    expect(slots.acquire(b)).toBe(false);
    expect(started).toEqual([]);
    expect(slots.used).toBe(1);
    expect(slots.waiting).toBe(1);
  });

  it('hands released slots to the waiters first come, first served', () => {
    const slots = new Slots(1);
    const started: string[] = [];
    acquireAll(slots, started, ['a', 'b', 'c', 'd']);
    slots.release();
    expect(started).toEqual(['a', 'b']);
    slots.release();
    slots.release();
    expect(started).toEqual(['a', 'b', 'c', 'd']);
    expect(slots.used).toBe(1);
    expect(slots.waiting).toBe(0);
  });

  it('keeps the slot in use when handing it to a waiter', () => {
    const slots = new Slots(2);
    const started: string[] = [];
    acquireAll(slots, started, ['a', 'b', 'c']);
    slots.release();
    expect(started).toEqual(['a', 'b', 'c']);
    expect(slots.used).toBe(2);
  });

  it('never grants a waiter that was withdrawn', () => {
    const slots = new Slots(1);
    const started: string[] = [];
    const { b } = acquireAll(slots, started, ['a', 'b', 'c']);
    slots.withdraw(b!);
    slots.release();
    expect(started).toEqual(['a', 'c']);
    expect(slots.waiting).toBe(0);
  });

  it('ignores withdrawing a waiter that was already granted', () => {
    const slots = new Slots(1);
    const started: string[] = [];
    const { a, b } = acquireAll(slots, started, ['a', 'b']);
    slots.release();
    slots.withdraw(a!);
    slots.withdraw(b!);
    expect(started).toEqual(['a', 'b']);
    expect(slots.used).toBe(1);
  });

  it('frees the slot when released with nobody waiting', () => {
    const slots = new Slots(1);
    const started: string[] = [];
    acquireAll(slots, started, ['a']);
    slots.release();
    expect(slots.used).toBe(0);
    acquireAll(slots, started, ['b']);
    expect(started).toEqual(['a', 'b']);
    expect(slots.used).toBe(1);
  });

  it('lets a waiter wait again after it was granted (a request that starts over)', () => {
    const slots = new Slots(1);
    const started: string[] = [];
    const { a } = acquireAll(slots, started, ['a']);
    slots.release();
    expect(slots.acquire(a!)).toBe(true);
    expect(slots.used).toBe(1);
  });

  it('never counts below zero when released more often than acquired', () => {
    const slots = new Slots(2);
    slots.release();
    expect(slots.used).toBe(0);
    const started: string[] = [];
    acquireAll(slots, started, ['a', 'b', 'c']);
    expect(started).toEqual(['a', 'b']);
  });

  it('has no limit when given null', () => {
    const slots = new Slots(null);
    const started: string[] = [];
    acquireAll(
      slots,
      started,
      Array.from({ length: 1000 }, (_, i) => String(i)),
    );
    expect(started).toHaveLength(1000);
    expect(slots.waiting).toBe(0);
  });
});

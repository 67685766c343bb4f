import { describe, expect, it } from 'vitest';
import { Slots } from '../../src/transports/slots.ts';

/** A start callback that records its name when it runs. */
const starter = (started: string[], name: string) => () => {
  started.push(name);
};

describe('Slots', () => {
  it('starts at once while a slot is free', () => {
    const slots = new Slots(2);
    const started: string[] = [];
    slots.acquire(starter(started, 'a'));
    slots.acquire(starter(started, 'b'));
    expect(started).toEqual(['a', 'b']);
    expect(slots.used).toBe(2);
    expect(slots.waiting).toBe(0);
  });

  it('queues a request when every slot is taken', () => {
    const slots = new Slots(1);
    const started: string[] = [];
    slots.acquire(starter(started, 'a'));
    slots.acquire(starter(started, 'b'));
    expect(started).toEqual(['a']);
    expect(slots.used).toBe(1);
    expect(slots.waiting).toBe(1);
  });

  it('hands released slots to the waiters first come, first served', () => {
    const slots = new Slots(1);
    const started: string[] = [];
    for (const name of ['a', 'b', 'c', 'd']) slots.acquire(starter(started, name));
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
    for (const name of ['a', 'b', 'c']) slots.acquire(starter(started, name));
    slots.release();
    expect(slots.used).toBe(2);
    expect(started).toEqual(['a', 'b', 'c']);
  });

  it('never starts a waiter that was withdrawn', () => {
    const slots = new Slots(1);
    const started: string[] = [];
    slots.acquire(starter(started, 'a'));
    const withdrawB = slots.acquire(starter(started, 'b'));
    slots.acquire(starter(started, 'c'));
    withdrawB();
    expect(slots.waiting).toBe(1);
    slots.release();
    slots.release();
    expect(started).toEqual(['a', 'c']);
  });

  it('ignores withdrawing a request that already started', () => {
    const slots = new Slots(1);
    const started: string[] = [];
    const withdrawA = slots.acquire(starter(started, 'a'));
    const withdrawB = slots.acquire(starter(started, 'b'));
    slots.release();
    withdrawA();
    withdrawB();
    expect(started).toEqual(['a', 'b']);
    expect(slots.used).toBe(1);
  });

  it('frees the slot when released with nobody waiting', () => {
    const slots = new Slots(1);
    const started: string[] = [];
    slots.acquire(starter(started, 'a'));
    slots.release();
    expect(slots.used).toBe(0);
    slots.acquire(starter(started, 'b'));
    expect(started).toEqual(['a', 'b']);
    expect(slots.used).toBe(1);
  });

  it('queues the same start function as often as it is acquired', () => {
    const slots = new Slots(1);
    let runs = 0;
    const start = () => {
      runs++;
    };
    slots.acquire(start);
    slots.acquire(start);
    slots.acquire(start);
    expect(slots.waiting).toBe(2);
    slots.release();
    slots.release();
    expect(runs).toBe(3);
  });

  it('withdraws only the entry it was returned for when one function waits twice', () => {
    const slots = new Slots(1);
    let runs = 0;
    const start = () => {
      runs++;
    };
    slots.acquire(start);
    const withdrawFirst = slots.acquire(start);
    slots.acquire(start);
    withdrawFirst();
    expect(slots.waiting).toBe(1);
    slots.release();
    expect(runs).toBe(2);
  });

  it('never counts below zero when released more often than acquired', () => {
    const slots = new Slots(1);
    slots.release();
    expect(slots.used).toBe(0);
    let started = 0;
    slots.acquire(() => started++);
    slots.acquire(() => started++);
    expect(started).toBe(1);
  });

  it('has no limit when given null', () => {
    const slots = new Slots(null);
    let runs = 0;
    for (let i = 0; i < 1000; i++)
      slots.acquire(() => {
        runs++;
      });
    expect(runs).toBe(1000);
    expect(slots.used).toBe(1000);
    expect(slots.waiting).toBe(0);
  });
});

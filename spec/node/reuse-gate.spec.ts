import { describe, expect, it } from 'vitest';
import { ReuseGate } from '../../src/node/reuse-gate.ts';

const O = 'http://127.0.0.1:8000';
/** Two check phases later: after the gate's own immediate, wherever it was registered. */
const turns = async () => {
  for (let i = 0; i < 2; i++) await new Promise((resolve) => setImmediate(resolve));
};

/** A gate with `open` connections to O, `busy` of them with a request on. */
function gateWith(open: number, busy: number): ReuseGate {
  const gate = new ReuseGate();
  for (let i = 0; i < open; i++) gate.opened(O);
  for (let i = 0; i < busy; i++) gate.started(O);
  return gate;
}

describe('ReuseGate', () => {
  it('lets a request go at once while no connection to its origin has just freed', () => {
    const gate = gateWith(1, 1);
    const held: string[] = [];
    expect(gate.pass(O, () => held.push('late'))).toBe(true);
    expect(held).toEqual([]);
  });

  it('holds a request sent in the turn the only connection freed, and sends it once that turn is over', async () => {
    const gate = gateWith(1, 1);
    gate.ended(O, true);
    const order: string[] = [];
    expect(gate.pass(O, () => order.push('held request sent'))).toBe(false);
    order.push('same turn');
    await turns();
    expect(order).toEqual(['same turn', 'held request sent']);
    // The turn is over: the connection is idle again, and the next request goes at once.
    expect(gate.pass(O, () => order.push('never'))).toBe(true);
  });

  it('lets a request go at once when another connection to its origin is idle', () => {
    const gate = gateWith(2, 1); // one connection busy, one idle
    gate.ended(O, true);
    expect(gate.pass(O, () => {})).toBe(true);
    gate.started(O); // that request took the idle one: now only the freed one is left
    expect(gate.pass(O, () => {})).toBe(false);
  });

  it('does not hold for a request that failed or was cancelled: its connection is not about to be reused', () => {
    const gate = gateWith(1, 1);
    gate.ended(O, false);
    expect(gate.pass(O, () => {})).toBe(true);
  });

  it('keeps origins apart', () => {
    const gate = gateWith(1, 1);
    gate.ended(O, true);
    expect(gate.pass('https://example.com', () => {})).toBe(true);
    expect(gate.pass(O, () => {})).toBe(false);
  });
});

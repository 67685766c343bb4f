import { describe, expect, it } from 'vitest';
import { ReuseGate } from '../../src/node/reuse-gate.ts';

const O = 'http://127.0.0.1:8000';
/** Two check phases later: after the gate's own immediate, wherever it was registered. */
const turns = async () => {
  for (let i = 0; i < 2; i++) await new Promise((resolve) => setImmediate(resolve));
};

/** What the pool does with the gate: true when the request goes now, else it is held with `go`. */
function pass(gate: ReuseGate, origin: string, go: () => void): boolean {
  if (gate.mayGo(origin)) return true;
  gate.hold(go);
  return false;
}

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
    expect(pass(gate, O, () => held.push('late'))).toBe(true);
    expect(held).toEqual([]);
  });

  it('holds a request sent in the turn the only connection freed, and sends it once that turn is over', async () => {
    const gate = gateWith(1, 1);
    gate.ended(O, true);
    const order: string[] = [];
    expect(pass(gate, O, () => order.push('held request sent'))).toBe(false);
    order.push('same turn');
    await turns();
    expect(order).toEqual(['same turn', 'held request sent']);
    // The turn is over: the connection is idle again, and the next request goes at once.
    expect(pass(gate, O, () => order.push('never'))).toBe(true);
  });

  it('lets a request go at once when another connection to its origin is idle', () => {
    const gate = gateWith(2, 1); // one connection busy, one idle
    gate.ended(O, true);
    expect(pass(gate, O, () => {})).toBe(true);
    gate.started(O); // that request took the idle one: now only the freed one is left
    expect(pass(gate, O, () => {})).toBe(false);
  });

  it('does not hold for a request that failed or was cancelled: its connection is not about to be reused', () => {
    const gate = gateWith(1, 1);
    gate.ended(O, false);
    expect(pass(gate, O, () => {})).toBe(true);
  });

  it('keeps origins apart', () => {
    const gate = gateWith(1, 1);
    gate.ended(O, true);
    expect(pass(gate, 'https://example.com', () => {})).toBe(true);
    expect(pass(gate, O, () => {})).toBe(false);
  });
});

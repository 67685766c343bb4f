import { describe, expect, it } from 'vitest';
import { FlowControl, flowOf } from '../../src/node/flow-control.ts';

function reader() {
  const calls: string[] = [];
  return { calls, pause: () => calls.push('pause'), resume: () => calls.push('resume') };
}

describe('FlowControl', () => {
  it('passes pause and resume to the response it reads, once attached', () => {
    const flow = new FlowControl();
    const one = reader();
    flow.attach(one);
    flow.pause();
    expect(flow.paused).toBe(true);
    flow.resume();
    expect([one.calls, flow.paused]).toEqual([['pause', 'resume'], false]);
  });

  it('pauses a response attached while paused at once', () => {
    const flow = new FlowControl();
    flow.pause();
    const one = reader();
    flow.attach(one);
    expect(one.calls).toEqual(['pause']);
  });

  it('is found in extensions only when it is one', () => {
    const flow = new FlowControl();
    expect(flowOf({ flow })).toBe(flow);
    expect(flowOf({ flow: { paused: true } })).toBeUndefined();
    expect(flowOf({})).toBeUndefined();
  });
});

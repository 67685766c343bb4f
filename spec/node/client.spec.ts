import { describe, expect, it } from 'vitest';
import { concatBytes, utf8 } from '../../src/content/bytes.ts';
import '../../src/node/client.ts';

describe('the Node client module', () => {
  it('joins bodies into a plain Uint8Array over memory of its own, not a Buffer', () => {
    const joined = concatBytes([utf8('ab'), utf8('cd'), utf8('e')]);
    expect(Object.getPrototypeOf(joined)).toBe(Uint8Array.prototype);
    expect(joined.byteOffset).toBe(0);
    expect(joined.buffer.byteLength).toBe(5);
    expect(new TextDecoder().decode(joined)).toBe('abcde');
  });
});

import { describe, expect, it } from 'vitest';
import { InterimFilter } from '../../src/node/skip-continue.ts';

/** Feeds `pieces` to a filter that awaits a final response; returns what undici would read, and whether it still awaits. */
function through(...pieces: string[]): { read: string; awaiting: boolean } {
  const filter = new InterimFilter();
  filter.awaiting = true;
  let read = '';
  for (const piece of pieces) {
    const out = filter.awaiting ? filter.pass(Buffer.from(piece, 'latin1')) : Buffer.from(piece, 'latin1');
    if (out !== null) read += Buffer.from(out).toString('latin1');
  }
  return { read, awaiting: filter.awaiting };
}

const OK = 'HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok';

describe('InterimFilter', () => {
  it('drops a 100 head and passes the final response, then stops looking', () => {
    expect(through('HTTP/1.1 100 Continue\r\n\r\n', OK)).toEqual({ read: OK, awaiting: false });
    expect(through(`HTTP/1.1 100 Continue\r\nX-A: b\r\n\r\n${OK}`)).toEqual({ read: OK, awaiting: false });
  });

  it('drops a 100 in HTTP/1.0, one without a reason phrase, and one with bare LF line ends', () => {
    expect(through(`HTTP/1.0 100 Continue\r\n\r\n${OK}`).read).toBe(OK);
    expect(through(`HTTP/1.1 100\r\n\r\n${OK}`).read).toBe(OK);
    expect(through(`HTTP/1.1 100 Continue\n\n${OK}`).read).toBe(OK);
  });

  it('passes other 1xx heads, dropping only the 100s among them', () => {
    const early = 'HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n';
    expect(through(`${early}HTTP/1.1 100 Continue\r\n\r\n${early}${OK}`).read).toBe(`${early}${early}${OK}`);
  });

  it('holds a head until it is complete, however it is cut', () => {
    const whole = `HTTP/1.1 100 Continue\r\n\r\n${OK}`;
    for (let cut = 1; cut < whole.length; cut++) {
      expect(through(whole.slice(0, cut), whole.slice(cut)).read).toBe(OK);
    }
    expect(through('HTTP/1.1 10')).toEqual({ read: '', awaiting: true });
  });

  it('passes anything that is no 1xx status line at once, for undici to judge', () => {
    expect(through('garbage\r\n\r\n')).toEqual({ read: 'garbage\r\n\r\n', awaiting: false });
    expect(through('HTTP/1.1 1000 Odd\r\n\r\n').read).toBe('HTTP/1.1 1000 Odd\r\n\r\n');
    expect(through('HTTP/2 100\r\n\r\n').read).toBe('HTTP/2 100\r\n\r\n');
    expect(through('HTTP/1.1 2').read).toBe('HTTP/1.1 2');
  });

  it('gives up on a 1xx head that does not end within 16 KiB, passing it on', () => {
    const endless = `HTTP/1.1 100 Continue\r\nX-Long: ${'x'.repeat(17 * 1024)}`;
    expect(through(endless)).toEqual({ read: endless, awaiting: false });
  });
});

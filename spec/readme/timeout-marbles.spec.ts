/**
 * The README's "Testing timeouts with marbles" example, as written there (only the import path
 * differs). KEEP IN SYNC WITH README.md.
 */
import { catchError, of } from 'rxjs';
import { marbles } from 'rxjs-marbles';
import { describe, expect, it } from 'vitest';
import { Client, MockTransport, type TransportEvent } from '../../src/index.ts';

describe('README: testing timeouts with marbles', () => {
  it(
    'gives up on a server that never answers after the read timeout, in virtual time',
    marbles((m) => {
      // Connects at once, then says nothing: the marble `c-` never emits again.
      const silent = new MockTransport(() => m.cold<TransportEvent>('c-', { c: { type: 'connected' } }));
      const client = new Client({ transport: silent, scheduler: m.scheduler, timeout: { read: 50 } });

      const outcome = client
        .get('https://api.example.test/')
        .pipe(catchError((error: Error) => of(error.name)));
      m.expect(outcome).toBeObservable('50ms (t|)', { t: 'ReadTimeout' });
    }),
  );

  it('fails when the timeout fires at another frame, so the example proves something', () => {
    const wrong = marbles((m) => {
      const silent = new MockTransport(() => m.cold<TransportEvent>('c-', { c: { type: 'connected' } }));
      const client = new Client({ transport: silent, scheduler: m.scheduler, timeout: { read: 50 } });
      const outcome = client
        .get('https://api.example.test/')
        .pipe(catchError((error: Error) => of(error.name)));
      m.expect(outcome).toBeObservable('40ms (t|)', { t: 'ReadTimeout' });
    });
    expect(() => wrong()).toThrow();
  });
});

import { Client, Response } from 'httprx';
import { MarbleTransport } from 'httprx/testing';
import { map } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { expect, it } from 'vitest';

it('retries a 503 after its Retry-After, then reads the body from two chunks', () => {
  const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  scheduler.run(({ expectObservable, expectSubscriptions }) => {
    const transport = new MarbleTransport(scheduler);
    // The first request gets a 503 that says "in 1 s"; the next one a head, two chunks and the end.
    const report = transport.on({ method: 'GET', url: 'https://api.test/report' }, ['-b|', '-h-c-c-|'], {
      b: new Response(503, { headers: { 'Retry-After': '1' } }),
      h: { status: 200, headers: { 'Content-Type': 'text/plain' } },
      c: 'ok ',
    });
    const client = new Client({ transport, scheduler, retry: 1 });

    const text = client.get('https://api.test/report').pipe(map((response) => response.text));
    expectObservable(text).toBe('1008ms (t|)', { t: 'ok ok ' });
    expectSubscriptions(report.subscriptions).toBe(['^!', '1001ms ^------!']);
  });
});

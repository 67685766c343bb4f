import { describe, expect, it } from 'vitest';
import { DELIVERIES, deliveryOf, EVERY_EVENT } from '../../src/models/delivery.ts';
import { Request } from '../../src/models/request.ts';

describe('deliveryOf', () => {
  it('is every event, the body as chunks, when the extensions name none', () => {
    expect(deliveryOf({})).toBe(EVERY_EVENT);
    expect(EVERY_EVENT).toEqual({ body: 'stream', progress: true });
    expect(deliveryOf(new Request('GET', 'https://example.com/').extensions)).toBe(EVERY_EVENT);
  });

  it('is the delivery the extensions name', () => {
    for (const delivery of Object.values(DELIVERIES)) expect(deliveryOf({ delivery })).toBe(delivery);
  });

  it('reads an own property only', () => {
    const inherited = Object.create({ delivery: DELIVERIES.response }) as { delivery?: never };
    expect(deliveryOf(inherited)).toBe(EVERY_EVENT);
  });

  it('names the four deliveries of the client, frozen', () => {
    expect(DELIVERIES).toEqual({
      response: { body: 'buffer', progress: false },
      unreadResponse: { body: 'stream', progress: false },
      events: { body: 'buffer', progress: true },
      stream: { body: 'stream', progress: true },
    });
    expect(DELIVERIES.stream).toBe(EVERY_EVENT);
    expect(Object.isFrozen(DELIVERIES)).toBe(true);
    for (const delivery of Object.values(DELIVERIES)) expect(Object.isFrozen(delivery)).toBe(true);
  });
});

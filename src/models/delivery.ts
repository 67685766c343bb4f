/**
 * What the consumer of a response wants from the transport, so that it emits only what is
 * needed (a request carries it in `extensions.delivery`; the client sets it for every call):
 *
 * | call                    | `body`     | `progress` | the transport emits                                  |
 * |-------------------------|------------|------------|------------------------------------------------------|
 * | `get()` and the verbs   | `'buffer'` | `false`    | `headers`, then `response` with the body read        |
 * | `send(r, { stream })`   | `'stream'` | `false`    | `headers`, `chunk`s, `response`                      |
 * | `events()`              | `'buffer'` | `true`     | `headers`, `download`/`chunk` pairs, `response`      |
 * | `stream()`              | `'stream'` | `true`     | the same; the final response's body is not kept      |
 *
 * `upload` events come in every case (they time the write phase), and a body that a layer
 * discarded (`takeOver`) still gets its `download` events, by which the layer decides whether
 * to read it to its end.
 *
 * With progress observed the body always comes as `chunk` events, and the layer that wants it
 * whole (the client's edge, an auth flow that reads bodies) keeps them: a transport buffers a
 * body itself only when nobody watches it arrive. A transport that ignores `delivery` behaves
 * as `{ body: 'stream', progress: true }`, and everything above it still works.
 */
export interface Delivery {
  /**
   * `'buffer'`: the body is wanted whole, in the final `response`; `'stream'`: as `chunk`
   * events only, not kept.
   * @default 'stream'
   */
  readonly body: 'buffer' | 'stream';
  /**
   * Whether `upload`/`download` progress is watched (and, then, the body's `chunk`s).
   * @default true
   */
  readonly progress: boolean;
}

/** The delivery of a request that names none: everything, the body as chunks (what transports did before `delivery`). */
export const EVERY_EVENT: Delivery = Object.freeze({ body: 'stream', progress: true });

/** The four deliveries the client asks for, one frozen object each (a request allocates none). */
export const DELIVERIES = Object.freeze({
  response: Object.freeze<Delivery>({ body: 'buffer', progress: false }),
  unreadResponse: Object.freeze<Delivery>({ body: 'stream', progress: false }),
  events: Object.freeze<Delivery>({ body: 'buffer', progress: true }),
  stream: EVERY_EVENT,
});

/** The request's delivery (`extensions.delivery`, an own property), or every event. */
export function deliveryOf(extensions: { readonly delivery?: Delivery }): Delivery {
  return Object.hasOwn(extensions, 'delivery') && extensions.delivery ? extensions.delivery : EVERY_EVENT;
}

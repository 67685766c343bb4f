import { asyncScheduler, lastValueFrom, type Observable, toArray } from 'rxjs';
import type { HttpEvent } from '../../../../src/events.ts';
import { type AuthMiddlewareOptions, auth } from '../../../../src/middleware/auth/auth.ts';
import type { AuthOption } from '../../../../src/middleware/auth/types.ts';
import { compose } from '../../../../src/middleware/compose.ts';
import { Request } from '../../../../src/models/request.ts';
import { Response } from '../../../../src/models/response.ts';
import { finishEvents } from '../../../../src/pipeline/finish-events.ts';
import { type MockHandler, MockTransport } from '../../../../src/transports/mock.ts';
import type { DigestVerifier } from './digest-verifier.ts';

/** The auth layer over a MockTransport, recording every request the transport was handed. */
export function throughAuth(
  handler: MockHandler = () => new Response(200),
  defaultAuth: AuthOption = null,
  options: AuthMiddlewareOptions = {},
) {
  const sent: Request[] = [];
  const transport = compose(
    new MockTransport((request) => {
      sent.push(request);
      return handler(request);
    }),
    auth(defaultAuth, options),
  );
  /** Every event of one request, bodies buffered as the client's edge does. */
  const events = (request: Request): Observable<HttpEvent> =>
    transport
      .handle(request)
      .pipe(finishEvents({ buffer: true, scheduler: asyncScheduler, defaultEncoding: 'utf-8', request }));
  const send = async (request: Request): Promise<{ events: HttpEvent[]; response: Response }> => {
    const all = await lastValueFrom(events(request).pipe(toArray()));
    const last = all.at(-1);
    if (last?.type !== 'response') throw new Error(`the last event was ${last?.type}`);
    return { events: all, response: last.response };
  };
  return { sent, events, send };
}

/** A request with some per-request extensions. */
export function get(url: string, extensions: Request['extensions'] = {}): Request {
  return new Request('GET', url, { extensions });
}

/** A MockTransport handler answering as the digest verifier says. */
export function digestHandler(verifier: DigestVerifier): MockHandler {
  return (request) => {
    const reply = verifier.reply(
      request.method,
      request.target,
      request.headers.get('authorization') ?? undefined,
    );
    return new Response(reply.status, { headers: reply.headers, content: reply.body, request });
  };
}

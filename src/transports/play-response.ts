import type { Subscriber } from 'rxjs';
import type { Request } from '../models/request.ts';
import type { Response } from '../models/response.ts';
import { ResponseBody } from './response-body.ts';
import type { TransportEvent } from './transport.ts';

/**
 * Plays a whole httprx `Response` as a transport would receive it, for `request`: `headers`,
 * its body as the request's `extensions.delivery` asks (`download` and `chunk` events, or
 * kept and read in the final response), then `response` and completion. A fresh copy each
 * time: the pipeline marks a response read or streamed, and a test may well give the same
 * `Response` for every request. The answer's own `request`, when it names one, stays its.
 */
export function playResponse(
  subscriber: Subscriber<TransportEvent>,
  request: Request,
  answer: Response,
): void {
  const content = answer.content;
  const { status, headers, httpVersion, reasonPhrase, extensions } = answer;
  const head = { status, headers, httpVersion, reasonPhrase, extensions };
  const body = new ResponseBody(
    subscriber,
    request,
    hasRequest(answer) ? { ...head, request: answer.request } : head,
    content.length,
  );
  body.begin();
  if (content.length > 0) {
    body.received(content.length);
    body.data(content);
  }
  body.end();
}

function hasRequest(response: Response): boolean {
  try {
    return response.request !== undefined;
  } catch {
    return false;
  }
}

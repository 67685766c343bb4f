import { RemoteProtocolError } from '../errors.ts';
import type { Request } from '../models/request.ts';
import type { Phase } from './translate-error.ts';

const DEAD_SOCKET = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE']);

class Cancelled extends Error {
  override name = 'AbortError';
}

/** What a cancelled request aborts undici's dispatch with. */
export function cancelled(): Error {
  return new Cancelled('Request cancelled');
}

/** The first error code in the cause chain. */
function codeOf(error: unknown): string | undefined {
  for (let e = error; e instanceof Error; e = e.cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/** The server closed (`UND_ERR_SOCKET`: "other side closed") or reset the connection under the request. */
export function isDeadSocket(error: unknown): boolean {
  return DEAD_SOCKET.has(codeOf(error) ?? '');
}

/**
 * A connection the server closed after the request was sent, where more was due: no response
 * at all (closed or reset), or a body cut short by a clean close (FIN). That is the server
 * breaking the protocol; a reset mid-body stays a network `ReadError`.
 */
export function closedEarly(
  error: Error,
  phase: Phase,
  responseStarted: boolean,
  request: Request,
): RemoteProtocolError | undefined {
  if (phase !== 'read' || !isDeadSocket(error)) return undefined;
  if (!responseStarted) {
    const message = 'The server closed the connection without sending a response';
    return new RemoteProtocolError(message, request, { cause: error });
  }
  if (codeOf(error) !== 'UND_ERR_SOCKET') return undefined;
  const message = 'The server closed the connection before the response body was complete';
  return new RemoteProtocolError(message, request, { cause: error });
}

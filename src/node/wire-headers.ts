import type { Request } from '../models/request.ts';

/** The request's headers as undici takes them: flat, raw casing, without the framing it adds itself. */
export function wireHeaders(request: Request): string[] {
  const flat = request.headers.raw();
  for (let i = 0; i < flat.length; i += 2) {
    if (flat[i]!.toLowerCase() === 'transfer-encoding') {
      flat.splice(i, 2);
      i -= 2;
    }
  }
  return flat;
}

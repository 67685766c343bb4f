/** An encoding name, or a function that picks one from the body's bytes. */
export type DefaultEncoding = string | ((content: Uint8Array) => string);

/** The `charset` parameter of a Content-Type value, if it names an encoding TextDecoder knows. */
export function encodingFromContentType(contentType: string | null): string | undefined {
  if (!contentType) return undefined;
  const match = /;\s*charset\s*=\s*("?)([^";\s]+)\1/i.exec(contentType);
  const name = match?.[2];
  return name && isKnownEncoding(name) ? name.toLowerCase() : undefined;
}

export function isKnownEncoding(name: string): boolean {
  try {
    new TextDecoder(name);
    return true;
  } catch {
    return false;
  }
}

/** Decodes bytes as `encoding`, replacing malformed sequences; an unknown name falls back to UTF-8. */
export function decodeText(bytes: Uint8Array, encoding: string): string {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encoding);
  } catch {
    decoder = new TextDecoder('utf-8');
  }
  return decoder.decode(bytes);
}

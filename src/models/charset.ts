/** An encoding name, or a function that picks one from the body's bytes. */
export type DefaultEncoding = string | ((content: Uint8Array) => string);

/**
 * The names of ISO-8859-1, with case and punctuation removed: WHATWG's labels for it (which
 * `TextDecoder` silently turns into windows-1252) and Python's spellings (`latin-1`,
 * `iso_8859_1`), which httpx accepts. `windows-1252`, `cp1252` and `x-cp1252` are not among
 * them, and neither is `us-ascii`: those keep their WHATWG meaning, windows-1252.
 */
const LATIN1 = new Set([
  'latin1',
  'l1',
  'iso88591',
  'iso885911987',
  'isoir100',
  'csisolatin1',
  'ibm819',
  'cp819',
]);

/** True when `name` means ISO-8859-1: one code point per byte, 0x80 to 0x9f included. */
export function isLatin1(name: string): boolean {
  return LATIN1.has(name.toLowerCase().replace(/[^a-z0-9]/g, ''));
}

/** The `charset` parameter of a Content-Type value, if it names an encoding this module can decode. */
export function encodingFromContentType(contentType: string | null): string | undefined {
  if (!contentType) return undefined;
  const match = /;\s*charset\s*=\s*("?)([^";\s]+)\1/i.exec(contentType);
  const name = match?.[2];
  return name && isKnownEncoding(name) ? name.toLowerCase() : undefined;
}

/** A label TextDecoder knows, or a name of ISO-8859-1. */
export function isKnownEncoding(name: string): boolean {
  if (isLatin1(name)) return true;
  try {
    new TextDecoder(name);
    return true;
  } catch {
    return false;
  }
}

/**
 * Decodes bytes as `encoding`, replacing malformed sequences; an unknown name falls back to UTF-8.
 * ISO-8859-1 is decoded as itself, not as the windows-1252 `TextDecoder` would give.
 */
export function decodeText(bytes: Uint8Array, encoding: string): string {
  if (isLatin1(encoding)) return decodeLatin1(bytes);
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encoding);
  } catch {
    decoder = new TextDecoder('utf-8');
  }
  return decoder.decode(bytes);
}

/** Bytes per `String.fromCharCode` call: well under any engine's argument limit. */
const LATIN1_CHUNK = 8192;

function decodeLatin1(bytes: Uint8Array): string {
  let text = '';
  for (let at = 0; at < bytes.length; at += LATIN1_CHUNK)
    text += String.fromCharCode.apply(null, bytes.subarray(at, at + LATIN1_CHUNK) as unknown as number[]);
  return text;
}

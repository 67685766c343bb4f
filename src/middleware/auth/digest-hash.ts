import { md5, sha256, sha512, sha512_256 } from './hashes.ts';

/**
 * The `algorithm` values this library can compute, each also with a `-sess` form: RFC 7616 §3.3's
 * MD5, SHA-256 and SHA-512-256, and SHA-512, which is in no RFC but which httpx answers and
 * httpbin (and other servers) offer.
 */
export type DigestAlgorithm = 'MD5' | 'SHA-256' | 'SHA-512' | 'SHA-512-256';

/** Each algorithm's hash, as lowercase hex (hashes.ts says why these are our own). */
const HASHES: Readonly<Record<DigestAlgorithm, (data: Uint8Array) => string>> = {
  MD5: md5,
  'SHA-256': sha256,
  'SHA-512': sha512,
  'SHA-512-256': sha512_256,
};

/** Every supported algorithm name, spelled as in the `algorithm` parameter of a challenge. */
export const DIGEST_ALGORITHMS: ReadonlySet<DigestAlgorithm> = new Set(
  Object.keys(HASHES) as DigestAlgorithm[],
);

const encoder = new TextEncoder();

/** The lowercase hex digest of the UTF-8 encoding of `text`, as RFC 7616 writes every hash. */
export function digestHex(algorithm: DigestAlgorithm, text: string): string {
  return HASHES[algorithm](encoder.encode(text));
}

import { md5 } from '@noble/hashes/legacy.js';
import { sha256, sha512, sha512_256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

/**
 * The `algorithm` values this library can compute, each also with a `-sess` form: RFC 7616 §3.3's
 * MD5, SHA-256 and SHA-512-256, and SHA-512, which is in no RFC but which httpx answers and
 * httpbin (and other servers) offer.
 */
export type DigestAlgorithm = 'MD5' | 'SHA-256' | 'SHA-512' | 'SHA-512-256';

/**
 * noble-hashes (audited, synchronous, platform-neutral): WebCrypto's digest is asynchronous and
 * has neither MD5 nor SHA-512/256, and node:crypto is Node-only.
 */
const HASHES: Readonly<Record<DigestAlgorithm, (data: Uint8Array) => Uint8Array>> = {
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
  return bytesToHex(HASHES[algorithm](encoder.encode(text)));
}

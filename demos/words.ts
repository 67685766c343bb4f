/**
 * Pseudo-random prose for the demo's gzip download: made-up words grouped into a few hundred
 * recurring phrases, so gzip shrinks it several-fold without it being one repeated line.
 * Seeded, so every run serves the same bytes.
 */

const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ne',
  'ru',
  'sa',
  'ti',
  'vo',
  'ze',
  'pa',
  'qu',
  'ba',
  'do',
  'fe',
  'gi',
  'ho',
];

/** A small xorshift generator: deterministic, good enough to pick words. */
function randomSource(seed: number): () => number {
  let state = seed | 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

/** `size` bytes of lines like `tika lo fesaba, mine rukaho vo, …`. */
export function words(size: number, seed = 2024): Uint8Array {
  const random = randomSource(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const vocabulary = Array.from({ length: 300 }, () =>
    Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(SYLLABLES)).join(''),
  );
  const encoder = new TextEncoder();
  const phrases = Array.from({ length: 512 }, () =>
    encoder.encode(Array.from({ length: 3 + Math.floor(random() * 4) }, () => pick(vocabulary)).join(' ')),
  );

  const out = new Uint8Array(size + 64);
  let at = 0;
  for (let column = 1; at < size; column++) {
    const phrase = pick(phrases);
    out.set(phrase, at);
    at += phrase.length;
    if (column % 3 === 0) {
      out[at++] = 0x0a; // '\n'
    } else {
      out[at++] = 0x2c; // ','
      out[at++] = 0x20; // ' '
    }
  }
  return out.subarray(0, size);
}

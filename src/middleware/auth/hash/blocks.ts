/**
 * The part MD5, SHA-256 and SHA-512/256 share: walking the message in blocks and padding its
 * end (the 0x80 marker, zeros, then the message length in bits in the block's last bytes).
 */

/**
 * Calls `compress` on every block of `data`, then on the one or two padded blocks holding its
 * tail. Whole blocks are read from the input in place; only the tail is copied.
 * @param lengthBytes the room the length takes at the end (8 for MD5/SHA-256, 16 for SHA-512)
 * @param littleEndian MD5 writes the length little-endian; SHA big-endian
 */
export function eachBlock(
  data: Uint8Array,
  blockBytes: number,
  lengthBytes: number,
  littleEndian: boolean,
  compress: (view: DataView, offset: number) => void,
): void {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const whole = data.length - (data.length % blockBytes);
  for (let offset = 0; offset < whole; offset += blockBytes) compress(view, offset);

  const rest = data.length - whole;
  const tail = new Uint8Array(rest < blockBytes - lengthBytes ? blockBytes : 2 * blockBytes);
  tail.set(data.subarray(whole));
  tail[rest] = 0x80;
  // Lengths below 2^53 bytes: the bit count's low 32 bits and the ones above them (any higher
  // length bytes stay zero).
  const tailView = new DataView(tail.buffer);
  const low = (data.length * 8) >>> 0;
  const high = Math.floor(data.length / 0x20000000);
  tailView.setUint32(tail.length - 8, littleEndian ? low : high, littleEndian);
  tailView.setUint32(tail.length - 4, littleEndian ? high : low, littleEndian);
  for (let offset = 0; offset < tail.length; offset += blockBytes) compress(tailView, offset);
}

/** The first `count` 32-bit words of the state as digest bytes. */
export function wordsToBytes(words: Int32Array, count: number, littleEndian: boolean): Uint8Array {
  const digest = new Uint8Array(count * 4);
  const view = new DataView(digest.buffer);
  for (let i = 0; i < count; i++) view.setInt32(i * 4, words[i]!, littleEndian);
  return digest;
}

/**
 * The bytes of masked client text frames (RFC 6455 §5.2: FIN set, opcode 1, the payload masked with the
 * frame's key), for a burst of texts written back to back in one buffer.
 *
 * This is what `ws` writes frame by frame; a session sends an audio frame every 20 ms of audio, tens of
 * thousands an hour, and framing a burst at once spares each frame a UTF-8 copy, a header buffer, two stream
 * writes and a byte-by-byte mask (the payload is masked four bytes at a time).
 *
 * @internal
 */
export const textFrames = (texts: ReadonlyArray<string>, keys: Uint8Array, keysFrom = 0): Buffer => {
  if (keys.length - keysFrom < texts.length * 4) {
    throw new RangeError(`${texts.length} frames need ${texts.length * 4} key bytes`)
  }
  const lengths = new Array<number>(texts.length)
  let total = 0
  for (let i = 0; i < texts.length; i++) {
    const length = Buffer.byteLength(texts[i]!, "utf8")
    lengths[i] = length
    total += headerLength(length) + length
  }
  // Its own ArrayBuffer (never a slice of Node's pool), so that words of it can be masked in place.
  const out = Buffer.allocUnsafeSlow(total)
  const words = new Uint32Array(out.buffer, 0, total >>> 2)
  let offset = 0
  for (let i = 0; i < texts.length; i++) {
    const length = lengths[i]!
    out[offset++] = 0x81
    if (length < 126) {
      out[offset++] = 0x80 | length
    } else if (length < 65536) {
      out[offset++] = 0x80 | 126
      out.writeUInt16BE(length, offset)
      offset += 2
    } else {
      out[offset++] = 0x80 | 127
      out.writeUInt32BE(Math.floor(length / 2 ** 32), offset)
      out.writeUInt32BE(length >>> 0, offset + 4)
      offset += 8
    }
    const key = keysFrom + i * 4
    out[offset] = keys[key]!
    out[offset + 1] = keys[key + 1]!
    out[offset + 2] = keys[key + 2]!
    out[offset + 3] = keys[key + 3]!
    const start = offset + 4
    out.write(texts[i]!, start, length, "utf8")
    mask(out, words, start, start + length, keys, key)
    offset = start + length
  }
  return out
}

const headerLength = (length: number): number => length < 126 ? 6 : length < 65536 ? 8 : 14

const keyWord = new Uint8Array(4)
const keyWordView = new Uint32Array(keyWord.buffer)

/** XORs `out[start, end)` with the key at `keys[key..key+3]`, the payload's first byte with its first byte. */
const mask = (out: Buffer, words: Uint32Array, start: number, end: number, keys: Uint8Array, key: number) => {
  let at = start
  // bytes up to the first 4-byte boundary of the buffer
  while (at < end && (at & 3) !== 0) {
    out[at] = out[at]! ^ keys[key + ((at - start) & 3)]!
    at++
  }
  // the key rotated to start at that boundary, as one word in the platform's byte order
  for (let i = 0; i < 4; i++) keyWord[i] = keys[key + ((at - start + i) & 3)]!
  const word = keyWordView[0]!
  const lastWord = end >>> 2
  for (let w = at >>> 2; w < lastWord; w++) words[w] = words[w]! ^ word
  at = Math.max(at, lastWord << 2)
  while (at < end) {
    out[at] = out[at]! ^ keys[key + ((at - start) & 3)]!
    at++
  }
}

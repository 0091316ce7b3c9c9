import {
  APPEND_PREFIX,
  APPEND_SUFFIX,
  appendEventLength,
  asBuffer,
  base64Length,
  frameCount,
  frameStep
} from "./audioFrames.js"

/**
 * The bytes of the masked client text frames (RFC 6455 §5.2: FIN set, opcode 1, the payload masked with the
 * frame's key) of the `input_audio_buffer.append` events of `audio` cut in frames of `frameBytes` (the last
 * one shorter), written back to back in one buffer, which `allocate` gives (at offset 0 of an ArrayBuffer of
 * its own).
 *
 * This is what `ws` would write event by event; a session sends an audio frame every 20 ms of audio, tens of
 * thousands an hour. Each event is written straight into the buffer: its fixed prefix and suffix copied, its
 * base64 written from a string that is garbage at once (no event string is built, and none is kept while the
 * burst is framed, so the young generation holds none of them when it is collected); the payload is masked
 * four bytes at a time.
 *
 * @internal
 */
export const appendFrames = (
  audio: Uint8Array,
  frameBytes: number,
  keys: Uint8Array,
  keysFrom = 0,
  allocate: (length: number) => Buffer = Buffer.allocUnsafeSlow
): Buffer => {
  const bytes = asBuffer(audio)
  const step = frameStep(frameBytes)
  const count = frameCount(bytes.length, step)
  if (keys.length - keysFrom < count * 4) {
    throw new RangeError(`${count} frames need ${count * 4} key bytes`)
  }
  const whole = Math.floor(bytes.length / step)
  const rest = bytes.length - whole * step
  const total = whole * framedLength(step) + (rest === 0 ? 0 : framedLength(rest))
  // At offset 0 of its own ArrayBuffer (never a slice of Node's pool), so that words of it can be masked in place.
  const out = allocate(total)
  const words = new Uint32Array(out.buffer, 0, total >>> 2)
  let offset = 0
  for (let i = 0; i < count; i++) {
    const from = i * step
    const to = Math.min(bytes.length, from + step)
    const length = appendEventLength(to - from)
    const key = keysFrom + i * 4
    const start = writeHeader(out, offset, length, keys, key)
    out.set(PREFIX_BYTES, start)
    let at = start + PREFIX_BYTES.length
    at += out.write(bytes.toString("base64", from, to), at, base64Length(to - from), "latin1")
    out.set(SUFFIX_BYTES, at)
    mask(out, words, start, start + length, keys, key)
    offset = start + length
  }
  return out
}

// The event's fixed text, as bytes: copied with `set` rather than written with `Buffer#write`, whose encoding
// lookup costs more than the copy for these few bytes, twice a frame.
const PREFIX_BYTES = Buffer.from(APPEND_PREFIX, "latin1")
const SUFFIX_BYTES = Buffer.from(APPEND_SUFFIX, "latin1")

const headerLength = (length: number): number => length < 126 ? 6 : length < 65536 ? 8 : 14

/** The bytes of the whole frame (header, key and payload) of the append event of `bytes` bytes of audio. */
const framedLength = (bytes: number): number => {
  const length = appendEventLength(bytes)
  return headerLength(length) + length
}

/** Writes a frame's header and masking key at `offset`; returns where its payload starts. */
const writeHeader = (out: Buffer, offset: number, length: number, keys: Uint8Array, key: number): number => {
  let at = offset
  out[at++] = 0x81
  if (length < 126) {
    out[at++] = 0x80 | length
  } else if (length < 65536) {
    out[at++] = 0x80 | 126
    out[at++] = length >>> 8
    out[at++] = length & 0xff
  } else {
    out[at++] = 0x80 | 127
    out.writeUInt32BE(Math.floor(length / 2 ** 32), at)
    out.writeUInt32BE(length >>> 0, at + 4)
    at += 8
  }
  out[at] = keys[key]!
  out[at + 1] = keys[key + 1]!
  out[at + 2] = keys[key + 2]!
  out[at + 3] = keys[key + 3]!
  return at + 4
}

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

/**
 * The text of an `input_audio_buffer.append` event is its prefix, the base64 of the frame's bytes, and its
 * suffix: its shape is fixed and its only value is base64 (which needs no JSON escaping), so it is written
 * as these three parts, never through the Schema encoder, and a socket can write them straight into the
 * bytes of a WebSocket frame.
 *
 * @internal
 */
export const APPEND_PREFIX = "{\"type\":\"input_audio_buffer.append\",\"audio\":\""

/** @internal */
export const APPEND_SUFFIX = "\"}"

/** The length of the base64 of `bytes` bytes (padded). @internal */
export const base64Length = (bytes: number): number => Math.ceil(bytes / 3) * 4

/** The length of the append event of a frame of `bytes` bytes (all ASCII: as many bytes as characters). @internal */
export const appendEventLength = (bytes: number): number =>
  APPEND_PREFIX.length + base64Length(bytes) + APPEND_SUFFIX.length

/** The bytes of a frame: `frameBytes` as a whole number, at least 1. @internal */
export const frameStep = (frameBytes: number): number => Math.max(1, Math.floor(frameBytes))

/** How many frames of `frameBytes` (see {@link frameStep}) `bytes` bytes make, the last one shorter. @internal */
export const frameCount = (bytes: number, frameBytes: number): number => Math.ceil(bytes / frameStep(frameBytes))

/** `audio` as a Buffer over the same memory (no copy). @internal */
export const asBuffer = (audio: Uint8Array): Buffer =>
  Buffer.isBuffer(audio) ? audio : Buffer.from(audio.buffer, audio.byteOffset, audio.byteLength)

/**
 * The `input_audio_buffer.append` events of `audio` cut in frames of `frameBytes` (the last one shorter), one
 * string each, built lazily, each frame base64-encoded straight from a view of the caller's bytes: for a socket
 * that writes texts one at a time.
 *
 * @internal
 */
export const appendEvents = (audio: Uint8Array, frameBytes: number): Iterator<string> => {
  const bytes = asBuffer(audio)
  const step = frameStep(frameBytes)
  let offset = 0
  return {
    next: () => {
      if (offset >= bytes.length) return { done: true, value: undefined }
      const end = Math.min(bytes.length, offset + step)
      const base64 = bytes.toString("base64", offset, end)
      offset = end
      return { done: false, value: APPEND_PREFIX + base64 + APPEND_SUFFIX }
    }
  }
}

/**
 * Sends the append events of `audio` (see {@link appendEvents}) one by one through `send`; the last one
 * carries `onWritten`.
 *
 * @internal
 */
export const sendAppendEvents = (
  audio: Uint8Array,
  frameBytes: number,
  send: (text: string, onWritten?: () => void) => void,
  onWritten?: () => void
): void => {
  const events = appendEvents(audio, frameBytes)
  let next = events.next()
  while (next.done !== true) {
    const text = next.value
    next = events.next()
    send(text, next.done === true ? onWritten : undefined)
  }
}

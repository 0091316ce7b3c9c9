/**
 * The `input_audio_buffer.append` events of `audio` cut in frames of `frameBytes` (the last one shorter),
 * built lazily: each frame is base64-encoded straight from a view of the caller's bytes, and the event is
 * written as a string template, not through the Schema encoder, since its shape is fixed and its only value
 * is base64 (which needs no JSON escaping).
 *
 * @internal
 */
export const appendEvents = (audio: Uint8Array, frameBytes: number): Iterator<string> => {
  const bytes = Buffer.from(audio.buffer, audio.byteOffset, audio.byteLength)
  const step = Math.max(1, Math.floor(frameBytes))
  let offset = 0
  return {
    next: () => {
      if (offset >= bytes.length) return { done: true, value: undefined }
      const end = Math.min(bytes.length, offset + step)
      const base64 = bytes.toString("base64", offset, end)
      offset = end
      return { done: false, value: `{"type":"input_audio_buffer.append","audio":"${base64}"}` }
    }
  }
}

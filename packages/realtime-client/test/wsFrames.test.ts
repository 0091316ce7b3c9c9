import { assert, describe, it } from "@effect/vitest"
import { randomBytes } from "node:crypto"
import { appendEvents } from "../src/internal/audioFrames.js"
import { BurstBuffers } from "../src/internal/burstBuffers.js"
import { appendFrames } from "../src/internal/wsFrames.js"

interface Frame {
  readonly fin: boolean
  readonly opcode: number
  readonly masked: boolean
  readonly key: Buffer
  readonly text: string
}

/** Reads client frames back as RFC 6455 §5.2 says a server reads them (lengths, key, unmasking). */
const readFrames = (bytes: Buffer): Array<Frame> => {
  const frames: Array<Frame> = []
  let at = 0
  while (at < bytes.length) {
    const fin = (bytes[at]! & 0x80) !== 0
    const opcode = bytes[at]! & 0x0f
    const masked = (bytes[at + 1]! & 0x80) !== 0
    let length = bytes[at + 1]! & 0x7f
    at += 2
    if (length === 126) {
      length = bytes.readUInt16BE(at)
      at += 2
    } else if (length === 127) {
      length = bytes.readUInt32BE(at) * 2 ** 32 + bytes.readUInt32BE(at + 4)
      at += 8
    }
    const key = bytes.subarray(at, at + 4)
    at += 4
    const payload = Buffer.from(bytes.subarray(at, at + length)).map((byte, i) => byte ^ key[i & 3]!)
    frames.push({ fin, opcode, masked, key: Buffer.from(key), text: Buffer.from(payload).toString("utf8") })
    at += length
  }
  return frames
}

/** What `send` would write for each frame: the events of `appendEvents`, one by one. */
const eventsOf = (audio: Uint8Array, frameBytes: number): Array<string> => {
  const texts: Array<string> = []
  const events = appendEvents(audio, frameBytes)
  for (let next = events.next(); next.done !== true; next = events.next()) texts.push(next.value)
  return texts
}

const bytes = (length: number, offset = 0) => randomBytes(length + offset).subarray(offset)

describe("appendFrames", () => {
  it("frames the append event of every frame as a final, masked text frame, the last frame shorter", () => {
    const audio = bytes(960 * 3 + 7)
    const keys = randomBytes(16)
    const frames = readFrames(appendFrames(audio, 960, keys))
    assert.deepStrictEqual(frames.map((frame) => frame.text), eventsOf(audio, 960))
    assert.strictEqual(frames.length, 4)
    assert.isTrue(frames.every((frame) => frame.fin && frame.opcode === 1 && frame.masked))
    assert.deepStrictEqual(frames.map((frame) => frame.key), [0, 1, 2, 3].map((i) => keys.subarray(i * 4, i * 4 + 4)))
    const decoded = Buffer.concat(frames.map((frame) => {
      const event = JSON.parse(frame.text) as { readonly type: string; readonly audio: string }
      assert.strictEqual(event.type, "input_audio_buffer.append")
      return Buffer.from(event.audio, "base64")
    }))
    assert.deepStrictEqual(decoded, Buffer.from(audio))
  })

  it("uses the 7-bit, 16-bit and 64-bit lengths, and every padding of base64", () => {
    // frames of 1 to 3 bytes (7-bit lengths, every padding), of 960 (16-bit) and of 60000 (64-bit)
    for (const frameBytes of [1, 2, 3, 4, 5, 960, 60_000]) {
      const audio = bytes(frameBytes * 2 + 1)
      const frames = readFrames(appendFrames(audio, frameBytes, randomBytes(12)))
      assert.deepStrictEqual(frames.map((frame) => frame.text), eventsOf(audio, frameBytes), `frames of ${frameBytes}`)
    }
  })

  it("masks payloads at every offset modulo 4, from a view of a larger buffer at any offset", () => {
    for (const offset of [0, 1, 2, 3]) {
      for (const frameBytes of [958, 959, 960, 961]) {
        const audio = bytes(frameBytes * 3, offset)
        const frames = readFrames(appendFrames(audio, frameBytes, randomBytes(12)))
        assert.deepStrictEqual(frames.map((frame) => frame.text), eventsOf(audio, frameBytes))
      }
    }
  })

  it("takes the keys from where it is told in a pool of them", () => {
    const pool = randomBytes(64)
    const frames = readFrames(appendFrames(bytes(20), 10, pool, 20))
    assert.deepStrictEqual(frames.map((frame) => frame.key), [pool.subarray(20, 24), pool.subarray(24, 28)])
  })

  it("refuses fewer key bytes than four per frame", () => {
    assert.throws(() => appendFrames(bytes(20), 10, new Uint8Array(7)), /2 frames need 8 key bytes/)
    assert.throws(() => appendFrames(bytes(20), 10, new Uint8Array(64), 60), /2 frames need 8 key bytes/)
  })
})

describe("BurstBuffers", () => {
  it("frames into a reused buffer exactly as into a new one, whatever it held before", () => {
    const buffers = new BurstBuffers()
    const first = appendFrames(bytes(960 * 40), 960, randomBytes(160), 0, (length) => buffers.take(length))
    buffers.give(first)
    const audio = bytes(960 * 3 + 100)
    const keys = randomBytes(16)
    const reused = appendFrames(audio, 960, keys, 0, (length) => buffers.take(length))
    assert.isTrue(reused.buffer === first.buffer)
    assert.deepStrictEqual(reused, appendFrames(audio, 960, keys))
  })

  it("gives buffers at offset 0 of their own ArrayBuffer, reuses one large enough, keeps four spares", () => {
    const buffers = new BurstBuffers()
    const unit = 64 * 1024
    const taken = [1, 2, 3, 4, 5].map((units) => buffers.take(units * unit))
    assert.isTrue(taken.every((buffer, i) => buffer.byteOffset === 0 && buffer.length === (i + 1) * unit))
    assert.strictEqual(new Set(taken.map((buffer) => buffer.buffer)).size, 5)
    for (const buffer of taken) buffers.give(buffer)
    const reused = buffers.take(2.5 * unit)
    assert.isTrue(reused.buffer === taken[2]!.buffer)
    assert.strictEqual(reused.length, 2.5 * unit)
    // the fifth buffer given back was not kept: no spare left holds 4.5 units
    const fresh = buffers.take(4.5 * unit).buffer
    assert.isFalse(taken.some((buffer) => buffer.buffer === fresh))
  })
})

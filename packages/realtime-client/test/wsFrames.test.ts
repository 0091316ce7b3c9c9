import { assert, describe, it } from "@effect/vitest"
import { randomBytes } from "node:crypto"
import { textFrames } from "../src/internal/wsFrames.js"

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

describe("textFrames", () => {
  it("frames every text as a final, masked text frame, with the 7-bit, 16-bit and 64-bit lengths", () => {
    // lengths on both sides of 126 and 65536, odd ones so that payloads start at every offset modulo 4
    const texts = [0, 1, 3, 125, 126, 127, 1327, 65535, 65536, 70001].map((length) =>
      Array.from({ length }, (_, i) => String.fromCharCode(32 + ((i * 7) % 95))).join("")
    )
    const keys = randomBytes(texts.length * 4)
    const frames = readFrames(textFrames(texts, keys))
    assert.deepStrictEqual(frames.map((frame) => frame.text), texts)
    assert.isTrue(frames.every((frame) => frame.fin && frame.opcode === 1 && frame.masked))
    assert.deepStrictEqual(frames.map((frame) => frame.key), texts.map((_, i) => keys.subarray(i * 4, i * 4 + 4)))
  })

  it("counts lengths in UTF-8 bytes and masks every byte of a text that is not ASCII", () => {
    const texts = ["{\"text\":\"déjà vu — 東京\"}", "é".repeat(200)]
    const frames = readFrames(textFrames(texts, randomBytes(8)))
    assert.deepStrictEqual(frames.map((frame) => frame.text), texts)
  })

  it("takes the keys from where it is told in a pool of them", () => {
    const pool = randomBytes(64)
    const frames = readFrames(textFrames(["first", "second"], pool, 20))
    assert.deepStrictEqual(frames.map((frame) => frame.text), ["first", "second"])
    assert.deepStrictEqual(frames.map((frame) => frame.key), [pool.subarray(20, 24), pool.subarray(24, 28)])
  })

  it("refuses fewer key bytes than four per frame", () => {
    assert.throws(() => textFrames(["a", "b"], new Uint8Array(7)), /2 frames need 8 key bytes/)
    assert.throws(() => textFrames(["a", "b"], new Uint8Array(64), 60), /2 frames need 8 key bytes/)
  })
})

import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { Ledger, SEGMENT_BYTES } from "../../src/internal/ledger.js"

const bytes = (from: number, length: number) => new Uint8Array(length).map((_, i) => (from + i) % 251)

describe("Ledger (the replay buffer)", () => {
  it.effect("reads any range back by offset, across the chunks it came in", () =>
    Effect.sync(() => {
      const ledger = new Ledger(1_000)
      ledger.append(bytes(0, 100))
      ledger.append(bytes(100, 50))
      ledger.append(bytes(150, 200))
      assert.deepStrictEqual(ledger.read(90, 160), bytes(90, 70))
      assert.deepStrictEqual(ledger.read(0, 350), bytes(0, 350))
      assert.deepStrictEqual(ledger.read(120, 130), bytes(120, 10))
    }))

  it.effect("keeps a copy: the buffer a chunk came in can be reused at once", () =>
    Effect.sync(() => {
      const ledger = new Ledger(1_000)
      const chunk = bytes(0, 100)
      ledger.append(chunk)
      chunk.fill(0)
      assert.deepStrictEqual(ledger.read(0, 100), bytes(0, 100))
      assert.notStrictEqual(ledger.read(10, 20).buffer, chunk.buffer)
    }))

  it.effect("reads across segments: a view inside one, a copy into the scratch buffer across two", () =>
    Effect.sync(() => {
      const ledger = new Ledger(4 * SEGMENT_BYTES)
      const all = bytes(0, 2 * SEGMENT_BYTES + 500)
      for (let at = 0; at < all.length; at += 40_000) ledger.append(all.subarray(at, at + 40_000))
      const inside = ledger.read(SEGMENT_BYTES + 10, SEGMENT_BYTES + 1_010)
      assert.deepStrictEqual(inside, all.subarray(SEGMENT_BYTES + 10, SEGMENT_BYTES + 1_010))
      assert.strictEqual(ledger.read(SEGMENT_BYTES + 20, SEGMENT_BYTES + 30).buffer, inside.buffer)

      const scratch = new Uint8Array(2 * SEGMENT_BYTES)
      const across = ledger.read(SEGMENT_BYTES - 300, 2 * SEGMENT_BYTES + 200, scratch)
      assert.strictEqual(across.buffer, scratch.buffer)
      assert.deepStrictEqual(across, all.subarray(SEGMENT_BYTES - 300, 2 * SEGMENT_BYTES + 200))
      const tooSmall = new Uint8Array(10)
      const copied = ledger.read(SEGMENT_BYTES - 5, SEGMENT_BYTES + 15, tooSmall)
      assert.notStrictEqual(copied.buffer, tooSmall.buffer)
      assert.deepStrictEqual(copied, all.subarray(SEGMENT_BYTES - 5, SEGMENT_BYTES + 15))
    }))

  it.effect("dropping what is summarised frees room, keeps offsets, and never loses a byte still kept", () =>
    Effect.sync(() => {
      const ledger = new Ledger(300)
      ledger.append(bytes(0, 100))
      ledger.append(bytes(100, 100))
      assert.strictEqual(ledger.room(), 100)
      ledger.dropBefore(150)
      assert.deepStrictEqual([ledger.start, ledger.end, ledger.size, ledger.room()], [150, 200, 50, 250])
      assert.deepStrictEqual(ledger.read(150, 200), bytes(150, 50))
      ledger.dropBefore(120)
      assert.strictEqual(ledger.start, 150)
      ledger.dropBefore(10_000)
      assert.deepStrictEqual([ledger.start, ledger.end, ledger.size], [200, 200, 0])
      ledger.append(bytes(200, 10))
      assert.deepStrictEqual(ledger.read(200, 210), bytes(200, 10))
    }))

  it.effect("reuses emptied segments: hours of input through a small window hold the same few", () =>
    Effect.sync(() => {
      const ledger = new Ledger(3 * SEGMENT_BYTES)
      const chunk = 50_000
      const views = new Set<ArrayBufferLike>()
      for (let offset = 0; offset < 40 * SEGMENT_BYTES; offset += chunk) {
        ledger.append(bytes(offset, chunk))
        const from = Math.max(ledger.start, offset + chunk - 2 * SEGMENT_BYTES)
        assert.deepStrictEqual(ledger.read(offset, offset + chunk, new Uint8Array(chunk)), bytes(offset, chunk))
        views.add(ledger.read(ledger.end - 1, ledger.end).buffer)
        ledger.dropBefore(from)
      }
      // at most four segments in use at once (two segments' worth of bytes and a chunk, cut anywhere), and
      // the four spares: 40 segments of input went through eight at most
      assert.isAtMost(views.size, 4 + 4)
    }))

  it.effect("an empty range reads as no bytes, even at the end on a segment's boundary", () =>
    Effect.sync(() => {
      const ledger = new Ledger(4 * SEGMENT_BYTES)
      ledger.append(bytes(0, SEGMENT_BYTES))
      assert.strictEqual(ledger.read(SEGMENT_BYTES, SEGMENT_BYTES).length, 0)
      ledger.dropBefore(SEGMENT_BYTES)
      assert.strictEqual(ledger.read(SEGMENT_BYTES, SEGMENT_BYTES).length, 0)
      ledger.append(bytes(SEGMENT_BYTES, 10))
      assert.deepStrictEqual(ledger.read(SEGMENT_BYTES, SEGMENT_BYTES + 10), bytes(SEGMENT_BYTES, 10))
    }))

  it.effect("a segment is reused only once every byte of it is dropped", () =>
    Effect.sync(() => {
      const ledger = new Ledger(4 * SEGMENT_BYTES)
      ledger.append(bytes(0, SEGMENT_BYTES + 100))
      const kept = ledger.read(SEGMENT_BYTES - 50, SEGMENT_BYTES - 10)
      ledger.dropBefore(SEGMENT_BYTES - 50)
      ledger.append(bytes(SEGMENT_BYTES + 100, 2 * SEGMENT_BYTES))
      assert.deepStrictEqual(kept, bytes(SEGMENT_BYTES - 50, 40))
      assert.deepStrictEqual(ledger.read(SEGMENT_BYTES - 50, SEGMENT_BYTES - 10), bytes(SEGMENT_BYTES - 50, 40))
    }))
})

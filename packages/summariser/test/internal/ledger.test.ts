import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { Ledger, SEGMENT_BYTES } from "../../src/internal/ledger.js"

const bytes = (from: number, length: number) => new Uint8Array(length).map((_, i) => (from + i) % 251)

describe("Ledger (the replay buffer)", () => {
  it.effect("copies any range back by offset, across the chunks it came in", () =>
    Effect.sync(() => {
      const ledger = new Ledger(1_000)
      ledger.append(bytes(0, 100))
      ledger.append(bytes(100, 50))
      ledger.append(bytes(150, 200))
      assert.deepStrictEqual(ledger.copy(90, 160), bytes(90, 70))
      assert.deepStrictEqual(ledger.copy(0, 350), bytes(0, 350))
      assert.deepStrictEqual(ledger.copy(120, 130), bytes(120, 10))
    }))

  it.effect("keeps a copy: the buffer a chunk came in can be reused at once", () =>
    Effect.sync(() => {
      const ledger = new Ledger(1_000)
      const chunk = bytes(0, 100)
      ledger.append(chunk)
      chunk.fill(0)
      assert.deepStrictEqual(ledger.copy(0, 100), bytes(0, 100))
    }))

  it.effect("copies across segments into the buffer it is given, or a new one when that is too small", () =>
    Effect.sync(() => {
      const ledger = new Ledger(4 * SEGMENT_BYTES)
      const all = bytes(0, 2 * SEGMENT_BYTES + 500)
      for (let at = 0; at < all.length; at += 40_000) ledger.append(all.subarray(at, at + 40_000))
      const into = new Uint8Array(2 * SEGMENT_BYTES)
      const across = ledger.copy(SEGMENT_BYTES - 300, 2 * SEGMENT_BYTES + 200, into)
      assert.isTrue(across.buffer === into.buffer && across.byteOffset === 0)
      assert.deepStrictEqual(across, all.subarray(SEGMENT_BYTES - 300, 2 * SEGMENT_BYTES + 200))
      const inside = ledger.copy(SEGMENT_BYTES + 10, SEGMENT_BYTES + 1_010, into)
      assert.deepStrictEqual(inside, all.subarray(SEGMENT_BYTES + 10, SEGMENT_BYTES + 1_010))
      const tooSmall = new Uint8Array(10)
      const copied = ledger.copy(SEGMENT_BYTES - 5, SEGMENT_BYTES + 15, tooSmall)
      assert.isFalse(copied.buffer === tooSmall.buffer)
      assert.deepStrictEqual(copied, all.subarray(SEGMENT_BYTES - 5, SEGMENT_BYTES + 15))
    }))

  it.effect("an empty range copies as no bytes, even at the end on a segment's boundary", () =>
    Effect.sync(() => {
      const ledger = new Ledger(4 * SEGMENT_BYTES)
      ledger.append(bytes(0, SEGMENT_BYTES))
      assert.strictEqual(ledger.copy(SEGMENT_BYTES, SEGMENT_BYTES).length, 0)
      ledger.dropBefore(SEGMENT_BYTES)
      assert.strictEqual(ledger.copy(SEGMENT_BYTES, SEGMENT_BYTES, new Uint8Array(8)).length, 0)
      ledger.append(bytes(SEGMENT_BYTES, 10))
      assert.deepStrictEqual(ledger.copy(SEGMENT_BYTES, SEGMENT_BYTES + 10), bytes(SEGMENT_BYTES, 10))
    }))

  it.effect("dropping what is summarised frees room, keeps offsets, and never loses a byte still kept", () =>
    Effect.sync(() => {
      const ledger = new Ledger(300)
      ledger.append(bytes(0, 100))
      ledger.append(bytes(100, 100))
      assert.strictEqual(ledger.room(), 100)
      ledger.dropBefore(150)
      assert.deepStrictEqual([ledger.start, ledger.end, ledger.size, ledger.room()], [150, 200, 50, 250])
      assert.deepStrictEqual(ledger.copy(150, 200), bytes(150, 50))
      ledger.dropBefore(120)
      assert.strictEqual(ledger.start, 150)
      ledger.dropBefore(10_000)
      assert.deepStrictEqual([ledger.start, ledger.end, ledger.size], [200, 200, 0])
      ledger.append(bytes(200, 10))
      assert.deepStrictEqual(ledger.copy(200, 210), bytes(200, 10))
    }))

  it.effect("a copy being sent survives its bytes being dropped and their segment reused", () =>
    Effect.sync(() => {
      const ledger = new Ledger(4 * SEGMENT_BYTES)
      ledger.append(bytes(0, SEGMENT_BYTES))
      const sending = ledger.copy(1_000, 2_000)
      // a live source's oldest window dropped while its audio is on its way, and new audio in its segment
      ledger.dropBefore(SEGMENT_BYTES)
      ledger.append(new Uint8Array(SEGMENT_BYTES).fill(7))
      assert.deepStrictEqual(sending, bytes(1_000, 1_000))
      assert.deepStrictEqual(ledger.copy(SEGMENT_BYTES, SEGMENT_BYTES + 3), new Uint8Array([7, 7, 7]))
    }))

  it.effect("reuses emptied segments: a long input through a small window holds the same few", () =>
    Effect.sync(() => {
      const ledger = new Ledger(3 * SEGMENT_BYTES)
      const { segments } = ledger as unknown as { readonly segments: ReadonlyArray<Uint8Array> }
      const allocated = new Set<Uint8Array>()
      let mostInUse = 0
      const chunk = 50_000
      const into = new Uint8Array(chunk)
      for (let offset = 0; offset < 40 * SEGMENT_BYTES; offset += chunk) {
        ledger.append(bytes(offset, chunk))
        for (const segment of segments) allocated.add(segment)
        mostInUse = Math.max(mostInUse, segments.length)
        assert.deepStrictEqual(ledger.copy(offset, offset + chunk, into), bytes(offset, chunk))
        ledger.dropBefore(Math.max(ledger.start, offset + chunk - 2 * SEGMENT_BYTES))
      }
      // at most four segments in use at once (two segments' worth of bytes and a chunk, cut anywhere), and
      // four spares: 40 segments of input went through eight at most
      assert.isAtMost(mostInUse, 4)
      assert.isAtMost(allocated.size, 8)
    }))
})

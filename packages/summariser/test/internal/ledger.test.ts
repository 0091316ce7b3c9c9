import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { Ledger } from "../../src/internal/ledger.js"

const bytes = (from: number, length: number) => new Uint8Array(length).map((_, i) => (from + i) % 256)

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

  it.effect("a range inside one chunk is a view of it, not a copy", () =>
    Effect.sync(() => {
      const ledger = new Ledger(1_000)
      const chunk = bytes(0, 100)
      ledger.append(chunk)
      assert.strictEqual(ledger.read(10, 20).buffer, chunk.buffer)
    }))

  it.effect("dropping what is summarised frees room, keeps offsets, and cuts a chunk in two when needed", () =>
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
    }))
})

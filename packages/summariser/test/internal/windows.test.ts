import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { nextCommitPoint, WindowBook } from "../../src/internal/windows.js"

const MIN = 4_800

describe("WindowBook and commit points", () => {
  it.effect("commit points: every commit interval from the window's start, and the window's end", () =>
    Effect.sync(() => {
      const book = new WindowBook(720_000)
      const window = book.open(720_000, 0)
      const points: Array<number> = []
      let from = window.startByte
      window.endByte = window.nominalEnd
      while (from < window.endByte) {
        from = nextCommitPoint(window, from, 144_000, MIN)
        points.push(from - window.startByte)
      }
      assert.deepStrictEqual(points, [144_000, 288_000, 432_000, 576_000, 720_000])
    }))

  it.effect("a point closer than the smallest commit to the end is skipped: the last commit is never too short", () =>
    Effect.sync(() => {
      const book = new WindowBook(150_000)
      const window = book.open(0, 0)
      window.endByte = 146_000
      assert.strictEqual(nextCommitPoint(window, 0, 144_000, MIN), 146_000)
      window.endByte = 148_000
      assert.strictEqual(nextCommitPoint(window, 0, 144_000, MIN), 148_000)
      window.endByte = 148_800
      assert.strictEqual(nextCommitPoint(window, 0, 144_000, MIN), 144_000)
    }))

  it.effect("the book: the open window, the pending ones in order, pruning the finished from the front", () =>
    Effect.sync(() => {
      const book = new WindowBook(100)
      const first = book.open(0, 0)
      first.endByte = 100
      const second = book.open(100, 0)
      assert.strictEqual(book.openWindow(), second)
      assert.strictEqual(book.holding(99), first)
      assert.strictEqual(book.holding(100), second)
      first.state = "summarised"
      book.prune()
      assert.deepStrictEqual(book.pending().map((window) => window.index), [1])
      assert.strictEqual(book.count, 2)
    }))
})

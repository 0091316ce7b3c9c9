import { assert, describe, it } from "@effect/vitest"
import { FastCheck } from "effect"
import * as StderrTail from "../src/internal/stderrTail.js"

const feed = (chunks: ReadonlyArray<string>, maxLines: number) => {
  let tail = StderrTail.empty
  let logged: ReadonlyArray<string> = []
  for (const chunk of chunks) {
    const [next, lines] = StderrTail.append(tail, chunk, maxLines)
    tail = next
    logged = [...logged, ...lines]
  }
  const [last, lines] = StderrTail.flush(tail, maxLines)
  return { lines: last.lines, logged: [...logged, ...lines] }
}

const stderrText = FastCheck.array(
  FastCheck.oneof(
    FastCheck.constantFrom("\n", "\r", "\r\n", " "),
    FastCheck.string({ minLength: 1, maxLength: 5 }),
    FastCheck.constant("x".repeat(StderrTail.MAX_LINE_LENGTH + 7))
  ),
  { maxLength: 60 }
).map((pieces) => pieces.join(""))

const chunked = (text: string, cuts: ReadonlyArray<number>) => {
  const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b)
  return [0, ...points].map((from, i) => text.slice(from, points[i] ?? text.length))
}

describe("StderrTail", () => {
  it("keeps the newest lines, without blank ones", () => {
    const { lines, logged } = feed(["one\ntwo\r\n\nthree\rfour\nfi", "ve"], 3)
    assert.deepStrictEqual(logged, ["one", "two", "three", "four", "five"])
    assert.deepStrictEqual(lines, ["three", "four", "five"])
  })

  it("cuts a line with no end into bounded pieces", () => {
    const { lines } = feed(["y".repeat(2 * StderrTail.MAX_LINE_LENGTH + 1)], 10)
    assert.deepStrictEqual(lines.map((line) => line.length), [
      StderrTail.MAX_LINE_LENGTH,
      StderrTail.MAX_LINE_LENGTH,
      1
    ])
  })

  it.prop(
    "stays bounded whatever arrives",
    [stderrText, FastCheck.array(FastCheck.nat(), { maxLength: 20 }), FastCheck.integer({ min: 0, max: 30 })],
    ([text, cuts, maxLines]) => {
      const { lines } = feed(chunked(text, cuts), maxLines)
      assert.isAtMost(lines.length, maxLines)
      assert.isTrue(lines.every((line) => line.length <= StderrTail.MAX_LINE_LENGTH))
    }
  )

  it.prop(
    "does not depend on where the chunks are cut",
    [stderrText, FastCheck.array(FastCheck.nat(), { maxLength: 20 })],
    ([text, cuts]) => {
      assert.deepStrictEqual(feed(chunked(text, cuts), 1000), feed([text], 1000))
    }
  )
})

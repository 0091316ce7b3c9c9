import { assert, describe, it } from "@effect/vitest"
import * as Wrap from "../src/Wrap.js"

const text = "Summaries of live audio arrive in pieces, and a line must never break inside a word."

describe("Wrap", () => {
  it("no line is wider than the width, unless one word is", () => {
    for (const width of [10, 17, 30, 80]) {
      const lines = Wrap.wrap(text, width).split("\n")
      assert.isTrue(lines.every((line) => line.length <= width), `width ${width}: ${lines.join("|")}`)
      assert.strictEqual(lines.join(" "), text)
    }
    assert.strictEqual(Wrap.wrap("a incomprehensibilities b", 5), "a\nincomprehensibilities\nb")
  })

  it("text in pieces wraps as the whole text does, however it is cut", () => {
    for (const size of [1, 2, 3, 7, 13]) {
      const wrapper = Wrap.make(24)
      let out = ""
      for (let i = 0; i < text.length; i += size) out += wrapper.push(text.slice(i, i + size))
      out += wrapper.flush()
      assert.strictEqual(out, Wrap.wrap(text, 24), `pieces of ${size}`)
    }
  })

  it("continuation lines are indented, the first starts where the caller left off", () => {
    assert.strictEqual(Wrap.wrap("one two three four", 12, "  ", 6), "one\n  two three\n  four")
  })

  it("newlines in the text are kept", () => {
    assert.strictEqual(Wrap.wrap("first line\nsecond", 40), "first line\nsecond")
  })
})

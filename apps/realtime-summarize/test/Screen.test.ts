import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as Screen from "../src/Screen.js"
import * as StdStreams from "../src/StdStreams.js"

const CLEAR = "\r\x1b[2K"

const screenOn = (options: Parameters<typeof StdStreams.makeMemory>[0]) => {
  const streams = StdStreams.makeMemory({ env: { NO_COLOR: "1" }, ...options })
  return { streams, screen: Screen.make(streams.service, { noColor: false }) }
}

describe("Screen", () => {
  it.effect("no status line when stderr is not a terminal", () =>
    Effect.gen(function*() {
      const { screen, streams } = screenOn({ stdoutTTY: true })
      yield* screen.status("listening")
      yield* screen.out("text\n")
      yield* screen.notice("a notice")
      assert.isFalse(screen.hasStatusLine)
      assert.strictEqual(streams.stderr(), "a notice\n")
      assert.strictEqual(streams.stdout(), "text\n")
    }))

  it.effect("the status line redraws in place on stderr and never mixes into stdout", () =>
    Effect.gen(function*() {
      const { screen, streams } = screenOn({ stderrTTY: true })
      yield* screen.status("listening · 0:01 heard")
      yield* screen.status("listening · 0:02 heard")
      yield* screen.out("a summary\n")
      yield* screen.notice("reconnecting")
      yield* screen.status(undefined)
      assert.strictEqual(streams.stdout(), "a summary\n")
      assert.strictEqual(
        streams.stderr(),
        `${CLEAR}listening · 0:01 heard${CLEAR}listening · 0:02 heard${CLEAR}reconnecting\n${CLEAR}listening · 0:02 heard${CLEAR}`
      )
    }))

  it.effect("on one terminal, the status line and notices wait while a line of stdout is unfinished", () =>
    Effect.gen(function*() {
      const { screen, streams } = screenOn({ stdoutTTY: true, stderrTTY: true })
      yield* screen.status("summarising")
      yield* screen.out("The speaker ")
      yield* screen.notice("reconnecting")
      yield* screen.status("summarising · 0:16 heard")
      assert.strictEqual(streams.stderr(), `${CLEAR}summarising${CLEAR}`)
      yield* screen.out("greets.\n")
      assert.strictEqual(
        streams.stderr(),
        `${CLEAR}summarising${CLEAR}reconnecting\n${CLEAR}summarising · 0:16 heard`
      )
      yield* screen.status(undefined)
      assert.isTrue(streams.stderr().endsWith(CLEAR), "the last status line is erased")
    }))

  it.effect("the status line is cut to the terminal's width", () =>
    Effect.gen(function*() {
      const { screen, streams } = screenOn({ stderrTTY: true, columns: 20 })
      yield* screen.status("listening · 1:23:45 heard · next summary in 0:12")
      assert.strictEqual(streams.stderr(), `${CLEAR}listening · 1:23:4…`)
    }))
})

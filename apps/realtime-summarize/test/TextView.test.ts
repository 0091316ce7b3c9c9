import { assert, describe, it } from "@effect/vitest"
import { SummaryEvent } from "@pkg/summariser/SummaryEvent"
import { Effect } from "effect"
import * as Screen from "../src/Screen.js"
import * as StdStreams from "../src/StdStreams.js"
import { stripAnsi } from "../src/Style.js"
import * as TextView from "../src/TextView.js"
import * as Totals from "../src/Totals.js"
import { completed, everyEvent, started, T0 } from "./fakes.js"

const render = (
  events: ReadonlyArray<SummaryEvent>,
  options: Parameters<typeof StdStreams.makeMemory>[0] = {},
  noColor = false,
  priced = true
) =>
  Effect.gen(function*() {
    const streams = StdStreams.makeMemory(options)
    const view = TextView.make(Screen.make(streams.service, { noColor }), { priced })
    yield* Effect.forEach(events, view.event, { discard: true })
    yield* view.finish({
      ...Totals.empty,
      audioBytes: 30 * 48_000,
      summaries: 2,
      inputTokens: 600,
      outputTokens: 80,
      cost: 0.0024
    }, "budget")
    return { stdout: streams.stdout(), stderr: streams.stderr() }
  })

const clock = TextView.clockTime

describe("TextView", () => {
  it("counts are grouped by thousands as toLocaleString(\"en-US\") groups them", () => {
    for (const n of [0, 7, 999, 1_000, 12_345, 999_999, 1_000_000, 123_456_789, 2 ** 53 - 1, -1_234]) {
      assert.strictEqual(TextView.formatCount(n), n.toLocaleString("en-US"))
    }
  })

  it.effect("headings carry the times and the cost so far, each summary its tokens and cost; the totals close the output", () =>
    Effect.gen(function*() {
      const { stdout } = yield* render(everyEvent)
      assert.strictEqual(
        stdout,
        [
          "  0:00–0:03  Good morning, this is the news.",
          "",
          `── Summary 1 · ${clock(T0)}–${clock(T0 + 15_000)} · 0:00–0:15 · $0.0000 ──`,
          "The newsreader greets the listeners.",
          "  300 tokens in (150 audio, 150 text, 64 cached) · 40 out · $0.0012",
          "  0:15–0:18  In other news.",
          "",
          `── Summary 2 · ${clock(T0 + 15_000)}–${clock(T0 + 30_000)} · 0:15–0:30 · final · $0.0012 ──`,
          "The weather follows.",
          "  300 tokens in (150 audio, 150 text, 64 cached) · 40 out · $0.0012",
          "",
          "── 2 summaries · 0:30 of audio · 680 tokens · $0.0024 · budget reached ──",
          ""
        ].join("\n")
      )
    }))

  it.effect("sessions, gaps, warnings and the budget are one line each on stderr, the usual course is not", () =>
    Effect.gen(function*() {
      const { stderr } = yield* render(everyEvent)
      assert.deepStrictEqual(stderr.trimEnd().split("\n"), [
        "warning: the transcript of 0:18–0:21 failed",
        "session lost (the server closed the connection (1006)); reconnecting in 0.5 s (attempt 1)",
        "reconnected: session sess_2 opened",
        "audio lost from 0:21: no audio for 30 s, restarting the source (source-stalled)",
        "session rotated (expires soon): sess_2 → sess_3",
        "the budget of $0.002 was reached after 0:30 of audio ($0.0024 spent); finishing the window in progress"
      ])
    }))

  it.effect("on a terminal, text wraps to its width and a word split between deltas is never broken", () =>
    Effect.gen(function*() {
      const words = "the quick brown fox jumps over the lazy dog and keeps running far away"
      const pieces = words.match(/.{1,4}/g)!
      const { stdout } = yield* render([
        started(0),
        ...pieces.map((text) => SummaryEvent.SummaryDelta({ index: 0, text })),
        completed(0, { text: words })
      ], { stdoutTTY: true, columns: 20 })
      const lines = stripAnsi(stdout).split("\n")
      const body = lines.slice(1, lines.findIndex((line) => line.includes(" tokens in ")))
      assert.deepStrictEqual(body, [
        "the quick brown fox",
        "jumps over the lazy",
        "dog and keeps",
        "running far away"
      ])
    }))

  it.effect("colours only on a terminal, and not with NO_COLOR or --no-color", () =>
    Effect.gen(function*() {
      const esc = "\x1b["
      assert.include((yield* render(everyEvent, { stdoutTTY: true, stderrTTY: true })).stdout, esc)
      assert.include((yield* render(everyEvent, { stdoutTTY: true, stderrTTY: true })).stderr, esc)
      for (
        const rendered of [
          yield* render(everyEvent),
          yield* render(everyEvent, { stdoutTTY: true, stderrTTY: true, env: { NO_COLOR: "1" } }),
          yield* render(everyEvent, { stdoutTTY: true, stderrTTY: true, env: { TERM: "dumb" } }),
          yield* render(everyEvent, { stdoutTTY: true, stderrTTY: true }, true)
        ]
      ) {
        assert.notInclude(rendered.stdout, esc)
        assert.notInclude(rendered.stderr.replaceAll("\r\x1b[2K", ""), esc)
      }
    }))

  it.effect("a summary asked again after its session ended starts over under a new heading", () =>
    Effect.gen(function*() {
      const { stdout } = yield* render([
        started(0),
        SummaryEvent.SummaryDelta({ index: 0, text: "Half a" }),
        started(0, { attempt: 2 }),
        SummaryEvent.SummaryDelta({ index: 0, text: "Whole." }),
        completed(0, { text: "Whole." })
      ])
      const lines = stdout.split("\n")
      assert.strictEqual(lines[1], "Half a")
      assert.strictEqual(lines[2], "  (the session ended; asking again)")
      assert.match(lines[3]!, /^── Summary 1 · .* · attempt 2 · \$0\.0000 ──$/)
      assert.strictEqual(lines[4], "Whole.")
    }))

  it.effect("a model with no known price shows no cost in any heading", () =>
    Effect.gen(function*() {
      const { stdout } = yield* render(
        [started(0), completed(0, { text: "One." }), started(1), completed(1, { text: "Two.", final: true })],
        {},
        false,
        false
      )
      const headings = stdout.split("\n").filter((line) => line.startsWith("── Summary"))
      assert.strictEqual(headings.length, 2)
      for (const heading of headings) assert.notInclude(heading, "$")
    }))
})

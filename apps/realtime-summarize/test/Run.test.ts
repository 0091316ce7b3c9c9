import { NodeFileSystem } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { SummariserError } from "@pkg/summariser/SummariserError"
import { Effect, Layer, Option } from "effect"
import { mkdtempSync, readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as EventLog from "../src/EventLog.js"
import * as Run from "../src/Run.js"
import * as StdStreams from "../src/StdStreams.js"
import * as Stop from "../src/Stop.js"
import { everyEvent, fakeCapture, flags, scriptedSummariser, settings } from "./fakes.js"

const decodeLines = (text: string) =>
  Effect.forEach(text.trim().split("\n"), (line) => EventLog.decode(line), { concurrency: 1 })

const setup = (options: { readonly stdoutClosesAfter?: number } = {}) => {
  const streams = StdStreams.makeMemory(options)
  const controller = Stop.makeController("5 seconds")
  const context = Layer.mergeAll(
    Layer.succeed(StdStreams.StdStreams, streams.service),
    Stop.layer(controller),
    NodeFileSystem.layer
  )
  return { streams, controller, context }
}

const assertChronological = (lines: ReadonlyArray<EventLog.Line>) =>
  lines.slice(1).forEach((line, i) =>
    assert.isTrue(line.at.epochMillis >= lines[i]!.at.epochMillis, `line ${i + 1} is earlier than the one before`)
  )

describe("Run", () => {
  it.effect("every summariser event becomes its line of the event log, between start and end", () =>
    Effect.gen(function*() {
      const { context, streams } = setup()
      const code = yield* Run.run(flags(), settings(), scriptedSummariser(everyEvent)).pipe(
        Effect.provide(Layer.merge(context, fakeCapture({ chunks: 3 })))
      )
      assert.strictEqual(code, 0)
      const lines = yield* decodeLines(streams.stdout())
      assert.deepStrictEqual(lines.map((line) => line.type), [
        "start",
        "session",
        "transcript",
        "transcript",
        "summary",
        "warning",
        "session",
        "session",
        "gap",
        "session",
        "warning",
        "summary",
        "session",
        "end"
      ])
      assertChronological(lines)
      const summary = lines[4] as EventLog.Summary
      assert.strictEqual(summary.startedAt.epochMillis, Date.UTC(2026, 0, 1, 12, 0, 0))
      assert.deepStrictEqual(summary.usage?.input_token_details, {
        text_tokens: 150,
        audio_tokens: 150,
        cached_tokens: 64,
        cached_tokens_details: { text_tokens: 64, audio_tokens: 0 }
      })
      assert.strictEqual((lines[10] as EventLog.Warning).code, "budget-reached")
      const end = lines.at(-1) as EventLog.End
      assert.strictEqual(end.reason, "budget")
      assert.deepStrictEqual(end.totals, {
        audioSeconds: 3,
        summaries: 2,
        inputTokens: 600,
        outputTokens: 80,
        cost: 0.0024
      })
      assert.strictEqual(streams.stderr(), "")
    }))

  it.effect("the start line names the run without its secrets", () =>
    Effect.gen(function*() {
      const { context, streams } = setup()
      const run = flags({ url: "https://user:hunter2@radio.example/live.mp3", budget: Option.some(1.5) })
      yield* Run.run(run, settings(run), scriptedSummariser([])).pipe(
        Effect.provide(Layer.merge(context, fakeCapture({ chunks: 1 })))
      )
      const [start] = yield* decodeLines(streams.stdout())
      assert.strictEqual(start?.type, "start")
      const line = start as EventLog.Start
      assert.strictEqual(line.source, "https://user:***@radio.example/live.mp3")
      assert.strictEqual(line.budget, 1.5)
      assert.strictEqual(line.summaryInterval, 15)
      assert.notInclude(streams.stdout(), "hunter2")
      assert.notInclude(streams.stdout(), "sk-test")
    }))

  it.effect("a live source's outage is a gap where it began, on stderr in text mode", () =>
    Effect.gen(function*() {
      const { context, streams } = setup()
      const path = join(mkdtempSync(join(tmpdir(), "run-")), "log.jsonl")
      const live = flags({ url: "https://radio.example/live.mp3", format: "text", output: Option.some(path) })
      yield* Run.run(live, settings(live), scriptedSummariser([], { finalAfterInput: true })).pipe(
        Effect.provide(Layer.merge(context, fakeCapture({ chunks: 5, outagesAfter: [2] })))
      )
      const lines = yield* decodeLines(readFileSync(path, "utf8"))
      assert.deepStrictEqual(lines.map((line) => line.type), ["start", "gap", "summary", "end"])
      const gap = lines[1] as EventLog.Gap
      assert.deepStrictEqual([gap.start, gap.end, gap.reason], [2, 2, "source-stalled"])
      assert.strictEqual((lines[2] as EventLog.Summary).end, 5, "the audio on both sides of the outage is summarised")
      assert.strictEqual(
        streams.stderr(),
        "audio lost from 0:02: no audio for 30 s from the source; restarting (source-stalled)\n"
      )
    }))

  it.effect("the end of the input ends the log with reason eof", () =>
    Effect.gen(function*() {
      const { context, streams } = setup()
      yield* Run.run(flags(), settings(), scriptedSummariser([], { finalAfterInput: true })).pipe(
        Effect.provide(Layer.merge(context, fakeCapture({ chunks: 2 })))
      )
      const lines = yield* decodeLines(streams.stdout())
      assert.deepStrictEqual(lines.map((line) => line.type), ["start", "summary", "end"])
      assert.strictEqual((lines[2] as EventLog.End).reason, "eof")
      assert.strictEqual((lines[1] as EventLog.Summary).end, 2)
    }))

  it.effect("a failure is an error line, then end with reason error", () =>
    Effect.gen(function*() {
      const { context, streams } = setup()
      const failure = new SummariserError({ reason: "InputTooShort", message: "the input held 0.010 s of audio" })
      const exit = yield* Run.run(flags(), settings(), scriptedSummariser([], { failWith: failure })).pipe(
        Effect.provide(Layer.merge(context, fakeCapture({ chunks: 1 }))),
        Effect.exit
      )
      assert.isTrue(exit._tag === "Failure")
      const lines = yield* decodeLines(streams.stdout())
      assert.deepStrictEqual(lines.map((line) => line.type), ["start", "error", "end"])
      const error = lines[1] as EventLog.Failure
      assert.strictEqual(error.message, "the input held 0.010 s of audio")
      assert.strictEqual(error.error, "SummariserError")
      assert.strictEqual(error.reason, "InputTooShort")
      assert.strictEqual((lines[2] as EventLog.End).reason, "error")
    }))

  for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
    it.live(`${signal} ends the input: the final summary covers what was heard, then end, exit ${code}`, () =>
      Effect.gen(function*() {
        const { context, controller, streams } = setup()
        const capture = fakeCapture({ pace: "5 millis", onChunk: (n) => n === 3 && controller.signal(signal) })
        const exitCode = yield* Run.run(flags(), settings(), scriptedSummariser([], { finalAfterInput: true })).pipe(
          Effect.provide(Layer.merge(context, capture))
        )
        assert.strictEqual(exitCode, code)
        const lines = yield* decodeLines(streams.stdout())
        assert.deepStrictEqual(lines.map((line) => line.type), ["start", "summary", "end"])
        const summary = lines[1] as EventLog.Summary
        const end = lines[2] as EventLog.End
        assert.isTrue(summary.final)
        assert.isAtLeast(summary.end, 3, "the audio read before the signal is in the final summary")
        assert.strictEqual(summary.end, end.totals.audioSeconds)
        assert.strictEqual(end.reason, "interrupted")
      }))
  }

  it.live("a closed stdout stops the run quietly with exit 0; the --output file still gets the end line", () =>
    Effect.gen(function*() {
      const { context, streams } = setup({ stdoutClosesAfter: 1 })
      const path = join(mkdtempSync(join(tmpdir(), "run-")), "log.jsonl")
      const code = yield* Run.run(
        flags({ output: Option.some(path) }),
        settings(),
        scriptedSummariser(everyEvent.slice(0, 3), { finalAfterInput: true })
      ).pipe(Effect.provide(Layer.merge(context, fakeCapture({ pace: "5 millis" }))))
      assert.strictEqual(code, 0)
      assert.strictEqual(streams.stderr(), "")
      const lines = yield* decodeLines(readFileSync(path, "utf8"))
      assert.strictEqual(lines[0]?.type, "start")
      assert.strictEqual(lines.at(-1)?.type, "end")
      assert.strictEqual((lines.at(-1) as EventLog.End).reason, "interrupted")
    }))

  it.effect("--output appends the same log to the file while stdout shows text", () =>
    Effect.gen(function*() {
      const { context, streams } = setup()
      const path = join(mkdtempSync(join(tmpdir(), "run-")), "log.jsonl")
      const run = flags({ format: "text", output: Option.some(path) })
      for (let i = 0; i < 2; i++) {
        yield* Run.run(run, settings(run), scriptedSummariser(everyEvent)).pipe(
          Effect.provide(Layer.merge(context, fakeCapture({ chunks: 1 })))
        )
      }
      const lines = yield* decodeLines(readFileSync(path, "utf8"))
      assert.strictEqual(lines.length, 28)
      assert.deepStrictEqual([lines[0]?.type, lines[13]?.type, lines[14]?.type, lines[27]?.type], [
        "start",
        "end",
        "start",
        "end"
      ])
      assert.include(streams.stdout(), "── Summary 1 ·")
      assert.notInclude(streams.stdout(), "{\"type\"")
    }))
})

import { assert, describe, it } from "@effect/vitest"
import * as Summariser from "@pkg/summariser/Summariser"
import { Chunk, Effect, Stream } from "effect"
import { type Call, FakeClient, FakeClientLayer } from "./FakeRealtimeClient.js"

const seconds = (s: number) => Math.round(s * 48_000)

const audioOf = (bytes: number, chunk = 7_001) =>
  Stream.range(0, Math.ceil(bytes / chunk) - 1).pipe(
    Stream.map((i) => {
      const size = Math.min(chunk, bytes - i * chunk)
      return new Uint8Array(size).map((_, j) => (i * chunk + j) % 251)
    })
  )

const run = (bytes: number, options: Parameters<typeof Summariser.make>[0] = {}) =>
  Effect.gen(function*() {
    const summariser = yield* Summariser.make(options)
    const events = yield* summariser.summarise(audioOf(bytes)).pipe(
      Stream.runCollect,
      Effect.map(Chunk.toReadonlyArray)
    )
    const fake = yield* FakeClient
    const calls = yield* fake.calls
    const appended = Buffer.concat(yield* fake.audio)
    return { events, calls, appended }
  }).pipe(Effect.provide(FakeClientLayer))

const count = (calls: ReadonlyArray<Call>, tag: Call["_tag"]) => calls.filter((call) => call._tag === tag).length

describe("Summariser (with a layer-mocked RealtimeClient)", () => {
  it.effect("configures a GA text session with manual turns first", () =>
    Effect.gen(function*() {
      const { calls } = yield* run(seconds(1))
      const first = calls[0]!
      assert.strictEqual(first._tag, "updateSession")
      if (first._tag !== "updateSession") return
      const session = first.session
      assert.strictEqual(session.type, "realtime")
      if (session.type !== "realtime") return
      assert.deepStrictEqual(session.output_modalities, ["text"])
      assert.deepStrictEqual(session.audio?.input?.format, { type: "audio/pcm", rate: 24000 })
      assert.strictEqual(session.audio?.input?.turn_detection, null)
      assert.isString(session.instructions)
    }))

  it.effect("40 s of audio: every byte appended in 960-byte frames, 14 commits, 3 summaries", () =>
    Effect.gen(function*() {
      const bytes = seconds(40)
      const { appended, calls, events } = yield* run(bytes)
      assert.strictEqual(appended.length, bytes)
      const appends = calls.filter((call): call is Extract<Call, { _tag: "append" }> => call._tag === "append")
      assert.isTrue(appends.slice(0, -1).every((call) => call.bytes === 960))
      assert.strictEqual(count(calls, "commit"), 14)
      assert.strictEqual(count(calls, "createResponse"), 3)
      const completed = events.filter((event) => event._tag === "SummaryCompleted")
      assert.deepStrictEqual(
        completed.map((event) => [event.index, event.start, event.end, event.final, event.text]),
        [[0, 0, 15, false, "Summary 1"], [1, 15, 30, false, "Summary 2"], [2, 30, 40, true, "Summary 3"]]
      )
      assert.strictEqual(completed[0]!.usage?.inputAudioTokens, 150)
    }))

  it.effect("appended bytes equal the input, whatever its chunking", () =>
    Effect.gen(function*() {
      const bytes = seconds(16) + 123
      const { appended } = yield* run(bytes)
      const expected = Buffer.concat(Chunk.toReadonlyArray(yield* Stream.runCollect(audioOf(bytes))))
      assert.isTrue(appended.equals(expected))
    }))

  it.effect("commits happen after the frames they cover, and a summary right after its commit", () =>
    Effect.gen(function*() {
      const { calls } = yield* run(seconds(15))
      let bytes = 0
      const marks: Array<string> = []
      for (const call of calls) {
        if (call._tag === "append") bytes += call.bytes
        if (call._tag === "commit" || call._tag === "createResponse") marks.push(`${call._tag}@${bytes}`)
      }
      assert.deepStrictEqual(marks, [
        "commit@144000",
        "commit@288000",
        "commit@432000",
        "commit@576000",
        "commit@720000",
        "createResponse@720000"
      ])
    }))

  it.effect("a tail under 100 ms is appended but not committed, and asks for no extra summary", () =>
    Effect.gen(function*() {
      const bytes = seconds(15) + 2_000
      const { appended, calls } = yield* run(bytes)
      assert.strictEqual(appended.length, bytes)
      assert.strictEqual(count(calls, "commit"), 5)
      assert.strictEqual(count(calls, "createResponse"), 1)
    }))

  it.effect("the window's instructions name its time range", () =>
    Effect.gen(function*() {
      const { calls } = yield* run(seconds(20), { instructions: "Summarise briefly." })
      const requests = calls.filter((call): call is Extract<Call, { _tag: "createResponse" }> =>
        call._tag === "createResponse"
      )
      assert.include(requests[0]!.params.instructions!, "Summarise briefly.")
      assert.include(requests[0]!.params.instructions!, "from 0:00 to 0:15")
      assert.include(requests[1]!.params.instructions!, "from 0:15 to 0:20")
      assert.include(requests[1]!.params.instructions!, "end of the stream")
    }))

  it.effect("deltas stream before their summary completes", () =>
    Effect.gen(function*() {
      const { events } = yield* run(seconds(15))
      assert.deepStrictEqual(events.map((event) => event._tag), [
        "SummaryStarted",
        "SummaryDelta",
        "SummaryDelta",
        "SummaryCompleted"
      ])
    }))

  it.effect("input shorter than 100 ms fails with InputTooShort", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(run(1_000))
      assert.strictEqual(error._tag, "SummariserError")
      if (error._tag === "SummariserError") assert.strictEqual(error.reason, "InputTooShort")
    }))

  it.effect("invalid options are refused before anything is sent", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(
        Summariser.make({ commitIntervalSeconds: 20 }).pipe(Effect.provide(FakeClientLayer))
      )
      assert.strictEqual(error.reason, "InvalidOptions")
      assert.include(error.message, "commitIntervalSeconds (20 s) must not be above summaryIntervalSeconds (15 s)")
    }))
})

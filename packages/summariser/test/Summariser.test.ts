import { assert, describe, it } from "@effect/vitest"
import * as Summariser from "@pkg/summariser/Summariser"
import type { SummaryEvent } from "@pkg/summariser/SummaryEvent"
import { Chunk, Effect, Stream } from "effect"
import { type Call, FakeClient, fakeLayer, type Script } from "./FakeRealtimeClient.js"

const seconds = (s: number) => Math.round(s * 48_000)

const audioOf = (bytes: number, chunk = 7_001) =>
  Stream.range(0, Math.ceil(bytes / chunk) - 1).pipe(
    Stream.map((i) => {
      const size = Math.min(chunk, bytes - i * chunk)
      return new Uint8Array(size).map((_, j) => (i * chunk + j) % 251)
    })
  )

const runOn = (
  audio: Stream.Stream<Uint8Array>,
  options: Parameters<typeof Summariser.make>[0] = {},
  script: Script = {},
  summarise: Summariser.SummariseOptions = {}
) =>
  Effect.gen(function*() {
    const summariser = yield* Summariser.make(options)
    const events = yield* summariser.summarise(audio, summarise).pipe(
      Stream.runCollect,
      Effect.map(Chunk.toReadonlyArray)
    )
    const fake = yield* FakeClient
    const calls = yield* fake.calls
    const appended = Buffer.concat(yield* fake.audio)
    return { events, calls, appended }
  }).pipe(Effect.provide(fakeLayer(script)))

const run = (
  bytes: number,
  options: Parameters<typeof Summariser.make>[0] = {},
  script: Script = {}
) => runOn(audioOf(bytes), options, script)

const count = (calls: ReadonlyArray<Call>, tag: Call["_tag"]) => calls.filter((call) => call._tag === tag).length

const ofTag = <T extends SummaryEvent["_tag"]>(events: ReadonlyArray<SummaryEvent>, tag: T) =>
  events.filter((event): event is Extract<SummaryEvent, { _tag: T }> => event._tag === tag)

const requests = (calls: ReadonlyArray<Call>) =>
  calls.filter((call): call is Extract<Call, { _tag: "createResponse" }> => call._tag === "createResponse")

describe("Summariser (with a layer-mocked RealtimeClient)", () => {
  it.effect("release gets each piece of audio once it is copied: freeing them all changes nothing that is sent", () =>
    Effect.gen(function*() {
      const bytes = seconds(47)
      // pieces of a quarter of the replay buffer (which wait for room), and pieces larger than all of it (kept in halves)
      const maxBufferedBytes = 1_000_000
      for (const piece of [250_001, 1_100_003]) {
        const expected = yield* runOn(audioOf(bytes, piece), { maxBufferedBytes })
        const released: Array<number> = []
        const freed = yield* runOn(audioOf(bytes, piece), { maxBufferedBytes }, {}, {
          release: (audio) => {
            released.push(audio.byteLength)
            structuredClone(audio.buffer, { transfer: [audio.buffer as ArrayBuffer] })
          }
        })
        assert.strictEqual(released.reduce((sum, n) => sum + n, 0), bytes, `pieces of ${piece}`)
        assert.strictEqual(released.length, Math.ceil(bytes / piece))
        assert.deepStrictEqual(freed.appended, expected.appended)
        assert.strictEqual(ofTag(freed.events, "SummaryCompleted").length, 4)
      }
    }))

  it.effect("audio in pieces larger than the replay buffer's room is all summarised: the open window closes first", () =>
    Effect.gen(function*() {
      // one piece of the whole input, then pieces that each leave the open window short of its end
      for (const piece of [seconds(61), 550_003, 900_001]) {
        const { appended, events } = yield* runOn(audioOf(seconds(61), piece), { maxBufferedBytes: 1_000_000 })
        assert.strictEqual(appended.length, seconds(61), `pieces of ${piece}`)
        assert.deepStrictEqual(ofTag(events, "SummaryCompleted").map((s) => [s.start, s.end]), [
          [0, 15],
          [15, 30],
          [30, 45],
          [45, 60],
          [60, 61]
        ])
      }
    }))

  it.effect("configures a GA text session with manual turns and a truncation safety net", () =>
    Effect.gen(function*() {
      const { calls } = yield* run(seconds(1))
      const update = calls.find((call) => call._tag === "updateSession")!
      assert.strictEqual(update._tag, "updateSession")
      if (update._tag !== "updateSession" || update.session.type !== "realtime") return assert.fail("no update")
      assert.deepStrictEqual(update.session.output_modalities, ["text"])
      assert.deepStrictEqual(update.session.audio?.input?.format, { type: "audio/pcm", rate: 24000 })
      assert.strictEqual(update.session.audio?.input?.turn_detection, null)
      assert.strictEqual(update.session.audio?.input?.transcription, null)
      assert.deepStrictEqual(update.session.truncation, { type: "retention_ratio", retention_ratio: 0.5 })
      assert.isUndefined(update.session.reasoning)
    }))

  it.effect("reasoning effort and input transcription go into the session when asked for", () =>
    Effect.gen(function*() {
      const { calls } = yield* run(
        seconds(1),
        { reasoningEffort: "high", transcriptionModel: "gpt-live-transcribe" },
        { model: "gpt-realtime-2.1-mini" }
      )
      const update = calls.find((call) => call._tag === "updateSession")!
      if (update._tag !== "updateSession" || update.session.type !== "realtime") return assert.fail("no update")
      assert.deepStrictEqual(update.session.reasoning, { effort: "high" })
      assert.deepStrictEqual(update.session.audio?.input?.transcription, { model: "gpt-live-transcribe" })
    }))

  it.effect("a model that does not reason gets no reasoning effort, and one warning", () =>
    Effect.gen(function*() {
      const { calls, events } = yield* run(seconds(1), { reasoningEffort: "low" }, { model: "gpt-realtime-1.5" })
      const update = calls.find((call) => call._tag === "updateSession")!
      if (update._tag !== "updateSession" || update.session.type !== "realtime") return assert.fail("no update")
      assert.isUndefined(update.session.reasoning)
      assert.deepStrictEqual(ofTag(events, "Warning").map((w) => w.code), ["reasoning-ignored"])
    }))

  it.effect("40 s of audio: every byte appended in 960-byte frames, 14 commits, 3 summaries", () =>
    Effect.gen(function*() {
      const bytes = seconds(40)
      const { appended, calls, events } = yield* run(bytes)
      assert.strictEqual(appended.length, bytes)
      const appends = calls.filter((call): call is Extract<Call, { _tag: "append" }> => call._tag === "append")
      assert.strictEqual(appends.reduce((frames, call) => frames + call.frames, 0), bytes / 960)
      assert.strictEqual(count(calls, "commit"), 14)
      assert.strictEqual(count(calls, "createResponse"), 3)
      assert.deepStrictEqual(
        ofTag(events, "SummaryCompleted").map((
          event
        ) => [event.index, event.start, event.end, event.final, event.text]),
        [[0, 0, 15, false, "Summary 1"], [1, 15, 30, false, "Summary 2"], [2, 30, 40, true, "Summary 3"]]
      )
    }))

  it.effect("appended bytes equal the input, whatever its chunking", () =>
    Effect.gen(function*() {
      const bytes = seconds(16) + 124
      const { appended } = yield* run(bytes)
      const expected = Buffer.concat(Chunk.toReadonlyArray(yield* Stream.runCollect(audioOf(bytes))))
      assert.isTrue(appended.equals(expected))
    }))

  it.effect("commits follow the frames they cover, and a window's summary follows its last commit", () =>
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

  it.effect("each summary is out of band over its own window's items, with the story so far as text", () =>
    Effect.gen(function*() {
      const { calls } = yield* run(seconds(30), { instructions: "Summarise briefly." })
      const commits = calls.filter((call): call is Extract<Call, { _tag: "commit" }> => call._tag === "commit")
      const [first, second] = requests(calls).map((call) => call.params)
      for (const [n, params] of [[0, first!], [1, second!]] as const) {
        assert.strictEqual(params.conversation, "none")
        assert.deepStrictEqual(params.output_modalities, ["text"])
        assert.deepStrictEqual(params.metadata, { purpose: "summary", window: String(n) })
        assert.strictEqual(params.instructions, "Summarise briefly.")
        const [message, ...references] = params.input!
        assert.strictEqual(message!.type, "message")
        assert.deepStrictEqual(
          references,
          commits.slice(n * 5, n * 5 + 5).map((commit) => ({ type: "item_reference", id: commit.item }))
        )
      }
      const text = (params: typeof first) => JSON.stringify(params!.input![0])
      assert.include(text(first), "start of the stream")
      assert.include(text(first), "from 0:00 to 0:15")
      assert.include(text(second), "Summary 1")
      assert.include(text(second), "from 0:15 to 0:30")
      assert.include(text(second), "end of the stream")
    }))

  it.effect("the items a summary read are deleted before the next window is asked for", () =>
    Effect.gen(function*() {
      const { calls } = yield* run(seconds(30))
      const order = calls.flatMap((call) =>
        call._tag === "deleteItem" ? [`delete ${call.item}`] : call._tag === "createResponse" ? ["create"] : []
      )
      assert.deepStrictEqual(order, [
        "create",
        ...[1, 2, 3, 4, 5].map((n) => `delete item_${n}`),
        "create",
        ...[6, 7, 8, 9, 10].map((n) => `delete item_${n}`)
      ])
    }))

  it.effect("usage and cost: each summary priced at its model, the running total in each", () =>
    Effect.gen(function*() {
      const { events } = yield* run(seconds(30), {}, { model: "gpt-realtime-2.1-mini" })
      const completed = ofTag(events, "SummaryCompleted")
      // 5 referenced items × 10 audio tokens + 20 text tokens in, 3 text tokens out
      const each = (50 * 10 + 20 * 0.6 + 3 * 2.4) / 1_000_000
      assert.strictEqual(completed[0]!.model, "gpt-realtime-2.1-mini")
      assert.strictEqual(completed[0]!.usage?.inputAudioTokens, 50)
      assert.closeTo(completed[0]!.cost!, each, 1e-15)
      assert.closeTo(completed[1]!.totalCost!, 2 * each, 1e-15)
      assert.strictEqual(ofTag(events, "Warning").length, 0)
    }))

  it.effect("a model without a price: cost null and one warning, never a wrong number", () =>
    Effect.gen(function*() {
      const { events } = yield* run(seconds(30), {}, { model: "my-azure-deployment" })
      assert.deepStrictEqual(ofTag(events, "SummaryCompleted").map((event) => [event.cost, event.totalCost]), [
        [null, null],
        [null, null]
      ])
      assert.deepStrictEqual(ofTag(events, "Warning").map((warning) => warning.code), ["unknown-price"])
    }))

  it.effect("a tail under 100 ms is padded with silence to the smallest commit and summarised as the final window", () =>
    Effect.gen(function*() {
      const bytes = seconds(15) + 2_000
      const { appended, calls, events } = yield* run(bytes)
      assert.strictEqual(appended.length, seconds(15) + 4_800)
      assert.isTrue(appended.subarray(bytes).every((byte) => byte === 0))
      assert.strictEqual(count(calls, "commit"), 6)
      assert.deepStrictEqual(
        ofTag(events, "SummaryCompleted").map((event) => [event.start, event.end, event.final]),
        [[0, 15, false], [15, bytes / 48_000, true]]
      )
    }))

  it.live("an input that ends exactly on a commit point, after it was committed, still gets its final summary", () =>
    Effect.gen(function*() {
      const late = Stream.concat(audioOf(seconds(3)), Stream.drain(Stream.fromEffect(Effect.sleep("200 millis"))))
      const { calls, events } = yield* runOn(late, { summaryIntervalSeconds: 4 })
      assert.strictEqual(count(calls, "commit"), 1)
      assert.deepStrictEqual(
        ofTag(events, "SummaryCompleted").map((event) => [event.start, event.end, event.final]),
        [[0, 3, true]]
      )
    }))

  it.effect("the language asked for is named in the instructions", () =>
    Effect.gen(function*() {
      const { calls } = yield* run(seconds(2), { language: "fr" })
      assert.include(requests(calls)[0]!.params.instructions!, "Write the summary in French.")
    }))

  it.effect("events: the session opens after the first audio, deltas stream before their summary, the session closes", () =>
    Effect.gen(function*() {
      const { events } = yield* run(seconds(15), {}, { model: "gpt-realtime-2.1-mini" })
      // the fake's two deltas arrive together: they go out as one SummaryDelta
      assert.deepStrictEqual(events.map((event) => event._tag), [
        "Session",
        "SummaryStarted",
        "SummaryDelta",
        "SummaryCompleted",
        "Session"
      ])
      assert.strictEqual(ofTag(events, "SummaryDelta")[0]!.text, ofTag(events, "SummaryCompleted")[0]!.text)
      const [opened, closed] = ofTag(events, "Session")
      assert.strictEqual(opened!.action, "opened")
      assert.strictEqual(opened!.sessionId, "sess_1")
      assert.strictEqual(closed!.action, "closed")
      assert.strictEqual(closed!.reason, "end of input")
    }))

  it.effect("input shorter than 100 ms fails with InputTooShort, and opens a session only if audio came", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(run(1_000))
      assert.strictEqual(error._tag, "SummariserError")
      if (error._tag === "SummariserError") assert.strictEqual(error.reason, "InputTooShort")
    }))

  it.effect("invalid options are refused before anything is sent", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Summariser.make({ commitIntervalSeconds: 20 }).pipe(Effect.provide(fakeLayer())))
      assert.strictEqual(error.reason, "InvalidOptions")
      assert.include(error.message, "commitIntervalSeconds (20 s) must not be above summaryIntervalSeconds (15 s)")
    }))
})

import { assert, describe, it } from "@effect/vitest"
import { RealtimeConnectionError, RealtimeResponseError, RealtimeServerError } from "@pkg/realtime-client/RealtimeError"
import * as AudioInput from "@pkg/summariser/AudioInput"
import * as Summariser from "@pkg/summariser/Summariser"
import type { SummaryEvent } from "@pkg/summariser/SummaryEvent"
import { Chunk, Deferred, Effect, Fiber, Schedule, Stream } from "effect"
import { type Call, FakeClient, fakeLayer, type Script } from "./FakeRealtimeClient.js"

const BYTES_PER_SECOND = 48_000

const pcm = (from: number, bytes: number) => new Uint8Array(bytes).map((_, j) => (from + j) % 251)

/** `seconds` of audio in chunks of `chunkSeconds`, one every `every` (or as fast as read). */
const audio = (seconds: number, chunkSeconds = 0.5, every?: string) => {
  const chunk = Math.round(chunkSeconds * BYTES_PER_SECOND)
  const total = Math.round(seconds * BYTES_PER_SECOND)
  const chunks = Stream.range(0, Math.ceil(total / chunk) - 1).pipe(
    Stream.map((i) => pcm(i * chunk, Math.min(chunk, total - i * chunk)))
  )
  return every === undefined ? chunks : chunks.pipe(Stream.schedule(Schedule.spaced(every as `${number} millis`)))
}

const collect = (
  input: Stream.Stream<AudioInput.AudioInput>,
  options: Parameters<typeof Summariser.make>[0] = {},
  script: Script = {},
  meanwhile: (fake: FakeClient["Type"]) => Effect.Effect<void> = () => Effect.void,
  stop?: Effect.Effect<void>
) =>
  Effect.gen(function*() {
    const fake = yield* FakeClient
    const side = yield* Effect.fork(meanwhile(fake))
    const summariser = yield* Summariser.make(options)
    const events = yield* summariser.summarise(input, { stop }).pipe(
      Stream.runCollect,
      Effect.map(Chunk.toReadonlyArray)
    )
    yield* Fiber.interrupt(side)
    return { events, calls: yield* fake.calls }
  }).pipe(Effect.provide(fakeLayer({ model: "gpt-realtime-2.1-mini", ...script })))

const ofTag = <T extends SummaryEvent["_tag"]>(events: ReadonlyArray<SummaryEvent>, tag: T) =>
  events.filter((event): event is Extract<SummaryEvent, { _tag: T }> => event._tag === tag)

const sessionActions = (events: ReadonlyArray<SummaryEvent>) =>
  ofTag(events, "Session").map((event) => `${event.action} ${event.sessionId ?? "-"}`)

const completedRanges = (events: ReadonlyArray<SummaryEvent>) =>
  ofTag(events, "SummaryCompleted").map((event) => [event.start, event.end])

const appendedBytes = (calls: ReadonlyArray<Call>) =>
  calls.reduce((sum, call) => sum + (call._tag === "append" ? call.bytes : 0), 0)

const responseFailed = new RealtimeResponseError({
  reason: "Failed",
  message: "response resp_x ended with status failed: server_error",
  disposition: "retryable",
  responseId: "resp_x"
})

const serverError = (reason: RealtimeServerError["reason"], code: string, message: string) =>
  new RealtimeServerError({
    reason,
    message,
    disposition: reason === "InvalidRequest" ? "fatal" : "retryable",
    type: "invalid_request_error",
    code,
    param: null,
    eventId: "evt_1"
  })

const busy = new RealtimeConnectionError({
  reason: "Refused",
  message: "the endpoint refused the connection (HTTP 503)",
  disposition: "retryable",
  status: 503
})

const dropped = new RealtimeConnectionError({
  reason: "Closed",
  message: "the server closed the connection (1006)",
  disposition: "retryable",
  closeCode: 1006
})

describe("Summariser faults (layer-mocked client)", () => {
  it.live("a response that fails: the window is replayed into a new session and summarised there", () =>
    Effect.gen(function*() {
      const { calls, events } = yield* collect(audio(30), {}, {
        response: (n) => n === 2 ? { _tag: "Fail", error: responseFailed } : { _tag: "Complete" }
      })
      assert.deepStrictEqual(completedRanges(events), [[0, 15], [15, 30]])
      assert.deepStrictEqual(sessionActions(events), [
        "opened sess_1",
        "reconnecting sess_1",
        "opened sess_2",
        "closed sess_2"
      ])
      const retried = ofTag(events, "SummaryStarted").filter((event) => event.index === 1)
      assert.deepStrictEqual(retried.map((event) => event.attempt), [1, 2])
      assert.strictEqual(appendedBytes(calls), 45 * BYTES_PER_SECOND)
      const reconnecting = ofTag(events, "Session").find((event) => event.action === "reconnecting")!
      assert.strictEqual(reconnecting.attempt, 1)
      assert.isAtLeast(reconnecting.retryInMillis!, 400)
      assert.isAtMost(reconnecting.retryInMillis!, 600)
    }))

  it.live("an error event for one window's request that cannot pass ends the run with that error", () =>
    Effect.gen(function*() {
      const invalid = serverError("InvalidRequest", "invalid_value", "Invalid value: 'item_reference'.")
      const error = yield* Effect.flip(
        collect(audio(20), {}, { response: () => ({ _tag: "Fail", error: invalid }) })
      )
      assert.strictEqual(error, invalid)
    }))

  it.live("a rate limit on a window's request: a new session after the backoff, the window not counted as failed", () =>
    Effect.gen(function*() {
      const limited = serverError("RateLimited", "rate_limit_exceeded", "Rate limit reached.")
      const { events } = yield* collect(audio(15), {}, {
        response: (n) => n <= 3 ? { _tag: "Fail", error: limited } : { _tag: "Complete" }
      })
      assert.deepStrictEqual(completedRanges(events), [[0, 15]])
      assert.strictEqual(ofTag(events, "Gap").length, 0)
      assert.deepStrictEqual(
        ofTag(events, "Session").filter((event) => event.action === "reconnecting").map((event) => event.attempt),
        [1, 2, 3]
      )
    }))

  it.live("a response that never finishes is abandoned after the timeout and asked again", () =>
    Effect.gen(function*() {
      const { events } = yield* collect(audio(15), { responseTimeoutSeconds: 0.3 }, {
        response: (n) => n === 1 ? { _tag: "Never" } : { _tag: "Complete" }
      })
      assert.deepStrictEqual(completedRanges(events), [[0, 15]])
      assert.include(ofTag(events, "Session").find((e) => e.action === "reconnecting")!.reason, "did not finish within")
    }))

  it.live("a window whose summary fails every time is given up as a gap, and the run goes on", () =>
    Effect.gen(function*() {
      const { events } = yield* collect(audio(30), {}, {
        response: (n) => n <= 3 ? { _tag: "Fail", error: responseFailed } : { _tag: "Complete" }
      })
      assert.deepStrictEqual(completedRanges(events), [[15, 30]])
      const [gap] = ofTag(events, "Gap")
      assert.deepStrictEqual([gap!.start, gap!.end, gap!.reason], [0, 15, "summary-failed"])
      assert.deepStrictEqual(ofTag(events, "Warning").map((warning) => warning.code), ["summary-failed"])
    }))

  it.live("a session lost mid-stream: what was not summarised is replayed into the next, nothing twice", () =>
    Effect.gen(function*() {
      const { calls, events } = yield* collect(
        audio(8, 0.25, "10 millis"),
        { summaryIntervalSeconds: 2, commitIntervalSeconds: 0.5 },
        {},
        (fake) =>
          Effect.gen(function*() {
            yield* Effect.sleep("150 millis")
            const [first] = yield* fake.sessions
            yield* first!.drop(dropped)
          })
      )
      assert.deepStrictEqual(completedRanges(events), [[0, 2], [2, 4], [4, 6], [6, 8]])
      assert.includeMembers(sessionActions(events), ["opened sess_1", "reconnecting sess_1", "opened sess_2"])
      const secondStart = calls.findIndex((call) => call._tag === "connect" && call.session === "sess_2")
      const beforeDrop = appendedBytes(calls.slice(0, secondStart))
      const afterDrop = appendedBytes(calls.slice(secondStart))
      // the second session starts at the start of a window not yet summarised
      assert.strictEqual((8 * BYTES_PER_SECOND - afterDrop) % (2 * BYTES_PER_SECOND), 0)
      assert.isAtLeast(beforeDrop + afterDrop, 8 * BYTES_PER_SECOND)
    }))

  it.live("refused handshakes that can pass are retried with the backoff; a refused key ends the run", () =>
    Effect.gen(function*() {
      const { events } = yield* collect(audio(3), {}, { connect: (n) => n <= 2 ? busy : undefined })
      assert.deepStrictEqual(sessionActions(events), [
        "reconnecting -",
        "reconnecting -",
        "opened sess_3",
        "closed sess_3"
      ])
      const refused = new RealtimeConnectionError({
        reason: "Unauthorized",
        message: "the endpoint refused the API key (HTTP 401)",
        disposition: "fatal",
        status: 401
      })
      const error = yield* Effect.flip(collect(audio(3), {}, { connect: () => refused }))
      assert.strictEqual(error, refused)
    }))

  it.live("transcripts come out in audio order, whatever order they complete in; a failed one is a warning", () =>
    Effect.gen(function*() {
      const gate = yield* Deferred.make<void>()
      const { events } = yield* collect(
        audio(3, 0.5),
        { summaryIntervalSeconds: 3, commitIntervalSeconds: 1, transcriptionModel: "gpt-live-transcribe" },
        { response: () => ({ _tag: "Complete", after: Deferred.await(gate) }) },
        (fake) =>
          Effect.gen(function*() {
            while ((yield* fake.calls).filter((call) => call._tag === "commit").length < 3) {
              yield* Effect.sleep("5 millis")
            }
            const [session] = yield* fake.sessions
            const completed = (item: string, transcript: string) =>
              session!.publish({
                type: "conversation.item.input_audio_transcription.completed",
                event_id: `t_${item}`,
                item_id: item,
                content_index: 0,
                transcript
              })
            yield* completed("item_3", "third")
            yield* completed("item_1", "first")
            yield* session!.publish({
              type: "conversation.item.input_audio_transcription.failed",
              event_id: "t_2",
              item_id: "item_2",
              content_index: 0,
              error: { type: "transcription_error", code: "audio_unintelligible", message: "unintelligible" }
            })
            yield* Effect.sleep("20 millis")
            yield* Deferred.succeed(gate, undefined)
          })
      )
      assert.deepStrictEqual(ofTag(events, "Transcript").map((t) => [t.start, t.end, t.text]), [
        [0, 1, "first"],
        [2, 3, "third"]
      ])
      assert.include(ofTag(events, "Warning")[0]!.message, "transcription of 1–2 s failed")
    }))

  it.live("a session near its end is rotated at a window boundary, make-before-break, with nothing replayed", () =>
    Effect.gen(function*() {
      const { calls, events } = yield* collect(
        audio(20, 0.25, "50 millis"),
        { summaryIntervalSeconds: 1, commitIntervalSeconds: 0.5 },
        { expiresInSeconds: 4 }
      )
      assert.deepStrictEqual(completedRanges(events), Array.from({ length: 20 }, (_, s) => [s, s + 1]))
      const actions = sessionActions(events)
      assert.include(actions, "rotated sess_2")
      const rotated = ofTag(events, "Session").find((event) => event.action === "rotated")!
      assert.strictEqual(rotated.previousSessionId, "sess_1")
      assert.strictEqual(rotated.reason, "the session expires soon")
      // the old session is closed only after the new one was opened
      assert.isBelow(actions.indexOf("rotated sess_2"), actions.indexOf("closed sess_1"))
      assert.strictEqual(appendedBytes(calls), 20 * BYTES_PER_SECOND)
    }))

  it.live("a source gap is reported where it happened, when it is read", () =>
    Effect.gen(function*() {
      const input = Stream.concat(
        audio(2),
        Stream.concat(Stream.make(AudioInput.sourceGap("source-stalled", "no audio for 30 s")), audio(1))
      )
      const { events } = yield* collect(input, { summaryIntervalSeconds: 1.5, commitIntervalSeconds: 0.5 })
      const [gap] = ofTag(events, "Gap")
      assert.deepStrictEqual([gap!.start, gap!.end, gap!.reason, gap!.detail], [
        2,
        2,
        "source-stalled",
        "no audio for 30 s"
      ])
      assert.deepStrictEqual(completedRanges(events), [[0, 1.5], [1.5, 3]])
    }))

  it.live("a long outage of the service with a live source: the oldest windows are dropped as gaps, no more", () =>
    Effect.gen(function*() {
      const { events } = yield* collect(
        audio(10, 0.5),
        {
          summaryIntervalSeconds: 1,
          commitIntervalSeconds: 0.5,
          maxBufferedBytes: 3 * BYTES_PER_SECOND,
          whenBufferFull: "drop-oldest"
        },
        { connect: (n) => n <= 1 ? busy : undefined }
      )
      const gaps = ofTag(events, "Gap").map((gap) => [gap.start, gap.end, gap.reason])
      const summarised = completedRanges(events)
      assert.deepStrictEqual(gaps, [0, 1, 2, 3, 4, 5, 6].map((s) => [s, s + 1, "buffer-full"]))
      assert.deepStrictEqual(summarised, [[7, 8], [8, 9], [9, 10]])
    }))

  it.live("stop: the input ends early, the window in progress is the final summary, the stream ends", () =>
    Effect.gen(function*() {
      // 20 chunks of 7,000 bytes (2.917 s), then a source that sends nothing more and never ends
      const input = Stream.concat(Stream.range(0, 19).pipe(Stream.map((i) => pcm(i * 7_000, 7_000))), Stream.never)
      const { events } = yield* collect(
        input,
        { summaryIntervalSeconds: 1, commitIntervalSeconds: 0.5 },
        {},
        () => Effect.void,
        Effect.sleep("300 millis")
      )
      const completed = ofTag(events, "SummaryCompleted")
      assert.deepStrictEqual(completed.map((event) => [event.start, event.end, event.final]), [
        [0, 1, false],
        [1, 2, false],
        [2, 140_000 / BYTES_PER_SECOND, true]
      ])
      assert.strictEqual(events.at(-1)!._tag, "Session")
    }))

  it.live("the budget: reached after a summary, the input stops, one more summary at most, the rest a gap", () =>
    Effect.gen(function*() {
      const endless = Stream.repeatEffect(Effect.sync(() => pcm(0, 12_000))).pipe(
        Stream.schedule(Schedule.spaced("2 millis"))
      )
      // the first summary completes once 3.5 s were appended: windows 1–2 and 2–3 closed, 3–4 in progress
      const gate = yield* Deferred.make<void>()
      const { events } = yield* collect(
        endless,
        { summaryIntervalSeconds: 1, commitIntervalSeconds: 0.5, budgetUsd: 1e-9 },
        { response: (n) => ({ _tag: "Complete", ...(n === 1 ? { after: Deferred.await(gate) } : {}) }) },
        (fake) =>
          fake.audio.pipe(
            Effect.map((all) => all.reduce((sum, bytes) => sum + bytes.length, 0)),
            Effect.repeat({ until: (bytes) => bytes >= 3.5 * BYTES_PER_SECOND }),
            Effect.zipRight(Deferred.succeed(gate, undefined))
          )
      )
      assert.strictEqual(ofTag(events, "BudgetReached").length, 1)
      const completed = ofTag(events, "SummaryCompleted")
      assert.deepStrictEqual(completed.map((event) => [event.start, event.end, event.final]), [[0, 1, false], [
        1,
        2,
        true
      ]])
      const gaps = ofTag(events, "Gap")
      assert.isAtLeast(gaps.length, 2)
      assert.isTrue(gaps.every((gap) => gap.reason === "budget"))
      assert.strictEqual(gaps[0]!.start, 2)
      assert.strictEqual(events.at(-1)!._tag, "Session")
    }))

  it.live("the budget: when one more summary would pass it, that one is the last; the total ends within one summary", () =>
    Effect.gen(function*() {
      const sixSeconds = () => Stream.make(pcm(0, 6 * BYTES_PER_SECOND))
      const options = { summaryIntervalSeconds: 1, commitIntervalSeconds: 0.5 }
      const unbounded = yield* collect(sixSeconds(), options)
      const cost = ofTag(unbounded.events, "SummaryCompleted")[0]!.cost!
      const budgetUsd = 1.5 * cost
      const { events } = yield* collect(sixSeconds(), { ...options, budgetUsd })
      const [reached] = ofTag(events, "BudgetReached")
      assert.strictEqual(reached!.spent, cost)
      const completed = ofTag(events, "SummaryCompleted")
      assert.deepStrictEqual(completed.map((event) => [event.start, event.end, event.final]), [[0, 1, false], [
        1,
        2,
        true
      ]])
      const total = completed.at(-1)!.totalCost!
      assert.isAbove(total, budgetUsd)
      assert.isAtMost(total - budgetUsd, completed.at(-1)!.cost!)
      assert.deepStrictEqual(ofTag(events, "Gap").map((gap) => [gap.start, gap.end, gap.reason]), [
        [2, 3, "budget"],
        [3, 4, "budget"],
        [4, 5, "budget"],
        [5, 6, "budget"]
      ])
    }))
})

import { assert, describe, it } from "@effect/vitest"
import * as RealtimeClient from "@pkg/realtime-client/RealtimeClient"
import * as RealtimeSocket from "@pkg/realtime-client/RealtimeSocket"
import * as RealtimeTestServer from "@pkg/realtime-testkit/RealtimeTestServer"
import * as Selection from "@pkg/realtime-testkit/Selection"
import { speechSamplePath } from "@pkg/realtime-testkit/SpeechSample"
import * as Summariser from "@pkg/summariser/Summariser"
import type { SummaryEvent } from "@pkg/summariser/SummaryEvent"
import { Chunk, Effect, Layer, Redacted, Schedule, Stream } from "effect"
import { execFileSync } from "node:child_process"

// Faults of the service against a real loopback server, with the shipped 43 s speech sample paced in real
// time: in each, every window's bytes reach some session exactly, and every second of audio is inside a
// summary or a reported gap.

const BYTES_PER_SECOND = 48_000

const speech: Uint8Array = execFileSync(
  process.env["FFMPEG_PATH"] ?? "ffmpeg",
  ["-nostdin", "-loglevel", "error", "-i", speechSamplePath, "-f", "s16le", "-ar", "24000", "-ac", "1", "pipe:1"],
  { maxBuffer: 64 * 1024 * 1024 }
)

/** The speech sample as a live source would deliver it: 100 ms every 100 ms. */
const liveSpeech = Stream.fromIterable(
  Array.from({ length: Math.ceil(speech.length / 4_800) }, (_, i) => speech.subarray(i * 4_800, (i + 1) * 4_800))
).pipe(Stream.schedule(Schedule.spaced("100 millis")))

const summariseAgainst = (behaviour: Partial<RealtimeTestServer.Behaviour>) =>
  Effect.gen(function*() {
    const server = yield* RealtimeTestServer.make(behaviour)
    const client = RealtimeClient.layer({
      apiKey: Redacted.make("sk-faults"),
      baseUrl: server.baseUrl,
      pingInterval: "500 millis",
      livenessTimeout: "3 seconds"
    }).pipe(Layer.provide(RealtimeSocket.layerWs))
    const events = yield* Effect.flatMap(Summariser.Summariser, (summariser) =>
      summariser.summarise(liveSpeech).pipe(Stream.runCollect, Effect.map(Chunk.toReadonlyArray))).pipe(
        Effect.provide(Summariser.layer({ whenBufferFull: "drop-oldest" }).pipe(Layer.provide(client)))
      )
    const connections = yield* server.connections
    const recordings = yield* Effect.forEach(connections, (connection) =>
      server.audio(connection.index))
    return { events, connections, recordings: recordings.map((bytes) => Buffer.from(bytes)) }
  })

const ofTag = <T extends SummaryEvent["_tag"]>(events: ReadonlyArray<SummaryEvent>, tag: T) =>
  events.filter((event): event is Extract<SummaryEvent, { _tag: T }> => event._tag === tag)

const assertNothingLost = (
  events: ReadonlyArray<SummaryEvent>,
  recordings: ReadonlyArray<Buffer>
) => {
  const covered = [
    ...ofTag(events, "SummaryCompleted").map((event) => ({ start: event.start, end: event.end, summary: true })),
    ...ofTag(events, "Gap").map((gap) => ({ start: gap.start, end: gap.end, summary: false }))
  ].sort((a, b) => a.start - b.start)
  let position = 0
  for (const range of covered) {
    assert.strictEqual(range.start, position, `audio from ${position} s is in no summary or gap`)
    position = Math.max(position, range.end)
    if (!range.summary) continue
    const bytes = speech.subarray(range.start * BYTES_PER_SECOND, range.end * BYTES_PER_SECOND)
    assert.isTrue(
      recordings.some((recording) => recording.indexOf(bytes) >= 0),
      `the audio of ${range.start}–${range.end} s reached no session whole`
    )
  }
  assert.strictEqual(position, speech.length / BYTES_PER_SECOND)
  assert.isTrue(ofTag(events, "SummaryCompleted").at(-1)!.final)
  const indexes = ofTag(events, "SummaryCompleted").map((event) => event.index)
  assert.deepStrictEqual(indexes, [...new Set(indexes)].sort((a, b) => a - b), "a window was summarised twice")
}

const actions = (events: ReadonlyArray<SummaryEvent>) => ofTag(events, "Session").map((event) => event.action)

describe.concurrent("Summariser against the testkit: faults with live-paced speech", () => {
  it.scopedLive(
    "a socket dropped mid-window: a new session, the window replayed, nothing lost",
    () =>
      Effect.gen(function*() {
        const { events, recordings } = yield* summariseAgainst({
          sessionLimit: "30 seconds",
          faults: [{ _tag: "DropConnection", after: "7 seconds", connections: Selection.first(1) }]
        })
        assertNothingLost(events, recordings)
        assert.includeMembers(actions(events), ["opened", "reconnecting"])
        assert.include(ofTag(events, "Session").find((e) => e.action === "reconnecting")!.reason, "1006")
      }),
    120_000
  )

  it.scopedLive(
    "sessions that expire every 20 s are rotated before they expire, nothing replayed",
    () =>
      Effect.gen(function*() {
        const { connections, events, recordings } = yield* summariseAgainst({ sessionLimit: "20 seconds" })
        assertNothingLost(events, recordings)
        assert.include(actions(events), "rotated")
        assert.notInclude(actions(events), "reconnecting")
        assert.isTrue(connections.every((connection) => connection.closeCode === 1000))
        assert.strictEqual(recordings.reduce((sum, bytes) => sum + bytes.length, 0), speech.length)
      }),
    120_000
  )

  it.scopedLive(
    "two refused handshakes (503): the first session opens on the third attempt",
    () =>
      Effect.gen(function*() {
        const { connections, events, recordings } = yield* summariseAgainst({
          sessionLimit: "30 seconds",
          faults: [{ _tag: "RefuseHandshake", status: 503, times: 2 }]
        })
        assertNothingLost(events, recordings)
        assert.deepStrictEqual(actions(events).slice(0, 3), ["reconnecting", "reconnecting", "opened"])
        assert.deepStrictEqual(connections.slice(0, 2).map((c) => c.status), [
          { _tag: "Refused", status: 503 },
          { _tag: "Refused", status: 503 }
        ])
      }),
    120_000
  )

  it.scopedLive(
    "a rate-limit error on a response: a new session after the backoff, the window summarised there",
    () =>
      Effect.gen(function*() {
        const { events, recordings } = yield* summariseAgainst({
          sessionLimit: "30 seconds",
          faults: [{
            _tag: "ErrorOn",
            clientEventType: "response.create",
            error: { type: "invalid_request_error", code: "rate_limit_exceeded", message: "Rate limit reached." },
            times: 1
          }]
        })
        assertNothingLost(events, recordings)
        assert.include(actions(events), "reconnecting")
      }),
    120_000
  )

  it.scopedLive(
    "garbage frames from the server are passed over: nothing lost, no reconnect",
    () =>
      Effect.gen(function*() {
        const { events, recordings } = yield* summariseAgainst({
          sessionLimit: "30 seconds",
          faults: [{ _tag: "SendMalformed", frames: ["not json", "{\"type\":", "{\"type\":42}"], after: "5 seconds" }]
        })
        assertNothingLost(events, recordings)
        assert.notInclude(actions(events), "reconnecting")
      }),
    120_000
  )

  it.scopedLive(
    "a server that stops answering: the keepalive gives up, a new session takes over",
    () =>
      Effect.gen(function*() {
        const { events, recordings } = yield* summariseAgainst({
          sessionLimit: "30 seconds",
          faults: [{ _tag: "GoSilent", after: "8 seconds", connections: Selection.first(1) }]
        })
        assertNothingLost(events, recordings)
        assert.include(ofTag(events, "Session").find((e) => e.action === "reconnecting")!.reason, "sent nothing")
      }),
    120_000
  )
})

import { assert, describe, it } from "@effect/vitest"
import * as RealtimeClient from "@pkg/realtime-client/RealtimeClient"
import * as RealtimeSocket from "@pkg/realtime-client/RealtimeSocket"
import * as RealtimeTestServer from "@pkg/realtime-testkit/RealtimeTestServer"
import { tone } from "@pkg/realtime-testkit/TestAudio"
import * as Summariser from "@pkg/summariser/Summariser"
import type { SummaryEvent } from "@pkg/summariser/SummaryEvent"
import { Chunk, Effect, Layer, Redacted, Stream } from "effect"

// Two hours of audio, decoded as fast as ffmpeg goes, against a server that counts tokens as the service
// does: each summary reads only its own window, so its input tokens do not grow with the run.

const HOURS = 2

const ofTag = <T extends SummaryEvent["_tag"]>(events: ReadonlyArray<SummaryEvent>, tag: T) =>
  events.filter((event): event is Extract<SummaryEvent, { _tag: T }> => event._tag === tag)

describe("Summariser: flat cost", () => {
  it.scopedLive(
    `${HOURS} hours of audio: the last summary reads as many tokens as the second`,
    () =>
      Effect.gen(function*() {
        const server = yield* RealtimeTestServer.make({ maxRecordedAudioBytes: 0, maxRecordedEvents: 200_000 })
        const client = RealtimeClient.layer({ apiKey: Redacted.make("sk-flat"), baseUrl: server.baseUrl }).pipe(
          Layer.provide(RealtimeSocket.layerWs)
        )
        const events = yield* Effect.flatMap(
          Summariser.Summariser,
          (summariser) =>
            summariser.summarise(tone(HOURS * 3600)).pipe(Stream.runCollect, Effect.map(Chunk.toReadonlyArray))
        ).pipe(
          Effect.provide(Summariser.layer({ batchMillis: 100 }).pipe(Layer.provide(client)))
        )

        const summaries = ofTag(events, "SummaryCompleted")
        assert.strictEqual(summaries.length, HOURS * 3600 / 15)
        const second = summaries[1]!.usage!.inputTokens
        const last = summaries.at(-1)!.usage!.inputTokens
        assert.isBelow(Math.abs(last - second) / second, 0.1, `second summary ${second} tokens, last ${last}`)
        assert.strictEqual(summaries.at(-1)!.usage!.inputAudioTokens, 150)

        // every second of audio in exactly one summary, the final one at the end of the input
        summaries.forEach((summary, index) => {
          assert.strictEqual(summary.start, index * 15)
          assert.strictEqual(summary.end, (index + 1) * 15)
        })
        assert.isTrue(summaries.at(-1)!.final)
        assert.strictEqual(ofTag(events, "Gap").length, 0)

        // the conversation never holds more than a bounded number of items: commits add one, deletes remove one
        let items = 0
        let most = 0
        for (const received of yield* server.received) {
          if (received.type === "input_audio_buffer.commit") most = Math.max(most, ++items)
          if (received.type === "conversation.item.delete") items--
        }
        assert.isAtMost(most, (4 + 1) * 5, "at most pendingWindows + 1 windows of 5 items")
        assert.strictEqual(items, 0)
      }),
    300_000
  )
})

import { assert, describe, it } from "@effect/vitest"
import { defaultOptions } from "@pkg/summariser/SummariserOptions"
import type { SummaryEvent } from "@pkg/summariser/SummaryEvent"
import { Chunk, Effect, Mailbox, Option } from "effect"
import { RunState } from "../../src/internal/state.js"
import { TRANSCRIPT_WAIT_MILLIS, TranscriptOrder } from "../../src/internal/transcripts.js"

const order = Effect.gen(function*() {
  const output = yield* Mailbox.make<SummaryEvent, unknown>()
  const state = yield* RunState.make(
    defaultOptions,
    { frameBytes: 960, commitBytes: 48_000, summaryBytes: 144_000 },
    output
  )
  const transcripts = new TranscriptOrder(state)
  const out = Effect.suspend(() =>
    Option.getOrElse(output.unsafeSize(), () => 0) === 0
      ? Effect.succeed([])
      : Effect.map(output.takeAll, ([events]) =>
        Chunk.toReadonlyArray(events).map((event) => event._tag === "Transcript" ? event.text : event._tag))
  )
  return { transcripts, out }
})

const item = (n: number) => ({ id: `item_${n}`, startByte: (n - 1) * 48_000, endByte: n * 48_000 })

describe("TranscriptOrder", () => {
  it.effect("holds what completes early until what comes before it is out", () =>
    Effect.gen(function*() {
      const { out, transcripts } = yield* order
      for (const n of [1, 2, 3]) transcripts.expect(item(n))
      yield* transcripts.completed("item_3", "three", 0)
      yield* transcripts.completed("item_2", "two", 0)
      assert.deepStrictEqual(yield* out, [])
      yield* transcripts.completed("item_1", "one", 0)
      assert.deepStrictEqual(yield* out, ["one", "two", "three"])
    }))

  it.effect("the same audio committed again after a replay is transcribed once", () =>
    Effect.gen(function*() {
      const { out, transcripts } = yield* order
      transcripts.expect(item(1))
      yield* transcripts.completed("item_1", "one", 0)
      transcripts.expect({ ...item(1), id: "item_replayed" })
      yield* transcripts.completed("item_replayed", "one again", 0)
      assert.deepStrictEqual(yield* out, ["one"])
    }))

  it.effect("a transcript that never comes is given up after a while; a failed one is a warning", () =>
    Effect.gen(function*() {
      const { out, transcripts } = yield* order
      for (const n of [1, 2, 3]) transcripts.expect(item(n))
      yield* transcripts.failed("item_1", "unintelligible", 0)
      yield* transcripts.completed("item_3", "three", 0)
      assert.deepStrictEqual(yield* out, ["Warning"])
      yield* transcripts.completed("item_unknown", "?", TRANSCRIPT_WAIT_MILLIS + 1)
      transcripts.expect(item(4))
      yield* transcripts.completed("item_4", "four", TRANSCRIPT_WAIT_MILLIS + 1)
      assert.deepStrictEqual(yield* out, ["three", "four"])
    }))
})

import { assert, describe, it } from "@effect/vitest"
import { DateTime, Effect, Option } from "effect"
import * as EventLog from "../src/EventLog.js"
import * as LogLines from "../src/LogLines.js"
import { everyEvent, T0 } from "./fakes.js"

const at = DateTime.unsafeMake(T0 + 1)

describe("EventLog", () => {
  it.effect("each line is one JSON object with type and at first, and reads back as it was written", () =>
    Effect.gen(function*() {
      const lines = everyEvent.flatMap((event) => Option.toArray(LogLines.fromSummaryEvent(event, at)))
      assert.deepStrictEqual([...new Set(lines.map((line) => line.type))], [
        "session",
        "transcript",
        "summary",
        "warning",
        "gap"
      ])
      for (const line of lines) {
        const text = EventLog.encode(line)
        assert.notInclude(text, "\n")
        assert.match(text, /^\{"type":"[a-z]+","at":"2026-01-01T12:00:00\.001Z",/)
        assert.deepStrictEqual(yield* EventLog.decode(text), line)
      }
    }))

  it("a summary line carries the window's wall-clock times, the service's usage and the cost", () => {
    const summary = Option.getOrThrow(LogLines.fromSummaryEvent(everyEvent[6]!, at))
    assert.deepStrictEqual(JSON.parse(EventLog.encode(summary)), {
      type: "summary",
      at: "2026-01-01T12:00:00.001Z",
      index: 0,
      start: 0,
      end: 15,
      startedAt: "2026-01-01T12:00:00.000Z",
      endedAt: "2026-01-01T12:00:15.000Z",
      final: false,
      text: "The newsreader greets the listeners.",
      model: "gpt-realtime-2.1-mini",
      usage: {
        total_tokens: 340,
        input_tokens: 300,
        output_tokens: 40,
        input_token_details: {
          text_tokens: 150,
          audio_tokens: 150,
          cached_tokens: 64,
          cached_tokens_details: { text_tokens: 64, audio_tokens: 0 }
        },
        output_token_details: { text_tokens: 40, audio_tokens: 0 }
      },
      cost: 0.0012,
      totalCost: 0.0012
    })
  })

  it.effect("a line that breaks the schema is refused", () =>
    Effect.gen(function*() {
      for (
        const text of [
          "{\"type\":\"end\",\"at\":\"2026-01-01T12:00:00Z\",\"reason\":\"crashed\"}",
          "{\"type\":\"gap\",\"at\":\"yesterday\",\"start\":0,\"end\":0,\"reason\":\"buffer-full\",\"detail\":\"\"}",
          "{\"type\":\"summary\"}",
          "{\"type\":\"end\",\"at\":\"2026-01-01T12:00:00Z\",\"reason\":\"eof\",\"elapsedSeconds\":1,\"total"
        ]
      ) {
        assert.isTrue((yield* Effect.either(EventLog.decode(text)))._tag === "Left", text)
      }
    }))
})

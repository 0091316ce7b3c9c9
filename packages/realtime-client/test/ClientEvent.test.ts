import { assert, describe, it } from "@effect/vitest"
import type { ResponseCreate, SessionUpdate } from "@pkg/realtime-client/ClientEvent"
import {
  ClientEvent,
  ClientEventFromJson,
  decodeClientEvent,
  encodeClientEvent
} from "@pkg/realtime-client/ClientEvent"
import { Effect, Either, Schema } from "effect"
import * as fs from "node:fs"

const decode = Schema.decodeUnknown(ClientEvent)
const encode = Schema.encode(ClientEvent)

const summariserSessionUpdate: SessionUpdate = {
  type: "session.update",
  event_id: "cfg_1",
  session: {
    type: "realtime",
    output_modalities: ["text"],
    instructions: "You summarise live radio. Reply with a short neutral summary of the audio you are given.",
    audio: {
      input: {
        format: { type: "audio/pcm", rate: 24000 },
        transcription: { model: "gpt-4o-transcribe", language: "en" },
        noise_reduction: null,
        turn_detection: null
      }
    },
    max_output_tokens: 1024,
    truncation: { type: "retention_ratio", retention_ratio: 0.5, token_limits: { post_instructions: 8000 } }
  }
}

const summaryRequest: ResponseCreate = {
  type: "response.create",
  event_id: "summary_3",
  response: {
    conversation: "none",
    output_modalities: ["text"],
    instructions: "Summarise the new audio, continuing the running summary.",
    metadata: { purpose: "summary", window: "3" },
    input: [
      {
        type: "message",
        role: "system",
        content: [{ type: "input_text", text: "Summary so far: traffic news and the weather." }]
      },
      { type: "item_reference", id: "item_CAbq3vN8dT2yRk0oPf7Jq" },
      { type: "item_reference", id: "item_CAbq5fG2hJ4kL6mN8pQ0r" }
    ]
  }
}

const late2026 = (name: string): unknown =>
  JSON.parse(fs.readFileSync(new URL(`./fixtures/late-2026/${name}.json`, import.meta.url), "utf8"))

describe("ClientEvent", () => {
  it.effect("late-2026 session.update and response.create decode and encode to the same JSON", () =>
    Effect.gen(function*() {
      for (const name of ["session.update", "response.create"]) {
        const json = late2026(name)
        assert.deepStrictEqual(yield* encode(yield* decode(json)), json)
      }
    }))

  it.effect("sends reasoning, a custom voice and the newer transcription options", () =>
    Effect.sync(() => {
      const update: SessionUpdate = {
        type: "session.update",
        event_id: "cfg_2026",
        session: {
          type: "realtime",
          output_modalities: ["text"],
          reasoning: { effort: "minimal" },
          audio: {
            input: {
              transcription: { model: "gpt-transcribe", languages: ["de"], keywords: ["Bundestag"] },
              noise_reduction: { type: "near_field", strength: 0.8 },
              turn_detection: null
            },
            output: { voice: { id: "voice_5678" } }
          }
        }
      }
      assert.deepStrictEqual(JSON.parse(encodeClientEvent(update)), late2026("session.update"))
      const request: ResponseCreate = {
        type: "response.create",
        event_id: "summary_2026",
        response: {
          conversation: "none",
          output_modalities: ["audio"],
          reasoning: { effort: "high" },
          audio: { output: { voice: { id: "voice_5678" } } },
          metadata: { window: "12" },
          input: [{ type: "item_reference", id: "item_C7kq3vN8dT2yRk0oPf7Jq" }]
        }
      }
      assert.deepStrictEqual(JSON.parse(encodeClientEvent(request)), late2026("response.create"))
    }))

  it.prop(
    "decode(encode(e)) is e, and encodeClientEvent's JSON (by its type's member) is the union's and decodes back to e",
    [ClientEvent],
    ([event]) => {
      const encoded = Schema.encodeSync(ClientEvent)(event)
      assert.deepStrictEqual(Schema.decodeUnknownSync(ClientEvent)(encoded), event)
      const json = encodeClientEvent(event)
      assert.strictEqual(json, Schema.encodeSync(ClientEventFromJson)(event))
      assert.deepStrictEqual(JSON.parse(json), encoded)
      assert.deepStrictEqual(decodeClientEvent(json), Either.right(event))
    },
    { fastCheck: { numRuns: 1000 } }
  )

  it.effect("encodes the summariser's GA session.update as documented", () =>
    Effect.gen(function*() {
      assert.deepStrictEqual(JSON.parse(encodeClientEvent(summariserSessionUpdate)), {
        type: "session.update",
        event_id: "cfg_1",
        session: {
          type: "realtime",
          output_modalities: ["text"],
          instructions: "You summarise live radio. Reply with a short neutral summary of the audio you are given.",
          audio: {
            input: {
              format: { type: "audio/pcm", rate: 24000 },
              transcription: { model: "gpt-4o-transcribe", language: "en" },
              noise_reduction: null,
              turn_detection: null
            }
          },
          max_output_tokens: 1024,
          truncation: { type: "retention_ratio", retention_ratio: 0.5, token_limits: { post_instructions: 8000 } }
        }
      })
      assert.deepStrictEqual(yield* decode(yield* encode(summariserSessionUpdate)), summariserSessionUpdate)
    }))

  it.effect("encodes an out-of-band response.create with metadata, a system message and item references", () =>
    Effect.gen(function*() {
      const json = JSON.parse(encodeClientEvent(summaryRequest))
      assert.strictEqual(json.response.conversation, "none")
      assert.deepStrictEqual(json.response.metadata, { purpose: "summary", window: "3" })
      assert.deepStrictEqual(json.response.input.map((item: { type: string }) => item.type), [
        "message",
        "item_reference",
        "item_reference"
      ])
      const decoded = yield* decode(json)
      assert.deepStrictEqual(decoded, summaryRequest)
      assert.isTrue(decoded.type === "response.create" && decoded.response?.input?.[1]?.type === "item_reference")
    }))

  it.effect("accepts a custom conversation id and the simple events", () =>
    Effect.gen(function*() {
      const events: ReadonlyArray<ClientEvent> = [
        { type: "response.create", response: { conversation: "conv_CAbpx4WzQ2mE8rT6yUiOp" } },
        { type: "response.create" },
        { type: "input_audio_buffer.append", audio: "AAABAAIAAQAAAP//AAD+/wAA" },
        { type: "input_audio_buffer.commit", event_id: "commit_12" },
        { type: "input_audio_buffer.clear" },
        { type: "conversation.item.delete", item_id: "item_CAbq3vN8dT2yRk0oPf7Jq" },
        { type: "conversation.item.retrieve", item_id: "item_CAbq3vN8dT2yRk0oPf7Jq" },
        {
          type: "conversation.item.truncate",
          item_id: "item_CAbq7a1RkTz9oX3nVw6Ec",
          content_index: 0,
          audio_end_ms: 1500
        },
        {
          type: "conversation.item.create",
          previous_item_id: "root",
          item: { id: "sum_001", type: "message", role: "user", content: [{ type: "input_text", text: "Summary: …" }] }
        },
        { type: "response.cancel", response_id: "resp_CAbq7Zh1sQmVcG4kW2pLx" },
        { type: "output_audio_buffer.clear" },
        { type: "session.update", session: { type: "transcription", audio: { input: { turn_detection: null } } } }
      ]
      for (const event of events) {
        assert.deepStrictEqual(yield* decode(JSON.parse(encodeClientEvent(event))), event)
      }
    }))

  it.effect("rejects invalid client events", () =>
    Effect.sync(() => {
      const invalid: ReadonlyArray<unknown> = [
        { type: "session.update", session: { output_modalities: ["text"] } },
        { type: "session.update", session: { type: "conversation" } },
        { type: "response.created", response: {} },
        { type: "input_audio_buffer.append" },
        { type: "conversation.item.delete", item_id: "item_1", event_id: "x".repeat(513) },
        { type: "conversation.item.create", item: { type: "reasoning" } },
        { type: "response.create", response: { input: [{ type: "item_reference" }] } },
        {
          type: "response.create",
          response: { metadata: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, "v"])) }
        },
        { event_id: "e1" }
      ]
      for (const event of invalid) {
        assert.isTrue(Either.isLeft(Schema.decodeUnknownEither(ClientEvent)(event)), JSON.stringify(event))
      }
      assert.isTrue(Either.isLeft(decodeClientEvent("not json")))
    }))

  it.effect("encodeClientEvent validates constraints the types cannot express", () =>
    Effect.sync(() => {
      assert.throws(() => encodeClientEvent({ type: "input_audio_buffer.commit", event_id: "x".repeat(513) }))
      assert.strictEqual(
        encodeClientEvent({ type: "input_audio_buffer.commit", event_id: "x".repeat(512) }),
        `{"type":"input_audio_buffer.commit","event_id":"${"x".repeat(512)}"}`
      )
    }))
})

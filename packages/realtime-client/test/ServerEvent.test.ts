import { assert, describe, it } from "@effect/vitest"
import type { ServerEvent } from "@pkg/realtime-client/ServerEvent"
import {
  decodeServerEvent,
  isUnknownServerEvent,
  KnownServerEventTypes,
  ServerEvent as ServerEventSchema,
  serverEventIssue
} from "@pkg/realtime-client/ServerEvent"
import { Effect, Either, FastCheck, Option, Schema } from "effect"
import * as fs from "node:fs"

const fixturesDir = new URL("./fixtures/server-events/", import.meta.url)

const fixtures = fs.readdirSync(fixturesDir)
  .filter((file) => file.endsWith(".json"))
  .map((file) => ({ type: file.slice(0, -".json".length), text: fs.readFileSync(new URL(file, fixturesDir), "utf8") }))

const fixture = (type: string): Record<string, unknown> =>
  JSON.parse(fs.readFileSync(new URL(`${type}.json`, fixturesDir), "utf8"))

const encode = Schema.encode(ServerEventSchema)

// Compiles only if `switch (event.type)` narrows every known member and the fallback.
const textOf = (event: ServerEvent): string | undefined => {
  switch (event.type) {
    case "response.output_text.delta":
      return event.delta
    case "response.output_text.done":
      return event.text
    case "conversation.item.input_audio_transcription.completed":
      return event.transcript
    case "unknown":
      return event.originalType
    default:
      return undefined
  }
}

const late2026 = (name: string): string =>
  fs.readFileSync(new URL(`./fixtures/late-2026/${name}.json`, import.meta.url), "utf8")

describe("ServerEvent", () => {
  describe("late-2026 fields", () => {
    for (
      const name of ["session.updated", "session.created", "conversation.item.input_audio_transcription.completed"]
    ) {
      it.effect(`${name} with late-2026 fields decodes and re-encodes to the same JSON`, () =>
        Effect.gen(function*() {
          const text = late2026(name)
          const event = decodeServerEvent(text)
          assert.isFalse(isUnknownServerEvent(event), Option.getOrElse(serverEventIssue(text), () => ""))
          assert.deepStrictEqual(yield* encode(event), JSON.parse(text))
        }))
    }

    it.effect("reasoning, a custom voice, transcription languages and keywords, noise reduction strength", () =>
      Effect.sync(() => {
        const event = decodeServerEvent(late2026("session.updated"))
        assert.strictEqual(event.type, "session.updated")
        if (event.type !== "session.updated") return
        assert.deepStrictEqual(event.session.reasoning, { effort: "xhigh" })
        assert.deepStrictEqual(event.session.audio?.output?.voice, { id: "voice_1234" })
        assert.deepStrictEqual(event.session.audio?.input?.transcription, {
          model: "gpt-live-transcribe",
          languages: ["en", "fr"],
          keywords: ["franceinfo", "Matignon"]
        })
        assert.deepStrictEqual(event.session.audio?.input?.noise_reduction, { type: "far_field", strength: 0.6 })
      }))

    it.effect("a transcription's delay, and the languages detected in a transcript", () =>
      Effect.sync(() => {
        const created = decodeServerEvent(late2026("session.created"))
        assert.isTrue(
          created.type === "session.created" && created.session.audio?.input?.transcription?.delay === "low"
        )
        const completed = decodeServerEvent(late2026("conversation.item.input_audio_transcription.completed"))
        assert.strictEqual(completed.type, "conversation.item.input_audio_transcription.completed")
        if (completed.type !== "conversation.item.input_audio_transcription.completed") return
        assert.deepStrictEqual(completed.languages, [{ code: "fr" }, { code: "en" }])
      }))
  })

  describe("fixtures", () => {
    it.effect("cover every known server event type", () =>
      Effect.sync(() => {
        assert.deepStrictEqual(new Set(fixtures.map((f) => f.type)), new Set(KnownServerEventTypes))
        assert.strictEqual(KnownServerEventTypes.size, 46)
      }))

    for (const { text, type } of fixtures) {
      it.effect(`${type} decodes to its variant and re-encodes to the same JSON`, () =>
        Effect.gen(function*() {
          const event = decodeServerEvent(text)
          assert.isFalse(isUnknownServerEvent(event), `${type}: ${Option.getOrElse(serverEventIssue(text), () => "")}`)
          assert.strictEqual(event.type, type)
          assert.deepStrictEqual(yield* encode(event), JSON.parse(text))
        }))
    }
  })

  describe("decoded fields", () => {
    it.effect("output text delta and done", () =>
      Effect.sync(() => {
        assert.strictEqual(
          textOf(decodeServerEvent(JSON.stringify(fixture("response.output_text.delta")))),
          "The host reviews"
        )
        const done = decodeServerEvent(JSON.stringify(fixture("response.output_text.done")))
        assert.isTrue(done.type === "response.output_text.done" && done.response_id === "resp_CAbq7Zh1sQmVcG4kW2pLx")
        assert.match(textOf(done) ?? "", /^The host reviews the morning's traffic/)
      }))

    it.effect("session.created carries the session id, model and expiry", () =>
      Effect.sync(() => {
        const event = decodeServerEvent(JSON.stringify(fixture("session.created")))
        assert.strictEqual(event.type, "session.created")
        if (event.type !== "session.created") return
        assert.strictEqual(event.session.id, "sess_CAbpx4Jq8nRtW0vYz2KdL")
        assert.strictEqual(event.session.expires_at, 1767612345)
        assert.deepStrictEqual(event.session.audio?.input?.format, { type: "audio/pcm", rate: 24000 })
        assert.strictEqual(event.session.audio?.input?.turn_detection?.type, "server_vad")
      }))

    it.effect("response.done carries status, metadata, output text and usage with cached tokens", () =>
      Effect.sync(() => {
        const event = decodeServerEvent(JSON.stringify(fixture("response.done")))
        assert.strictEqual(event.type, "response.done")
        if (event.type !== "response.done") return
        const { response } = event
        assert.strictEqual(response.status, "completed")
        assert.isNull(response.conversation_id)
        assert.deepStrictEqual(response.metadata, { purpose: "summary", window: "3" })
        assert.strictEqual(response.usage?.input_tokens, 1204)
        assert.strictEqual(response.usage?.input_token_details?.cached_tokens, 640)
        assert.strictEqual(response.usage?.input_token_details?.cached_tokens_details?.audio_tokens, 384)
        const [item] = response.output ?? []
        assert.isTrue(item?.type === "message" && item.role === "assistant")
        if (item?.type !== "message" || item.role !== "assistant") return
        assert.strictEqual(item.content[0]?.type, "output_text")
      }))

    it.effect("input_audio_buffer.committed carries the item and its predecessor", () =>
      Effect.sync(() => {
        const raw = fixture("input_audio_buffer.committed")
        const event = decodeServerEvent(JSON.stringify(raw))
        assert.deepStrictEqual<unknown>(event, raw)
        assert.isTrue(event.type === "input_audio_buffer.committed" && event.item_id === "item_CAbq3vN8dT2yRk0oPf7Jq")
      }))

    it.effect("the error event keeps type, code, message and the client event_id", () =>
      Effect.sync(() => {
        const event = decodeServerEvent(JSON.stringify(fixture("error")))
        assert.strictEqual(event.type, "error")
        if (event.type !== "error") return
        assert.strictEqual(event.error.code, "conversation_already_has_active_response")
        assert.strictEqual(event.error.type, "invalid_request_error")
        assert.strictEqual(event.error.event_id, "summary_7")
        assert.match(event.error.message, /already has an active response/)
      }))
  })

  describe("tolerance", () => {
    it.effect("accepts the beta-era conversation.item.created with `text` content", () =>
      Effect.sync(() => {
        const event = decodeServerEvent(JSON.stringify(fixture("conversation.item.created")))
        assert.strictEqual(event.type, "conversation.item.created")
        if (event.type !== "conversation.item.created") return
        assert.isTrue(event.item.type === "message" && event.item.role === "assistant")
        if (event.item.type !== "message" || event.item.role !== "assistant") return
        assert.deepStrictEqual(event.item.content.map((part) => part.type), ["text"])
      }))

    it.effect("accepts a transcription usage of type duration", () =>
      Effect.sync(() => {
        const event = decodeServerEvent(JSON.stringify({
          type: "conversation.item.input_audio_transcription.completed",
          event_id: "event_B1xTrn0Dur1Ab2Cd3",
          item_id: "item_CAbq3vN8dT2yRk0oPf7Jq",
          content_index: 0,
          transcript: "And now the weather.",
          usage: { type: "duration", seconds: 2.7 }
        }))
        assert.strictEqual(textOf(event), "And now the weather.")
        assert.isTrue(event.type === "conversation.item.input_audio_transcription.completed")
        if (event.type !== "conversation.item.input_audio_transcription.completed") return
        assert.deepStrictEqual(event.usage, { type: "duration", seconds: 2.7 })
      }))

    it.effect("keeps the transcript when the usage has a billing type not known yet", () =>
      Effect.sync(() => {
        const usage = { type: "characters", characters: 20 }
        const event = decodeServerEvent(JSON.stringify({
          ...fixture("conversation.item.input_audio_transcription.completed"),
          usage
        }))
        assert.strictEqual(event.type, "conversation.item.input_audio_transcription.completed")
        if (event.type !== "conversation.item.input_audio_transcription.completed") return
        assert.strictEqual(event.transcript, "Good morning, it's seven o'clock and here is the traffic.")
        assert.deepStrictEqual(event.usage, { type: "unknown", originalType: "characters", raw: usage })
      }))

    it.effect("keeps response.done when an output item has a type not known yet", () =>
      Effect.sync(() => {
        const reasoning = { id: "item_CAbqRsn1", type: "reasoning", summary: [] }
        const done = fixture("response.done") as { response: Record<string, unknown> }
        const event = decodeServerEvent(
          JSON.stringify({ ...done, response: { ...done.response, output: [reasoning] } })
        )
        assert.strictEqual(event.type, "response.done")
        if (event.type !== "response.done") return
        assert.deepStrictEqual(event.response.output, [
          { type: "unknown", originalType: "reasoning", id: "item_CAbqRsn1", raw: reasoning }
        ])
      }))

    it.effect("ignores unknown fields, at the top and nested", () =>
      Effect.sync(() => {
        const delta = fixture("response.output_text.delta")
        const event = decodeServerEvent(JSON.stringify({ ...delta, obfuscation: "x9Qa", future: { nested: true } }))
        assert.deepStrictEqual(event, decodeServerEvent(JSON.stringify(delta)))

        const created = fixture("session.created") as { session: Record<string, unknown> }
        const withExtras = decodeServerEvent(
          JSON.stringify({ ...created, session: { ...created.session, new_knob: 3, client_secret: null } })
        )
        assert.strictEqual(withExtras.type, "session.created")
      }))

    it.effect("decodes an unknown type to UnknownServerEvent with the frame preserved", () =>
      Effect.gen(function*() {
        const raw = { type: "response.output_image.delta", event_id: "event_B1xNew0Type1", delta: "iVBORw0KGgo=" }
        const event = decodeServerEvent(JSON.stringify(raw))
        assert.deepStrictEqual(event, {
          type: "unknown",
          originalType: "response.output_image.delta",
          reason: "UnknownType",
          event_id: "event_B1xNew0Type1",
          raw
        })
        assert.isTrue(isUnknownServerEvent(event))
        assert.deepStrictEqual(serverEventIssue(event), Option.none())
        assert.deepStrictEqual(yield* encode(event), raw)
      }))

    it.effect("decodes a known type with a broken payload to UnknownServerEvent(InvalidEvent)", () =>
      Effect.sync(() => {
        const raw = {
          type: "response.output_text.delta",
          event_id: "event_B1xBad0Delta1",
          response_id: "resp_1",
          delta: 7
        }
        const event = decodeServerEvent(JSON.stringify(raw))
        assert.deepStrictEqual(event, {
          type: "unknown",
          originalType: "response.output_text.delta",
          reason: "InvalidEvent",
          event_id: "event_B1xBad0Delta1",
          raw
        })
        const issue = serverEventIssue(event)
        assert.isTrue(Option.isSome(issue))
        assert.match(Option.getOrElse(issue, () => ""), /item_id/)
        assert.match(Option.getOrElse(issue, () => ""), /delta/)
      }))

    it.effect("decodes non-JSON text to UnknownServerEvent(InvalidEvent) with the text as raw", () =>
      Effect.sync(() => {
        const text = "<html>502 Bad Gateway</html>"
        const event = decodeServerEvent(text)
        assert.deepStrictEqual(event, { type: "unknown", originalType: "", reason: "InvalidEvent", raw: text })
        assert.isTrue(Option.isSome(serverEventIssue(event)))
        assert.isTrue(Option.isSome(serverEventIssue(text)))
      }))

    it.effect("decodes JSON without a string type to UnknownServerEvent(InvalidEvent)", () =>
      Effect.sync(() => {
        for (
          const text of ["{\"event_id\":\"event_1\",\"delta\":\"x\"}", "{\"type\":42}", "[1,2]", "null", "\"text\""]
        ) {
          const event = decodeServerEvent(text)
          assert.deepStrictEqual(event, { type: "unknown", originalType: "", reason: "InvalidEvent", raw: text })
          assert.isTrue(Option.isSome(serverEventIssue(text)))
        }
      }))

    it.effect("serverEventIssue is None for a valid event", () =>
      Effect.sync(() => {
        const text = JSON.stringify(fixture("response.done"))
        assert.deepStrictEqual(serverEventIssue(text), Option.none())
        assert.deepStrictEqual(serverEventIssue(JSON.parse(text)), Option.none())
      }))

    it.effect("isUnknownServerEvent rejects known events and look-alikes", () =>
      Effect.sync(() => {
        assert.isFalse(isUnknownServerEvent(decodeServerEvent(JSON.stringify(fixture("rate_limits.updated")))))
        assert.isFalse(isUnknownServerEvent({ type: "unknown" }))
        assert.isFalse(isUnknownServerEvent(null))
      }))

    it.prop(
      "Schema decoding never fails for an object with a string type",
      [
        FastCheck.oneof(FastCheck.constantFrom(...KnownServerEventTypes), FastCheck.string()),
        FastCheck.dictionary(FastCheck.string(), FastCheck.jsonValue())
      ],
      ([type, fields]) => {
        const decoded = Schema.decodeUnknownEither(ServerEventSchema)({ ...fields, type })
        assert.isTrue(Either.isRight(decoded))
        if (Either.isLeft(decoded)) return
        const event = decoded.right
        if (isUnknownServerEvent(event)) {
          assert.strictEqual(event.originalType, type)
          assert.strictEqual(event.reason, KnownServerEventTypes.has(type) ? "InvalidEvent" : "UnknownType")
        } else {
          assert.strictEqual(event.type, type)
        }
      }
    )
  })
})

import { assert, describe, it } from "@effect/vitest"
import { RealtimeTestServer } from "@pkg/realtime-testkit"
import { Effect, Logger, LogLevel } from "effect"
import type { Received, TestClient } from "./client.js"
import { append, connect, pcm } from "./client.js"

const open = (behaviour?: Partial<RealtimeTestServer.Behaviour>) =>
  Effect.gen(function*() {
    const server = yield* RealtimeTestServer.make(behaviour)
    const client = yield* connect(`${server.url}?model=gpt-realtime`)
    yield* client.next
    yield* client.send({ type: "session.update", session: { type: "realtime", output_modalities: ["text"] } })
    yield* client.until("session.updated")
    return { server, client }
  })

/** Appends and commits `bytes` of audio, returning the new item's id. */
const commit = (client: TestClient, bytes: number) =>
  Effect.gen(function*() {
    yield* append(client, pcm(bytes))
    yield* client.send({ type: "input_audio_buffer.commit" })
    const events = yield* client.until("conversation.item.done")
    return events[0].item_id as string
  })

const responseEvents = (events: ReadonlyArray<Received>, id: string) =>
  events.filter((event) => event.response_id === id || event.response?.id === id)

describe("responses", () => {
  it.scopedLive("streams a default-conversation response in the GA order, with the text cut in deltas", () =>
    Effect.gen(function*() {
      const { client } = yield* open({ deltaSize: 12 })
      const userItem = yield* commit(client, 48_000)
      yield* client.send({ type: "response.create", event_id: "r_1", response: { metadata: { window: "0" } } })
      const events = yield* client.until("response.done")
      assert.deepStrictEqual(events.map((event) => event.type), [
        "response.created",
        "rate_limits.updated",
        "response.output_item.added",
        "conversation.item.added",
        "response.content_part.added",
        ...events.filter((event) => event.type === "response.output_text.delta").map(() =>
          "response.output_text.delta"
        ),
        "response.output_text.done",
        "response.content_part.done",
        "response.output_item.done",
        "conversation.item.done",
        "response.done"
      ])
      const [created, limits, itemAdded, conversationAdded] = events
      const responseId = created.response.id
      assert.match(responseId, /^resp_\d+$/)
      assert.strictEqual(created.response.object, "realtime.response")
      assert.strictEqual(created.response.status, "in_progress")
      assert.match(created.response.conversation_id, /^conv_\d+$/)
      assert.deepStrictEqual(created.response.output_modalities, ["text"])
      assert.deepStrictEqual(created.response.metadata, { window: "0" })
      assert.deepStrictEqual(limits.rate_limits.map((limit: any) => limit.name), ["requests", "tokens"])
      assert.strictEqual(itemAdded.item.status, "in_progress")
      assert.strictEqual(itemAdded.item.role, "assistant")
      assert.strictEqual(conversationAdded.previous_item_id, userItem)

      const text =
        "Local simulator summary #1: this response's context holds 1.0 s of committed audio (48000 bytes in 1 item). " +
        "This text comes from the local Realtime simulator, not from a model."
      const deltas = events.filter((event) => event.type === "response.output_text.delta")
      assert.strictEqual(deltas.map((delta) => delta.delta).join(""), text)
      assert.strictEqual(deltas.length, Math.ceil(text.length / 12))
      deltas.forEach((delta) => {
        assert.strictEqual(delta.response_id, responseId)
        assert.strictEqual(delta.item_id, itemAdded.item.id)
      })
      const done = events[events.length - 1]
      assert.strictEqual(done.response.status, "completed")
      assert.deepStrictEqual(done.response.output, [{
        id: itemAdded.item.id,
        type: "message",
        object: "realtime.item",
        status: "completed",
        role: "assistant",
        content: [{ type: "output_text", text }]
      }])
      assert.deepStrictEqual(done.response.metadata, { window: "0" })
    }))

  it.scopedLive("the default summary counts the audio committed in the response's context", () =>
    Effect.gen(function*() {
      const { client } = yield* open()
      for (let i = 0; i < 5; i++) yield* commit(client, 144_000)
      yield* client.send({ type: "response.create" })
      const done = yield* client.waitFor("response.done")
      assert.strictEqual(
        done.response.output[0].content[0].text,
        "Local simulator summary #1: this response's context holds 15.0 s of committed audio (720000 bytes in 5 items). " +
          "This text comes from the local Realtime simulator, not from a model."
      )
    }))

  it.scopedLive("summaryText gets the connection, response index, instructions, audio and metadata", () =>
    Effect.gen(function*() {
      const requests: Array<RealtimeTestServer.SummaryRequest> = []
      const { client } = yield* open({
        summaryText: (request) => {
          requests.push(request)
          return `summary ${request.index}`
        }
      })
      const first = yield* commit(client, 9_600)
      yield* commit(client, 4_800)
      yield* append(client, pcm(1_000))
      yield* client.send({
        type: "response.create",
        response: {
          conversation: "none",
          instructions: "Be brief.",
          metadata: { purpose: "summary" },
          input: [{ type: "item_reference", id: first }]
        }
      })
      yield* client.until("response.done")
      yield* client.send({ type: "response.create" })
      yield* client.until("response.done")
      assert.deepStrictEqual(requests, [
        {
          connection: 0,
          index: 0,
          instructions: "Be brief.",
          audioBytesCommitted: 9_600,
          audioItemsCommitted: 1,
          totalAudioBytes: 15_400,
          metadata: { purpose: "summary" }
        },
        {
          connection: 0,
          index: 1,
          instructions: requests[1].instructions,
          audioBytesCommitted: 14_400,
          audioItemsCommitted: 2,
          totalAudioBytes: 15_400,
          metadata: undefined
        }
      ])
      assert.isString(requests[1].instructions)
    }))

  it.scopedLive("refuses a second default-conversation response while one is active", () =>
    Effect.gen(function*() {
      const { client } = yield* open({ deltaDelay: "20 millis" })
      yield* client.send({ type: "response.create", event_id: "r_1" })
      yield* client.send({ type: "response.create", event_id: "r_2" })
      const events = yield* client.until("response.done")
      const created = events.find((event) => event.type === "response.created")!
      const error = events.find((event) => event.type === "error")!
      assert.isBelow(events.indexOf(created), events.indexOf(error))
      const activeId = created.response.id
      assert.deepStrictEqual(error.error, {
        type: "invalid_request_error",
        code: "conversation_already_has_active_response",
        message: `Conversation already has an active response in progress: ${activeId}. ` +
          "Wait until the response is finished before creating a new one.",
        param: null,
        event_id: "r_2"
      })
      yield* client.send({ type: "response.create", event_id: "r_3" })
      assert.strictEqual((yield* client.waitFor("response.done")).response.status, "completed")
    }))

  it.scopedLive("runs out-of-band responses in parallel with each other and with a default one", () =>
    Effect.gen(function*() {
      const { client } = yield* open({ deltaDelay: "10 millis", deltaSize: 8 })
      yield* client.send({ type: "response.create", response: { conversation: "none", metadata: { n: "1" } } })
      yield* client.send({ type: "response.create", response: { conversation: "none", metadata: { n: "2" } } })
      yield* client.send({ type: "response.create" })
      const events: Array<Received> = []
      while (events.filter((event) => event.type === "response.done").length < 3) events.push(yield* client.next)
      assert.isFalse(events.some((event) => event.type === "error"))
      const created = events.filter((event) => event.type === "response.created")
      const firstDone = events.findIndex((event) => event.type === "response.done")
      assert.strictEqual(created.length, 3)
      assert.isTrue(created.every((event) => events.indexOf(event) < firstDone))
      const [oob1, oob2, inband] = created.map((event) => event.response)
      assert.isNull(oob1.conversation_id)
      assert.isNull(oob2.conversation_id)
      assert.isNotNull(inband.conversation_id)
      assert.deepStrictEqual([oob1.metadata, oob2.metadata], [{ n: "1" }, { n: "2" }])
      for (const oob of [oob1, oob2]) {
        const own = responseEvents(events, oob.id)
        assert.strictEqual(own[own.length - 1].response.status, "completed")
      }
      const conversationEvents = events.filter((event) => event.type.startsWith("conversation.item."))
      assert.deepStrictEqual(conversationEvents.map((event) => event.item.role), ["assistant", "assistant"])
    }))

  it.scopedLive("response.input replaces the context; an unknown item_reference is refused", () =>
    Effect.gen(function*() {
      const { client } = yield* open()
      yield* client.send({
        type: "response.create",
        event_id: "r_1",
        response: { conversation: "none", input: [{ type: "item_reference", id: "item_missing" }] }
      })
      const error = yield* client.next
      assert.strictEqual(error.type, "error")
      assert.strictEqual(error.error.param, "response.input[0].id")
      assert.strictEqual(error.error.event_id, "r_1")
    }))

  it.scopedLive("cancels the active response with response.done cancelled/client_cancelled", () =>
    Effect.gen(function*() {
      const { client, server } = yield* open({ deltaDelay: "50 millis", deltaSize: 4 })
      yield* client.send({ type: "response.create" })
      yield* client.until("response.output_text.delta")
      yield* client.send({ type: "response.cancel", event_id: "x_1" })
      const events = yield* client.until("response.done")
      const done = events[events.length - 1]
      assert.strictEqual(done.response.status, "cancelled")
      assert.deepStrictEqual(done.response.status_details, { type: "cancelled", reason: "client_cancelled" })
      assert.strictEqual(done.response.output[0].status, "incomplete")
      const sent = done.response.output[0].content[0].text as string
      assert.isTrue(sent.length > 0 && sent.length < 40)
      assert.strictEqual(done.response.usage.output_tokens, Math.ceil(sent.length / 4))
      assert.strictEqual((yield* server.usage).responses, 1)
      yield* client.send({ type: "response.cancel", event_id: "x_2" })
      const nothing = yield* client.next
      assert.deepStrictEqual(nothing.error, {
        type: "invalid_request_error",
        code: "response_cancel_not_active",
        message: "Cancellation failed: no active response found",
        param: null,
        event_id: "x_2"
      })
    }))

  it.scopedLive("streams the transcript of an audio response when the session asks for audio", () =>
    Effect.gen(function*() {
      const server = yield* RealtimeTestServer.make()
      const client = yield* connect(`${server.url}?model=gpt-realtime`)
      yield* client.next
      yield* client.send({ type: "response.create" })
      const events = yield* client.until("response.done")
      const types = new Set(events.map((event) => event.type))
      assert.isTrue(types.has("response.output_audio_transcript.delta"))
      assert.isTrue(types.has("response.output_audio_transcript.done"))
      assert.isFalse(types.has("response.output_text.delta"))
      const done = events[events.length - 1]
      assert.deepStrictEqual(done.response.output_modalities, ["audio"])
      assert.strictEqual(done.response.output[0].content[0].type, "output_audio")
    }))

  it.scopedLive("refuses responses in a transcription session", () =>
    Effect.gen(function*() {
      const server = yield* RealtimeTestServer.make()
      const client = yield* connect(`${server.url}?intent=transcription`)
      yield* client.next
      yield* client.send({ type: "response.create", event_id: "r_1" })
      const error = yield* client.next
      assert.strictEqual(error.type, "error")
      assert.strictEqual(error.error.event_id, "r_1")
    }))

  it.scopedLive("a summaryText that throws closes the connection with 1011", () =>
    Effect.gen(function*() {
      const { client } = yield* open({
        summaryText: () => {
          throw new Error("boom")
        }
      })
      yield* client.send({ type: "response.create" })
      assert.strictEqual((yield* client.closed).code, 1011)
    }).pipe(Logger.withMinimumLogLevel(LogLevel.Error)))

  it.scopedLive("an out-of-band response with input reads exactly those items and messages, and bills what it read", () =>
    Effect.gen(function*() {
      const requests: Array<RealtimeTestServer.SummaryRequest> = []
      const { client } = yield* open({
        summaryText: (request) => {
          requests.push(request)
          return "12345678"
        }
      })
      const first = yield* commit(client, 48_000)
      yield* commit(client, 24_000)
      const third = yield* commit(client, 96_000)
      const story = "The story so far: nothing yet."
      yield* client.send({
        type: "response.create",
        response: {
          conversation: "none",
          output_modalities: ["text"],
          instructions: "Summarise.",
          metadata: { window: "7" },
          input: [
            { type: "message", role: "system", content: [{ type: "input_text", text: story }] },
            { type: "item_reference", id: first },
            { type: "item_reference", id: third }
          ]
        }
      })
      const events = yield* client.until("response.done")
      const created = events.find((event) => event.type === "response.created")!
      const done = events[events.length - 1]
      assert.deepStrictEqual(created.response.metadata, { window: "7" })
      assert.deepStrictEqual(done.response.metadata, { window: "7" })
      assert.isNull(done.response.conversation_id)
      assert.isFalse(events.some((event) => event.type.startsWith("conversation.item.")))
      assert.deepStrictEqual(
        [requests[0].audioBytesCommitted, requests[0].audioItemsCommitted, requests[0].totalAudioBytes],
        [144_000, 2, 168_000]
      )
      const text = Math.ceil(story.length / 4) + Math.ceil("Summarise.".length / 4)
      assert.deepStrictEqual(done.response.usage, {
        total_tokens: 30 + text + 2,
        input_tokens: 30 + text,
        output_tokens: 2,
        input_token_details: {
          text_tokens: text,
          audio_tokens: 30,
          image_tokens: 0,
          cached_tokens: 0,
          cached_tokens_details: { text_tokens: 0, audio_tokens: 0, image_tokens: 0 }
        },
        output_token_details: { text_tokens: 2, audio_tokens: 0 }
      })
      // the default conversation is untouched: a response over it reads the three items, and no more
      yield* client.send({ type: "response.create", response: { instructions: "" } })
      assert.strictEqual((yield* client.waitFor("response.done")).response.usage.input_token_details.audio_tokens, 35)
    }))

  it.scopedLive("response.cancel with a response_id cancels that out-of-band response only", () =>
    Effect.gen(function*() {
      const { client } = yield* open({ deltaDelay: "30 millis", deltaSize: 16 })
      yield* client.send({ type: "response.create", response: { conversation: "none", metadata: { n: "1" } } })
      yield* client.send({ type: "response.create", response: { conversation: "none", metadata: { n: "2" } } })
      const events: Array<Received> = []
      while (events.filter((event) => event.type === "response.created").length < 2) events.push(yield* client.next)
      const [one, two] = events.filter((event) => event.type === "response.created").map((event) => event.response.id)
      yield* client.send({ type: "response.cancel", response_id: one })
      while (events.filter((event) => event.type === "response.done").length < 2) events.push(yield* client.next)
      const dones = events.filter((event) => event.type === "response.done").map((event) => event.response)
      assert.deepStrictEqual(dones.map((response) => [response.id, response.status, response.metadata]), [
        [one, "cancelled", { n: "1" }],
        [two, "completed", { n: "2" }]
      ])
      assert.isFalse(events.some((event) => event.type === "error"))
    }))

  it.scopedLive("a cancelled response closes its started part: text done and content_part.done before item done", () =>
    Effect.gen(function*() {
      const { client } = yield* open({ deltaDelay: "50 millis", deltaSize: 4 })
      yield* client.send({ type: "response.create", response: { conversation: "none" } })
      const before = yield* client.until("response.output_text.delta")
      yield* client.send({ type: "response.cancel", response_id: before[0].response.id })
      const events = [...before, ...(yield* client.until("response.done"))]
      const types = events.map((event) => event.type).filter((type) => type !== "response.output_text.delta")
      assert.deepStrictEqual(types, [
        "response.created",
        "rate_limits.updated",
        "response.output_item.added",
        "response.content_part.added",
        "response.output_text.done",
        "response.content_part.done",
        "response.output_item.done",
        "response.done"
      ])
      const sent = events.filter((event) => event.type === "response.output_text.delta").map((event) => event.delta)
        .join("")
      const byType = (type: string) => events.find((event) => event.type === type)!
      assert.strictEqual(byType("response.output_text.done").text, sent)
      assert.deepStrictEqual(byType("response.content_part.done").part, { type: "text", text: sent })
      assert.strictEqual(byType("response.done").response.status, "cancelled")
    }))

  it.scopedLive("a response cancelled before it started streaming is created and done, with no output", () =>
    Effect.gen(function*() {
      const { client } = yield* open({ responseDelay: "300 millis" })
      yield* client.send({ type: "response.create" })
      yield* Effect.sleep("20 millis")
      yield* client.send({ type: "response.cancel" })
      const events = yield* client.until("response.done")
      assert.deepStrictEqual(events.map((event) => event.type), [
        "response.created",
        "rate_limits.updated",
        "response.done"
      ])
      assert.strictEqual(events[2].response.status, "cancelled")
      assert.deepStrictEqual(events[2].response.output, [])
    }))
})

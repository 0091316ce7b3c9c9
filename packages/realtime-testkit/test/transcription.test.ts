import { assert, describe, it } from "@effect/vitest"
import { RealtimeTestServer, Selection } from "@pkg/realtime-testkit"
import { Effect } from "effect"
import type { Received, TestClient } from "./client.js"
import { append, connect, pcm } from "./client.js"

const open = (behaviour: Partial<RealtimeTestServer.Behaviour>, transcription: unknown) =>
  Effect.gen(function*() {
    const server = yield* RealtimeTestServer.make(behaviour)
    const client = yield* connect(`${server.url}?model=gpt-realtime`)
    yield* client.next
    yield* client.send({
      type: "session.update",
      session: { type: "realtime", audio: { input: { turn_detection: null, transcription } } }
    })
    yield* client.until("session.updated")
    return { server, client }
  })

const commit = (client: TestClient, bytes: number) =>
  Effect.gen(function*() {
    yield* append(client, pcm(bytes))
    yield* client.send({ type: "input_audio_buffer.commit" })
    return (yield* client.waitFor("input_audio_buffer.committed")).item_id as string
  })

const transcriptionEvents = (client: TestClient, ends: number) =>
  Effect.gen(function*() {
    const events: Array<Received> = []
    const isEnd = (event: Received) =>
      event.type === "conversation.item.input_audio_transcription.completed" ||
      event.type === "conversation.item.input_audio_transcription.failed"
    while (events.filter(isEnd).length < ends) {
      const event = yield* client.next
      if (event.type.startsWith("conversation.item.input_audio_transcription.")) events.push(event)
    }
    return events
  })

describe("input audio transcription", () => {
  it.scopedLive("streams deltas then completed for each committed item, with token usage", () =>
    Effect.gen(function*() {
      const { client } = yield* open({ deltaSize: 10 }, { model: "gpt-4o-transcribe", language: "en" })
      const itemId = yield* commit(client, 144_000)
      const events = yield* transcriptionEvents(client, 1)
      const transcript = `Simulated transcript of 3.0 s of audio (item ${itemId}), from the local Realtime simulator.`
      const deltas = events.slice(0, -1)
      assert.isTrue(deltas.every((event) => event.type === "conversation.item.input_audio_transcription.delta"))
      assert.isTrue(deltas.every((event) => event.item_id === itemId && event.content_index === 0))
      assert.strictEqual(deltas.map((event) => event.delta).join(""), transcript)
      assert.strictEqual(deltas.length, Math.ceil(transcript.length / 10))
      const completed = events[events.length - 1]
      assert.deepStrictEqual(completed, {
        type: "conversation.item.input_audio_transcription.completed",
        event_id: completed.event_id,
        item_id: itemId,
        content_index: 0,
        transcript,
        usage: {
          type: "tokens",
          input_tokens: 30,
          output_tokens: Math.ceil(transcript.length / 4),
          total_tokens: 30 + Math.ceil(transcript.length / 4),
          input_token_details: { audio_tokens: 30, text_tokens: 0 }
        }
      })
      yield* client.send({ type: "conversation.item.retrieve", item_id: itemId })
      const retrieved = yield* client.waitFor("conversation.item.retrieved")
      assert.deepStrictEqual(retrieved.item.content, [{ type: "input_audio", transcript }])
    }))

  it.scopedLive("whisper models report usage as a duration", () =>
    Effect.gen(function*() {
      const { client } = yield* open({}, { model: "whisper-1" })
      yield* commit(client, 72_000)
      const events = yield* transcriptionEvents(client, 1)
      assert.deepStrictEqual(events[events.length - 1].usage, { type: "duration", seconds: 1.5 })
    }))

  it.scopedLive("a per-item delay makes completions arrive out of order; transcriptText sets the text", () =>
    Effect.gen(function*() {
      const requests: Array<RealtimeTestServer.TranscriptionRequest> = []
      const { client } = yield* open({
        transcriptionDelay: (request) => request.index === 0 ? "300 millis" : 0,
        transcriptText: (request) => {
          requests.push(request)
          return `item ${request.index}`
        }
      }, { model: "gpt-live-transcribe", language: "fr" })
      const first = yield* commit(client, 4_800)
      const second = yield* commit(client, 9_600)
      const completed = (yield* transcriptionEvents(client, 2)).filter((event) => event.type.endsWith(".completed"))
      assert.deepStrictEqual(completed.map((event) => [event.item_id, event.transcript]), [
        [second, "item 1"],
        [first, "item 0"]
      ])
      assert.deepStrictEqual(requests.find((request) => request.index === 1), {
        connection: 0,
        index: 1,
        itemId: second,
        audioBytes: 9_600,
        model: "gpt-live-transcribe",
        language: "fr"
      })
    }))

  it.scopedLive("FailTranscription makes the chosen items fail with transcription.failed", () =>
    Effect.gen(function*() {
      const { client } = yield* open({
        faults: [{ _tag: "FailTranscription", items: Selection.only(1) }]
      }, { model: "gpt-4o-transcribe" })
      for (let i = 0; i < 3; i++) {
        yield* append(client, pcm(4_800))
        yield* client.send({ type: "input_audio_buffer.commit" })
      }
      const events: Array<Received> = []
      while (events.filter((event) => event.type.endsWith("completed") || event.type.endsWith("failed")).length < 3) {
        events.push(yield* client.next)
      }
      const items = events.filter((event) => event.type === "input_audio_buffer.committed").map((event) =>
        event.item_id
      )
      const ends = events.filter((event) => event.type.startsWith("conversation.item.input_audio_transcription."))
        .filter((event) => !event.type.endsWith(".delta"))
      const failed = ends.find((event) => event.type.endsWith(".failed"))!
      assert.deepStrictEqual(failed, {
        type: "conversation.item.input_audio_transcription.failed",
        event_id: failed.event_id,
        item_id: items[1],
        content_index: 0,
        error: {
          type: "transcription_error",
          code: "audio_unintelligible",
          message: "The audio could not be transcribed.",
          param: null
        }
      })
      assert.deepStrictEqual(ends.filter((event) => event.type.endsWith(".completed")).map((event) => event.item_id), [
        items[0],
        items[2]
      ])
    }))

  it.scopedLive("no transcription events when the session's transcription is off", () =>
    Effect.gen(function*() {
      const { client } = yield* open({}, null)
      yield* commit(client, 4_800)
      yield* client.send({ type: "input_audio_buffer.clear" })
      const events = yield* client.until("input_audio_buffer.cleared")
      assert.isFalse(events.some((event) => event.type.includes("transcription")))
    }))
})

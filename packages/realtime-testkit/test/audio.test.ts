import { assert, describe, it } from "@effect/vitest"
import { RealtimeTestServer } from "@pkg/realtime-testkit"
import { Effect, FastCheck as fc } from "effect"
import { append, connect, pcm } from "./client.js"

const open = (behaviour?: Partial<RealtimeTestServer.Behaviour>) =>
  Effect.gen(function*() {
    const server = yield* RealtimeTestServer.make(behaviour)
    const client = yield* connect(`${server.url}?model=gpt-realtime`)
    yield* client.next
    return { server, client }
  })

const concat = (chunks: ReadonlyArray<Uint8Array>) => new Uint8Array(Buffer.concat(chunks))

describe("input audio buffer", () => {
  it.scopedLive("a commit answers committed, then the user item added and done, and clears the buffer", () =>
    Effect.gen(function*() {
      const { client } = yield* open()
      yield* append(client, pcm(48_000), "a_1")
      yield* client.send({ type: "input_audio_buffer.commit", event_id: "c_1" })
      const [committed, added, done] = [yield* client.next, yield* client.next, yield* client.next]
      assert.strictEqual(committed.type, "input_audio_buffer.committed")
      assert.isNull(committed.previous_item_id)
      assert.match(committed.item_id, /^item_\d+$/)
      const item = {
        id: committed.item_id,
        type: "message",
        object: "realtime.item",
        status: "completed",
        role: "user",
        content: [{ type: "input_audio", transcript: null }]
      }
      assert.deepStrictEqual(added, {
        type: "conversation.item.added",
        event_id: added.event_id,
        previous_item_id: null,
        item
      })
      assert.deepStrictEqual(done, {
        type: "conversation.item.done",
        event_id: done.event_id,
        previous_item_id: null,
        item
      })

      yield* append(client, pcm(4_800))
      yield* client.send({ type: "input_audio_buffer.commit" })
      const second = yield* client.next
      assert.strictEqual(second.previous_item_id, committed.item_id)
      assert.notStrictEqual(second.item_id, committed.item_id)
    }))

  it.scopedLive("a commit of less than 100 ms is refused with input_audio_buffer_commit_empty", () =>
    Effect.gen(function*() {
      const { client } = yield* open()
      yield* client.send({ type: "input_audio_buffer.commit", event_id: "c_0" })
      const empty = yield* client.next
      assert.deepStrictEqual(empty.error, {
        type: "invalid_request_error",
        code: "input_audio_buffer_commit_empty",
        message:
          "Error committing input audio buffer: buffer too small. Expected at least 100ms of audio, but buffer " +
          "only has 0.00ms of audio.",
        param: null,
        event_id: "c_0"
      })
      yield* append(client, pcm(4_798))
      yield* client.send({ type: "input_audio_buffer.commit", event_id: "c_1" })
      const short = yield* client.next
      assert.strictEqual(short.error.code, "input_audio_buffer_commit_empty")
      assert.match(short.error.message, /buffer only has 99\.96ms of audio\.$/)
      yield* append(client, pcm(2))
      yield* client.send({ type: "input_audio_buffer.commit" })
      assert.strictEqual((yield* client.next).type, "input_audio_buffer.committed")
    }))

  it.scopedLive("clear answers cleared and empties the buffer", () =>
    Effect.gen(function*() {
      const { client } = yield* open()
      yield* append(client, pcm(9_600))
      yield* client.send({ type: "input_audio_buffer.clear", event_id: "x_1" })
      assert.strictEqual((yield* client.next).type, "input_audio_buffer.cleared")
      yield* client.send({ type: "input_audio_buffer.commit" })
      assert.strictEqual((yield* client.next).error.code, "input_audio_buffer_commit_empty")
    }))

  it.scopedLive("invalid base64 is refused with invalid_event and appends nothing", () =>
    Effect.gen(function*() {
      const { client, server } = yield* open()
      yield* append(client, pcm(9_600))
      yield* client.send({ type: "input_audio_buffer.append", event_id: "bad_1", audio: "not*base64!" })
      const error = yield* client.next
      assert.strictEqual(error.error.code, "invalid_event")
      assert.strictEqual(error.error.param, "audio")
      assert.strictEqual(error.error.event_id, "bad_1")
      yield* client.send({ type: "input_audio_buffer.commit" })
      yield* client.next
      assert.strictEqual((yield* server.audio(0)).length, 9_600)
    }))

  it.scopedLive("records each append as its decoded length, not its base64", () =>
    Effect.gen(function*() {
      const { client, server } = yield* open()
      yield* append(client, pcm(960), "a_1")
      yield* client.send({ type: "input_audio_buffer.clear" })
      yield* client.next
      const [received] = yield* server.received
      assert.strictEqual(received.connection, 0)
      assert.strictEqual(received.type, "input_audio_buffer.append")
      assert.deepStrictEqual(received.event, { type: "input_audio_buffer.append", event_id: "a_1", audioBytes: 960 })
    }))

  it.scopedLive.prop(
    "the recorded audio is exactly what was appended, per connection and across connections",
    {
      first: fc.array(fc.integer({ min: 1, max: 20_000 }), { maxLength: 8 }),
      second: fc.integer({ min: 1, max: 9_999 })
    },
    ({ first, second }) =>
      Effect.gen(function*() {
        const { client, server } = yield* open()
        const chunks = first.map((size, i) => pcm(size, i))
        for (const chunk of chunks) yield* append(client, chunk)
        const other = yield* connect(`${server.url}?model=gpt-realtime`)
        yield* other.next
        yield* append(other, pcm(second, 99))
        for (const c of [client, other]) {
          yield* c.send({ type: "input_audio_buffer.clear" })
          yield* c.next
        }
        assert.deepStrictEqual(yield* server.audio(0), concat(chunks))
        assert.deepStrictEqual(yield* server.audio(1), pcm(second, 99))
        assert.deepStrictEqual(yield* server.audio(), concat([...chunks, pcm(second, 99)]))
      }),
    { fastCheck: { numRuns: 10 } }
  )

  it.scopedLive("stops recording audio at maxRecordedAudioBytes", () =>
    Effect.gen(function*() {
      const { client, server } = yield* open({ maxRecordedAudioBytes: 10_000 })
      const chunks = [pcm(4_800, 0), pcm(4_800, 1), pcm(4_800, 2)]
      for (const chunk of chunks) yield* append(client, chunk)
      yield* client.send({ type: "input_audio_buffer.commit" })
      assert.strictEqual((yield* client.next).type, "input_audio_buffer.committed")
      assert.deepStrictEqual(yield* server.audio(0), concat(chunks).subarray(0, 10_000))
    }))
})

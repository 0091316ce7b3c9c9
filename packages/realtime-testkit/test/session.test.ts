import { assert, describe, it } from "@effect/vitest"
import { RealtimeTestServer } from "@pkg/realtime-testkit"
import { Effect } from "effect"
import { connect } from "./client.js"

const open = Effect.gen(function*() {
  const server = yield* RealtimeTestServer.make()
  const client = yield* connect(`${server.url}?model=gpt-realtime`)
  const created = yield* client.next
  return { server, client, created }
})

describe("session", () => {
  it.scopedLive("session.created carries a realistic GA session", () =>
    Effect.gen(function*() {
      const before = Math.floor(Date.now() / 1000)
      const { created } = yield* open
      const after = Math.floor(Date.now() / 1000)
      assert.strictEqual(created.type, "session.created")
      assert.match(created.event_id, /^event_\d+$/)
      const session = created.session
      assert.match(session.id, /^sess_/)
      assert.strictEqual(session.object, "realtime.session")
      assert.strictEqual(session.type, "realtime")
      assert.strictEqual(session.model, "gpt-realtime")
      assert.deepStrictEqual(session.output_modalities, ["audio"])
      assert.isString(session.instructions)
      assert.isAbove(session.instructions.length, 0)
      assert.deepStrictEqual(session.audio.input.format, { type: "audio/pcm", rate: 24000 })
      assert.strictEqual(session.audio.input.turn_detection.type, "server_vad")
      assert.strictEqual(session.truncation, "auto")
      assert.isAtLeast(session.expires_at, before + 3600)
      assert.isAtMost(session.expires_at, after + 3600)
    }))

  it.scopedLive("session.update merges the fields given and echoes the full session", () =>
    Effect.gen(function*() {
      const { client, created } = yield* open
      yield* client.send({
        type: "session.update",
        event_id: "cfg_1",
        session: {
          type: "realtime",
          output_modalities: ["text"],
          instructions: "Summarise.",
          audio: { input: { turn_detection: null } }
        }
      })
      const updated = yield* client.next
      assert.strictEqual(updated.type, "session.updated")
      assert.deepStrictEqual(updated.session, {
        ...created.session,
        output_modalities: ["text"],
        instructions: "Summarise.",
        audio: {
          ...created.session.audio,
          input: { ...created.session.audio.input, turn_detection: null }
        }
      })
    }))

  it.scopedLive("session.update without session.type is refused and changes nothing", () =>
    Effect.gen(function*() {
      const { client, created } = yield* open
      yield* client.send({ type: "session.update", event_id: "cfg_1", session: { instructions: "Ignored." } })
      const error = yield* client.next
      assert.deepStrictEqual(error.error, {
        type: "invalid_request_error",
        code: "missing_required_parameter",
        message: "Missing required parameter: 'session.type'.",
        param: "session.type",
        event_id: "cfg_1"
      })
      yield* client.send({ type: "session.update", session: { type: "realtime" } })
      const updated = yield* client.next
      assert.strictEqual(updated.session.instructions, created.session.instructions)
    }))

  it.scopedLive("session.update naming the session's own model is accepted, as agents-realtime sends it", () =>
    Effect.gen(function*() {
      const { client } = yield* open
      yield* client.send({
        type: "session.update",
        session: { type: "realtime", model: "gpt-realtime", instructions: "Kept." }
      })
      const updated = yield* client.next
      assert.strictEqual(updated.type, "session.updated")
      assert.strictEqual(updated.session.model, "gpt-realtime")
      assert.strictEqual(updated.session.instructions, "Kept.")
    }))

  it.scopedLive("session.update with another model is refused: the model is immutable", () =>
    Effect.gen(function*() {
      const { client } = yield* open
      yield* client.send({ type: "session.update", event_id: "cfg_2", session: { type: "realtime", model: "other" } })
      const error = yield* client.next
      assert.strictEqual(error.type, "error")
      assert.strictEqual(error.error.param, "session.model")
      assert.strictEqual(error.error.event_id, "cfg_2")
    }))

  it.scopedLive("answers an unknown event type with invalid_event naming its event_id", () =>
    Effect.gen(function*() {
      const { client, server } = yield* open
      yield* client.send({ type: "transcription_session.update", event_id: "old_1", session: {} })
      const error = yield* client.next
      assert.strictEqual(error.error.type, "invalid_request_error")
      assert.strictEqual(error.error.code, "invalid_event")
      assert.strictEqual(error.error.param, "type")
      assert.strictEqual(error.error.event_id, "old_1")
      assert.match(error.error.message, /^Invalid value: 'transcription_session\.update'\. Supported values are: /)
      const [received] = yield* server.received
      assert.strictEqual(received.type, "transcription_session.update")
      assert.deepStrictEqual(received.event, { type: "transcription_session.update", event_id: "old_1", session: {} })
    }))

  it.scopedLive("answers a frame that is not JSON, or has no type, with invalid_event and a null event_id", () =>
    Effect.gen(function*() {
      const { client, server } = yield* open
      yield* client.sendRaw("not json")
      const notJson = yield* client.next
      assert.strictEqual(notJson.error.code, "invalid_event")
      assert.isNull(notJson.error.event_id)
      yield* client.send({ event_id: "e_1" })
      const untyped = yield* client.next
      assert.strictEqual(untyped.error.message, "The 'type' field is missing.")
      assert.strictEqual(untyped.error.event_id, "e_1")
      const received = yield* server.received
      assert.deepStrictEqual(received.map((event) => [event.type, event.event]), [
        ["(unparsed)", "not json"],
        ["(untyped)", { event_id: "e_1" }]
      ])
    }))

  it.scopedLive("answers a known event with a broken payload with invalid_event naming the field", () =>
    Effect.gen(function*() {
      const { client } = yield* open
      yield* client.send({ type: "conversation.item.delete", event_id: "del_1", item_id: 42 })
      const error = yield* client.next
      assert.strictEqual(error.error.code, "invalid_event")
      assert.strictEqual(error.error.param, "item_id")
      assert.strictEqual(error.error.event_id, "del_1")
    }))

  it.scopedLive("numbers every server event event_<n>, increasing", () =>
    Effect.gen(function*() {
      const { client, created } = yield* open
      yield* client.send({ type: "input_audio_buffer.clear" })
      yield* client.send({ type: "input_audio_buffer.clear" })
      const ids = [created, yield* client.next, yield* client.next].map((event) => Number(event.event_id.slice(6)))
      assert.deepStrictEqual(ids, [ids[0], ids[0] + 1, ids[0] + 2])
    }))

  it.scopedLive("answers a binary frame with invalid_event and records its size", () =>
    Effect.gen(function*() {
      const { client, server } = yield* open
      yield* client.sendRaw(Buffer.alloc(10))
      const error = yield* client.next
      assert.strictEqual(error.error.code, "invalid_event")
      assert.deepStrictEqual((yield* server.received).map((event) => [event.type, event.event]), [
        ["(binary)", { bytes: 10 }]
      ])
    }))

  it.scopedLive("stops recording events at maxRecordedEvents, and keeps serving", () =>
    Effect.gen(function*() {
      const server = yield* RealtimeTestServer.make({ maxRecordedEvents: 2 })
      const client = yield* connect(`${server.url}?model=gpt-realtime`)
      yield* client.next
      for (const event_id of ["c_1", "c_2", "c_3"]) yield* client.send({ type: "input_audio_buffer.clear", event_id })
      for (let i = 0; i < 3; i++) assert.strictEqual((yield* client.next).type, "input_audio_buffer.cleared")
      const received = yield* server.received
      assert.deepStrictEqual(received.map((event) => (event.event as { event_id: string }).event_id), ["c_1", "c_2"])
    }))
})

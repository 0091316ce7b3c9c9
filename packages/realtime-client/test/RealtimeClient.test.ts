import { assert, describe, layer } from "@effect/vitest"
import * as RealtimeClient from "@pkg/realtime-client/RealtimeClient"
import type { Options } from "@pkg/realtime-client/RealtimeConfig"
import * as RealtimeSocket from "@pkg/realtime-client/RealtimeSocket"
import * as RealtimeTestServer from "@pkg/realtime-testkit/RealtimeTestServer"
import * as Selection from "@pkg/realtime-testkit/Selection"
import { Chunk, Effect, Fiber, Redacted, Stream } from "effect"

const connect = (overrides: Partial<Options> = {}) =>
  Effect.flatMap(
    RealtimeTestServer.RealtimeTestServer,
    (server) =>
      RealtimeClient.connect({ apiKey: Redacted.make("sk-test-key"), baseUrl: server.baseUrl, ...overrides }).pipe(
        Effect.provide(RealtimeSocket.layerWs)
      )
  )

const summarySession: RealtimeClient.SessionConfig = {
  type: "realtime",
  output_modalities: ["text"],
  instructions: "Summarise.",
  audio: { input: { format: { type: "audio/pcm", rate: 24000 }, turn_detection: null } }
}

const pcm = (bytes: number) => new Uint8Array(bytes).map((_, i) => i % 256)

describe("RealtimeClient against the testkit server", () => {
  layer(RealtimeTestServer.layer(), { excludeTestServices: true })("a session", (it) => {
    it.scoped("connects with the key in the Authorization header and waits for session.created", () =>
      Effect.gen(function*() {
        const client = yield* connect()
        assert.isString(client.session.id)
        const server = yield* RealtimeTestServer.RealtimeTestServer
        const connections = yield* server.connections
        const last = connections.at(-1)!
        assert.strictEqual(last.headers["authorization"], "Bearer sk-test-key")
        assert.strictEqual(last.query["model"], "gpt-realtime-2.1-mini")
      }))

    it.scoped("updateSession waits for session.updated", () =>
      Effect.gen(function*() {
        const client = yield* connect()
        const session = yield* client.updateSession(summarySession)
        assert.deepStrictEqual(session.output_modalities, ["text"])
        assert.strictEqual(session.instructions, "Summarise.")
      }))

    it.scoped("updateSession fails with the server error that names its event_id", () =>
      Effect.gen(function*() {
        const server = yield* RealtimeTestServer.RealtimeTestServer
        const client = yield* connect()
        yield* server.script({
          faults: [{
            _tag: "ErrorOn",
            clientEventType: "session.update",
            error: {
              type: "invalid_request_error",
              code: "unknown_parameter",
              message: "Unknown parameter: 'session.foo'."
            },
            times: 1
          }]
        })
        const error = yield* Effect.flip(client.updateSession(summarySession))
        assert.strictEqual(error._tag, "RealtimeServerError")
        if (error._tag !== "RealtimeServerError") return
        assert.match(error.eventId ?? "", /^evt_/)
        assert.strictEqual(error.code, "unknown_parameter")
        assert.strictEqual(error.disposition, "fatal")
        yield* server.script({ faults: [] })
      }))

    it.scoped("appendAudio then commit yields the committed item id; the server got every byte", () =>
      Effect.gen(function*() {
        const server = yield* RealtimeTestServer.RealtimeTestServer
        const before = (yield* server.connections).length
        const client = yield* connect()
        yield* client.updateSession(summarySession)
        const audio = pcm(48_000)
        for (let offset = 0; offset < audio.length; offset += 960) {
          yield* client.appendAudio(audio.subarray(offset, offset + 960))
        }
        const itemId = yield* client.commit
        assert.match(itemId, /^item_/)
        const received = yield* server.audio(before)
        assert.isTrue(Buffer.from(received).equals(Buffer.from(audio)))
      }))

    it.scoped("a commit of less than 100 ms fails with input_audio_buffer_commit_empty", () =>
      Effect.gen(function*() {
        const client = yield* connect()
        yield* client.appendAudio(pcm(960))
        const error = yield* Effect.flip(client.commit)
        assert.strictEqual(error._tag, "RealtimeServerError")
        if (error._tag === "RealtimeServerError") assert.strictEqual(error.code, "input_audio_buffer_commit_empty")
      }))

    it.scoped("createResponse streams the response's events and yields its text and usage", () =>
      Effect.gen(function*() {
        const client = yield* connect()
        yield* client.updateSession(summarySession)
        yield* client.appendAudio(pcm(48_000 * 3))
        yield* client.commit
        const response = yield* client.createResponse({ instructions: "Summarise the last 3 s." })
        const events = yield* Stream.runCollect(response.events).pipe(Effect.map(Chunk.toReadonlyArray))
        const result = yield* response.done
        assert.strictEqual(events[0]!.type, "response.created")
        assert.strictEqual(events.at(-1)!.type, "response.done")
        const deltas = events.flatMap((event) => event.type === "response.output_text.delta" ? [event.delta] : [])
        assert.isAbove(deltas.length, 1)
        assert.strictEqual(deltas.join(""), result.text)
        assert.strictEqual(result.usage?.input_token_details?.audio_tokens, 30)
      }))

    it.scoped("100 concurrent createResponse calls draw no active-response conflict", () =>
      Effect.gen(function*() {
        const client = yield* connect()
        yield* client.updateSession(summarySession)
        const results = yield* Effect.forEach(
          Array.from({ length: 100 }, (_, i) => i),
          (i) => Effect.flatMap(client.createResponse({ metadata: { n: String(i) } }), (response) => response.done),
          { concurrency: "unbounded" }
        )
        assert.strictEqual(results.length, 100)
        assert.strictEqual(new Set(results.map((result) => result.responseId)).size, 100)
      }))

    it.scoped("out-of-band responses run in parallel", () =>
      Effect.gen(function*() {
        const client = yield* connect()
        const responses = yield* Effect.forEach(
          [0, 1, 2],
          () => client.createResponse({ conversation: "none", input: [] }),
          { concurrency: "unbounded" }
        )
        const results = yield* Effect.forEach(responses, (response) => response.done, { concurrency: "unbounded" })
        assert.strictEqual(results.length, 3)
        assert.isTrue(results.every((result) =>
          result.response.conversation_id === null || result.response.conversation_id === undefined
        ))
      }))

    it.scoped("events passes every server event through, in order", () =>
      Effect.gen(function*() {
        const client = yield* connect()
        const fiber = yield* client.events.pipe(
          Stream.takeUntil((event) => event.type === "conversation.item.done"),
          Stream.runCollect,
          Effect.fork
        )
        yield* Effect.sleep("20 millis")
        yield* client.appendAudio(pcm(9_600))
        yield* client.commit
        const events = Chunk.toReadonlyArray(yield* Fiber.join(fiber)).map((event) => event.type)
        assert.deepStrictEqual(events, [
          "input_audio_buffer.committed",
          "conversation.item.added",
          "conversation.item.done"
        ])
      }))

    it.scoped("createItem and deleteItem correlate by item id", () =>
      Effect.gen(function*() {
        const client = yield* connect()
        const id = yield* client.createItem({
          type: "message",
          role: "system",
          content: [{ type: "input_text", text: "Previous summary: nothing yet." }]
        })
        yield* client.deleteItem(id)
        const error = yield* Effect.flip(client.deleteItem(id))
        assert.strictEqual(error._tag, "RealtimeServerError")
      }))

    it.scoped("deleteItems deletes every item; an unknown id fails it after every reply, the others deleted", () =>
      Effect.gen(function*() {
        const client = yield* connect()
        const note = (text: string) =>
          client.createItem({ type: "message", role: "system", content: [{ type: "input_text", text }] })
        const [first, second, third] = yield* Effect.all([note("one"), note("two"), note("three")])
        yield* client.deleteItems([first, second])
        const error = yield* Effect.flip(client.deleteItems([third, "item_missing"]))
        assert.strictEqual(error._tag, "RealtimeServerError")
        for (const id of [first, second, third]) {
          assert.strictEqual((yield* Effect.flip(client.deleteItem(id)))._tag, "RealtimeServerError")
        }
        yield* client.deleteItems([])
        assert.strictEqual((yield* client.stats).pendingRequests, 0)
      }))

    it.scoped("a request interrupted while it waits for its reply is forgotten", () =>
      Effect.gen(function*() {
        const server = yield* RealtimeTestServer.RealtimeTestServer
        const index = (yield* server.connections).length
        yield* server.script({
          faults: [{ _tag: "StallReading", after: "200 millis", for: "3 seconds", connections: Selection.only(index) }]
        })
        const client = yield* connect({ requestTimeout: "1 minute" })
        yield* server.script({ faults: [] })
        yield* client.appendAudio(pcm(4_800))
        yield* Effect.sleep("300 millis")
        const commit = yield* Effect.fork(client.commit)
        yield* Effect.sleep("50 millis")
        assert.strictEqual((yield* client.stats).pendingRequests, 1)
        yield* Fiber.interrupt(commit)
        assert.strictEqual((yield* client.stats).pendingRequests, 0)
      }))

    it.scoped("a request on a closed session fails at once with the connection's error", () =>
      Effect.gen(function*() {
        const client = yield* connect()
        yield* client.close
        const error = yield* Effect.flip(client.commit)
        assert.strictEqual(error._tag, "RealtimeConnectionError")
        assert.strictEqual(error.disposition, "user")
        assert.strictEqual((yield* client.stats).pendingRequests, 0)
      }))

    it.scoped("takeEvents yields a response's events in batches, done with the last one", () =>
      Effect.gen(function*() {
        const client = yield* connect()
        yield* client.appendAudio(pcm(48_000))
        const item = yield* client.commit
        const response = yield* client.createResponse({
          conversation: "none",
          output_modalities: ["text"],
          input: [{ type: "item_reference", id: item }]
        })
        const types: Array<string> = []
        let text = ""
        let done = false
        while (!done) {
          const [batch, last] = yield* response.takeEvents
          for (const event of batch) {
            types.push(event.type)
            if (event.type === "response.output_text.delta") text += event.delta
          }
          done = last
        }
        const result = yield* response.done
        assert.strictEqual(types[0], "response.created")
        assert.strictEqual(types.at(-1), "response.done")
        assert.isAbove(text.length, 0)
        assert.strictEqual(text, result.text)
      }))
  })
})

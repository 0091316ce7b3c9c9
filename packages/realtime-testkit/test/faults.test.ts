import { assert, describe, it } from "@effect/vitest"
import { RealtimeTestServer, Selection } from "@pkg/realtime-testkit"
import { Effect, Option } from "effect"
import { append, connect, eventually, pcm } from "./client.js"

const serve = (faults: ReadonlyArray<RealtimeTestServer.Fault>) =>
  Effect.gen(function*() {
    const server = yield* RealtimeTestServer.make({ faults })
    const client = yield* connect(`${server.url}?model=gpt-realtime`)
    assert.strictEqual((yield* client.next).type, "session.created")
    return { server, client }
  })

describe("faults", () => {
  it.scopedLive("DropConnection destroys the socket without a close frame: the client sees 1006", () =>
    Effect.gen(function*() {
      const { client, server } = yield* serve([{ _tag: "DropConnection", after: "50 millis" }])
      assert.strictEqual((yield* client.closed).code, 1006)
      const [info] = yield* eventually(server.connections, (infos) => infos[0].closeCode !== undefined)
      assert.strictEqual(info.closeCode, 1006)
    }))

  it.scopedLive("CloseAfter closes with its code and reason", () =>
    Effect.gen(function*() {
      const reason = "Your session hit the maximum duration of 60 minutes."
      const { client } = yield* serve([{ _tag: "CloseAfter", after: "50 millis", code: 1001, reason }])
      assert.deepStrictEqual(yield* client.closed, { code: 1001, reason })
    }))

  it.scopedLive("CloseAfter with sessionExpiredError sends the session_expired error first", () =>
    Effect.gen(function*() {
      const reason = "Your session hit the maximum duration of 60 minutes."
      const { client } = yield* serve([
        { _tag: "CloseAfter", after: "50 millis", code: 1001, reason, sessionExpiredError: true }
      ])
      const error = yield* client.next
      assert.deepStrictEqual(error.error, {
        type: "invalid_request_error",
        code: "session_expired",
        message: reason,
        param: null,
        event_id: null
      })
      assert.deepStrictEqual(yield* client.closed, { code: 1001, reason })
    }))

  it.scopedLive("SendMalformed sends its raw frames right after session.created", () =>
    Effect.gen(function*() {
      const frames = [
        "not json",
        "{\"type\":\"brand.new.event\",\"x\":1}",
        "{\"type\":\"response.done\",\"response\":42}"
      ]
      const { client } = yield* serve([{ _tag: "SendMalformed", frames }])
      assert.deepStrictEqual(yield* client.next, { type: "(raw)", raw: "not json" })
      assert.deepStrictEqual(yield* client.next, { type: "brand.new.event", x: 1 })
      assert.deepStrictEqual(yield* client.next, { type: "response.done", response: 42 })
    }))

  it.scopedLive("ErrorOn answers the next N events of its type with its error, naming their event_id", () =>
    Effect.gen(function*() {
      const error = { type: "invalid_request_error", code: "rate_limit_exceeded", message: "Slow down." }
      const { client, server } = yield* serve([
        { _tag: "ErrorOn", clientEventType: "response.create", error, times: 2 }
      ])
      for (const id of ["r_1", "r_2", "r_3"]) yield* client.send({ type: "response.create", event_id: id })
      const [first, second, third] = [yield* client.next, yield* client.next, yield* client.next]
      assert.deepStrictEqual(first.error, { ...error, param: null, event_id: "r_1" })
      assert.deepStrictEqual(second.error, { ...error, param: null, event_id: "r_2" })
      assert.strictEqual(third.type, "response.created")
      assert.deepStrictEqual((yield* server.received).map((event) => event.type), Array(3).fill("response.create"))
    }))

  it.scopedLive("ErrorOn with close closes the connection after the error", () =>
    Effect.gen(function*() {
      const { client } = yield* serve([{
        _tag: "ErrorOn",
        clientEventType: "session.update",
        error: { type: "invalid_request_error", code: "beta_api_shape_disabled", message: "No beta." },
        times: 1,
        close: { code: 4000, reason: "beta" }
      }])
      yield* client.send({ type: "session.update", event_id: "cfg", session: { type: "realtime" } })
      assert.strictEqual((yield* client.next).error.event_id, "cfg")
      assert.deepStrictEqual(yield* client.closed, { code: 4000, reason: "beta" })
    }))

  it.scopedLive("StallReading stops reading: the client's bufferedAmount grows, then drains", () =>
    Effect.gen(function*() {
      const { client, server } = yield* serve([{ _tag: "StallReading", after: 0, for: "1500 millis" }])
      const chunk = 512 * 1024
      const count = 32
      for (let i = 0; i < count; i++) yield* append(client, pcm(chunk, i))
      yield* Effect.sleep("300 millis")
      assert.isAbove(client.ws.bufferedAmount, 0)
      assert.isBelow((yield* server.received).length, count)
      yield* eventually(Effect.sync(() => client.ws.bufferedAmount), (amount) => amount === 0)
      yield* eventually(server.received, (received) => received.length === count)
      assert.strictEqual((yield* server.audio(0)).length, chunk * count)
    }))

  it.scopedLive("GoSilent stops answering pings and events", () =>
    Effect.gen(function*() {
      const { client, server } = yield* serve([{ _tag: "GoSilent", after: "300 millis" }])
      client.ws.ping()
      yield* eventually(Effect.sync(() => client.pongs()), (pongs) => pongs === 1)
      yield* Effect.sleep("400 millis")
      client.ws.ping()
      yield* client.send({ type: "input_audio_buffer.clear", event_id: "late" })
      yield* eventually(server.received, (received) => received.length === 1)
      assert.isTrue(Option.isNone(yield* Effect.timeoutOption(client.next, "200 millis")))
      assert.strictEqual(client.pongs(), 1)
    }))

  it.scopedLive("script changes the behaviour of later handshakes and responses", () =>
    Effect.gen(function*() {
      const server = yield* RealtimeTestServer.make()
      yield* server.script({ faults: [{ _tag: "RefuseHandshake", status: 429, times: 1 }], deltaSize: 3 })
      const refused = yield* Effect.flip(connect(`${server.url}?model=gpt-realtime`))
      assert.strictEqual(refused.status, 429)
      assert.strictEqual(refused.body.error.code, "rate_limit_exceeded")
      const client = yield* connect(`${server.url}?model=gpt-realtime`)
      yield* client.next
      yield* client.send({ type: "response.create", response: { conversation: "none" } })
      const deltas = (yield* client.until("response.done")).filter((event) => event.type.endsWith(".delta"))
      assert.isTrue(deltas.length > 0 && deltas.every((event) => event.delta.length <= 3))
    }))

  it.scopedLive("a fault with connections: Selection.first(1) drops only the first connection; the next is healthy", () =>
    Effect.gen(function*() {
      const server = yield* RealtimeTestServer.make({
        faults: [
          { _tag: "RefuseHandshake", status: 503, times: 1 },
          { _tag: "DropConnection", after: "100 millis", connections: Selection.first(1) }
        ]
      })
      assert.strictEqual((yield* Effect.flip(connect(`${server.url}?model=gpt-realtime`))).status, 503)
      const first = yield* connect(`${server.url}?model=gpt-realtime`)
      yield* first.next
      assert.strictEqual((yield* first.closed).code, 1006)
      const second = yield* connect(`${server.url}?model=gpt-realtime`)
      yield* second.next
      yield* Effect.sleep("250 millis")
      yield* second.send({ type: "response.create", response: { conversation: "none" } })
      assert.strictEqual((yield* second.waitFor("response.done")).response.status, "completed")
      const infos = yield* server.connections
      assert.deepStrictEqual(infos.map((info) => info.session), [undefined, 0, 1])
      assert.isUndefined(infos[2].closeCode)
    }))

  it.scopedLive("Selection.everyNth and Selection.only pick the sessions a fault acts on; ErrorOn too", () =>
    Effect.gen(function*() {
      const reason = "rotated"
      const server = yield* RealtimeTestServer.make({
        faults: [
          { _tag: "CloseAfter", after: "50 millis", code: 1012, reason, connections: Selection.everyNth(2) },
          {
            _tag: "ErrorOn",
            clientEventType: "input_audio_buffer.clear",
            error: { type: "server_error", code: null, message: "Try again." },
            times: 5,
            connections: Selection.only(1)
          }
        ]
      })
      const outcomes: Array<string> = []
      for (let session = 0; session < 4; session++) {
        const client = yield* connect(`${server.url}?model=gpt-realtime`)
        yield* client.next
        yield* client.send({ type: "input_audio_buffer.clear" })
        const answer = yield* client.next
        const closed = yield* Effect.timeoutOption(client.closed, "300 millis")
        outcomes.push(`${answer.type}/${Option.match(closed, { onNone: () => "open", onSome: (c) => c.code })}`)
      }
      assert.deepStrictEqual(outcomes, [
        "input_audio_buffer.cleared/1012",
        "error/open",
        "input_audio_buffer.cleared/1012",
        "input_audio_buffer.cleared/open"
      ])
    }))
})

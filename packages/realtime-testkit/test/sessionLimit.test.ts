import { assert, describe, it } from "@effect/vitest"
import { RealtimeTestServer } from "@pkg/realtime-testkit"
import { Duration, Effect } from "effect"
import { sessionLimitReason } from "../src/internal/faults.js"
import { connect, eventually } from "./client.js"

describe("session limit", () => {
  it.scopedLive("announces expires_at, then sends session_expired and closes with 1001, on every connection", () =>
    Effect.gen(function*() {
      const server = yield* RealtimeTestServer.make({ sessionLimit: "400 millis" })
      const reason = "Your session hit the maximum duration of 0.4 seconds."
      for (let connection = 0; connection < 2; connection++) {
        const opened = Date.now()
        const client = yield* connect(`${server.url}?model=gpt-realtime`)
        const created = yield* client.next
        assert.strictEqual(created.session.expires_at, Math.floor((opened + 400) / 1000))
        const error = yield* client.next
        assert.isAtLeast(Date.now() - opened, 400)
        assert.deepStrictEqual(error, {
          type: "error",
          event_id: error.event_id,
          error: {
            type: "invalid_request_error",
            code: "session_expired",
            message: reason,
            param: null,
            event_id: null
          }
        })
        assert.deepStrictEqual(yield* client.closed, { code: 1001, reason })
      }
      const infos = yield* eventually(
        server.connections,
        (infos) => infos.every((info) => info.closeCode !== undefined)
      )
      assert.deepStrictEqual(infos.map((info) => [info.session, info.closeCode]), [[0, 1001], [1, 1001]])
    }))

  it.scopedLive("the service's 60 minutes by default, told in minutes", () =>
    Effect.gen(function*() {
      const server = yield* RealtimeTestServer.make()
      const opened = Math.floor(Date.now() / 1000)
      const client = yield* connect(`${server.url}?model=gpt-realtime`)
      const created = yield* client.next
      assert.approximately(created.session.expires_at, opened + 3600, 1)
    }))

  it("tells whole minutes in minutes and the rest in seconds", () => {
    const reason = (limit: Duration.DurationInput) => sessionLimitReason(Duration.decode(limit))
    assert.strictEqual(reason("60 minutes"), "Your session hit the maximum duration of 60 minutes.")
    assert.strictEqual(reason("1 minute"), "Your session hit the maximum duration of 1 minute.")
    assert.strictEqual(reason("20 seconds"), "Your session hit the maximum duration of 20 seconds.")
  })
})

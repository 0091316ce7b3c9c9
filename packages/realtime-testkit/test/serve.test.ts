import { assert, describe, it } from "@effect/vitest"
import { RealtimeTestServer } from "@pkg/realtime-testkit"
import { Effect } from "effect"
import { WebSocket } from "ws"

const open = (url: string, ca?: string) =>
  Effect.async<{ readonly created: any; readonly ws: WebSocket }, Error>((resume) => {
    const ws = new WebSocket(url, { headers: { authorization: "Bearer sk-test" }, ...(ca ? { ca } : {}) })
    ws.once("message", (data) => resume(Effect.succeed({ created: JSON.parse(data.toString()), ws })))
    ws.once("error", (error) => resume(Effect.fail(error)))
  })

describe("serve", () => {
  it.scopedLive("serves wss: with a self-signed certificate that a client trusts as its CA", () =>
    Effect.gen(function*() {
      const tls = yield* RealtimeTestServer.selfSignedCertificate()
      const server = yield* RealtimeTestServer.serve({}, { tls })
      assert.match(server.baseUrl, /^https:\/\/127\.0\.0\.1:\d+\/v1$/)
      assert.match(server.url, /^wss:\/\/127\.0\.0\.1:\d+\/v1\/realtime$/)
      const { created, ws } = yield* open(`${server.url}?model=gpt-realtime`, tls.cert)
      ws.close()
      assert.strictEqual(created.type, "session.created")
      const untrusted = yield* Effect.flip(open(`${server.url}?model=gpt-realtime`))
      assert.match(untrusted.message, /self[- ]signed/i)
    }))

  it.scopedLive("taps every frame in and out, and listens on the port asked for", () =>
    Effect.gen(function*() {
      const frames: Array<RealtimeTestServer.Frame> = []
      const first = yield* RealtimeTestServer.serve({}, { onFrame: (frame) => frames.push(frame) })
      const { ws } = yield* open(`${first.url}?model=gpt-realtime`)
      ws.send(JSON.stringify({ type: "input_audio_buffer.clear", event_id: "c_1" }))
      yield* Effect.async<void>((resume) => {
        ws.once("message", () => resume(Effect.void))
      })
      ws.close()
      assert.deepStrictEqual(frames.map((frame) => [frame.connection, frame.direction, JSON.parse(frame.text!).type]), [
        [0, "out", "session.created"],
        [0, "in", "input_audio_buffer.clear"],
        [0, "out", "input_audio_buffer.cleared"]
      ])
      const port = Number(new URL(first.baseUrl).port)
      const taken = yield* Effect.flip(RealtimeTestServer.serve({}, { port }))
      assert.strictEqual(taken.reason, "Listen")
      assert.include(taken.message, `127.0.0.1:${port}`)
    }))
})

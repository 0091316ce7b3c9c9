import { assert, describe, it } from "@effect/vitest"
import type { Open, SocketHandlers } from "@pkg/realtime-client/RealtimeSocket"
import { Duration, Effect, Schedule } from "effect"
import { readFileSync } from "node:fs"
import { connect } from "../src/internal/connection.js"
import { makeSession } from "../src/internal/session.js"

/** A socket that opens at once and records what the connection asks of it; the test plays the server. */
const recordingSocket = () => {
  const calls: Array<string> = []
  let handlers: SocketHandlers | undefined
  const open: Open = (_url, _options, given) => {
    handlers = given
    queueMicrotask(() => given.onOpen())
    return {
      isOpen: () => true,
      send: () => calls.push("send"),
      bufferedAmount: () => 0,
      pause: () => calls.push("pause"),
      resume: () => calls.push("resume"),
      close: (code) => {
        calls.push(`close ${code}`)
        given.onClose(code, "")
      },
      terminate: () => calls.push("terminate")
    }
  }
  return { open, calls, server: () => handlers! }
}

const options = {
  url: new URL("ws://127.0.0.1:1/v1/realtime"),
  headers: {},
  openTimeout: Duration.seconds(5),
  pingInterval: Duration.minutes(1),
  livenessTimeout: Duration.minutes(3),
  highWaterMark: 1024 * 1024
}

const sessionCreated = readFileSync(new URL("fixtures/server-events/session.created.json", import.meta.url), "utf8")

describe("the connection's inbound frames", () => {
  it.scoped("what came before the receiver is handed to it at once, then each frame as it arrives, null at the end", () =>
    Effect.gen(function*() {
      const socket = recordingSocket()
      const connection = yield* connect(socket.open, options)
      socket.server().onText("early 1")
      socket.server().onText("early 2")
      const received: Array<string | null> = []
      connection.receive((frame) => received.push(frame))
      assert.deepStrictEqual(received, ["early 1", "early 2"])
      socket.server().onText("late")
      assert.deepStrictEqual(received, ["early 1", "early 2", "late"])
      socket.server().onClose(1006, "")
      assert.deepStrictEqual(received, ["early 1", "early 2", "late", null])
      assert.deepStrictEqual(socket.calls, [])
    }))

  it.scoped("pause and resume reach the socket once each, however often they are asked", () =>
    Effect.gen(function*() {
      const socket = recordingSocket()
      const connection = yield* connect(socket.open, options)
      connection.resume()
      connection.pause()
      connection.pause()
      connection.resume()
      connection.resume()
      assert.deepStrictEqual(socket.calls, ["pause", "resume"])
    }))
})

describe("a session's inbound events", () => {
  it.scoped("reading pauses while inboundHighWaterMark events wait for their effects, and resumes once they ran", () =>
    Effect.gen(function*() {
      const socket = recordingSocket()
      const connection = yield* connect(socket.open, options)
      socket.server().onText(sessionCreated)
      const session = yield* makeSession(connection, {
        openTimeout: Duration.seconds(5),
        requestTimeout: Duration.seconds(5),
        inboundHighWaterMark: 3
      })
      // each event of an unknown type is logged: an effect that waits for the session's fiber
      for (const n of [1, 2, 3, 4, 5]) socket.server().onText(JSON.stringify({ type: "made.up", event_id: `e${n}` }))
      assert.deepStrictEqual(socket.calls, ["pause"])
      yield* Effect.yieldNow().pipe(Effect.repeat({
        until: () => socket.calls.length > 1,
        schedule: Schedule.recurs(100)
      }))
      assert.deepStrictEqual(socket.calls, ["pause", "resume"])
      assert.strictEqual((yield* session.stats).unknownEvents, 5)
    }))
})

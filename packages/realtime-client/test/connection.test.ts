import { assert, describe, it } from "@effect/vitest"
import type { Open, SocketHandlers } from "@pkg/realtime-client/RealtimeSocket"
import { Duration, Effect, Fiber } from "effect"
import { connect } from "../src/internal/connection.js"

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
  highWaterMark: 1024 * 1024,
  inboundHighWaterMark: 3
}

describe("the connection's inbound frames", () => {
  it.scoped("reading pauses once more than inboundHighWaterMark frames wait, and resumes when they are taken", () =>
    Effect.gen(function*() {
      const socket = recordingSocket()
      const connection = yield* connect(socket.open, options)
      for (const n of [1, 2, 3, 4, 5]) socket.server().onText(`frame ${n}`)
      assert.deepStrictEqual(socket.calls, ["pause"])
      assert.deepStrictEqual(yield* connection.takeAll, ["frame 1", "frame 2", "frame 3", "frame 4", "frame 5"])
      assert.deepStrictEqual(socket.calls, ["pause", "resume"])
    }))

  it.scoped("takeAll waits for the next frame, and yields null once the connection has ended", () =>
    Effect.gen(function*() {
      const socket = recordingSocket()
      const connection = yield* connect(socket.open, options)
      const waiting = yield* Effect.fork(connection.takeAll)
      yield* Effect.yieldNow()
      assert.isNull(waiting.unsafePoll())
      socket.server().onText("late")
      assert.deepStrictEqual(yield* Fiber.join(waiting), ["late"])
      socket.server().onClose(1006, "")
      assert.deepStrictEqual(yield* connection.takeAll, [null])
      assert.deepStrictEqual(socket.calls, [])
    }))
})

import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import type { Fault } from "../RealtimeTestServer.js"
import type { Send } from "./response.js"
import type { SocketIo } from "./socket.js"

/**
 * Starts the faults that act on one connection, each once, timed from the moment the connection opened:
 * raw frames right away, then drops, closes, stalls and silence on their timers (forked in the connection's
 * scope, so they stop with it).
 *
 * @internal
 */
export const schedule = (
  faults: ReadonlyArray<Fault>,
  io: SocketIo,
  send: Send
): Effect.Effect<void, never, Scope.Scope> =>
  Effect.forEach(faults, (fault) => {
    switch (fault._tag) {
      case "SendMalformed": {
        const sendFrames = Effect.sync(() => fault.frames.forEach((frame) => io.send(frame)))
        return fault.after === undefined ? sendFrames : Effect.forkScoped(Effect.delay(sendFrames, fault.after))
      }
      case "DropConnection":
        return Effect.forkScoped(Effect.delay(Effect.sync(() => io.terminate()), fault.after))
      case "CloseAfter":
        return Effect.forkScoped(Effect.delay(
          Effect.zipRight(
            fault.sessionExpiredError === true
              ? send({
                type: "error",
                error: {
                  type: "invalid_request_error",
                  code: "session_expired",
                  message: fault.reason,
                  param: null,
                  event_id: null
                }
              })
              : Effect.void,
            Effect.sync(() => io.close(fault.code, fault.reason))
          ),
          fault.after
        ))
      case "StallReading":
        return Effect.forkScoped(Effect.delay(
          Effect.acquireUseRelease(
            Effect.sync(() => io.stall(true)),
            () => Effect.sleep(fault.for),
            () => Effect.sync(() => io.stall(false))
          ),
          fault.after
        ))
      case "GoSilent":
        return Effect.forkScoped(Effect.delay(Effect.sync(() => io.goSilent()), fault.after))
      case "RefuseHandshake":
      case "ErrorOn":
        return Effect.void
    }
  }, { discard: true })

import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import type { Fault } from "../Behaviour.js"
import { selects } from "../Selection.js"
import type { Send } from "./send.js"
import type { SocketIo } from "./socket.js"

const closeWithError = (io: SocketIo, send: Send, code: number, reason: string, errorCode: string | undefined) =>
  Effect.zipRight(
    errorCode === undefined ? Effect.void : send({
      type: "error",
      error: { type: "invalid_request_error", code: errorCode, message: reason, param: null, event_id: null }
    }),
    Effect.sync(() => io.close(code, reason))
  )

/**
 * Starts the faults that act on one connection, each once, timed from the moment the connection opened:
 * raw frames right away, then drops, closes, stalls and silence on their timers (forked in the connection's
 * scope, so they stop with it). A fault with a `connections` selection acts only on the selected sessions.
 *
 * @internal
 */
export const schedule = (
  faults: ReadonlyArray<Fault>,
  session: number,
  io: SocketIo,
  send: Send
): Effect.Effect<void, never, Scope.Scope> =>
  Effect.forEach(faults, (fault): Effect.Effect<void, never, Scope.Scope> => {
    if (fault._tag === "RefuseHandshake" || !selects(fault.connections, session)) return Effect.void
    switch (fault._tag) {
      case "SendMalformed": {
        const sendFrames = Effect.sync(() => fault.frames.forEach((frame) => io.send(frame)))
        return fault.after === undefined
          ? sendFrames
          : Effect.asVoid(Effect.forkScoped(Effect.delay(sendFrames, fault.after)))
      }
      case "DropConnection":
        return Effect.asVoid(Effect.forkScoped(Effect.delay(Effect.sync(() => io.terminate()), fault.after)))
      case "CloseAfter":
        return Effect.asVoid(Effect.forkScoped(Effect.delay(
          closeWithError(
            io,
            send,
            fault.code,
            fault.reason,
            fault.sessionExpiredError === true ? "session_expired" : undefined
          ),
          fault.after
        )))
      case "StallReading":
        return Effect.asVoid(Effect.forkScoped(Effect.delay(
          Effect.acquireUseRelease(
            Effect.sync(() => io.stall(true)),
            () => Effect.sleep(fault.for),
            () => Effect.sync(() => io.stall(false))
          ),
          fault.after
        )))
      case "GoSilent":
        return Effect.asVoid(Effect.forkScoped(Effect.delay(Effect.sync(() => io.goSilent()), fault.after)))
      case "ErrorOn":
      case "FailTranscription":
        return Effect.void
    }
  }, { discard: true })

/**
 * The reason the service gives when a session hits its limit: "Your session hit the maximum duration of 60
 * minutes." A limit that is not a whole number of minutes is told in seconds.
 *
 * @internal
 */
export const sessionLimitReason = (limit: Duration.Duration): string => {
  const millis = Duration.toMillis(limit)
  const minutes = millis / 60_000
  const told = Number.isInteger(minutes)
    ? `${minutes} ${minutes === 1 ? "minute" : "minutes"}`
    : `${Number((millis / 1000).toFixed(3))} seconds`
  return `Your session hit the maximum duration of ${told}.`
}

/**
 * Ends the session at its limit as the service does: an `error` `session_expired`, then a close with 1001 and
 * the same message as its reason.
 *
 * @internal
 */
export const expireAt = (limit: Duration.Duration, io: SocketIo, send: Send): Effect.Effect<void, never, Scope.Scope> =>
  Effect.asVoid(Effect.forkScoped(Effect.delay(
    closeWithError(io, send, 1001, sessionLimitReason(limit), "session_expired"),
    limit
  )))

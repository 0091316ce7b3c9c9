import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as FiberId from "effect/FiberId"
import type * as Scope from "effect/Scope"
import { classifyCloseCode, classifyHandshakeStatus, RealtimeConnectionError } from "../RealtimeError.js"
import type { Open, RealtimeSocket } from "../RealtimeSocket.js"
import { appendEventLength, sendAppendEvents } from "./audioFrames.js"

/** @internal */
export interface ConnectionOptions {
  readonly url: URL
  readonly headers: Readonly<Record<string, string>>
  readonly openTimeout: Duration.Duration
  readonly pingInterval: Duration.Duration
  readonly livenessTimeout: Duration.Duration
  readonly highWaterMark: number
}

/** @internal */
export interface Connection {
  /**
   * Hands each frame to `receiver` as it arrives, in the socket's callback, and `null` once the connection has
   * ended; the frames that came before are handed to it at once. Set once, by the session, right after the
   * connection opened (until then, what arrives is kept: the session's first event or two).
   */
  readonly receive: (receiver: (frame: string | null) => void) => void
  /** Stops reading from the socket (TCP back-pressure) until {@link resume}; liveness is not checked meanwhile. */
  readonly pause: () => void
  readonly resume: () => void
  /** Writes now, whatever is buffered (control events). */
  readonly send: (text: string) => Effect.Effect<void, RealtimeConnectionError>
  /**
   * {@link send} without an effect, for a caller inside one (a request's `Effect.async`): `undefined` once
   * written, the error when the socket failed, or `"closed"` when the socket is not open (the caller then fails
   * with {@link closedError}, which waits to learn how the connection ended).
   */
  readonly trySend: (text: string) => RealtimeConnectionError | "closed" | undefined
  /** Fails, once the connection has ended, with the error of a write that found it closed. */
  readonly closedError: Effect.Effect<never, RealtimeConnectionError>
  /** Waits while the socket holds more than the high-water mark, then writes (audio). */
  readonly sendWithBackpressure: (text: string) => Effect.Effect<void, RealtimeConnectionError>
  /**
   * Writes the `input_audio_buffer.append` events of `audio` cut in frames of `frameBytes`, synchronously,
   * while the socket holds at most the high-water mark; then waits for it to drain and goes on. The hot path
   * of audio: no effect per frame.
   */
  readonly sendAudio: (audio: Uint8Array, frameBytes: number) => Effect.Effect<void, RealtimeConnectionError>
  /** Fails when the connection is lost; succeeds when the client closed it. */
  readonly closed: Deferred.Deferred<void, RealtimeConnectionError>
  readonly bufferedAmount: () => number
  readonly close: (code?: number, reason?: string) => Effect.Effect<void>
}

const describeUrl = (url: URL) => `${url.protocol}//${url.host}${url.pathname}`

const statusMessage = (status: number, url: URL, body: string) => {
  const detail = serverMessage(body)
  const suffix = detail === undefined ? "" : `: ${detail}`
  if (status === 401 || status === 403) {
    return `the endpoint ${describeUrl(url)} refused the API key (HTTP ${status})${suffix}`
  }
  if (status === 404 || status === 400) {
    return `the endpoint ${describeUrl(url)} refused the session (HTTP ${status}; check the model)${suffix}`
  }
  return `the endpoint ${describeUrl(url)} refused the connection (HTTP ${status})${suffix}`
}

const serverMessage = (body: string): string | undefined => {
  try {
    const json = JSON.parse(body) as { error?: { message?: unknown } }
    const message = json?.error?.message
    return typeof message === "string" ? message.slice(0, 300) : undefined
  } catch {
    const text = body.trim().split("\n")[0]?.slice(0, 200)
    return text === "" ? undefined : text
  }
}

/**
 * Opens one WebSocket with the provided constructor and keeps it alive while the scope is open.
 *
 * Inbound policy: each frame goes to the session's receiver as it arrives; the session pauses reading from the
 * socket (TCP back-pressure) while too much of what it received waits (see `receive`, `pause`).
 * Outbound policy: audio waits while `bufferedAmount` is above `highWaterMark`, woken by the write callback
 * of the frames in flight (no polling); control events are written at once.
 *
 * @internal
 */
export const connect = (
  open: Open,
  options: ConnectionOptions
): Effect.Effect<Connection, RealtimeConnectionError, Scope.Scope> =>
  Effect.gen(function*() {
    let receiver: ((frame: string | null) => void) | undefined
    const early: Array<string | null> = []
    const deliver = (frame: string | null) => {
      if (receiver === undefined) early.push(frame)
      else receiver(frame)
    }
    const closed = yield* Deferred.make<void, RealtimeConnectionError>()
    let closingByClient = false
    let paused = false
    let lastSeen = Date.now()
    let drained: Deferred.Deferred<void> | undefined

    const ws = yield* Effect.acquireRelease(
      Effect.async<RealtimeSocket, RealtimeConnectionError>((resume) => {
        let settled = false
        const settle = (effect: Effect.Effect<RealtimeSocket, RealtimeConnectionError>) => {
          if (settled) return
          settled = true
          resume(effect)
        }
        const opened: RealtimeSocket = open(options.url, {
          headers: options.headers,
          handshakeTimeoutMillis: Duration.toMillis(options.openTimeout),
          maxPayloadBytes: 64 * 1024 * 1024
        }, {
          onOpen: () => settle(Effect.succeed(opened)),
          onText: (text) => {
            lastSeen = Date.now()
            deliver(text)
          },
          onAlive: () => {
            lastSeen = Date.now()
          },
          onRefused: (status, body) =>
            settle(Effect.fail(
              new RealtimeConnectionError({
                reason: status === 401 || status === 403 ? "Unauthorized" : "Refused",
                message: statusMessage(status, options.url, body),
                disposition: classifyHandshakeStatus(status),
                status
              })
            )),
          onError: (error) => {
            if (settled) return
            const timeout = /timed out|timeout/i.test(error.message)
            settle(Effect.fail(
              new RealtimeConnectionError({
                reason: timeout ? "OpenTimeout" : "Unreachable",
                message: timeout
                  ? `the endpoint ${describeUrl(options.url)} did not answer within ${
                    Duration.format(options.openTimeout)
                  }`
                  : `cannot reach ${describeUrl(options.url)}: ${error.code ?? error.message}`,
                disposition: "retryable"
              })
            ))
          },
          onClose: (code, reason) => {
            const disposition = classifyCloseCode(code, closingByClient)
            if (disposition === "user") {
              Deferred.unsafeDone(closed, Effect.void)
            } else {
              Deferred.unsafeDone(
                closed,
                Effect.fail(
                  new RealtimeConnectionError({
                    reason: "Closed",
                    message: `the server closed the connection (${code}${reason === "" ? "" : `: ${reason}`})`,
                    disposition,
                    closeCode: code,
                    closeReason: reason
                  })
                )
              )
            }
            if (drained !== undefined) {
              Deferred.unsafeDone(drained, Effect.void)
              drained = undefined
            }
            deliver(null)
            settle(Effect.fail(
              new RealtimeConnectionError({
                reason: "Unreachable",
                message: `the endpoint ${describeUrl(options.url)} closed the connection during the handshake`,
                disposition: "retryable"
              })
            ))
          }
        })
        return Effect.sync(() => opened.terminate())
      }),
      (opened) =>
        Effect.gen(function*() {
          closingByClient = true
          opened.close(1000, "client closed")
          yield* Deferred.await(closed).pipe(
            Effect.ignore,
            Effect.timeout("2 seconds"),
            Effect.ignore,
            Effect.interruptible
          )
          opened.terminate()
        })
    )

    const closedError: Effect.Effect<never, RealtimeConnectionError> = Effect.suspend(() =>
      Deferred.await(closed).pipe(
        Effect.zipRight(Effect.fail(
          new RealtimeConnectionError({
            reason: "Closed",
            message: "the connection is closed",
            disposition: closingByClient ? "user" : "retryable"
          })
        ))
      )
    )

    const sendFailed = (cause: unknown) =>
      new RealtimeConnectionError({
        reason: "Closed",
        message: "the connection failed while sending",
        disposition: "retryable",
        cause
      })

    const trySend = (text: string): RealtimeConnectionError | "closed" | undefined => {
      if (!ws.isOpen()) return "closed"
      try {
        ws.send(text)
        return undefined
      } catch (cause) {
        return sendFailed(cause)
      }
    }

    const write = (text: string) =>
      Effect.suspend(() => {
        const failed = trySend(text)
        return failed === undefined ? Effect.void : failed === "closed" ? closedError : Effect.fail(failed)
      })

    const waitForDrain: Effect.Effect<void> = Effect.suspend(() => {
      if (ws.bufferedAmount() <= options.highWaterMark || !ws.isOpen()) return Effect.void
      // No frame in flight asks for a callback (the buffer is full of control events): look again shortly.
      if (callbacksPending === 0) return Effect.zipRight(Effect.sleep("5 millis"), waitForDrain)
      if (drained === undefined) drained = Deferred.unsafeMake<void>(FiberId.none)
      return Effect.zipRight(Deferred.await(drained), waitForDrain)
    })

    // The write callback of the last frame of a burst: it wakes a sender waiting for the socket to drain.
    let callbacksPending = 0
    const onWritten = () => {
      callbacksPending--
      if (drained !== undefined) {
        Deferred.unsafeDone(drained, Effect.void)
        drained = undefined
      }
    }
    const sendWithCallback = (text: string) => {
      callbacksPending++
      ws.send(text, onWritten)
    }

    /**
     * Sends the frames of `audio` that fit while the socket has room (the frame that fills it included), as one
     * burst: framed at once by a socket that can (`sendAudio`), else event by event under one `batch`. The
     * burst's last frame asks for the write callback. Returns how many bytes of `audio` it sent.
     */
    const sendBurst = (audio: Uint8Array, frameBytes: number): number => {
      const room = Math.max(0, options.highWaterMark - ws.bufferedAmount())
      const frames = Math.floor(room / (appendEventLength(frameBytes) + 8)) + 1
      const burst = audio.subarray(0, frames * frameBytes)
      callbacksPending++
      if (ws.sendAudio !== undefined) {
        ws.sendAudio(burst, frameBytes, onWritten)
      } else {
        const write = () => sendAppendEvents(burst, frameBytes, (text, written) => ws.send(text, written), onWritten)
        if (ws.batch === undefined) write()
        else ws.batch(write)
      }
      return burst.byteLength
    }

    const sendAudio = (audio: Uint8Array, frameBytes: number): Effect.Effect<void, RealtimeConnectionError> =>
      audio.byteLength === 0 ? Effect.void : Effect.zipRight(
        waitForDrain,
        Effect.suspend(() => {
          if (!ws.isOpen()) return closedError
          let sent: number
          try {
            sent = sendBurst(audio, frameBytes)
          } catch (cause) {
            return Effect.fail(sendFailed(cause))
          }
          return sendAudio(audio.subarray(sent), frameBytes)
        })
      )

    const keepalive = Effect.gen(function*() {
      const interval = Duration.toMillis(options.pingInterval)
      const liveness = Duration.toMillis(options.livenessTimeout)
      while (true) {
        yield* Effect.sleep(Math.min(interval, liveness / 3))
        if (paused) {
          lastSeen = Date.now()
          continue
        }
        if (Date.now() - lastSeen > liveness) {
          yield* Deferred.fail(
            closed,
            new RealtimeConnectionError({
              reason: "Liveness",
              message: `the server sent nothing (not even a pong) for ${Duration.format(options.livenessTimeout)}`,
              disposition: "retryable"
            })
          )
          ws.terminate()
          return
        }
        ws.ping?.()
      }
    })
    yield* Effect.forkScoped(Effect.raceFirst(keepalive, Deferred.await(closed).pipe(Effect.ignore)))

    return {
      receive: (given) => {
        receiver = given
        for (const frame of early.splice(0)) given(frame)
      },
      pause: () => {
        if (paused || ws.pause === undefined) return
        paused = true
        ws.pause()
      },
      resume: () => {
        if (!paused) return
        paused = false
        ws.resume?.()
      },
      send: write,
      trySend,
      closedError,
      sendWithBackpressure: (text) =>
        Effect.zipRight(
          waitForDrain,
          Effect.suspend(() => {
            if (!ws.isOpen()) return closedError
            try {
              sendWithCallback(text)
              return Effect.void
            } catch (cause) {
              return Effect.fail(sendFailed(cause))
            }
          })
        ),
      sendAudio,
      closed,
      bufferedAmount: () => ws.bufferedAmount(),
      close: (code = 1000, reason = "client closed") =>
        Effect.sync(() => {
          closingByClient = true
          ws.close(code, reason)
        })
    } satisfies Connection
  })

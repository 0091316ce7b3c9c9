import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Queue from "effect/Queue"
import type * as Scope from "effect/Scope"
import WebSocket from "ws"
import { classifyCloseCode, classifyHandshakeStatus, RealtimeConnectionError } from "../RealtimeError.js"

/** @internal */
export interface ConnectionOptions {
  readonly url: URL
  readonly headers: Readonly<Record<string, string>>
  readonly openTimeout: Duration.Duration
  readonly pingInterval: Duration.Duration
  readonly livenessTimeout: Duration.Duration
  readonly highWaterMark: number
  readonly inboundHighWaterMark: number
}

/** @internal */
export interface Connection {
  /** Frames in arrival order; `null` once the connection has ended. */
  readonly take: Effect.Effect<string | null>
  /** Writes now, whatever is buffered (control events). */
  readonly send: (text: string) => Effect.Effect<void, RealtimeConnectionError>
  /** Waits while the socket holds more than the high-water mark, then writes (audio). */
  readonly sendWithBackpressure: (text: string) => Effect.Effect<void, RealtimeConnectionError>
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
 * Opens one WebSocket and keeps it alive while the scope is open.
 *
 * Inbound policy: frames are queued for the dispatcher; when more than
 * `inboundHighWaterMark` frames wait, reading from the socket pauses (TCP
 * back-pressure) until the queue drains to half of it.
 * Outbound policy: `sendWithBackpressure` waits while `bufferedAmount` is above
 * `highWaterMark`; control events are written at once.
 *
 * @internal
 */
export const connect = (options: ConnectionOptions): Effect.Effect<Connection, RealtimeConnectionError, Scope.Scope> =>
  Effect.gen(function*() {
    const inbound = yield* Queue.unbounded<string | null>()
    const queued = () => Option.getOrElse(inbound.unsafeSize(), () => 0)
    const closed = yield* Deferred.make<void, RealtimeConnectionError>()
    let closingByClient = false
    let paused = false
    let lastSeen = Date.now()
    const closeByClient = (socket: WebSocket, code: number, reason: string) => {
      closingByClient = true
      if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING) socket.close(code, reason)
    }

    const ws = yield* Effect.acquireRelease(
      Effect.async<WebSocket, RealtimeConnectionError>((resume) => {
        const socket = new WebSocket(options.url, {
          headers: { ...options.headers },
          handshakeTimeout: Duration.toMillis(options.openTimeout),
          maxPayload: 64 * 1024 * 1024,
          perMessageDeflate: false
        })
        let settled = false
        const settle = (effect: Effect.Effect<WebSocket, RealtimeConnectionError>) => {
          if (settled) return
          settled = true
          resume(effect)
        }
        socket.on("unexpected-response", (_request, response) => {
          const status = response.statusCode ?? 0
          const chunks: Array<Buffer> = []
          let size = 0
          response.on("data", (chunk: Buffer) => {
            if (size < 4096) chunks.push(chunk)
            size += chunk.length
          })
          response.on("end", () => {
            settle(Effect.fail(
              new RealtimeConnectionError({
                reason: status === 401 || status === 403 ? "Unauthorized" : "Refused",
                message: statusMessage(status, options.url, Buffer.concat(chunks).toString("utf8")),
                disposition: classifyHandshakeStatus(status),
                status
              })
            ))
            socket.terminate()
          })
          response.on("error", () => undefined)
        })
        socket.on("message", (data: WebSocket.RawData, isBinary: boolean) => {
          lastSeen = Date.now()
          if (isBinary) return
          inbound.unsafeOffer(rawToString(data))
          if (!paused && queued() >= options.inboundHighWaterMark) {
            paused = true
            socket.pause()
          }
        })
        socket.on("pong", () => {
          lastSeen = Date.now()
        })
        socket.on("close", (code: number, reasonBuffer: Buffer) => {
          const reason = reasonBuffer.toString("utf8")
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
          inbound.unsafeOffer(null)
        })
        socket.once("open", () => settle(Effect.succeed(socket)))
        socket.on("error", (error: Error & { code?: string }) => {
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
        })
        return Effect.sync(() => socket.terminate())
      }),
      (socket) =>
        Effect.gen(function*() {
          closeByClient(socket, 1000, "client closed")
          yield* Deferred.await(closed).pipe(
            Effect.ignore,
            Effect.timeout("2 seconds"),
            Effect.ignore,
            Effect.interruptible
          )
          socket.terminate()
        })
    )

    const take = Queue.take(inbound).pipe(
      Effect.tap(() =>
        Effect.sync(() => {
          if (paused && queued() <= options.inboundHighWaterMark / 2) {
            paused = false
            ws.resume()
          }
        })
      )
    )

    const write = (text: string) =>
      Effect.suspend(() => {
        if (ws.readyState !== WebSocket.OPEN) {
          return Deferred.await(closed).pipe(
            Effect.zipRight(Effect.fail(
              new RealtimeConnectionError({
                reason: "Closed",
                message: "the connection is closed",
                disposition: closingByClient ? "user" : "retryable"
              })
            ))
          )
        }
        return Effect.try({
          try: () => ws.send(text),
          catch: (cause) =>
            new RealtimeConnectionError({
              reason: "Closed",
              message: "the connection failed while sending",
              disposition: "retryable",
              cause
            })
        })
      })

    const waitForDrain: Effect.Effect<void> = Effect.suspend(() =>
      ws.bufferedAmount <= options.highWaterMark || ws.readyState !== WebSocket.OPEN
        ? Effect.void
        : Effect.sleep("5 millis").pipe(Effect.zipRight(waitForDrain))
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
        if (ws.readyState === WebSocket.OPEN) ws.ping()
      }
    })
    yield* Effect.forkScoped(Effect.raceFirst(keepalive, Deferred.await(closed).pipe(Effect.ignore)))

    return {
      take,
      send: write,
      sendWithBackpressure: (text) => Effect.zipRight(waitForDrain, write(text)),
      closed,
      bufferedAmount: () => ws.bufferedAmount,
      close: (code = 1000, reason = "client closed") => Effect.sync(() => closeByClient(ws, code, reason))
    } satisfies Connection
  })

const rawToString = (data: WebSocket.RawData): string => {
  if (Buffer.isBuffer(data)) return data.toString("utf8")
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8")
  return Buffer.from(data).toString("utf8")
}

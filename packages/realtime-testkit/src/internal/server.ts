import * as Effect from "effect/Effect"
import * as FiberSet from "effect/FiberSet"
import * as Mailbox from "effect/Mailbox"
import * as Option from "effect/Option"
import type * as Scope from "effect/Scope"
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http"
import { createServer } from "node:http"
import { createServer as createSecureServer } from "node:https"
import type { AddressInfo } from "node:net"
import type { Duplex } from "node:stream"
import { WebSocketServer } from "ws"
import type { Behaviour } from "../Behaviour.js"
import type { ServeOptions, TestServer } from "../TestServer.js"
import { ServeError } from "../TestServer.js"
import { defaultBehaviour } from "./behaviour.js"
import * as Connection from "./connection.js"
import * as Handshake from "./handshake.js"
import type { Frame, SocketIo } from "./socket.js"
import { attach, INBOUND_CAPACITY } from "./socket.js"
import * as State from "./state.js"

/**
 * The largest frame accepted: a 15 MiB `input_audio_buffer.append` (the service's limit) once base64-encoded,
 * plus its envelope. Larger frames close the connection with 1009.
 */
const MAX_PAYLOAD = 21 * 1024 * 1024

const HOST = "127.0.0.1"

/** The host to put in a URL: the loopback address for a wildcard bind, brackets around IPv6. */
const urlHost = (host: string): string => {
  const reachable = host === "0.0.0.0" ? HOST : host === "::" ? "::1" : host
  return reachable.includes(":") ? `[${reachable}]` : reachable
}

const flatten = (headers: IncomingHttpHeaders): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(", ") : value
  }
  return out
}

const answerPlainHttp = (request: IncomingMessage, response: ServerResponse) => {
  const path = new URL(request.url ?? "/", `http://${HOST}`).pathname
  const upgradeRequired = path === "/v1/realtime" || path === "/openai/v1/realtime"
  const body = JSON.stringify({
    error: {
      message: upgradeRequired
        ? "This endpoint only accepts WebSocket connections."
        : `Invalid URL (${request.method} ${path})`,
      type: "invalid_request_error",
      param: null,
      code: null
    }
  })
  response.writeHead(upgradeRequired ? 426 : 404, { "content-type": "application/json" }).end(body)
}

const refuse = (socket: Duplex, status: number, body: unknown) => {
  socket.once("finish", () => socket.destroy())
  socket.end(Handshake.refusalResponse(status, body))
}

/**
 * Starts the HTTP server that carries the WebSocket endpoint and handles each upgrade on a fiber of its own.
 * Closing the scope interrupts the connection fibers (which terminate their sockets), destroys whatever
 * socket is left and closes the server.
 *
 * @internal
 */
export const make = (
  behaviour?: Partial<Behaviour>,
  options: ServeOptions = {}
): Effect.Effect<TestServer, ServeError, Scope.Scope> =>
  Effect.gen(function*() {
    const state = yield* State.make({ ...defaultBehaviour, ...behaviour })
    const recorder = state.recorder
    const sockets = new Set<Duplex>()
    const wss = new WebSocketServer({
      noServer: true,
      autoPong: false,
      clientTracking: false,
      perMessageDeflate: false,
      maxPayload: MAX_PAYLOAD,
      handleProtocols: (protocols) => (protocols.has("realtime") ? "realtime" : false)
    })
    const { onFrame, tls } = options
    const host = options.host ?? HOST
    const http = tls === undefined ? createServer(answerPlainHttp) : yield* Effect.try({
      try: () => createSecureServer({ cert: tls.cert, key: tls.key }, answerPlainHttp),
      catch: (cause) =>
        new ServeError({ reason: "Tls", message: `The TLS certificate or key is unusable: ${String(cause)}`, cause })
    })
    http.on("connection", (socket) => {
      sockets.add(socket)
      socket.on("error", () => socket.destroy())
      socket.once("close", () => sockets.delete(socket))
    })

    const port = yield* Effect.acquireRelease(
      Effect.async<number, ServeError>((resume) => {
        http.once("error", (error) =>
          resume(Effect.fail(
            new ServeError({
              reason: "Listen",
              message: `Cannot listen on ${host}:${options.port ?? 0}: ${error.message}`,
              cause: error
            })
          )))
        http.listen(options.port ?? 0, host, () => resume(Effect.succeed((http.address() as AddressInfo).port)))
      }),
      () =>
        Effect.async<void>((resume) => {
          for (const socket of sockets) socket.destroy()
          wss.close()
          http.close(() => resume(Effect.void))
        })
    )

    const upgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) =>
      Effect.gen(function*() {
        const url = new URL(request.url ?? "/", `http://${HOST}`)
        const handshake: Handshake.HandshakeRequest = {
          method: request.method ?? "GET",
          path: url.pathname,
          query: Object.fromEntries(url.searchParams),
          headers: flatten(request.headers)
        }
        const behaviour = yield* state.behaviour
        const decision = Option.match(yield* state.takeRefusal, {
          onNone: () => Handshake.decide(handshake, behaviour),
          onSome: Handshake.scriptedRefusal
        })
        const seen = { path: handshake.path, query: handshake.query, headers: handshake.headers }
        if (decision._tag === "Refuse") {
          const index = yield* recorder.refusedHandshake(seen, decision.status)
          yield* Effect.logDebug("handshake refused", { index, status: decision.status })
          return refuse(socket, decision.status, decision.body)
        }
        const { index, session } = yield* recorder.acceptedHandshake(seen)
        const inbound = yield* Mailbox.make<Frame>({ capacity: INBOUND_CAPACITY, strategy: "suspend" })
        const io = yield* Effect.async<SocketIo>((resume) => {
          const abandoned = () => resume(Effect.interrupt)
          socket.once("close", abandoned)
          wss.handleUpgrade(request, socket, head, (ws) => {
            socket.off("close", abandoned)
            resume(Effect.succeed(attach(ws, inbound, {
              arrival: () => recorder.unsafeArrival(),
              closed: (code, reason) => recorder.unsafeClosed(index, code, reason),
              tap: onFrame &&
                ((direction, text, bytes) => onFrame({ at: Date.now(), connection: index, direction, text, bytes }))
            })))
          })
        })
        yield* Effect.logDebug("connection accepted", { index, session, model: decision.model })
        yield* Connection.serve({ index, session, io, server: state, model: decision.model, beta: decision.beta })
      }).pipe(Effect.annotateLogs({ module: "RealtimeTestServer" }))

    const run = yield* FiberSet.makeRuntime<never>()
    http.on("upgrade", (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      run(upgrade(request, socket, head))
    })

    const origin = `${urlHost(host)}:${port}`
    const secure = tls !== undefined
    return {
      baseUrl: `${secure ? "https" : "http"}://${origin}/v1`,
      url: `${secure ? "wss" : "ws"}://${origin}/v1/realtime`,
      received: recorder.received,
      connections: recorder.connections,
      audio: (connection) => recorder.audio(connection),
      usage: recorder.usage,
      script: state.script
    }
  })

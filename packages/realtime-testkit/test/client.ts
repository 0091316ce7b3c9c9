import { Data, Deferred, Duration, Effect, Exit, Mailbox } from "effect"
import type { Scope } from "effect"
import { WebSocket } from "ws"

/** A server event as a plain `ws` client sees it; frames that are not JSON come as `{ type: "(raw)", raw }`. */
export interface Received {
  readonly type: string
  readonly [key: string]: any
}

export class HandshakeRefused extends Data.TaggedError("HandshakeRefused")<{
  readonly status: number
  readonly body: any
}> {}

export class WaitTimeout extends Data.TaggedError("WaitTimeout")<{ readonly message: string }> {}

export interface TestClient {
  readonly ws: WebSocket
  readonly send: (event: Record<string, unknown>) => Effect.Effect<void>
  readonly sendRaw: (data: string | Buffer) => Effect.Effect<void>
  /** The next server frame, in order. */
  readonly next: Effect.Effect<Received, WaitTimeout>
  /** The frames up to and including the first one of `type`. */
  readonly until: (type: string) => Effect.Effect<ReadonlyArray<Received>, WaitTimeout>
  /** The first frame of `type`, skipping the ones before it. */
  readonly waitFor: (type: string) => Effect.Effect<Received, WaitTimeout>
  /** The close code and reason, once closed. */
  readonly closed: Effect.Effect<{ readonly code: number; readonly reason: string }>
  /** How many pongs arrived so far. */
  readonly pongs: () => number
}

const WAIT = Duration.seconds(10)

/**
 * A plain `ws` client for the tests: every server frame goes into a bounded mailbox (10,000 frames; the tests
 * read far fewer, and an overflow fails the next read).
 */
export const connect = (
  url: string,
  options: {
    readonly key?: string | undefined
    readonly headers?: Record<string, string>
    readonly protocols?: ReadonlyArray<string>
  } = {}
): Effect.Effect<TestClient, HandshakeRefused, Scope.Scope> =>
  Effect.gen(function*() {
    const frames = yield* Mailbox.make<Received>({ capacity: 10_000 })
    const closed = yield* Deferred.make<{ readonly code: number; readonly reason: string }>()
    let pongs = 0
    const headers = {
      ...(options.key === undefined ? { authorization: "Bearer sk-test-key" } : options.key === "" ? {} : {
        authorization: `Bearer ${options.key}`
      }),
      ...options.headers
    }
    const ws = yield* Effect.acquireRelease(
      Effect.async<WebSocket, HandshakeRefused>((resume) => {
        const ws = new WebSocket(url, options.protocols ? [...options.protocols] : [], { headers })
        ws.on("message", (data, isBinary) => {
          const text = isBinary ? "" : data.toString()
          let frame: Received
          try {
            frame = JSON.parse(text)
          } catch {
            frame = { type: "(raw)", raw: text }
          }
          if (!frames.unsafeOffer(frame)) frames.unsafeDone(Exit.die("client mailbox overflow"))
        })
        ws.on("pong", () => pongs++)
        ws.on("close", (code, reason) => {
          Deferred.unsafeDone(closed, Effect.succeed({ code, reason: reason.toString() }))
          frames.unsafeDone(Exit.void)
        })
        ws.on("error", () => {})
        ws.on("unexpected-response", (_request, response) => {
          let body = ""
          response.on("data", (chunk: Buffer) => body += chunk.toString())
          response.on("end", () => {
            resume(Effect.fail(new HandshakeRefused({ status: response.statusCode ?? 0, body: JSON.parse(body) })))
            ws.terminate()
          })
        })
        ws.on("open", () => resume(Effect.succeed(ws)))
      }),
      (ws) => Effect.sync(() => ws.terminate())
    )
    const next = frames.take.pipe(
      Effect.catchAll(() => Effect.fail(new WaitTimeout({ message: "the connection closed" }))),
      Effect.timeoutFail({ duration: WAIT, onTimeout: () => new WaitTimeout({ message: "no frame within 10 s" }) })
    )
    const until = (type: string) =>
      Effect.gen(function*() {
        const seen: Array<Received> = []
        while (true) {
          const frame = yield* next.pipe(
            Effect.mapError((error) =>
              new WaitTimeout({ message: `${error.message} while waiting for ${type}, after ${JSON.stringify(seen)}` })
            )
          )
          seen.push(frame)
          if (frame.type === type) return seen
        }
      })
    return {
      ws,
      send: (event) => Effect.sync(() => ws.send(JSON.stringify(event))),
      sendRaw: (data) => Effect.sync(() => ws.send(data)),
      next,
      until,
      waitFor: (type) => Effect.map(until(type), (frames) => frames[frames.length - 1]),
      closed: Deferred.await(closed),
      pongs: () => pongs
    }
  })

/** Base64 of `bytes` bytes of a recognisable pattern starting at `offset`. */
export const pcm = (bytes: number, offset = 0): Uint8Array => {
  const out = new Uint8Array(bytes)
  for (let i = 0; i < bytes; i++) out[i] = (offset + i) * 7 & 255
  return out
}

export const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString("base64")

export const append = (client: TestClient, bytes: Uint8Array, event_id?: string) =>
  client.send({ type: "input_audio_buffer.append", ...(event_id ? { event_id } : {}), audio: base64(bytes) })

/** Polls `effect` every 10 ms until `predicate` holds (fails after 10 s). */
export const eventually = <A, E>(effect: Effect.Effect<A, E>, predicate: (a: A) => boolean) =>
  Effect.gen(function*() {
    const deadline = Date.now() + Duration.toMillis(WAIT)
    while (true) {
      const a = yield* effect
      if (predicate(a)) return a
      if (Date.now() > deadline) return yield* new WaitTimeout({ message: "condition not met within 10 s" })
      yield* Effect.sleep("10 millis")
    }
  })

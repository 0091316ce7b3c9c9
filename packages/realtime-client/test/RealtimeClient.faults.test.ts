import { assert, describe, it } from "@effect/vitest"
import * as RealtimeClient from "@pkg/realtime-client/RealtimeClient"
import type { Options } from "@pkg/realtime-client/RealtimeConfig"
import { isRetryable, type RealtimeError } from "@pkg/realtime-client/RealtimeError"
import * as RealtimeSocket from "@pkg/realtime-client/RealtimeSocket"
import * as RealtimeTestServer from "@pkg/realtime-testkit/RealtimeTestServer"
import { Chunk, Effect, Either, Exit, Fiber, Redacted, Schedule, Scope, Stream } from "effect"

const KEY = "sk-faults-secret"

const serve = (behaviour: Partial<RealtimeTestServer.Behaviour>) => RealtimeTestServer.make(behaviour)

const connect = (server: RealtimeTestServer.TestServer, overrides: Partial<Options> = {}) =>
  RealtimeClient.connect({ apiKey: Redacted.make(KEY), baseUrl: server.baseUrl, ...overrides }).pipe(
    Effect.provide(RealtimeSocket.layerWs)
  )

const expectError = <A>(effect: Effect.Effect<A, RealtimeError, any>) =>
  Effect.flatMap(Effect.either(effect), (result) =>
    Either.isLeft(result)
      ? Effect.succeed(result.left)
      : Effect.dieMessage("expected a failure"))

describe("RealtimeClient faults", () => {
  it.scopedLive("a refused key (401) is a fatal Unauthorized error that does not print the key", () =>
    Effect.gen(function*() {
      const server = yield* serve({ apiKey: "sk-the-right-one" })
      const error = yield* expectError(connect(server))
      assert.strictEqual(error._tag, "RealtimeConnectionError")
      if (error._tag !== "RealtimeConnectionError") return
      assert.strictEqual(error.reason, "Unauthorized")
      assert.strictEqual(error.status, 401)
      assert.strictEqual(error.disposition, "fatal")
      assert.notInclude(error.message + JSON.stringify(error), KEY)
    }))

  it.scopedLive("an unknown model (404) is fatal", () =>
    Effect.gen(function*() {
      const server = yield* serve({ models: ["gpt-realtime"] })
      const error = yield* expectError(connect(server, { model: "gpt-nope" }))
      assert.strictEqual(error.disposition, "fatal")
      assert.include(error.message, "HTTP 404")
    }))

  it.scopedLive("a 503 handshake is retryable: two refusals, then a retry connects", () =>
    Effect.gen(function*() {
      const server = yield* serve({ faults: [{ _tag: "RefuseHandshake", status: 503, times: 2 }] })
      const first = yield* expectError(connect(server))
      assert.strictEqual(first.disposition, "retryable")
      if (first._tag === "RealtimeConnectionError") assert.strictEqual(first.status, 503)
      const client = yield* connect(server).pipe(
        Effect.retry({ while: isRetryable, schedule: Schedule.spaced("10 millis"), times: 3 })
      )
      assert.isString(client.session.id)
      assert.strictEqual((yield* server.connections).length, 3)
    }))

  it.scopedLive("a dropped connection (no close frame) fails events and pending requests with a retryable 1006", () =>
    Effect.gen(function*() {
      const server = yield* serve({ faults: [{ _tag: "DropConnection", after: "300 millis" }] })
      const client = yield* connect(server)
      const error = yield* expectError(Stream.runDrain(client.events))
      assert.strictEqual(error._tag, "RealtimeConnectionError")
      if (error._tag !== "RealtimeConnectionError") return
      assert.strictEqual(error.closeCode, 1006)
      assert.strictEqual(error.disposition, "retryable")
      const afterwards = yield* expectError(client.commit)
      assert.strictEqual(afterwards.disposition, "retryable")
    }))

  it.scopedLive("a session's expiry (error session_expired, then close 1001) is retryable and keeps the reason", () =>
    Effect.gen(function*() {
      const server = yield* serve({
        faults: [{
          _tag: "CloseAfter",
          after: "300 millis",
          code: 1001,
          reason: "Your session hit the maximum duration of 60 minutes.",
          sessionExpiredError: true
        }]
      })
      const client = yield* connect(server)
      const seen: Array<string> = []
      const error = yield* expectError(
        client.events.pipe(Stream.runForEach((event) => Effect.sync(() => seen.push(event.type))))
      )
      assert.include(seen, "error")
      assert.strictEqual(error._tag, "RealtimeConnectionError")
      if (error._tag !== "RealtimeConnectionError") return
      assert.strictEqual(error.closeCode, 1001)
      assert.strictEqual(error.disposition, "retryable")
      assert.include(error.message, "maximum duration of 60 minutes")
    }))

  it.scopedLive("malformed frames and unknown event types are counted, never fatal", () =>
    Effect.gen(function*() {
      const server = yield* serve({
        faults: [{
          _tag: "SendMalformed",
          frames: ["not json", "{\"type\":\"brand.new.event\",\"x\":1}", "{\"type\":\"response.done\",\"response\":42}"]
        }]
      })
      const client = yield* connect(server)
      yield* client.updateSession({ type: "realtime", output_modalities: ["text"] })
      const stats = yield* client.stats
      assert.strictEqual(stats.unknownEvents, 1)
      assert.strictEqual(stats.invalidEvents, 2)
    }))

  it.scopedLive("unknown and invalid events pass through events with their raw JSON, in order", () =>
    Effect.gen(function*() {
      const server = yield* serve({
        faults: [{
          _tag: "SendMalformed",
          after: "200 millis",
          frames: ["{\"type\":\"brand.new.event\",\"x\":1}", "{\"type\":\"response.done\",\"response\":42}"]
        }]
      })
      const client = yield* connect(server)
      const events = yield* client.events.pipe(Stream.take(2), Stream.runCollect, Effect.map(Chunk.toReadonlyArray))
      assert.deepStrictEqual(events.map((event) => event.type), ["unknown", "unknown"])
      const [first, second] = events
      if (first?.type !== "unknown" || second?.type !== "unknown") return
      assert.strictEqual(first.originalType, "brand.new.event")
      assert.strictEqual(first.reason, "UnknownType")
      assert.deepStrictEqual(first.raw, { type: "brand.new.event", x: 1 })
      assert.strictEqual(second.originalType, "response.done")
      assert.strictEqual(second.reason, "InvalidEvent")
    }))

  it.scopedLive("a rate-limit error on response.create is retryable and releases the sequencer", () =>
    Effect.gen(function*() {
      const server = yield* serve({
        faults: [{
          _tag: "ErrorOn",
          clientEventType: "response.create",
          error: { type: "rate_limit_exceeded", code: "rate_limit_exceeded", message: "Rate limit reached." },
          times: 1
        }]
      })
      const client = yield* connect(server)
      const error = yield* expectError(client.createResponse({ instructions: "x" }))
      assert.strictEqual(error._tag, "RealtimeServerError")
      if (error._tag === "RealtimeServerError") assert.strictEqual(error.reason, "RateLimited")
      assert.strictEqual(error.disposition, "retryable")
      const next = yield* Effect.flatMap(client.createResponse({ instructions: "y" }), (response) => response.done)
      assert.isString(next.text)
    }))

  it.scopedLive("an invalid-request error is fatal and names the request's event_id", () =>
    Effect.gen(function*() {
      const server = yield* serve({
        faults: [{
          _tag: "ErrorOn",
          clientEventType: "input_audio_buffer.commit",
          error: { type: "invalid_request_error", code: "invalid_value", message: "Invalid value." },
          times: 1
        }]
      })
      const client = yield* connect(server)
      const error = yield* expectError(client.commit)
      assert.strictEqual(error.disposition, "fatal")
      if (error._tag === "RealtimeServerError") assert.match(error.eventId ?? "", /^evt_/)
    }))

  it.scopedLive("a server that reads slowly: appendAudio waits, bufferedAmount stays under the high-water mark", () =>
    Effect.gen(function*() {
      const highWaterMark = 256 * 1024
      const server = yield* serve({ faults: [{ _tag: "StallReading", after: "0 millis", for: "1500 millis" }] })
      const client = yield* connect(server, { highWaterMark })
      const frame = new Uint8Array(48_000)
      const frameOnWire = 4 * Math.ceil(frame.length / 3) + 100
      let peak = 0
      const sampler = yield* Effect.fork(Effect.forever(
        Effect.zipRight(
          Effect.flatMap(client.stats, (stats) => Effect.sync(() => (peak = Math.max(peak, stats.bufferedAmount)))),
          Effect.sleep("2 millis")
        )
      ))
      const start = Date.now()
      for (let i = 0; i < 120; i++) yield* client.appendAudio(frame)
      const waited = Date.now() - start
      yield* client.commit
      void sampler
      assert.isAtMost(peak, highWaterMark + frameOnWire)
      assert.isAbove(peak, 0)
      assert.isAbove(waited, 500)
      const received = yield* server.audio()
      assert.strictEqual(received.length, 120 * frame.length)
    }))

  it.scopedLive("a silent server fails the connection after the liveness timeout", () =>
    Effect.gen(function*() {
      const server = yield* serve({ faults: [{ _tag: "GoSilent", after: "100 millis" }] })
      const client = yield* connect(server, { pingInterval: "100 millis", livenessTimeout: "600 millis" })
      const error = yield* expectError(Stream.runDrain(client.events))
      assert.strictEqual(error._tag, "RealtimeConnectionError")
      if (error._tag !== "RealtimeConnectionError") return
      assert.strictEqual(error.reason, "Liveness")
      assert.strictEqual(error.disposition, "retryable")
    }))

  it.scopedLive("closing the client's scope fails requests still waiting for a reply, with disposition user", () =>
    Effect.gen(function*() {
      const server = yield* serve({ faults: [{ _tag: "GoSilent", after: "0 millis" }] })
      const scope = yield* Scope.make()
      const client = yield* Scope.extend(connect(server), scope)
      const pending = yield* Effect.fork(Effect.either(client.commit))
      yield* Effect.sleep("50 millis")
      yield* Scope.close(scope, Exit.void)
      const result = yield* Fiber.join(pending).pipe(Effect.timeout("2 seconds"))
      assert.isTrue(Either.isLeft(result))
      if (Either.isLeft(result)) assert.strictEqual(result.left.disposition, "user")
    }))

  it.scopedLive("close by the user ends events without an error", () =>
    Effect.gen(function*() {
      const server = yield* serve({})
      const client = yield* connect(server)
      const fiber = yield* Effect.fork(Stream.runCollect(client.events))
      yield* Effect.sleep("30 millis")
      yield* client.close
      const events = yield* fiber.await
      assert.strictEqual(events._tag, "Success")
      const error = yield* expectError(client.commit)
      assert.strictEqual(error.disposition, "user")
    }))
})

describe("RealtimeClient endpoints", () => {
  it.scopedLive("OpenAI: Authorization header, ?model=, no beta header", () =>
    Effect.gen(function*() {
      const server = yield* serve({})
      yield* connect(server, { model: "gpt-realtime-2025-08-28" })
      const info = (yield* server.connections).at(-1)!
      assert.strictEqual(info.path, "/v1/realtime")
      assert.strictEqual(info.query["model"], "gpt-realtime-2025-08-28")
      assert.strictEqual(info.headers["authorization"], `Bearer ${KEY}`)
      assert.isUndefined(info.headers["openai-beta"])
    }))

  it.scopedLive("transcription sessions: ?intent=transcription and a transcription session.update", () =>
    Effect.gen(function*() {
      const server = yield* serve({})
      const client = yield* connect(server, { intent: "transcription" })
      const info = (yield* server.connections).at(-1)!
      assert.strictEqual(info.query["intent"], "transcription")
      assert.isUndefined(info.query["model"])
      const session = yield* client.updateSession({
        type: "transcription",
        audio: {
          input: {
            format: { type: "audio/pcm", rate: 24000 },
            transcription: { model: "gpt-4o-transcribe" },
            turn_detection: null
          }
        }
      })
      assert.strictEqual(session.type, "transcription")
    }))

  it.scopedLive("Azure: /openai/v1/realtime?model=<deployment> with the api-key header", () =>
    Effect.gen(function*() {
      const server = yield* serve({ apiKey: KEY })
      const base = server.baseUrl.replace(/\/v1$/, "")
      yield* connect(server, { baseUrl: base, provider: "azure", model: "my-deployment" })
      const info = (yield* server.connections).at(-1)!
      assert.strictEqual(info.path, "/openai/v1/realtime")
      assert.strictEqual(info.query["model"], "my-deployment")
      assert.strictEqual(info.headers["api-key"], KEY)
      assert.isUndefined(info.headers["authorization"])
    }))
})

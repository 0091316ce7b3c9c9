import { assert, describe, layer } from "@effect/vitest"
import * as RealtimeClient from "@pkg/realtime-client/RealtimeClient"
import * as RealtimeSocket from "@pkg/realtime-client/RealtimeSocket"
import * as RealtimeTestServer from "@pkg/realtime-testkit/RealtimeTestServer"
import { Effect, Exit, Layer, Redacted, Scope } from "effect"
import { frameCount } from "../src/internal/audioFrames.js"

const pcm = (bytes: number) => new Uint8Array(bytes).map((_, i) => (i * 7) % 256)

const connector = Layer.unwrapEffect(
  Effect.map(
    RealtimeTestServer.RealtimeTestServer,
    (server) => RealtimeClient.layer({ apiKey: Redacted.make("sk-test-key"), baseUrl: server.baseUrl })
  )
)

/** A WebSocketConstructor of the test's own: Node's ws, counting the frames the client writes. */
/** `ws` wrapped to record every text frame; `framed: false` takes away its `sendAudio` (one `send` per frame). */
const counting = (sent: Array<string>, options: { readonly framed: boolean; readonly bursts?: Array<number> }) =>
  Layer.succeed(
    RealtimeSocket.WebSocketConstructor,
    (url, socketOptions, handlers) => {
      const socket = Effect.runSync(RealtimeSocket.WebSocketConstructor.pipe(Effect.provide(RealtimeSocket.layerWs)))(
        url,
        socketOptions,
        handlers
      )
      const sendAudio = socket.sendAudio
      return {
        ...socket,
        send: (text, onWritten) => {
          sent.push(text)
          socket.send(text, onWritten)
        },
        sendAudio: options.framed && sendAudio !== undefined
          ? (audio, frameBytes, onWritten) => {
            options.bursts?.push(frameCount(audio.byteLength, frameBytes))
            sendAudio(audio, frameBytes, onWritten)
          }
          : undefined
      }
    }
  )

describe("RealtimeClient as a connector", () => {
  layer(
    connector.pipe(Layer.provideMerge(RealtimeTestServer.layer()), Layer.provide(RealtimeSocket.layerWs)),
    { excludeTestServices: true }
  )("sessions from one connector", (it) => {
    it.scoped("each connect opens its own session; closing one leaves the other open", () =>
      Effect.gen(function*() {
        const client = yield* RealtimeClient.RealtimeClient
        const server = yield* RealtimeTestServer.RealtimeTestServer
        const firstScope = yield* Scope.make()
        const first = yield* client.connect().pipe(Scope.extend(firstScope))
        const second = yield* client.connect()
        assert.notStrictEqual(first.session.id, second.session.id)
        yield* Scope.close(firstScope, Exit.void)
        assert.isTrue(Exit.isSuccess(yield* Effect.exit(first.ended)))
        yield* second.appendAudio(pcm(4_800))
        assert.match(yield* second.commit, /^item_/)
        const closes = (yield* server.connections).filter((c) => c.closeCode === 1000)
        assert.isAtLeast(closes.length, 1)
      }))

    it.scoped("connect takes per-session overrides (here: the model)", () =>
      Effect.gen(function*() {
        const client = yield* RealtimeClient.RealtimeClient
        const server = yield* RealtimeTestServer.RealtimeTestServer
        yield* client.connect({ model: "gpt-realtime-2.1" })
        assert.strictEqual((yield* server.connections).at(-1)?.query["model"], "gpt-realtime-2.1")
      }))

    it.scoped("appendAudio with a frame size sends one append per frame, every byte in order", () =>
      Effect.gen(function*() {
        const client = yield* RealtimeClient.RealtimeClient
        const server = yield* RealtimeTestServer.RealtimeTestServer
        const session = yield* client.connect()
        const index = (yield* server.connections).length - 1
        const audio = pcm(48_000 + 500)
        yield* session.appendAudio(audio, 960)
        yield* session.commit
        const appends = (yield* server.received).filter((e) =>
          e.connection === index && e.type === "input_audio_buffer.append"
        )
        assert.strictEqual(appends.length, 51)
        assert.deepStrictEqual((appends.at(-1)!.event as { audioBytes: number }).audioBytes, 500)
        assert.isTrue(Buffer.from(yield* server.audio(index)).equals(Buffer.from(audio)))
        assert.strictEqual((yield* session.stats).audioBytesSent, audio.length)
      }))

    it.scoped("overlapping out-of-band responses each get their own response, matched by request id", () =>
      Effect.gen(function*() {
        const client = yield* RealtimeClient.RealtimeClient
        const session = yield* client.connect()
        const results = yield* Effect.forEach(
          [0, 1, 2, 3, 4, 5, 6, 7],
          (n) =>
            Effect.flatMap(
              session.createResponse({ conversation: "none", input: [], metadata: { window: String(n) } }),
              (response) => Effect.map(response.done, (done) => [n, response, done] as const)
            ),
          { concurrency: "unbounded" }
        )
        for (const [n, response, done] of results) {
          assert.strictEqual(response.response.metadata?.["window"], String(n))
          assert.strictEqual(done.response.metadata?.["window"], String(n))
          assert.strictEqual(done.responseId, response.id)
        }
      }))

    it.scoped("a response.create that is never answered fails after the request timeout", () =>
      Effect.gen(function*() {
        const client = yield* RealtimeClient.RealtimeClient
        const server = yield* RealtimeTestServer.RealtimeTestServer
        const session = yield* client.connect({ requestTimeout: "300 millis" })
        yield* server.script({ responseDelay: "5 seconds" })
        const error = yield* Effect.flip(session.createResponse({ conversation: "none", input: [] }))
        yield* server.script({ responseDelay: 0 })
        assert.strictEqual(error._tag, "RealtimeProtocolError")
        if (error._tag === "RealtimeProtocolError") assert.strictEqual(error.reason, "ReplyTimeout")
        assert.strictEqual((yield* session.stats).pendingRequests, 0)
      }))
  })

  layer(RealtimeTestServer.layer(), { excludeTestServices: true })("a WebSocketConstructor of one's own", (it) => {
    it.scoped("the session runs on the provided constructor, one send per frame without sendAudio", () =>
      Effect.gen(function*() {
        const sent: Array<string> = []
        const server = yield* RealtimeTestServer.RealtimeTestServer
        const session = yield* RealtimeClient.connect({ apiKey: Redacted.make("sk-x"), baseUrl: server.baseUrl }).pipe(
          Effect.provide(counting(sent, { framed: false }))
        )
        yield* session.appendAudio(pcm(9_600), 960)
        yield* session.commit
        assert.strictEqual(sent.filter((text) => text.includes("input_audio_buffer.append")).length, 10)
        assert.isTrue(sent.some((text) => text.includes("input_audio_buffer.commit")))
        assert.strictEqual(
          (yield* server.received).filter((event) => event.type === "input_audio_buffer.append").length,
          10
        )
      }))

    it.scoped("with sendAudio, the frames of an append go out as one burst, and the server reads them all", () =>
      Effect.gen(function*() {
        const sent: Array<string> = []
        const bursts: Array<number> = []
        const server = yield* RealtimeTestServer.RealtimeTestServer
        const session = yield* RealtimeClient.connect({ apiKey: Redacted.make("sk-x"), baseUrl: server.baseUrl }).pipe(
          Effect.provide(counting(sent, { framed: true, bursts }))
        )
        const before = (yield* server.received).length
        yield* session.appendAudio(pcm(48_000), 960)
        const item = yield* session.commit
        assert.deepStrictEqual(bursts, [50])
        const appends = (yield* server.received).slice(before).filter((event) =>
          event.type === "input_audio_buffer.append"
        )
        assert.strictEqual(appends.length, 50)
        assert.strictEqual(sent.filter((text) => text.includes("input_audio_buffer.append")).length, 0)
        const heard = yield* server.audio()
        assert.deepStrictEqual(heard.subarray(heard.length - 48_000), pcm(48_000))
        assert.match(item, /^item_/)
      }))
  })
})

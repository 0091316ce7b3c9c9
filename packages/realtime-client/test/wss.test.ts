import { assert, describe, it } from "@effect/vitest"
import * as RealtimeClient from "@pkg/realtime-client/RealtimeClient"
import * as RealtimeSocket from "@pkg/realtime-client/RealtimeSocket"
import * as RealtimeTestServer from "@pkg/realtime-testkit/RealtimeTestServer"
import { Effect, Layer, Redacted } from "effect"
import { frameCount } from "../src/internal/audioFrames.js"
import { openWsWith } from "../src/internal/wsSocket.js"

// The service is only reached over TLS: the client's own socket (framed bursts included) against the testkit over
// wss:, trusting its self-signed certificate as the CA of this one connection.

const pcm = (bytes: number) => new Uint8Array(bytes).map((_, i) => (i * 7) % 256)

describe("RealtimeClient over wss:", () => {
  it.scopedLive("audio in framed bursts, a commit, an out-of-band summary and its deletion", () =>
    Effect.gen(function*() {
      const tls = yield* RealtimeTestServer.selfSignedCertificate()
      const server = yield* RealtimeTestServer.serve({}, { tls })
      assert.match(server.baseUrl, /^https:/)
      const bursts: Array<number> = []
      const open: RealtimeSocket.Open = (url, options, handlers) => {
        const socket = openWsWith({ ca: tls.cert })(url, options, handlers)
        const sendAudio = socket.sendAudio!
        return {
          ...socket,
          sendAudio: (audio, frameBytes, onWritten) => {
            bursts.push(frameCount(audio.byteLength, frameBytes))
            sendAudio(audio, frameBytes, onWritten)
          }
        }
      }
      const session = yield* RealtimeClient.connect({ apiKey: Redacted.make("sk-x"), baseUrl: server.baseUrl }).pipe(
        Effect.provide(Layer.succeed(RealtimeSocket.WebSocketConstructor, open))
      )
      const audio = pcm(48_000 * 3)
      yield* session.appendAudio(audio, 960)
      const item = yield* session.commit
      assert.deepStrictEqual(bursts, [150])
      assert.deepStrictEqual(yield* server.audio(), audio)
      const response = yield* session.createResponse({
        conversation: "none",
        output_modalities: ["text"],
        input: [{ type: "item_reference", id: item }]
      })
      assert.include((yield* response.done).text, "3.0 s of committed audio")
      yield* session.deleteItems([item])
      const appends = (yield* server.received).filter((event) => event.type === "input_audio_buffer.append")
      assert.strictEqual(appends.length, 150)
    }))
})

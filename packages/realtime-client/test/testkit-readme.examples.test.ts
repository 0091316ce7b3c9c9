import { assert, layer } from "@effect/vitest"
import { RealtimeClient, RealtimeSocket } from "@pkg/realtime-client"
import { RealtimeTestServer, Selection } from "@pkg/realtime-testkit"
import { Effect, Layer, Redacted, Stream } from "effect"

// The Effect example of packages/realtime-testkit/README.md, verbatim below its imports (the testkit's
// readme.examples test checks that it stays so). It lives here because it needs both packages.

const TestServer = RealtimeTestServer.layer({
  sessionLimit: "30 seconds",
  faults: [{ _tag: "DropConnection", after: "200 millis", connections: Selection.first(1) }]
})

// excludeTestServices: the server's timers and the client's run on the real clock
layer(Layer.merge(TestServer, RealtimeSocket.layerWs), { excludeTestServices: true })("my app", (it) => {
  it.scoped("survives a dropped first session", () =>
    Effect.gen(function*() {
      const server = yield* RealtimeTestServer.RealtimeTestServer
      const options = { apiKey: Redacted.make("sk-test"), baseUrl: server.baseUrl }

      const dropped = yield* RealtimeClient.connect(options).pipe(
        Effect.flatMap((session) => Stream.runDrain(session.events)),
        Effect.scoped,
        Effect.flip
      )
      assert.strictEqual(dropped.disposition, "retryable")

      const session = yield* RealtimeClient.connect(options)
      yield* session.updateSession({
        type: "realtime",
        output_modalities: ["text"],
        audio: { input: { turn_detection: null, transcription: { model: "gpt-live-transcribe" } } }
      })
      yield* session.appendAudio(new Uint8Array(96_000), 960) // 2 s of silence, in 20 ms appends
      const itemId = yield* session.commit
      const response = yield* session.createResponse({
        conversation: "none",
        metadata: { window: "0" },
        input: [{ type: "item_reference", id: itemId }]
      })
      const { text, usage } = yield* response.done
      assert.include(text, "2.0 s of committed audio")
      assert.strictEqual(usage?.input_token_details?.audio_tokens, 20) // 10 tokens per second of audio

      const connections = yield* server.connections
      assert.deepStrictEqual(connections.map((c) => [c.session, c.closeCode]), [[0, 1006], [1, undefined]])
    }))
})

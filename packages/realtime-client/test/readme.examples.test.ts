import { assert, describe, it, layer } from "@effect/vitest"
import { Pricing, RealtimeClient, RealtimeSocket } from "@pkg/realtime-client"
import { RealtimeTestServer } from "@pkg/realtime-testkit"
import { Config, ConfigProvider, Effect, Layer, Redacted, Stream } from "effect"

// The README's two examples, kept compiling and passing.

const pcm24kMono = new Uint8Array(48_000)

const program = Effect.gen(function*() {
  const client = yield* RealtimeClient.RealtimeClient
  const session = yield* client.connect()
  yield* session.updateSession({
    type: "realtime",
    output_modalities: ["text"],
    audio: { input: { turn_detection: null } }
  })
  yield* session.appendAudio(pcm24kMono, 960)
  yield* session.commit
  const response = yield* session.createResponse({ instructions: "Summarise what you heard." })
  yield* response.events.pipe(Stream.runForEach((event) => Effect.log(event.type)))
  const { text, usage } = yield* response.done
  return { text, usage }
}).pipe(Effect.scoped)

describe("README", () => {
  it.scopedLive("the connect, send audio and read a response example runs against the testkit", () =>
    Effect.gen(function*() {
      const server = yield* RealtimeTestServer.make()
      const clientLayer = RealtimeClient.layerConfig({
        apiKey: Config.redacted("OPENAI_API_KEY"),
        baseUrl: Config.string("OPENAI_BASE_URL")
      }).pipe(
        Layer.provide(RealtimeSocket.layerWs),
        Layer.provide(Layer.setConfigProvider(
          ConfigProvider.fromJson({ OPENAI_API_KEY: "sk-readme", OPENAI_BASE_URL: server.baseUrl })
        ))
      )
      const { text, usage } = yield* program.pipe(Effect.provide(clientLayer))
      assert.include(text, "simulator")
      assert.strictEqual(usage?.input_token_details?.audio_tokens, 10)
    }))

  layer(Layer.merge(RealtimeTestServer.layer({ faults: [] }), RealtimeSocket.layerWs), { excludeTestServices: true })(
    "my app",
    (it) => {
      it.scoped("the out-of-band example: a response over chosen items, then the items deleted and priced", () =>
        Effect.gen(function*() {
          const server = yield* RealtimeTestServer.RealtimeTestServer
          const session = yield* RealtimeClient.connect({ apiKey: Redacted.make("test"), baseUrl: server.baseUrl })
          const itemIds: Array<string> = []
          for (let i = 0; i < 3; i++) {
            yield* session.appendAudio(new Uint8Array(48_000), 960)
            itemIds.push(yield* session.commit)
          }
          const response = yield* session.createResponse({
            conversation: "none",
            output_modalities: ["text"],
            metadata: { window: "12" },
            input: [
              { type: "message", role: "user", content: [{ type: "input_text", text: "Summarise what follows." }] },
              ...itemIds.map((id) => ({ type: "item_reference" as const, id }))
            ]
          })
          const { text, usage } = yield* response.done
          yield* session.deleteItems(itemIds)
          const dollars = Pricing.costOf(session.session.model ?? "gpt-realtime-2.1-mini", usage ?? {})
          assert.include(text, "3.0 s of committed audio")
          assert.strictEqual(response.response.metadata?.["window"], "12")
          assert.strictEqual(usage?.input_token_details?.audio_tokens, 30)
          assert.isAbove(dollars!, 0)
          assert.strictEqual((yield* server.received).filter((e) => e.type === "conversation.item.delete").length, 3)
        }))

      it.scoped("summarises", () =>
        Effect.gen(function*() {
          const server = yield* RealtimeTestServer.RealtimeTestServer
          const session = yield* RealtimeClient.connect({ apiKey: Redacted.make("test"), baseUrl: server.baseUrl })
          const response = yield* session.createResponse({ instructions: "Summarise." })
          assert.include((yield* response.done).text, "simulator")
          assert.strictEqual((yield* server.received).at(-1)?.type, "response.create")
        }))
    }
  )
})

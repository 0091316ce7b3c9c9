import { assert, describe, it } from "@effect/vitest"
import { OpenAIRealtimeWebSocket } from "@openai/agents-realtime"
import { RealtimeTestServer } from "@pkg/realtime-testkit"
import { Effect, Schema } from "effect"
import { WebSocket } from "ws"
import { eventually } from "./client.js"

// OpenAI's Agents SDK transport (@openai/agents-realtime) completes a session against the testkit served over
// TLS. It repeats the session's model in every session.update, which the service accepts. The test trusts
// the testkit's certificate through the `ca` of the one socket it builds, never by turning TLS checks off.

interface ServerEvent {
  readonly type: string
  readonly [key: string]: any
}

/** The socket type the transport's `createWebSocket` returns: the DOM's `WebSocket`. */
type TransportSocket = Awaited<
  ReturnType<NonNullable<NonNullable<ConstructorParameters<typeof OpenAIRealtimeWebSocket>[0]>["createWebSocket"]>>
>

/** The model a client's `session.update` names, if any. */
const SessionUpdateModel = Schema.Struct({ session: Schema.Struct({ model: Schema.optional(Schema.String) }) })

const connect = (server: RealtimeTestServer.TestServer, ca: string) =>
  Effect.gen(function*() {
    const transport = new OpenAIRealtimeWebSocket({
      // ws's WebSocket has the surface of the DOM's that the transport uses (it takes a `ca`, the DOM's does
      // not), but not the DOM's exact handler types
      createWebSocket: async ({ apiKey, url }) =>
        new WebSocket(url, ["realtime"], {
          headers: { Authorization: `Bearer ${apiKey}` },
          ca
        }) as unknown as TransportSocket
    })
    const events: Array<ServerEvent> = []
    const errors: Array<any> = []
    let waiter: (() => void) | undefined
    transport.on("*", (event: ServerEvent) => {
      events.push(event)
      waiter?.()
    })
    transport.on("error", (error) => {
      errors.push(error)
      waiter?.()
    })
    yield* Effect.acquireRelease(
      Effect.promise(() =>
        transport.connect({
          apiKey: "sk-agents",
          model: "gpt-realtime-2.1",
          url: `${server.url}?model=gpt-realtime-2.1`,
          initialSessionConfig: {
            instructions: "Summarise what you hear.",
            outputModalities: ["text"],
            audio: { input: { transcription: { model: "gpt-live-transcribe" } } }
          }
        })
      ),
      () => Effect.sync(() => transport.close())
    )
    const next = (type: string, predicate: (event: ServerEvent) => boolean = () => true) =>
      Effect.async<ServerEvent, Error>((resume) => {
        const deadline = setTimeout(() => resume(Effect.fail(new Error(`no ${type} within 10 s`))), 10_000)
        let seen = 0
        const look = () => {
          for (; seen < events.length; seen++) {
            if (events[seen].type === type && predicate(events[seen])) {
              clearTimeout(deadline)
              waiter = undefined
              resume(Effect.succeed(events[seen]))
              return
            }
          }
        }
        waiter = look
        look()
      })
    return { transport, events, errors, next }
  })

describe("@openai/agents-realtime (OpenAIRealtimeWebSocket) against the testkit over wss:", () => {
  it.scopedLive("keeps its session configuration and completes a session", () =>
    Effect.gen(function*() {
      const tls = yield* RealtimeTestServer.selfSignedCertificate()
      const server = yield* RealtimeTestServer.serve({ deltaDelay: "10 millis" }, { tls })
      const { errors, next, transport } = yield* connect(server, tls.cert)

      // the SDK repeats the model in every session.update; the session keeps its whole configuration
      const updated = yield* next("session.updated")
      assert.strictEqual(updated.session.instructions, "Summarise what you hear.")
      assert.deepStrictEqual(updated.session.output_modalities, ["text"])
      assert.strictEqual(updated.session.audio.input.transcription.model, "gpt-live-transcribe")
      // an update is the SDK's defaults plus what it is given (not the previous configuration)
      transport.updateSessionConfig({
        instructions: "Now in French.",
        outputModalities: ["text"],
        audio: { input: { transcription: { model: "gpt-live-transcribe" } } }
      })
      const again = yield* next("session.updated", (event) => event.session.instructions === "Now in French.")
      assert.strictEqual(again.session.model, "gpt-realtime-2.1")
      const updates = (yield* server.received).filter((event) => event.type === "session.update")
      const models = updates
        .map((update) => Schema.decodeUnknownSync(SessionUpdateModel)(update.event).session.model)
        .filter((model) => model !== undefined)
      assert.deepStrictEqual(models, ["gpt-realtime-2.1", "gpt-realtime-2.1"])

      transport.sendAudio(new Uint8Array(96_000).buffer, { commit: true })
      const committed = yield* next("input_audio_buffer.committed")
      const transcript = yield* next(
        "conversation.item.input_audio_transcription.completed",
        (event) => event.item_id === committed.item_id
      )
      assert.include(transcript.transcript, "2.0 s of audio")

      transport.sendEvent({
        type: "response.create",
        response: {
          conversation: "none",
          output_modalities: ["text"],
          metadata: { window: "0" },
          input: [{ type: "item_reference", id: committed.item_id }]
        }
      })
      const done = yield* next("response.done", (event) => event.response.metadata?.window === "0")
      assert.strictEqual(done.response.status, "completed")
      assert.strictEqual(done.response.usage.input_token_details.audio_tokens, 20)

      transport.sendEvent({ type: "conversation.item.delete", item_id: committed.item_id })
      assert.strictEqual((yield* next("conversation.item.deleted")).item_id, committed.item_id)

      transport.sendEvent({ type: "response.create", response: { conversation: "none", metadata: { window: "1" } } })
      const started = yield* next("response.output_text.delta", (event) => event.response_id !== done.response.id)
      transport.sendEvent({ type: "response.cancel", response_id: started.response_id })
      const cancelled = yield* next("response.done", (event) => event.response.id === started.response_id)
      assert.strictEqual(cancelled.response.status, "cancelled")
      assert.deepStrictEqual(errors, [])
    }))

  it.scopedLive("sees the session limit: session_expired, then the socket closes with 1001", () =>
    Effect.gen(function*() {
      const tls = yield* RealtimeTestServer.selfSignedCertificate()
      const server = yield* RealtimeTestServer.serve({ sessionLimit: "500 millis" }, { tls })
      const { errors, next, transport } = yield* connect(server, tls.cert)
      const expired = yield* next("error")
      assert.strictEqual(expired.error.code, "session_expired")
      yield* Effect.async<void>((resume) => {
        if (transport.status === "disconnected") resume(Effect.void)
        transport.on("connection_change", (status) => {
          if (status === "disconnected") resume(Effect.void)
        })
      })
      assert.strictEqual(errors[0].error.error.code, "session_expired")
      const [info] = yield* eventually(server.connections, ([info]) => info.closeCode !== undefined)
      assert.strictEqual(info.closeCode, 1001)
      assert.strictEqual(info.closeReason, "Your session hit the maximum duration of 0.5 seconds.")
    }))
})

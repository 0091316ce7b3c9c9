import { assert, describe, it } from "@effect/vitest"
import { RealtimeTestServer } from "@pkg/realtime-testkit"
import { Effect } from "effect"
import OpenAI from "openai"
import { OpenAIRealtimeWS } from "openai/realtime/ws"
import type { RealtimeServerEvent } from "openai/resources/realtime/realtime"

// OpenAI's own Node SDK (its OpenAIRealtimeWS, which dials wss: whatever the base URL says) completes a
// session against the testkit served over TLS. The test trusts the testkit's self-signed certificate through
// the `ca` of this one connection, never by turning TLS checks off.

type Event<T extends RealtimeServerEvent["type"]> = Extract<RealtimeServerEvent, { type: T }>

/** A connection of the SDK with a queue of every server event and the socket's close. */
const connect = (server: RealtimeTestServer.TestServer, ca: string) =>
  Effect.acquireRelease(
    Effect.sync(() => {
      const client = new OpenAI({ apiKey: "sk-testkit", baseURL: server.baseUrl })
      const rt = new OpenAIRealtimeWS({ model: "gpt-realtime-2.1-mini", options: { ca } }, client)
      const events: Array<RealtimeServerEvent> = []
      const errors: Array<unknown> = []
      let waiter: (() => void) | undefined
      const wake = () => waiter?.()
      rt.on("event", (event) => {
        events.push(event)
        wake()
      })
      rt.on("error", (error) => {
        errors.push(error)
        wake()
      })
      const closed = new Promise<{ code: number; reason: string }>((resolve) =>
        rt.socket.on("close", (code, reason) => resolve({ code, reason: reason.toString() }))
      )
      /** The first event of `type` that satisfies `predicate`, received or to come (10 s at most). */
      const next = <T extends RealtimeServerEvent["type"]>(type: T, predicate: (event: Event<T>) => boolean = () =>
        true) =>
        Effect.async<Event<T>, Error>((resume) => {
          const deadline = setTimeout(() =>
            resume(Effect.fail(new Error(`no ${type} within 10 s`))), 10_000)
          let seen = 0
          const look = () => {
            for (; seen < events.length; seen++) {
              const event = events[seen]
              if (event.type === type && predicate(event as Event<T>)) {
                clearTimeout(deadline)
                waiter = undefined
                resume(Effect.succeed(event as Event<T>))
                return
              }
            }
          }
          waiter = look
          look()
        })
      return { rt, events, errors, next, closed: Effect.promise(() => closed) }
    }),
    ({ rt }) => Effect.sync(() => rt.socket.terminate())
  )

const second = Buffer.alloc(48_000).toString("base64")

describe("openai SDK (OpenAIRealtimeWS) against the testkit over wss:", () => {
  it.scopedLive("completes a session: configuration, audio, transcription, out-of-band response, delete, cancel", () =>
    Effect.gen(function*() {
      const tls = yield* RealtimeTestServer.selfSignedCertificate()
      const server = yield* RealtimeTestServer.serve({ apiKey: "sk-testkit", deltaDelay: "10 millis" }, { tls })
      const { next, rt, errors } = yield* connect(server, tls.cert)
      const created = yield* next("session.created")
      assert.strictEqual(created.session.type, "realtime")

      rt.send({
        type: "session.update",
        session: {
          type: "realtime",
          model: "gpt-realtime-2.1-mini",
          output_modalities: ["text"],
          instructions: "Summarise what you hear.",
          audio: { input: { turn_detection: null, transcription: { model: "gpt-4o-transcribe", language: "en" } } }
        }
      })
      const updated = yield* next("session.updated")
      assert.strictEqual(
        updated.session.type === "realtime" && updated.session.instructions,
        "Summarise what you hear."
      )

      rt.send({ type: "input_audio_buffer.append", audio: second })
      rt.send({ type: "input_audio_buffer.commit" })
      const committed = yield* next("input_audio_buffer.committed")
      const transcript = yield* next(
        "conversation.item.input_audio_transcription.completed",
        (event) => event.item_id === committed.item_id
      )
      assert.include(transcript.transcript, "1.0 s of audio")

      rt.sendResponseCreate({
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
      assert.isNull(done.response.conversation_id)
      assert.strictEqual(done.response.usage?.input_token_details?.audio_tokens, 10)

      rt.send({ type: "conversation.item.delete", item_id: committed.item_id })
      assert.strictEqual((yield* next("conversation.item.deleted")).item_id, committed.item_id)

      rt.send({ type: "response.create", response: { conversation: "none", metadata: { window: "1" } } })
      const started = yield* next("response.output_text.delta", (event) => event.response_id !== done.response.id)
      rt.send({ type: "response.cancel", response_id: started.response_id })
      const cancelled = yield* next("response.done", (event) => event.response.id === started.response_id)
      assert.strictEqual(cancelled.response.status, "cancelled")
      assert.deepStrictEqual(cancelled.response.metadata, { window: "1" })
      yield* next("response.content_part.done", (event) => event.response_id === started.response_id)
      assert.deepStrictEqual(errors, [])

      const received = (yield* server.received).map((event) => event.type)
      assert.deepStrictEqual(received, [
        "session.update",
        "input_audio_buffer.append",
        "input_audio_buffer.commit",
        "response.create",
        "conversation.item.delete",
        "response.create",
        "response.cancel"
      ])
      const [connection] = yield* server.connections
      assert.strictEqual(connection.headers["authorization"], "Bearer sk-testkit")
    }))

  it.scopedLive("sees the session limit: session_expired as an SDK error, then close 1001", () =>
    Effect.gen(function*() {
      const tls = yield* RealtimeTestServer.selfSignedCertificate()
      const server = yield* RealtimeTestServer.serve({ sessionLimit: "500 millis" }, { tls })
      const opened = Date.now()
      const { closed, errors, next } = yield* connect(server, tls.cert)
      const created = yield* next("session.created")
      // the SDK's session type has no expires_at: it is read off the wire as the service sends it
      const expiresAt = (created.session as { readonly expires_at?: number }).expires_at!
      assert.isAtLeast(expiresAt, Math.floor((opened + 500) / 1000))
      assert.isAtMost(expiresAt, Math.ceil((Date.now() + 500) / 1000))
      const expired = yield* next("error")
      assert.strictEqual(expired.error.code, "session_expired")
      const reason = "Your session hit the maximum duration of 0.5 seconds."
      assert.deepStrictEqual(yield* closed, { code: 1001, reason })
      assert.strictEqual((errors[0] as { error?: { code?: string } }).error?.code, "session_expired")
    }))
})

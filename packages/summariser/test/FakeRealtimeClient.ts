import type { ServerEvent } from "@pkg/realtime-client"
import * as RealtimeClient from "@pkg/realtime-client/RealtimeClient"
import type { RealtimeError } from "@pkg/realtime-client/RealtimeError"
import { Deferred, Effect, Layer, PubSub, Ref, Stream } from "effect"

export type Call =
  | { readonly _tag: "connect"; readonly session: string }
  | { readonly _tag: "updateSession"; readonly session: RealtimeClient.SessionConfig }
  | { readonly _tag: "append"; readonly bytes: number; readonly frames: number }
  | { readonly _tag: "commit"; readonly item: string }
  | { readonly _tag: "createResponse"; readonly session: string; readonly params: RealtimeClient.ResponseParams }
  | { readonly _tag: "deleteItem"; readonly item: string }
  | { readonly _tag: "clearAudio" }
  | { readonly _tag: "close"; readonly session: string }

/** What a scripted response does: complete with a text, fail, or never finish. */
export type ResponseScript =
  | { readonly _tag: "Complete"; readonly text?: string; readonly after?: Effect.Effect<void> }
  | { readonly _tag: "Fail"; readonly error: RealtimeError }
  | { readonly _tag: "Never" }

/** A session the test can act on: drop it, or send it server events (transcripts). */
export interface FakeSession {
  readonly id: string
  readonly drop: (error: RealtimeError) => Effect.Effect<void>
  readonly publish: (event: ServerEvent) => Effect.Effect<void>
}

export interface Script {
  /** The answer to the n-th `response.create` of the run (from 1). Default: complete with `Summary <n>`. */
  readonly response?: (n: number) => ResponseScript
  /** The n-th connect (from 1) fails with this error instead. */
  readonly connect?: (n: number) => RealtimeError | undefined
  readonly model?: string
  /** `session.created`'s `expires_at`, seconds from now. */
  readonly expiresInSeconds?: number
}

/**
 * A RealtimeClient connector that records what the summariser asks of it. Each connect opens a fresh
 * fake session (`sess_1`, `sess_2`…) whose commits yield unique item ids and whose responses follow the
 * script, with usage that counts the items a response references (10 audio tokens each).
 */
export const makeFake = (script: Script = {}) =>
  Effect.gen(function*() {
    const calls = yield* Ref.make<ReadonlyArray<Call>>([])
    const audio = yield* Ref.make<Array<Uint8Array>>([])
    const sessions = yield* Ref.make<ReadonlyArray<FakeSession>>([])
    const record = (call: Call) => Ref.update(calls, (all) => [...all, call])
    let connects = 0
    let responses = 0
    let items = 0

    const connect = Effect.gen(function*() {
      const n = ++connects
      const refused = script.connect?.(n)
      if (refused !== undefined) return yield* Effect.fail(refused)
      const id = `sess_${n}`
      const ended = yield* Deferred.make<void, RealtimeError>()
      const events = yield* PubSub.unbounded<ServerEvent>()
      yield* record({ _tag: "connect", session: id })
      yield* Effect.addFinalizer(() =>
        Effect.zipRight(record({ _tag: "close", session: id }), Deferred.succeed(ended, undefined))
      )
      const fail = <A>(effect: Effect.Effect<A, RealtimeError>) =>
        Effect.raceFirst(effect, Effect.flatMap(Deferred.await(ended), () => Effect.never))
      const expiresAt = script.expiresInSeconds === undefined
        ? undefined
        : Math.floor(Date.now() / 1000) + script.expiresInSeconds
      const session: RealtimeClient.Session = {
        session: {
          id,
          ...(script.model === undefined ? {} : { model: script.model }),
          ...(expiresAt === undefined ? {} : { expires_at: expiresAt })
        },
        ended: Deferred.await(ended),
        send: () => Effect.dieMessage("FakeRealtimeClient: send is not used by the summariser"),
        events: Stream.fromPubSub(events).pipe(Stream.interruptWhen(Deferred.await(ended))),
        updateSession: (config) => Effect.as(record({ _tag: "updateSession", session: config }), { type: config.type }),
        appendAudio: (bytes, frameBytes) =>
          fail(Effect.zipRight(
            record({
              _tag: "append",
              bytes: bytes.length,
              frames: Math.ceil(bytes.length / (frameBytes ?? bytes.length))
            }),
            Ref.update(audio, (all) => [...all, bytes.slice()])
          )),
        commit: fail(Effect.suspend(() => {
          const item = `item_${++items}`
          return Effect.as(record({ _tag: "commit", item }), item)
        })),
        clearAudio: record({ _tag: "clearAudio" }),
        createResponse: (params = {}) =>
          fail(Effect.gen(function*() {
            yield* record({ _tag: "createResponse", session: id, params })
            const n = ++responses
            const answer = script.response?.(n) ?? { _tag: "Complete" }
            const responseId = `resp_${n}`
            const referenced = (params.input ?? []).filter((entry) => entry.type === "item_reference").length
            const text = answer._tag === "Complete" ? answer.text ?? `Summary ${n}` : ""
            const delta = (piece: string, k: number): ServerEvent => ({
              type: "response.output_text.delta",
              event_id: `e${n}_${k}`,
              response_id: responseId,
              item_id: "i",
              output_index: 0,
              content_index: 0,
              delta: piece
            })
            const half = Math.ceil(text.length / 2)
            const done = answer._tag === "Fail"
              ? Effect.fail(answer.error)
              : answer._tag === "Never"
              ? Effect.never
              : Effect.as(answer.after ?? Effect.void, {
                responseId,
                text,
                usage: {
                  input_tokens: referenced * 10 + 20,
                  output_tokens: 3,
                  input_token_details: { audio_tokens: referenced * 10, text_tokens: 20 },
                  output_token_details: { text_tokens: 3, audio_tokens: 0 }
                },
                response: { id: responseId, status: "completed" as const }
              })
            return {
              id: responseId,
              response: { id: responseId, status: "in_progress" as const },
              events: answer._tag === "Complete"
                ? Stream.fromIterable([delta(text.slice(0, half), 0), delta(text.slice(half), 1)])
                : Stream.fromEffect(done).pipe(Stream.drain),
              takeEvents: answer._tag === "Complete"
                ? Effect.succeed([[delta(text.slice(0, half), 0), delta(text.slice(half), 1)], true] as const)
                : Effect.as(done, [[], true] as const),
              done: fail(done)
            }
          })),
        createItem: () => Effect.dieMessage("FakeRealtimeClient: createItem is not used by the summariser"),
        deleteItem: (item) => record({ _tag: "deleteItem", item }),
        deleteItems: (items) =>
          Effect.forEach(items, (item) => record({ _tag: "deleteItem", item }), { discard: true }),
        cancelResponse: () => Effect.void,
        close: Effect.void,
        stats: Effect.succeed({
          eventsReceived: 0,
          unknownEvents: 0,
          invalidEvents: 0,
          bufferedAmount: 0,
          pendingRequests: 0,
          audioBytesSent: 0
        })
      }
      const handle: FakeSession = {
        id,
        drop: (error) => Deferred.fail(ended, error).pipe(Effect.asVoid),
        publish: (event) => PubSub.publish(events, event).pipe(Effect.asVoid)
      }
      yield* Ref.update(sessions, (all) => [...all, handle])
      return session
    })

    const service: RealtimeClient.Service = { connect: () => connect }
    return { service, calls, audio, sessions }
  })

export class FakeClient extends Effect.Tag("test/FakeClient")<
  FakeClient,
  Effect.Effect.Success<ReturnType<typeof makeFake>>
>() {}

export const fakeLayer = (script: Script = {}) =>
  Layer.effect(RealtimeClient.RealtimeClient, Effect.map(FakeClient, (fake) => fake.service)).pipe(
    Layer.provideMerge(Layer.effect(FakeClient, makeFake(script)))
  )

export const FakeClientLayer = fakeLayer()

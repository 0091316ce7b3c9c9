import type { ServerEvent } from "@pkg/realtime-client"
import * as RealtimeClient from "@pkg/realtime-client/RealtimeClient"
import { Effect, Layer, Ref, Stream } from "effect"

export type Call =
  | { readonly _tag: "updateSession"; readonly session: RealtimeClient.SessionConfig }
  | { readonly _tag: "append"; readonly bytes: number }
  | { readonly _tag: "commit" }
  | { readonly _tag: "createResponse"; readonly params: RealtimeClient.ResponseParams }

const unimplemented = (name: string) => Effect.dieMessage(`FakeRealtimeClient: ${name} is not used by the summariser`)

/**
 * A RealtimeClient that records what the summariser asks of it and answers each
 * response with `Summary <n>` split in two deltas.
 */
export const makeFake = Effect.gen(function*() {
  const calls = yield* Ref.make<ReadonlyArray<Call>>([])
  const audio = yield* Ref.make<Array<Uint8Array>>([])
  const record = (call: Call) => Ref.update(calls, (all) => [...all, call])
  let responses = 0
  const session: RealtimeClient.Session = {
    session: { id: "sess_fake" },
    ended: Effect.never,
    send: () => unimplemented("send"),
    events: Stream.dieMessage("FakeRealtimeClient: events"),
    updateSession: (session) => Effect.as(record({ _tag: "updateSession", session }), { type: session.type }),
    appendAudio: (bytes) =>
      Effect.zipRight(record({ _tag: "append", bytes: bytes.length }), Ref.update(audio, (all) => [...all, bytes])),
    commit: Effect.as(record({ _tag: "commit" }), "item_1"),
    clearAudio: unimplemented("clearAudio"),
    createResponse: (params = {}) =>
      Effect.gen(function*() {
        yield* record({ _tag: "createResponse", params })
        const n = ++responses
        const id = `resp_${n}`
        const text = `Summary ${n}`
        const deltas: Array<ServerEvent> = [
          {
            type: "response.output_text.delta",
            event_id: `e${n}a`,
            response_id: id,
            item_id: "i",
            output_index: 0,
            content_index: 0,
            delta: "Summary "
          },
          {
            type: "response.output_text.delta",
            event_id: `e${n}b`,
            response_id: id,
            item_id: "i",
            output_index: 0,
            content_index: 0,
            delta: String(n)
          }
        ] satisfies Array<ServerEvent>
        return {
          id,
          response: { id, status: "in_progress" },
          events: Stream.fromIterable(deltas),
          done: Effect.succeed({
            responseId: id,
            text,
            usage: {
              input_tokens: 150,
              output_tokens: 3,
              input_token_details: { audio_tokens: 150, text_tokens: 0 }
            },
            response: { id, status: "completed" }
          })
        }
      }),
    createItem: () => unimplemented("createItem"),
    deleteItem: () => unimplemented("deleteItem"),
    cancelResponse: () => unimplemented("cancelResponse"),
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
  const service: RealtimeClient.Service = { connect: () => Effect.succeed(session) }
  return { service, calls, audio }
})

export class FakeClient extends Effect.Service<FakeClient>()("test/FakeClient", { effect: makeFake }) {}

export const FakeClientLayer = Layer.effect(
  RealtimeClient.RealtimeClient,
  Effect.map(FakeClient, (fake) => fake.service)
).pipe(Layer.provideMerge(FakeClient.Default))

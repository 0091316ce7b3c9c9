import * as Effect from "effect/Effect"
import * as FiberMap from "effect/FiberMap"
import * as FiberSet from "effect/FiberSet"
import type * as Scope from "effect/Scope"
import { Conversation } from "./conversation.js"
import type * as Response from "./response.js"
import type { RecordUsage, Send } from "./send.js"
import * as Session from "./session.js"
import type { SocketIo } from "./socket.js"
import type { ServerState } from "./state.js"

/** A response that has not sent its `response.done` yet. @internal */
export interface ActiveResponse {
  readonly plan: Response.ResponsePlan
  readonly progress: Response.Progress
}

/**
 * The protocol state of one connection. It is owned by the connection's fibers (the one handling client
 * events and the response fibers it starts), which never run at the same time.
 *
 * @internal
 */
export interface ConnectionState {
  readonly index: number
  /** The accepted connection's number, from 0 (what a fault's `connections` selection counts). */
  readonly session: number
  /** The `?model=`; undefined for a transcription session. */
  readonly model: string | undefined
  readonly server: ServerState
  readonly send: Send
  readonly recordUsage: RecordUsage
  readonly conversation: Conversation
  readonly active: Map<string, ActiveResponse>
  /** The fibers of the active responses, interrupted when the connection ends. */
  readonly responses: FiberMap.FiberMap<string>
  /** The fibers of the pending input transcriptions, interrupted when the connection ends. */
  readonly transcriptions: FiberSet.FiberSet
  sessionConfig: Session.Session
  bufferBytes: number
  totalAudioBytes: number
  responseCount: number
  /** Audio items committed so far (what a `FailTranscription` fault's `items` selection counts). */
  committedItems: number
}

/** @internal */
export const make = (options: {
  readonly index: number
  readonly session: number
  readonly model: string | undefined
  readonly server: ServerState
  readonly io: SocketIo
  /** `expires_at` of the session, epoch seconds. */
  readonly expiresAt: number
}): Effect.Effect<ConnectionState, never, Scope.Scope> =>
  Effect.gen(function*() {
    const { server } = options
    return {
      index: options.index,
      session: options.session,
      model: options.model,
      server,
      send: (event) =>
        Effect.map(server.nextId("event"), (event_id) => {
          const { type, ...fields } = event
          options.io.send(JSON.stringify({ type, event_id, ...fields }))
        }),
      recordUsage: (usage) => server.recorder.addUsage(usage),
      conversation: new Conversation(yield* server.nextId("conv")),
      active: new Map(),
      responses: yield* FiberMap.make<string>(),
      transcriptions: yield* FiberSet.make(),
      sessionConfig: Session.initial({
        id: yield* server.nextId("sess"),
        model: options.model,
        expiresAt: options.expiresAt
      }),
      bufferBytes: 0,
      totalAudioBytes: 0,
      responseCount: 0,
      committedItems: 0
    }
  })

/** The active response writing to the default conversation, if any. @internal */
export const activeDefault = (state: ConnectionState): ActiveResponse | undefined =>
  [...state.active.values()].find((response) => response.plan.conversation !== undefined)

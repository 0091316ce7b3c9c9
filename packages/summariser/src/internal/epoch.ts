import type * as RealtimeClient from "@pkg/realtime-client/RealtimeClient"
import type { RealtimeError } from "@pkg/realtime-client/RealtimeError"
import type * as Deferred from "effect/Deferred"
import type * as Scope from "effect/Scope"
import type { EpochRef } from "./windows.js"

/**
 * One session as the summariser holds it: the session, the scope that closes it, and what the run's parts
 * tell each other about it.
 *
 * @internal
 */
export interface Epoch extends EpochRef {
  readonly id: number
  readonly session: RealtimeClient.Session
  readonly scope: Scope.CloseableScope
  readonly sessionId: string
  readonly openedAt: number
  /** When the summariser wants to be done with it: before the service's `expires_at` and the session age limit. */
  readonly deadline: number
  dead: boolean
  /** Summaries completed in it: a session that completed one proved healthy. */
  summaries: number
  /** Rotation: the feeder stops once everything before this offset (a window boundary) is committed. */
  stopAt: number | undefined
  /** Failed by any part that met an error in this session (the feeder, the answerer, the connection). */
  readonly failed: Deferred.Deferred<never, RealtimeError>
}

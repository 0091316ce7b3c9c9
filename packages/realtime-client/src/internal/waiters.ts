import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import type { RealtimeError } from "../RealtimeError.js"
import { classifyServerError, RealtimeServerError } from "../RealtimeError.js"
import type { ServerEvent } from "../ServerEvent.js"

/**
 * A request waiting for its reply. Replies are matched in registration order
 * (the server handles client events in order), and an `error` event naming the
 * request's `event_id` fails it.
 *
 * @internal
 */
export interface Waiter {
  readonly eventId: string
  readonly match: (event: ServerEvent) => boolean
  readonly deferred: Deferred.Deferred<ServerEvent, RealtimeError>
}

/** @internal */
export const serverErrorOf = (event: Extract<ServerEvent, { readonly type: "error" }>): RealtimeServerError => {
  const type = event.error.type ?? "unknown"
  const { disposition, reason } = classifyServerError({ type, code: event.error.code })
  return new RealtimeServerError({
    reason,
    disposition,
    message: event.error.message,
    type,
    code: event.error.code ?? null,
    param: event.error.param ?? null,
    eventId: event.error.event_id ?? null
  })
}

/** @internal */
export class Waiters {
  private readonly pending: Array<Waiter> = []

  register(waiter: Waiter): Effect.Effect<void> {
    return Effect.sync(() => {
      this.pending.push(waiter)
    })
  }

  remove(waiter: Waiter): Effect.Effect<void> {
    return Effect.sync(() => {
      const index = this.pending.indexOf(waiter)
      if (index >= 0) this.pending.splice(index, 1)
    })
  }

  /** Returns `true` when the event was consumed as the reply of a request. */
  dispatch(event: ServerEvent): boolean {
    if (event.type === "error") {
      const eventId = event.error.event_id
      if (eventId === undefined || eventId === null) return false
      const index = this.pending.findIndex((waiter) => waiter.eventId === eventId)
      if (index < 0) return false
      const [waiter] = this.pending.splice(index, 1)
      Deferred.unsafeDone(waiter!.deferred, Effect.fail(serverErrorOf(event)))
      return true
    }
    const index = this.pending.findIndex((waiter) => waiter.match(event))
    if (index < 0) return false
    const [waiter] = this.pending.splice(index, 1)
    Deferred.unsafeDone(waiter!.deferred, Effect.succeed(event))
    return true
  }

  failAll(error: RealtimeError): void {
    for (const waiter of this.pending.splice(0)) {
      Deferred.unsafeDone(waiter.deferred, Effect.fail(error))
    }
  }

  get size(): number {
    return this.pending.length
  }
}

import * as Exit from "effect/Exit"
import type { RealtimeError } from "../RealtimeError.js"
import { classifyServerError, RealtimeServerError } from "../RealtimeError.js"
import type { ServerEvent } from "../ServerEvent.js"
import { armTimer } from "./timer.js"

/**
 * A request waiting for its reply. Replies are matched in registration order
 * (the server handles client events in order), and an `error` event naming the
 * request's `event_id` fails it.
 *
 * A waiter is settled by a callback, not a Deferred: the request that made it resumes its fiber from there
 * (`Effect.async`), where a Deferred, its await and the cleanup around it cost several effects per request,
 * and a session makes a request or two every second (commits, deletions).
 *
 * @internal
 */
export interface Waiter {
  readonly eventId: string
  readonly match: (event: ServerEvent) => boolean
  /** Called once: with the reply, or with the request's failure. The waiter is forgotten before. */
  readonly settle: (result: Exit.Exit<ServerEvent, RealtimeError>) => void
  /** Fails the request when its reply does not come in time (see {@link Waiters.add}). */
  readonly timeout: {
    readonly millis: number
    readonly error: () => RealtimeError
  }
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
  private readonly timers = new Map<Waiter, ReturnType<typeof setTimeout>>()

  /**
   * Adds a waiter, and arms its timeout: one timer per request rather than `Effect.timeoutFail`, which
   * races two forked fibers, where a session makes a request or two every second (commits, deletions).
   */
  add(waiter: Waiter): void {
    this.pending.push(waiter)
    const timer = armTimer(waiter.timeout.millis, () => {
      this.forget(waiter)
      waiter.settle(Exit.fail(waiter.timeout.error()))
    })
    if (timer !== undefined) this.timers.set(waiter, timer)
  }

  /** Forgets a waiter (answered, given up, or never sent); its timer is cleared. */
  forget(waiter: Waiter): void {
    const index = this.pending.indexOf(waiter)
    if (index >= 0) this.pending.splice(index, 1)
    clearTimeout(this.timers.get(waiter))
    this.timers.delete(waiter)
  }

  /** Returns `true` when the event was consumed as the reply of a request. */
  dispatch(event: ServerEvent): boolean {
    if (event.type === "error") {
      const eventId = event.error.event_id
      if (eventId === undefined || eventId === null) return false
      const waiter = this.pending.find((waiter) => waiter.eventId === eventId)
      if (waiter === undefined) return false
      this.forget(waiter)
      waiter.settle(Exit.fail(serverErrorOf(event)))
      return true
    }
    const waiter = this.pending.find((waiter) => waiter.match(event))
    if (waiter === undefined) return false
    this.forget(waiter)
    waiter.settle(Exit.succeed(event))
    return true
  }

  failAll(error: RealtimeError): void {
    for (const timer of this.timers.values()) clearTimeout(timer)
    this.timers.clear()
    for (const waiter of this.pending.splice(0)) waiter.settle(Exit.fail(error))
  }

  get size(): number {
    return this.pending.length
  }
}

import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as FiberId from "effect/FiberId"

/**
 * A wake-up call for fibers that wait for the run's state to change (bytes received, a window closed or
 * placed, a summary done). A waiter takes `next` BEFORE it looks at the state, so a change made after the
 * look is never missed; `notify` wakes every waiter at once.
 *
 * `notify` runs for every chunk of the input, mostly with no one waiting: it only counts, and the Deferred
 * that waiters share is made when the first of them actually waits (a Deferred costs microseconds to make).
 *
 * @internal
 */
export class Signal {
  private notified = 0
  private waiting: Deferred.Deferred<void> | undefined

  /** Completes at the first `notify` after this getter is read (at once when that one came already). */
  get next(): Effect.Effect<void> {
    const seen = this.notified
    return Effect.suspend(() => {
      if (this.notified !== seen) return Effect.void
      this.waiting ??= Deferred.unsafeMake<void>(FiberId.none)
      return Deferred.await(this.waiting)
    })
  }

  notify(): void {
    this.notified++
    const woken = this.waiting
    if (woken === undefined) return
    this.waiting = undefined
    Deferred.unsafeDone(woken, Effect.void)
  }
}

/**
 * Waits until `ready` yields a value: looks, and when there is nothing yet, waits for the next change.
 *
 * @internal
 */
export const waitFor = <A>(signal: Signal, ready: () => A | undefined): Effect.Effect<A> =>
  Effect.suspend(() => {
    const next = signal.next
    const value = ready()
    return value === undefined ? Effect.zipRight(next, waitFor(signal, ready)) : Effect.succeed(value)
  })

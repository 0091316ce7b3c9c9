import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as FiberId from "effect/FiberId"

/**
 * A wake-up call for fibers that wait for the run's state to change (bytes received, a window closed or
 * placed, a summary done). A waiter takes `next` BEFORE it looks at the state, so a change made after the
 * look is never missed; `notify` wakes every waiter at once.
 *
 * @internal
 */
export class Signal {
  private current = Deferred.unsafeMake<void>(FiberId.none)

  /** Completes at the next `notify`. */
  get next(): Effect.Effect<void> {
    return Deferred.await(this.current)
  }

  notify(): void {
    const woken = this.current
    this.current = Deferred.unsafeMake<void>(FiberId.none)
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

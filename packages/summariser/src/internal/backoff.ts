import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Schedule from "effect/Schedule"

/**
 * The delays between attempts to open a session after a fault: exponential from 0.5 s, jittered
 * (80–120 %), capped near 10 s, with no limit on attempts.
 *
 * @internal
 */
export const reconnectSchedule: Schedule.Schedule<Duration.Duration> = Schedule.exponential("500 millis").pipe(
  Schedule.union(Schedule.spaced("10 seconds")),
  Schedule.jittered,
  Schedule.delays
)

/**
 * Steps a schedule by hand, so that each delay can be reported before it is slept, and reset once a
 * session has proved healthy.
 *
 * @internal
 */
export const makeBackoff = (schedule: Schedule.Schedule<Duration.Duration> = reconnectSchedule) =>
  Effect.sync(() => {
    let state = schedule.initial
    let attempts = 0
    return {
      /** The attempt number just failed (from 1) and the delay before the next. */
      next: Effect.gen(function*() {
        const now = yield* Clock.currentTimeMillis
        const [next, delay] = yield* schedule.step(now, undefined, state)
        state = next
        attempts++
        return { attempt: attempts, delay: Duration.toMillis(delay) }
      }),
      reset: () => {
        state = schedule.initial
        attempts = 0
      }
    }
  })

/**
 * Stopping a run on SIGINT or SIGTERM. The first signal asks the run to finish: the input is ended,
 * what was heard is summarised and the session closed. A second signal, or a finish that takes longer
 * than the drain timeout, interrupts at once (finalizers still stop ffmpeg and close the session).
 * Outside a draining run, the first signal interrupts at once.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as FiberId from "effect/FiberId"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"

/**
 * @since 0.1.0
 * @category models
 */
export type Signal = "SIGINT" | "SIGTERM"

/**
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** Waits for the first signal. */
  readonly requested: Effect.Effect<Signal>
  /** The first signal, if one was received. */
  readonly received: Effect.Effect<Option.Option<Signal>>
  /** Runs `effect` so that a first signal is a request to finish it rather than an interruption. */
  readonly draining: <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
}

/**
 * @since 0.1.0
 * @category tags
 */
export class Stop extends Context.Tag("realtime-summarize/Stop")<Stop, Service>() {}

/**
 * The process side of {@link Stop}: it is told of signals, and tells when to interrupt.
 *
 * @since 0.1.0
 * @category models
 */
export interface Controller {
  readonly service: Service
  /** Called on each signal. */
  readonly signal: (signal: Signal) => void
  /** The first signal received, if any. */
  readonly received: () => Signal | undefined
  /** What interrupts the main fiber; called at most once. */
  readonly onAbort: (abort: () => void) => void
}

/**
 * How long a run may take to finish after the first signal before it is interrupted.
 *
 * @since 0.1.0
 * @category constants
 */
export const DRAIN_TIMEOUT: Duration.Duration = Duration.seconds(10)

/**
 * @since 0.1.0
 * @category constructors
 */
export const makeController = (drainTimeout: Duration.DurationInput = DRAIN_TIMEOUT): Controller => {
  const first = Deferred.unsafeMake<Signal>(FiberId.none)
  let received: Signal | undefined
  let drainers = 0
  let aborted = false
  let abort: (() => void) | undefined

  const doAbort = () => {
    if (aborted) return
    aborted = true
    abort?.()
  }

  const signal = (signal: Signal) => {
    if (received !== undefined) return doAbort()
    received = signal
    Deferred.unsafeDone(first, Effect.succeed(signal))
    if (drainers === 0) return doAbort()
    setTimeout(doAbort, Duration.toMillis(drainTimeout)).unref()
  }

  const draining = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
    Effect.acquireUseRelease(
      Effect.sync(() => drainers++),
      () => effect,
      () => Effect.sync(() => drainers--)
    )

  return {
    service: {
      requested: Deferred.await(first),
      received: Effect.sync(() => Option.fromNullable(received)),
      draining
    },
    signal,
    received: () => received,
    onAbort: (f) => {
      abort = f
      if (aborted) f()
    }
  }
}

/**
 * The service of a controller.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (controller: Controller): Layer.Layer<Stop> => Layer.succeed(Stop, controller.service)

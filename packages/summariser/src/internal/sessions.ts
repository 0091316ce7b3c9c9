import * as Pricing from "@pkg/realtime-client/Pricing"
import type * as RealtimeClient from "@pkg/realtime-client/RealtimeClient"
import type { RealtimeError } from "@pkg/realtime-client/RealtimeError"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Scope from "effect/Scope"
import { SummaryEvent } from "../SummaryEvent.js"
import { makeBackoff } from "./backoff.js"
import type { Epoch } from "./epoch.js"
import { feed } from "./feeder.js"
import { waitFor } from "./signal.js"
import { now, type RunState } from "./state.js"
import { listen, type TranscriptOrder } from "./transcripts.js"

/**
 * A session is rotated when less than one window (in wall-clock time) plus this margin is left before its
 * deadline: it takes audio up to the next window boundary, so that its last window's summary still fits
 * before the deadline.
 *
 * @internal
 */
export const ROTATION_MARGIN_MILLIS = 10_000

/**
 * When no window boundary comes before this long ahead of the deadline (a silent source), the session is
 * switched anyway, mid-window: the part of the window it holds is replayed into the next one.
 *
 * @internal
 */
export const FORCED_SWITCH_MILLIS = 2_000

/**
 * A session that lived this long, or completed a summary, was healthy: the reconnect backoff after its end
 * starts again from its first delay (a session that fails before doing any work makes the backoff grow).
 *
 * @internal
 */
export const HEALTHY_MILLIS = 30_000

type Outcome =
  | { readonly _tag: "Failed"; readonly epoch: Epoch; readonly error: RealtimeError }
  | { readonly _tag: "Done" }
  | { readonly _tag: "Retired"; readonly epoch: Epoch }
  | { readonly _tag: "Rotate" }
  | { readonly _tag: "Switch" }

/** A margin, but never more than a share of the session's life (sessions of a few seconds, in tests). */
const marginOf = (epoch: Epoch, margin: number, share: number) =>
  Math.min(margin, (epoch.deadline - epoch.openedAt) * share)

const modelReasons = (model: string) => /^gpt-realtime-2(\.|$)/.test(Pricing.familyOf(model))

/** The service's `expires_at` as a local deadline, when it is given and sensible. */
const expiryOf = (expiresAt: number | null | undefined, receivedAt: number, nowSeconds: number) => {
  if (expiresAt === null || expiresAt === undefined || expiresAt <= 0) return undefined
  const remaining = (expiresAt - nowSeconds) * 1000
  return remaining > 0 && remaining < 24 * 3_600_000 ? receivedAt + remaining : undefined
}

/**
 * The sessions of a run: opens the first one once the first audio arrived, feeds it, and replaces it as
 * often as needed. A fault that can pass (a dropped socket, close 1001/1006/1011…, a 5xx or 429 handshake,
 * `session_expired`, a rate limit, no keepalive answer) closes every session held, waits for the reconnect
 * backoff and opens a new one, into which every window not yet summarised is replayed. Before a session
 * reaches its deadline (the service's `expires_at`, or `sessionMaxMinutes`) it is rotated at the next
 * window boundary: the old session stops taking audio and keeps answering the windows it holds, the next
 * one is connected and configured and takes the audio on, and the old one is closed once its last summary
 * is done. An error that cannot pass (a refused key, an unknown model, an invalid request) fails the run.
 *
 * @internal
 */
export const superviseSessions = (
  state: RunState,
  client: RealtimeClient.Service,
  transcripts: TranscriptOrder | undefined
): Effect.Effect<void, unknown> =>
  Effect.gen(function*() {
    const backoff = yield* makeBackoff()
    const epochs: Array<Epoch> = []
    const feeders = new Map<Epoch, Fiber.RuntimeFiber<void>>()
    let rotating: { readonly forceAt: number } | undefined
    let nextId = 0
    let reasoningWarned = false

    const configOf = (model: string): RealtimeClient.SessionConfig => {
      const { reasoningEffort, transcriptionModel } = state.options
      return {
        type: "realtime",
        output_modalities: ["text"],
        instructions: state.options.instructions,
        audio: {
          input: {
            format: { type: "audio/pcm", rate: 24000 },
            turn_detection: null,
            transcription: transcriptionModel === undefined ? null : { model: transcriptionModel }
          }
        },
        truncation: { type: "retention_ratio", retention_ratio: 0.5 },
        ...(reasoningEffort !== undefined && modelReasons(model) ? { reasoning: { effort: reasoningEffort } } : {})
      }
    }

    const openOnce: Effect.Effect<Epoch, RealtimeError> = Effect.gen(function*() {
      const scope = yield* Scope.make()
      return yield* Effect.gen(function*() {
        const session = yield* client.connect().pipe(Scope.extend(scope))
        const receivedAt = yield* now
        const model = state.model ?? session.session.model ?? "unknown"
        state.model = model
        if (state.options.reasoningEffort !== undefined && !modelReasons(model) && !reasoningWarned) {
          reasoningWarned = true
          yield* state.emit(SummaryEvent.Warning({
            code: "reasoning-ignored",
            message: `model ${model} does not reason: the reasoning effort is not sent`
          }))
        }
        yield* session.updateSession(configOf(model))
        const openedAt = yield* now
        const expiry = expiryOf(session.session.expires_at, receivedAt, receivedAt / 1000)
        const failed = yield* Deferred.make<never, RealtimeError>()
        const id = nextId++
        const epoch: Epoch = {
          id,
          session,
          scope,
          sessionId: session.session.id ?? `session-${id}`,
          openedAt,
          deadline: Math.min(openedAt + state.options.sessionMaxMinutes * 60_000, expiry ?? Number.POSITIVE_INFINITY),
          dead: false,
          summaries: 0,
          stopAt: undefined,
          failed
        }
        yield* session.ended.pipe(
          Effect.catchAll((error) => Deferred.fail(failed, error)),
          Effect.forkIn(scope)
        )
        if (transcripts !== undefined) yield* Effect.forkIn(listen(transcripts, session), scope)
        return epoch
      }).pipe(Effect.onError((cause) => Scope.close(scope, Exit.failCause(cause))))
    })

    const open = (action: "opened" | "rotated", reason: string, previous: Epoch | undefined) =>
      Effect.gen(function*() {
        while (true) {
          const attempt = yield* Effect.either(openOnce)
          if (Either.isRight(attempt)) {
            const epoch = attempt.right
            yield* state.emit(SummaryEvent.Session({
              action,
              sessionId: epoch.sessionId,
              previousSessionId: previous?.sessionId ?? null,
              reason,
              attempt: null,
              retryInMillis: null,
              expiresAt: Number.isFinite(epoch.deadline) ? expiresAtOf(epoch) : null
            }))
            return epoch
          }
          const error = attempt.left
          if (error.disposition === "fatal" || neverConnected(error)) return yield* Effect.fail(error)
          yield* waitBeforeRetry(null, error)
        }
      })

    // An endpoint that cannot be reached before any session was ever opened is a wrong base URL, not a fault
    // that can pass: the user hears about it at once.
    const neverConnected = (error: RealtimeError) =>
      nextId === 0 && error._tag === "RealtimeConnectionError" &&
      (error.reason === "Unreachable" || error.reason === "OpenTimeout")

    const expiresAtOf = (epoch: Epoch) => {
      const expiresAt = epoch.session.session.expires_at
      return typeof expiresAt === "number" && expiresAt > 0 ? expiresAt * 1000 : null
    }

    const waitBeforeRetry = (sessionId: string | null, error: RealtimeError) =>
      Effect.gen(function*() {
        const { attempt, delay } = yield* backoff.next
        yield* Effect.logInfo(`session lost (${error.message}); attempt ${attempt}, retrying in ${delay} ms`)
        yield* state.emit(SummaryEvent.Session({
          action: "reconnecting",
          sessionId,
          previousSessionId: null,
          reason: error.message,
          attempt,
          retryInMillis: delay,
          expiresAt: null
        }))
        yield* Effect.sleep(delay)
      })

    const firstUnplaced = () => {
      for (const window of state.book.pending()) {
        const placement = window.placement
        if (placement === undefined || !placement.complete || placement.epoch.dead) return window.startByte
      }
      return state.book.openWindow()?.startByte ?? state.ledger.end
    }

    const startFeeder = (epoch: Epoch) =>
      Effect.gen(function*() {
        epochs.push(epoch)
        const fiber = yield* feed(state, epoch, firstUnplaced(), (item) => transcripts?.expect(item)).pipe(
          Effect.catchAll((error) => Effect.asVoid(Deferred.fail(epoch.failed, error))),
          Effect.forkIn(epoch.scope)
        )
        feeders.set(epoch, fiber)
      })

    const holdsPending = (epoch: Epoch) =>
      state.book.pending().some((window) => window.placement?.epoch === epoch && window.placement.complete)

    const close = (epoch: Epoch, reason: string) =>
      Effect.gen(function*() {
        epoch.dead = true
        epochs.splice(epochs.indexOf(epoch), 1)
        feeders.delete(epoch)
        state.notifyChanged()
        yield* Scope.close(epoch.scope, Exit.void)
        yield* state.emit(SummaryEvent.Session({
          action: "closed",
          sessionId: epoch.sessionId,
          previousSessionId: null,
          reason,
          attempt: null,
          retryInMillis: null,
          expiresAt: null
        }))
      })

    const reset = (failed: Epoch, error: RealtimeError) =>
      Effect.gen(function*() {
        const abandoned = epochs.splice(0)
        for (const epoch of abandoned) epoch.dead = true
        for (const window of state.book.pending()) window.placement = undefined
        feeders.clear()
        rotating = undefined
        state.notifyChanged()
        for (const epoch of abandoned) yield* Effect.forkDaemon(Scope.close(epoch.scope, Exit.void))
        if (failed.summaries > 0 || (yield* now) - failed.openedAt >= HEALTHY_MILLIS) backoff.reset()
        yield* waitBeforeRetry(failed.sessionId, error)
        yield* startFeeder(yield* open("opened", `reconnected after: ${error.message}`, failed))
      })

    const sleepUntil = (at: number) =>
      Effect.flatMap(now, (time) => at <= time ? Effect.void : Effect.sleep(Math.min(at - time, 2 ** 31 - 1)))

    const next = (): Effect.Effect<Outcome, unknown> => {
      const current = epochs.at(-1)!
      const retiring = epochs.slice(0, -1)
      const races: Array<Effect.Effect<Outcome, unknown>> = [
        Deferred.await(state.fatal),
        waitFor(state.changed, () => state.done() || undefined).pipe(Effect.as({ _tag: "Done" } as const)),
        ...epochs.map((epoch) =>
          Deferred.await(epoch.failed).pipe(
            Effect.flip,
            Effect.map((error): Outcome => ({ _tag: "Failed", epoch, error }))
          )
        )
      ]
      if (retiring.length > 0) {
        races.push(
          waitFor(state.changed, () => retiring.find((epoch) => !holdsPending(epoch))).pipe(
            Effect.map((epoch): Outcome => ({ _tag: "Retired", epoch }))
          )
        )
      }
      const feeding = feeders.get(current)?.unsafePoll() === null
      if (rotating === undefined) {
        const leadTime = state.lastWindowMillis + marginOf(current, ROTATION_MARGIN_MILLIS, 1 / 4)
        // a session whose feeder is done (the input ended) has nothing left to hand over
        if (Number.isFinite(current.deadline) && feeding) {
          races.push(sleepUntil(current.deadline - leadTime).pipe(Effect.as({ _tag: "Rotate" } as const)))
        }
      } else {
        const feeder = feeders.get(current)
        races.push(sleepUntil(rotating.forceAt).pipe(Effect.as({ _tag: "Switch" } as const)))
        if (feeder !== undefined) races.push(Fiber.await(feeder).pipe(Effect.as({ _tag: "Switch" } as const)))
      }
      return Effect.raceAll(races)
    }

    yield* waitFor(state.arrived, () => state.ledger.end > 0 || state.inputEnded || undefined)
    if (state.done()) return
    yield* startFeeder(yield* open("opened", "connected", undefined))
    // however the run ends (interrupted, failed), the sessions still held are closed with 1000
    yield* Effect.addFinalizer(() =>
      Effect.forEach(epochs.splice(0), (epoch) => Scope.close(epoch.scope, Exit.void), { discard: true })
    )

    while (true) {
      const outcome = yield* next()
      yield* Effect.logDebug(`supervisor: ${outcome._tag}`)
      switch (outcome._tag) {
        case "Done": {
          if (transcripts !== undefined) yield* transcripts.flush()
          for (const epoch of [...epochs]) yield* close(epoch, "end of input")
          return
        }
        case "Retired": {
          yield* close(outcome.epoch, "rotated: its last summary is done")
          break
        }
        case "Rotate": {
          const current = epochs.at(-1)!
          rotating = { forceAt: current.deadline - marginOf(current, FORCED_SWITCH_MILLIS, 1 / 10) }
          // the next boundary: the end of the open window, or of the one the next bytes will open
          current.stopAt = state.book.openWindow()?.nominalEnd ?? state.ledger.end + state.plan.summaryBytes
          state.notifyChanged()
          break
        }
        case "Switch": {
          rotating = undefined
          const current = epochs.at(-1)!
          const feeder = feeders.get(current)
          if (feeder !== undefined) yield* Fiber.interrupt(feeder)
          if (state.inputEnded && state.book.pending().every((w) => w.placement?.epoch === current)) break
          const reason = current.deadline === current.openedAt + state.options.sessionMaxMinutes * 60_000
            ? `the session reached ${state.options.sessionMaxMinutes} minutes`
            : "the session expires soon"
          yield* startFeeder(yield* open("rotated", reason, current))
          break
        }
        case "Failed": {
          const { epoch, error } = outcome
          if (epoch.dead || !epochs.includes(epoch)) break
          if (error.disposition === "fatal") return yield* Effect.fail(error)
          if (epoch !== epochs.at(-1) && !holdsPending(epoch)) {
            yield* close(epoch, `rotated: ${error.message}`)
            break
          }
          yield* reset(epoch, error)
          break
        }
      }
    }
  }).pipe(Effect.scoped)

/**
 * One run: audio from the source through the summariser to the terminal and the event log. The log
 * starts with `start` and always ends with `end`, whatever ends the run: the end of the input, the
 * budget, a signal (after the final summary of what was heard), a closed stdout, or an error.
 *
 * @since 0.1.0
 */
import * as AudioCapture from "@pkg/audio-capture/AudioCapture"
import * as AudioSource from "@pkg/audio-capture/AudioSource"
import * as Pricing from "@pkg/realtime-client/Pricing"
import * as AudioInput from "@pkg/summariser/AudioInput"
import * as Summariser from "@pkg/summariser/Summariser"
import type { SummaryEvent } from "@pkg/summariser/SummaryEvent"
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import type * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Predicate from "effect/Predicate"
import * as Ref from "effect/Ref"
import * as Schedule from "effect/Schedule"
import * as Stream from "effect/Stream"
import { describeFailure } from "./Errors.js"
import * as EventLog from "./EventLog.js"
import * as EventLogWriter from "./EventLogWriter.js"
import type { Flags } from "./Flags.js"
import * as Input from "./Input.js"
import * as LogLines from "./LogLines.js"
import * as Screen from "./Screen.js"
import type { Settings } from "./Settings.js"
import * as Status from "./Status.js"
import { StdoutClosed, StdStreams } from "./StdStreams.js"
import { Stop } from "./Stop.js"
import * as TextView from "./TextView.js"
import * as Totals from "./Totals.js"
import { version } from "./Version.js"

interface State {
  readonly totals: Totals.Totals
  readonly status: Status.Status
  readonly budgetReached: boolean
}

/**
 * The exit code of a run that ended without an error: 130 after SIGINT, 143 after SIGTERM, else 0.
 *
 * @since 0.1.0
 * @category exit codes
 */
export const exitCode = (signal: Option.Option<"SIGINT" | "SIGTERM">): number =>
  Option.match(signal, { onNone: () => 0, onSome: (signal) => signal === "SIGINT" ? 130 : 143 })

const isStdoutClosed = (error: unknown): error is StdoutClosed => error instanceof StdoutClosed

const startLine = (flags: Flags, settings: Settings, at: DateTime.Utc) =>
  new EventLog.Start({
    at,
    version,
    source: AudioSource.describe(settings.source),
    model: settings.model,
    summaryInterval: flags.summaryInterval,
    commitInterval: flags.commitInterval,
    batchMs: flags.batchMs,
    language: settings.summariser.language ?? null,
    reasoning: settings.summariser.reasoningEffort ?? null,
    transcriptionModel: settings.summariser.transcriptionModel ?? null,
    budget: settings.summariser.budgetUsd ?? null,
    sessionMaxMinutes: settings.summariser.sessionMaxMinutes,
    stallTimeout: flags.stallTimeout,
    realtime: flags.realtime
  })

const failureLine = (cause: Cause.Cause<unknown>, at: DateTime.Utc) => {
  const error = Option.getOrUndefined(Cause.failureOption(cause))
  const tag = Predicate.hasProperty(error, "_tag") && typeof error._tag === "string" ? error._tag : "Defect"
  const reason = Predicate.hasProperty(error, "reason") && typeof error.reason === "string" ? error.reason : null
  return new EventLog.Failure({ at, message: describeFailure(cause) ?? "interrupted", error: tag, reason })
}

/**
 * Runs the pipeline for checked settings, with the summariser of `summariser`; returns the exit code.
 *
 * @since 0.1.0
 * @category execution
 */
export const run = <E, R>(flags: Flags, settings: Settings, summariser: Layer.Layer<Summariser.Summariser, E, R>) =>
  Effect.gen(function*() {
    const screen = Screen.make(yield* StdStreams, { noColor: flags.noColor })
    return yield* runOn(screen, flags, settings, summariser).pipe(Effect.provideService(Screen.Screen, screen))
  }).pipe(Effect.scoped)

const runOn = <E, R>(
  screen: Screen.Service,
  flags: Flags,
  settings: Settings,
  summariser: Layer.Layer<Summariser.Summariser, E, R>
) =>
  Effect.gen(function*() {
    const stop = yield* Stop
    const log = yield* EventLogWriter.make({ screen, stdout: flags.format === "json", file: flags.output })
    const view = flags.format === "text"
      ? TextView.make(screen, { priced: Option.isSome(Pricing.pricesOf(flags.model)) })
      : undefined
    const startedAt = yield* Clock.currentTimeMillis
    const state = yield* Ref.make<State>({
      totals: Totals.empty,
      status: Status.initial(flags.summaryInterval),
      budgetReached: false
    })
    // Audio is counted as it passes, in a plain variable rather than with an effect per chunk (the input
    // delivers tens of chunks a second from a file), and added to the state where it is read.
    let unaccountedAudio = 0
    const withAudio = (current: State): State => {
      const bytes = unaccountedAudio
      if (bytes === 0) return current
      unaccountedAudio = 0
      return {
        ...current,
        totals: Totals.addAudio(current.totals, bytes),
        status: Status.onAudio(current.status, bytes)
      }
    }
    const current = Ref.modify(state, (current) => {
      const next = withAudio(current)
      return [next, next]
    })

    const drawStatus = Effect.zipWith(
      current,
      Clock.currentTimeMillis,
      (state, now) => Status.render(state.status, now)
    ).pipe(Effect.flatMap(screen.status))
    // With no text view and no status line, the pieces of a summary's text go nowhere: skipping them here
    // spares each one the totals, the clock and the log writer.
    const quiet = view === undefined && !screen.hasStatusLine
    const handle = (event: SummaryEvent) =>
      quiet && event._tag === "SummaryDelta" ? Effect.void : Effect.gen(function*() {
        const now = yield* Clock.currentTimeMillis
        const phaseChanged = yield* Ref.modify(state, (previous) => {
          const current = withAudio(previous)
          const status = Status.onEvent(current.status, event, now)
          return [status.phase !== current.status.phase, {
            totals: Totals.addEvent(current.totals, event),
            status,
            budgetReached: current.budgetReached || event._tag === "BudgetReached"
          }]
        })
        if (log.active) {
          const line = LogLines.fromSummaryEvent(event, DateTime.unsafeMake(now))
          if (Option.isSome(line)) {
            yield* log.write(line.value)
          }
        }
        if (view !== undefined) {
          yield* view.event(event)
        }
        // the ticker redraws every second; an event redraws at once only when the phase changes
        if (screen.hasStatusLine && phaseChanged) {
          yield* drawStatus
        }
      })

    const input = (yield* Input.audio(settings.source, {
      realtime: flags.realtime,
      stallTimeoutSeconds: flags.stallTimeout
    })).pipe(
      Stream.mapChunks((items) => {
        for (const item of items) {
          if (!AudioInput.isSourceGap(item)) unaccountedAudio += item.length
        }
        return items
      })
    )
    const pipeline = Effect.flatMap(
      Summariser.Summariser,
      (service) =>
        // the summariser copies the audio it keeps, so ffmpeg's buffers are freed as soon as it did
        service.summarise(input, { stop: stop.requested, release: AudioCapture.release }).pipe(
          Stream.runForEach(handle)
        )
    ).pipe(Effect.provide(summariser))

    const finish = (exit: Exit.Exit<void, unknown>) =>
      Effect.gen(function*() {
        const now = yield* Clock.currentTimeMillis
        const at = DateTime.unsafeMake(now)
        const { budgetReached, totals } = yield* current
        const signal = yield* stop.received
        const reason: EventLog.EndReason = Exit.match(exit, {
          onSuccess: () => budgetReached ? "budget" : Option.isSome(signal) ? "interrupted" : "eof",
          onFailure: (cause) =>
            Cause.isInterruptedOnly(cause) || Option.exists(Cause.failureOption(cause), isStdoutClosed)
              ? "interrupted"
              : "error"
        })
        // the lines are made only for a log that is written: a line's class checks it against its Schema
        if (log.active) {
          if (Exit.isFailure(exit) && reason === "error") {
            yield* log.write(failureLine(exit.cause, at)).pipe(Effect.ignore)
          }
          const end = new EventLog.End({
            at,
            reason,
            elapsedSeconds: LogLines.seconds(Math.max(0, now - startedAt) / 1000),
            totals: Totals.toLog(totals)
          })
          yield* log.write(end).pipe(Effect.ignore)
        }
        if (view !== undefined) yield* view.finish(totals, reason).pipe(Effect.ignore)
        yield* screen.status(undefined)
      })

    if (log.active) yield* log.write(startLine(flags, settings, DateTime.unsafeMake(startedAt)))
    if (screen.hasStatusLine) {
      yield* Effect.forkScoped(Effect.repeat(drawStatus, Schedule.spaced("1 second")))
      yield* Effect.forkScoped(
        Effect.zipRight(
          stop.requested,
          Effect.zipRight(
            Ref.update(state, (previous) => {
              const current = withAudio(previous)
              return { ...current, status: Status.onStop(current.status) }
            }),
            drawStatus
          )
        )
      )
    }
    yield* pipeline.pipe(
      stop.draining,
      Effect.onExit(finish),
      Effect.catchIf(isStdoutClosed, () => Effect.logDebug("stdout was closed: stopping"))
    )
    return exitCode(yield* stop.received)
  })

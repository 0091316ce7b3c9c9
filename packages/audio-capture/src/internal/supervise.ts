import type * as CommandExecutor from "@effect/platform/CommandExecutor"
import * as Clock from "effect/Clock"
import * as Data from "effect/Data"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Ref from "effect/Ref"
import * as Schedule from "effect/Schedule"
import * as Stream from "effect/Stream"
import { AudioCaptureError } from "../AudioCaptureError.js"
import * as AudioSource from "../AudioSource.js"
import { isHttp } from "../FfmpegArgs.js"
import * as SourceOutage from "../SourceOutage.js"
import * as Capture from "./capture.js"
import * as Diagnose from "./diagnose.js"

/** @internal */
export interface SuperviseOptions {
  readonly realtime: boolean
  readonly stallTimeout: Duration.Duration
  readonly restartSchedule: Schedule.Schedule<unknown, unknown>
}

/** An outage in progress: the restarts that failed so far, and the last reason. */
interface Outage {
  readonly since: number
  readonly failures: number
  readonly lastError: AudioCaptureError
}

interface State {
  /** Audio has come from the source at least once: from now on it is restarted, not failed. */
  readonly flowed: boolean
  readonly outage: Option.Option<Outage>
}

/** What one ffmpeg run did: whether it delivered audio, whether its input is a file (finite). */
interface Run {
  audio: boolean
  finite: boolean
}

/**
 * The input ended for good (a file served over http(s), read to its end): the failure that ends the runs, caught
 * where they are repeated, so that nothing is checked per chunk of audio.
 */
class InputEnded extends Data.TaggedError("InputEnded") {}

/**
 * `AudioCapture.supervise` for an http(s) source: runs ffmpeg again and again, forever while the
 * stream is pulled, with one `SourceOutage` at the start of each outage.
 *
 * @internal
 */
export const superviseLive = (
  executor: CommandExecutor.CommandExecutor,
  settings: Capture.Settings,
  source: AudioSource.AudioSource,
  options: SuperviseOptions
): Stream.Stream<Uint8Array | SourceOutage.SourceOutage, AudioCaptureError> =>
  Stream.unwrap(Effect.gen(function*() {
    const name = AudioSource.describe(source)
    const driver = yield* Schedule.driver(options.restartSchedule)
    const state = yield* Ref.make<State>({ flowed: false, outage: Option.none() })

    const audioArrived = (run: Run) =>
      Effect.gen(function*() {
        run.audio = true
        const previous = yield* Ref.getAndSet(state, { flowed: true, outage: Option.none() })
        if (Option.isNone(previous.outage)) return
        yield* driver.reset
        const { failures, since } = previous.outage.value
        const lasted = Duration.millis((yield* Clock.currentTimeMillis) - since)
        yield* Effect.logInfo(
          `audio from ${name} is back after ${Diagnose.seconds(lasted)} (${failures} failed restart${
            failures === 1 ? "" : "s"
          })`
        )
      }).pipe(Capture.annotate)

    const outageBegins = (
      failure: Option.Option<AudioCaptureError | Capture.Stalled>
    ): Effect.Effect<ReadonlyArray<SourceOutage.SourceOutage>> =>
      Effect.gen(function*() {
        const [outage, lastError] = Option.match(failure, {
          onNone: () =>
            [
              SourceOutage.make("exited", `${name} ended the stream; restarting`),
              new AudioCaptureError({ reason: "SourceUnreachable", message: `"${name}" ended the stream`, stderr: [] })
            ] as const,
          onSome: (error) =>
            error._tag === "Stalled"
              ? [
                SourceOutage.make(
                  "stalled",
                  `no audio for ${Diagnose.seconds(options.stallTimeout)} from ${name}; restarting`
                ),
                error.error
              ] as const
              : [SourceOutage.make("exited", `${error.message}; restarting`), error] as const
        })
        const since = yield* Clock.currentTimeMillis
        yield* Ref.update(state, (s) => ({ ...s, outage: Option.some({ since, failures: 0, lastError }) }))
        // the element is the report; the log line is for debugging
        yield* Effect.logDebug(outage.detail)
        return [outage]
      }).pipe(Capture.annotate)

    /** What follows a run that ended (with `failure`, if it failed): an outage, nothing, the end, or a failure. */
    const decide = (
      run: Run,
      failure: Option.Option<AudioCaptureError | Capture.Stalled>
    ): Effect.Effect<ReadonlyArray<SourceOutage.SourceOutage>, AudioCaptureError | InputEnded> =>
      Effect.gen(function*() {
        const error = Option.map(failure, (failure) => failure._tag === "Stalled" ? failure.error : failure)
        const ended = Option.match(error, { onNone: () => Effect.fail(new InputEnded()), onSome: Effect.fail })
        // a file served over http(s) is the end of the input, as for a local file
        if (run.audio && run.finite) {
          return yield* ended
        }
        if (run.audio) {
          return yield* outageBegins(failure)
        }
        const { flowed, outage } = yield* Ref.get(state)
        // a source that never delivered audio is bad input: no retry
        if (!flowed || Option.isNone(outage)) {
          return yield* ended
        }
        const failed = Option.getOrElse(error, () => outage.value.lastError)
        const failures = outage.value.failures + 1
        yield* Ref.set(state, { flowed, outage: Option.some({ ...outage.value, failures, lastError: failed }) })
        yield* Effect.logWarning(`restart ${failures} of ${name} failed: ${failed.message}`)
        return []
      }).pipe(Capture.annotate)

    const waitForRestart = Effect.flatMap(Ref.get(state), ({ outage }) =>
      Option.match(outage, {
        onNone: () => Effect.void,
        onSome: ({ lastError }) => driver.next(lastError).pipe(Effect.mapError(() => lastError))
      }))

    // One run of ffmpeg, then what its end means. Nothing here is per chunk of audio: the run's audio passes
    // through, its failure is caught once, and the end of the input is a failure caught once, below.
    const oneRun = Stream.unwrap(Effect.gen(function*() {
      yield* waitForRestart
      const run: Run = { audio: false, finite: false }
      let failure: Option.Option<AudioCaptureError | Capture.Stalled> = Option.none()
      const audio = Capture.run(executor, settings, source, {
        realtime: options.realtime,
        // the stall timeout is the only timeout: ffmpeg's own would end the run first
        readTimeout: Duration.infinity,
        idleTimeout: options.stallTimeout,
        stalled: (error) => new Capture.Stalled({ error }),
        onDuration: (finite) => Effect.sync(() => (run.finite = finite)),
        onAudio: audioArrived(run)
      }).pipe(Stream.catchAll((error) => {
        failure = Option.some(error)
        return Stream.empty
      }))
      const after = Stream.unwrap(Effect.suspend(() => Effect.map(decide(run, failure), Stream.fromIterable)))
      return Stream.concat(audio, after)
    }))

    return Stream.forever(oneRun).pipe(
      Stream.catchAll((error) => error instanceof InputEnded ? Stream.empty : Stream.fail(error))
    )
  }))

/**
 * `AudioCapture.supervise`: an http(s) source is supervised; a file or stdin is read as by `stream`.
 *
 * @internal
 */
export const supervise = (
  executor: CommandExecutor.CommandExecutor,
  settings: Capture.Settings,
  input: AudioSource.AudioSource | string,
  options: SuperviseOptions
): Stream.Stream<Uint8Array | SourceOutage.SourceOutage, AudioCaptureError> => {
  const of = (
    source: AudioSource.AudioSource
  ): Stream.Stream<Uint8Array | SourceOutage.SourceOutage, AudioCaptureError> =>
    isHttp(source)
      ? superviseLive(executor, settings, source, options)
      : Capture.capture(executor, settings, source, { realtime: options.realtime })
  return Capture.ofSource(input, of)
}

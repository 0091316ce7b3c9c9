import * as Command from "@effect/platform/Command"
import type * as CommandExecutor from "@effect/platform/CommandExecutor"
import type * as PlatformError from "@effect/platform/Error"
import * as Data from "effect/Data"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Ref from "effect/Ref"
import * as Stream from "effect/Stream"
import type { AudioCaptureError } from "../AudioCaptureError.js"
import * as AudioSource from "../AudioSource.js"
import { defaultReadTimeout, ffmpegArgs } from "../FfmpegArgs.js"
import * as Diagnose from "./diagnose.js"
import * as Environment from "./environment.js"
import * as FfmpegLog from "./ffmpegLog.js"
import * as StderrTail from "./stderrTail.js"

/** @internal */
export interface Settings {
  readonly ffmpegPath: string
  readonly stderrTailLines: number
  readonly killTimeout: Duration.Duration
}

/** @internal */
export interface RunOptions<S> {
  readonly realtime: boolean
  /** ffmpeg's own read timeout for http(s) inputs; infinite leaves it out. */
  readonly readTimeout: Duration.Duration
  /** Fail with `stalled(error)` when stdout gives nothing for this long; infinite never does. */
  readonly idleTimeout: Duration.Duration
  /** What a stall fails the run with: {@link Stalled} for a supervisor that restarts on it. */
  readonly stalled: (error: AudioCaptureError) => S
  /** Told whether ffmpeg reported a finite duration for the input, once it did. */
  readonly onDuration: (finite: boolean) => Effect.Effect<void>
}

/**
 * The run delivered no audio for `idleTimeout`; ffmpeg is stopped (what the supervisor's runs fail with).
 *
 * @internal
 */
export class Stalled extends Data.TaggedError("Stalled")<{ readonly error: AudioCaptureError }> {}

/** @internal */
export const annotate = Effect.annotateLogs({ package: "@pkg/audio-capture", module: "AudioCapture" })

const logLines = (lines: ReadonlyArray<string>) =>
  Effect.forEach(lines, (line) => Effect.logDebug(FfmpegLog.maskCredentials(line)), { discard: true })

// The tail keeps warnings and errors only, without their level tag, passwords masked.
const problems: StderrTail.Select = (line) => {
  const parsed = FfmpegLog.parse(line)
  return parsed.problem ? FfmpegLog.maskCredentials(parsed.text) : undefined
}

const reportDuration = (lines: ReadonlyArray<string>, onDuration: RunOptions<unknown>["onDuration"]) =>
  Effect.forEach(lines, (line) => {
    const duration = FfmpegLog.duration(FfmpegLog.parse(line).text)
    return duration === undefined ? Effect.void : onDuration(duration === "finite")
  }, { discard: true })

const drainStderr = (
  proc: CommandExecutor.Process,
  tail: Ref.Ref<StderrTail.StderrTail>,
  maxLines: number,
  onDuration: RunOptions<unknown>["onDuration"]
) => {
  const received = (lines: ReadonlyArray<string>) => Effect.zipRight(logLines(lines), reportDuration(lines, onDuration))
  return proc.stderr.pipe(
    Stream.decodeText(),
    Stream.runForEach((text) =>
      Ref.modify(tail, (t) => swap(StderrTail.append(t, text, maxLines, problems))).pipe(Effect.flatMap(received))
    ),
    Effect.catchAll((error) => Effect.logDebug("reading ffmpeg's stderr failed", error)),
    Effect.zipRight(Ref.modify(tail, (t) => swap(StderrTail.flush(t, maxLines, problems)))),
    Effect.flatMap(received)
  )
}

const swap = <A, B>([a, b]: readonly [A, B]): [B, A] => [b, a]

// ffmpeg aborts a blocked read (a silent source) only on its second signal: the first one is
// noted between packets, which never come. So: SIGTERM, SIGTERM again after a moment, then SIGKILL.
const SECOND_SIGTERM_AFTER = Duration.millis(200)

const terminate = (proc: CommandExecutor.Process, killTimeout: Duration.Duration) => {
  const signal = (name: CommandExecutor.Signal, wait: Duration.Duration) =>
    proc.kill(name).pipe(
      Effect.interruptible,
      Effect.timeoutFail({ duration: wait, onTimeout: () => "timeout" as const })
    )
  const grace = Duration.min(SECOND_SIGTERM_AFTER, killTimeout)
  return Effect.gen(function*() {
    if (!(yield* proc.isRunning)) return
    yield* signal("SIGTERM", grace).pipe(
      Effect.catchAll(() => signal("SIGTERM", Duration.subtract(killTimeout, grace))),
      Effect.catchAll(() =>
        Effect.logDebug(`ffmpeg still running ${Duration.format(killTimeout)} after SIGTERM, sending SIGKILL`).pipe(
          Effect.zipRight(proc.kill("SIGKILL"))
        )
      )
    )
  }).pipe(Effect.ignore)
}

/**
 * One ffmpeg for one run of the returned stream: its stdout, then a check of its exit.
 *
 * @internal
 */
export const run = <S>(
  executor: CommandExecutor.CommandExecutor,
  settings: Settings,
  source: AudioSource.AudioSource,
  options: RunOptions<S>
): Stream.Stream<Uint8Array, AudioCaptureError | S> =>
  Stream.unwrapScoped(
    Effect.gen(function*() {
      const args = ffmpegArgs(source, { realtime: options.realtime, readTimeout: options.readTimeout })
      const command = Command.make(settings.ffmpegPath, ...args).pipe(
        Command.stdin(source._tag === "Stdin" ? "inherit" : "pipe"),
        Command.env(Environment.forFfmpeg(Environment.current()), { extendEnv: false })
      )
      yield* Effect.logDebug(`starting ffmpeg for "${AudioSource.describe(source)}"`)
      const proc = yield* executor.start(command).pipe(
        Effect.mapError((error) => Diagnose.notStarted(settings.ffmpegPath, error))
      )
      yield* Effect.addFinalizer(() => terminate(proc, settings.killTimeout).pipe(annotate))

      const tail = yield* Ref.make(StderrTail.empty)
      const drained = yield* Effect.forkScoped(drainStderr(proc, tail, settings.stderrTailLines, options.onDuration))
      // complete only once ffmpeg closed stderr, so the tail holds its last words
      const stderrLines = Fiber.join(drained).pipe(Effect.zipRight(Ref.get(tail)), Effect.map((t) => t.lines))

      // counted in the chunk's pass, not with an effect per chunk: it is read once, after ffmpeg exited
      let bytes = 0
      const stdout = proc.stdout.pipe(
        Stream.mapChunks((chunk) => {
          for (const piece of chunk) bytes += piece.length
          return chunk
        }),
        Stream.catchAll((error: PlatformError.PlatformError) =>
          Stream.fromEffect(
            Effect.flatMap(Ref.get(tail), (t) => Effect.fail(Diagnose.unreadable(source, error, t.lines)))
          )
        )
      )
      const stalled = Stream.fromEffect(
        Effect.flatMap(
          Ref.get(tail),
          (t) => Effect.fail(options.stalled(Diagnose.stalled(source, options.idleTimeout, t.lines)))
        )
      )
      const audio = Duration.isFinite(options.idleTimeout)
        ? Stream.timeoutTo(stdout, options.idleTimeout, stalled)
        : stdout
      const outcome = Effect.gen(function*() {
        const exit = yield* Effect.either(proc.exitCode)
        const lines = yield* stderrLines
        if (exit._tag === "Left") return yield* Effect.fail(Diagnose.killed(source, exit.left, lines))
        if (exit.right !== 0) return yield* Effect.fail(Diagnose.exited(source, exit.right, lines))
        if (bytes === 0) return yield* Effect.fail(Diagnose.noAudio(source, lines))
      })
      return Stream.concat(audio, Stream.execute(outcome))
    }).pipe(annotate)
  )

/**
 * `AudioCapture.stream`: one ffmpeg, no stall watch, ffmpeg's default read timeout.
 *
 * @internal
 */
export const capture = (
  executor: CommandExecutor.CommandExecutor,
  settings: Settings,
  input: AudioSource.AudioSource | string,
  options: { readonly realtime?: boolean } = {}
): Stream.Stream<Uint8Array, AudioCaptureError> =>
  Stream.unwrap(
    Effect.map(
      typeof input === "string" ? AudioSource.fromString(input) : Effect.succeed(input),
      (source) =>
        run(executor, settings, source, {
          realtime: options.realtime === true,
          readTimeout: defaultReadTimeout,
          idleTimeout: Duration.infinity,
          stalled: (error) => error,
          onDuration: () => Effect.void
        })
    )
  )

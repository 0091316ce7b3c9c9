import * as Command from "@effect/platform/Command"
import type * as CommandExecutor from "@effect/platform/CommandExecutor"
import type * as PlatformError from "@effect/platform/Error"
import * as Cause from "effect/Cause"
import * as Channel from "effect/Channel"
import type * as Chunk from "effect/Chunk"
import * as Clock from "effect/Clock"
import * as Data from "effect/Data"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
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
  /** Run once, before the first chunk of audio is emitted. */
  readonly onAudio?: Effect.Effect<void> | undefined
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

      const stalls = Duration.isFinite(options.idleTimeout)
        ? yield* watchStalls(proc, settings, options.idleTimeout)
        : undefined
      // counted in the chunk's pass, not with an effect per chunk: it is read once, after ffmpeg exited
      let bytes = 0
      const outcome = Effect.gen(function*() {
        const exit = yield* Effect.either(proc.exitCode)
        const lines = yield* stderrLines
        if (stalls?.stalled() === true) {
          return yield* Effect.fail(options.stalled(Diagnose.stalled(source, options.idleTimeout, lines)))
        }
        if (exit._tag === "Left") return yield* Effect.fail(Diagnose.killed(source, exit.left, lines))
        if (exit.right !== 0) return yield* Effect.fail(Diagnose.exited(source, exit.right, lines))
        if (bytes === 0) return yield* Effect.fail(Diagnose.noAudio(source, lines))
      })
      return read(proc.stdout, {
        onChunk: (chunk) => {
          for (const piece of chunk) bytes += piece.length
        },
        onError: (error) =>
          Effect.flatMap(Ref.get(tail), (t) => Effect.fail(Diagnose.unreadable(source, error, t.lines))),
        onEnd: outcome,
        onFirst: options.onAudio,
        waiting: stalls?.waiting
      })
    }).pipe(annotate)
  )

/** Since when a reader has waited for the next chunk of stdout (`undefined`: it is not waiting), by `clock`. */
interface Waiting {
  readonly clock: Clock.Clock
  since: number | undefined
}

/**
 * Watches, in a fiber of the run's scope, how long a reader of stdout has waited for its next chunk: once it has
 * waited `timeout`, ffmpeg is stopped (its stdout then ends) and `stalled` tells the run's outcome why. One timer
 * per `timeout` rather than `Stream.timeoutTo`, which races a timer on every pull: about 70 effects a chunk of
 * audio, more than reading it.
 */
const watchStalls = (proc: CommandExecutor.Process, settings: Settings, timeout: Duration.Duration) =>
  Effect.gen(function*() {
    const timeoutMillis = Duration.toMillis(timeout)
    const waiting: Waiting = { clock: yield* Effect.clock, since: undefined }
    let stalled = false
    const watch: Effect.Effect<void> = Effect.flatMap(Clock.currentTimeMillis, (now) => {
      const since = waiting.since
      if (since !== undefined && now - since >= timeoutMillis) {
        stalled = true
        return terminate(proc, settings.killTimeout)
      }
      return Effect.zipRight(Effect.sleep(since === undefined ? timeoutMillis : since + timeoutMillis - now), watch)
    })
    yield* Effect.forkScoped(watch)
    return { waiting, stalled: () => stalled }
  })

/**
 * ffmpeg's stdout as the run's audio, in one layer over it: each chunk counted (`onChunk`), `onFirst` run before
 * the first one, a read error turned into the run's (`onError`), `onEnd` run after the last chunk, and the time
 * from each pull to the chunk that answers it kept for the stall watch (`waiting`). Every chunk of audio passes
 * every layer of a stream, and `mapChunks`, `tap`, `catchAll` and `concat` would be four.
 */
const read = <E1, E2>(
  stdout: Stream.Stream<Uint8Array, PlatformError.PlatformError>,
  handlers: {
    readonly onChunk: (chunk: Chunk.Chunk<Uint8Array>) => void
    readonly onError: (error: PlatformError.PlatformError) => Effect.Effect<never, E1>
    readonly onEnd: Effect.Effect<void, E2>
    readonly onFirst: Effect.Effect<void> | undefined
    readonly waiting: Waiting | undefined
  }
): Stream.Stream<Uint8Array, E1 | E2> => {
  const { waiting } = handlers
  let first = handlers.onFirst
  const loop: Channel.Channel<Chunk.Chunk<Uint8Array>, Chunk.Chunk<Uint8Array>, E1 | E2, PlatformError.PlatformError> =
    Channel.readWithCause({
      onInput: (chunk: Chunk.Chunk<Uint8Array>) => {
        if (waiting !== undefined) waiting.since = undefined
        handlers.onChunk(chunk)
        const emit = Channel.zipRight(Channel.write(chunk), pull)
        if (first === undefined) return emit
        const onFirst = first
        first = undefined
        return Channel.zipRight(Channel.fromEffect(onFirst), emit)
      },
      onFailure: (cause: Cause.Cause<PlatformError.PlatformError>) =>
        Either.match(Cause.failureOrCause(cause), {
          onLeft: (error) => Channel.fromEffect(handlers.onError(error)),
          onRight: (other) => Channel.failCause(other)
        }),
      onDone: () => Channel.fromEffect(handlers.onEnd)
    })
  const pull = waiting === undefined ? loop : Channel.suspend(() => {
    waiting.since = waiting.clock.unsafeCurrentTimeMillis()
    return loop
  })
  return Stream.fromChannel(Channel.pipeTo(Stream.toChannel(stdout), pull))
}

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
): Stream.Stream<Uint8Array, AudioCaptureError> => {
  const of = (source: AudioSource.AudioSource) =>
    run(executor, settings, source, {
      realtime: options.realtime === true,
      readTimeout: defaultReadTimeout,
      idleTimeout: Duration.infinity,
      stalled: (error) => error,
      onDuration: () => Effect.void
    })
  return ofSource(input, of)
}

/**
 * `of` the source, given as such or as a string (read by `AudioSource.fromString`). A source given as such needs
 * no `Stream.unwrap`, a layer that every chunk of audio would pass.
 *
 * @internal
 */
export const ofSource = <A, E>(
  input: AudioSource.AudioSource | string,
  of: (source: AudioSource.AudioSource) => Stream.Stream<A, E>
): Stream.Stream<A, E | AudioCaptureError> =>
  typeof input === "string" ? Stream.unwrap(Effect.map(AudioSource.fromString(input), of)) : of(input)

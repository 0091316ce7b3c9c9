import * as Command from "@effect/platform/Command"
import type * as CommandExecutor from "@effect/platform/CommandExecutor"
import type * as PlatformError from "@effect/platform/Error"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Ref from "effect/Ref"
import * as Stream from "effect/Stream"
import type { AudioCaptureError } from "../AudioCaptureError.js"
import * as AudioSource from "../AudioSource.js"
import { ffmpegArgs } from "../FfmpegArgs.js"
import * as Diagnose from "./diagnose.js"
import * as StderrTail from "./stderrTail.js"

/** @internal */
export interface Settings {
  readonly ffmpegPath: string
  readonly stderrTailLines: number
  readonly killTimeout: Duration.Duration
}

const annotate = Effect.annotateLogs({ package: "@pkg/audio-capture", module: "AudioCapture" })

const logLines = (lines: ReadonlyArray<string>) =>
  Effect.forEach(lines, (line) => Effect.logDebug(line), { discard: true })

const drainStderr = (proc: CommandExecutor.Process, tail: Ref.Ref<StderrTail.StderrTail>, maxLines: number) =>
  proc.stderr.pipe(
    Stream.decodeText(),
    Stream.runForEach((text) =>
      Ref.modify(tail, (t) => swap(StderrTail.append(t, text, maxLines))).pipe(Effect.flatMap(logLines))
    ),
    Effect.catchAll((error) => Effect.logDebug("reading ffmpeg's stderr failed", error)),
    Effect.zipRight(Ref.modify(tail, (t) => swap(StderrTail.flush(t, maxLines)))),
    Effect.flatMap(logLines)
  )

const swap = <A, B>([a, b]: readonly [A, B]): [B, A] => [b, a]

const terminate = (proc: CommandExecutor.Process, killTimeout: Duration.Duration) =>
  Effect.gen(function*() {
    if (!(yield* proc.isRunning)) return
    yield* proc.kill("SIGTERM").pipe(
      Effect.interruptible,
      Effect.timeoutFail({ duration: killTimeout, onTimeout: () => "timeout" as const }),
      Effect.catchAll(() =>
        Effect.logDebug(`ffmpeg still running ${Duration.format(killTimeout)} after SIGTERM, sending SIGKILL`).pipe(
          Effect.zipRight(proc.kill("SIGKILL"))
        )
      )
    )
  }).pipe(Effect.ignore)

/** @internal */
export const capture = (
  executor: CommandExecutor.CommandExecutor,
  settings: Settings,
  input: AudioSource.AudioSource | string
): Stream.Stream<Uint8Array, AudioCaptureError> =>
  Stream.unwrapScoped(
    Effect.gen(function*() {
      const source = typeof input === "string" ? yield* AudioSource.fromString(input) : input
      const command = Command.make(settings.ffmpegPath, ...ffmpegArgs(source)).pipe(
        Command.stdin(source._tag === "Stdin" ? "inherit" : "pipe")
      )
      yield* Effect.logDebug(`starting ffmpeg for "${AudioSource.describe(source)}"`)
      const proc = yield* executor.start(command).pipe(
        Effect.mapError((error) => Diagnose.notStarted(settings.ffmpegPath, error))
      )
      yield* Effect.addFinalizer(() => terminate(proc, settings.killTimeout).pipe(annotate))

      const tail = yield* Ref.make(StderrTail.empty)
      const drained = yield* Effect.forkScoped(drainStderr(proc, tail, settings.stderrTailLines))
      // complete only once ffmpeg closed stderr, so the tail holds its last words
      const stderrLines = Fiber.join(drained).pipe(Effect.zipRight(Ref.get(tail)), Effect.map((t) => t.lines))

      const bytes = yield* Ref.make(0)
      const audio = proc.stdout.pipe(
        Stream.tap((chunk) => Ref.update(bytes, (n) => n + chunk.length)),
        Stream.catchAll((error: PlatformError.PlatformError) =>
          Stream.fromEffect(
            Effect.flatMap(Ref.get(tail), (t) => Effect.fail(Diagnose.unreadable(source, error, t.lines)))
          )
        )
      )
      const outcome = Effect.gen(function*() {
        const exit = yield* Effect.either(proc.exitCode)
        const lines = yield* stderrLines
        if (exit._tag === "Left") return yield* Effect.fail(Diagnose.killed(source, exit.left, lines))
        if (exit.right !== 0) return yield* Effect.fail(Diagnose.exited(source, exit.right, lines))
        if ((yield* Ref.get(bytes)) === 0) return yield* Effect.fail(Diagnose.noAudio(source, lines))
      })
      return Stream.concat(audio, Stream.execute(outcome))
    }).pipe(annotate)
  )

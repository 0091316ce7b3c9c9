import type * as Command from "@effect/platform/Command"
import * as CommandExecutor from "@effect/platform/CommandExecutor"
import * as PlatformError from "@effect/platform/Error"
import { Clock, Deferred, Effect, Inspectable, Sink, Stream } from "effect"

/** What the scripted "ffmpeg" does. */
export interface Script {
  readonly stdout?: ReadonlyArray<string | Uint8Array>
  readonly stderr?: ReadonlyArray<string>
  /** How the process ends once its output is written: an exit code, or death by a signal. */
  readonly exit?: number | { readonly signal: CommandExecutor.Signal }
  /** Keep running (and keep stdout open) after the scripted output, until killed. */
  readonly endless?: boolean
  /** Each piece of stdout in a chunk of its own (by default the pieces come in one chunk). */
  readonly chunked?: boolean
  readonly ignoresSigterm?: boolean
  readonly spawnError?: PlatformError.PlatformError
}

export interface FakeExecutor {
  readonly executor: CommandExecutor.CommandExecutor
  readonly started: Array<Command.StandardCommand>
  /** When each process started, by the (test) clock. */
  readonly startedAt: Array<number>
  readonly signals: Array<CommandExecutor.Signal>
  /** When each signal was sent, by the (test) clock. */
  readonly signalledAt: Array<number>
}

type Ending = readonly [code: number | null, signal: CommandExecutor.Signal | null]

const encoder = new TextEncoder()
const bytes = (chunk: string | Uint8Array) => typeof chunk === "string" ? encoder.encode(chunk) : chunk

const signalled = (signal: string) =>
  new PlatformError.SystemError({
    reason: "Unknown",
    module: "Command",
    method: "exitCode",
    description: `Process interrupted due to receipt of signal: ${signal}`
  })

/**
 * A CommandExecutor whose processes follow `scripts`, one per start (the last one for every start after), recording
 * what was started, when, and which signals were sent.
 */
export const make = (scripts: Script | ReadonlyArray<Script>): FakeExecutor => {
  const sequence: ReadonlyArray<Script> = Array.isArray(scripts) ? scripts : [scripts as Script]
  const started: Array<Command.StandardCommand> = []
  const startedAt: Array<number> = []
  const signals: Array<CommandExecutor.Signal> = []
  const signalledAt: Array<number> = []
  const start = (command: Command.Command) =>
    Effect.gen(function*() {
      if (command._tag !== "StandardCommand") return yield* Effect.dieMessage("FakeExecutor: piped commands")
      const script = sequence[Math.min(started.length, sequence.length - 1)]
      started.push(command)
      startedAt.push(yield* Clock.currentTimeMillis)
      if (script.spawnError !== undefined) return yield* Effect.fail(script.spawnError)
      const ended = yield* Deferred.make<Ending>()
      const exit = script.exit ?? 0
      if (script.endless !== true) {
        yield* Deferred.succeed(ended, typeof exit === "number" ? [exit, null] : [null, exit.signal])
      }
      const kill = (signal: CommandExecutor.Signal = "SIGTERM") =>
        Effect.flatMap(Clock.currentTimeMillis, (now) => {
          signals.push(signal)
          signalledAt.push(now)
          return signal === "SIGTERM" && script.ignoresSigterm === true
            ? Effect.void
            : Deferred.succeed(ended, [null, signal])
        }).pipe(Effect.zipRight(Deferred.await(ended)), Effect.asVoid)
      const process: CommandExecutor.Process = {
        ...Inspectable.BaseProto,
        [CommandExecutor.ProcessTypeId]: CommandExecutor.ProcessTypeId,
        pid: CommandExecutor.ProcessId(4242),
        exitCode: Effect.flatMap(Deferred.await(ended), ([code, signal]) =>
          code === null ? Effect.fail(signalled(signal ?? "SIGTERM")) : Effect.succeed(CommandExecutor.ExitCode(code))),
        isRunning: Effect.negate(Deferred.isDone(ended)),
        kill,
        stderr: Stream.fromIterable(script.stderr ?? []).pipe(Stream.map(bytes)),
        stdin: Sink.drain,
        stdout: Stream.concat(
          Stream.fromIterable(script.stdout ?? []).pipe(
            Stream.map(bytes),
            script.chunked === true ? Stream.rechunk(1) : (stream) =>
              stream
          ),
          script.endless === true ? Stream.drain(Stream.fromEffect(Deferred.await(ended))) : Stream.empty
        )
      }
      return process
    })
  return { executor: CommandExecutor.makeExecutor(start), started, startedAt, signals, signalledAt }
}

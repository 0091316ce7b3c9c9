import type * as Command from "@effect/platform/Command"
import * as CommandExecutor from "@effect/platform/CommandExecutor"
import * as PlatformError from "@effect/platform/Error"
import { Deferred, Effect, Inspectable, Sink, Stream } from "effect"

/** What the scripted "ffmpeg" does. */
export interface Script {
  readonly stdout?: ReadonlyArray<string | Uint8Array>
  readonly stderr?: ReadonlyArray<string>
  /** How the process ends once its output is written: an exit code, or death by a signal. */
  readonly exit?: number | { readonly signal: CommandExecutor.Signal }
  /** Keep running (and keep stdout open) after the scripted output, until killed. */
  readonly endless?: boolean
  readonly ignoresSigterm?: boolean
  readonly spawnError?: PlatformError.PlatformError
}

export interface FakeExecutor {
  readonly executor: CommandExecutor.CommandExecutor
  readonly started: Array<Command.StandardCommand>
  readonly signals: Array<CommandExecutor.Signal>
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

/** A CommandExecutor whose every process follows `script`, recording what was started and which signals were sent. */
export const make = (script: Script): FakeExecutor => {
  const started: Array<Command.StandardCommand> = []
  const signals: Array<CommandExecutor.Signal> = []
  const start = (command: Command.Command) =>
    Effect.gen(function*() {
      if (command._tag !== "StandardCommand") return yield* Effect.dieMessage("FakeExecutor: piped commands")
      started.push(command)
      if (script.spawnError !== undefined) return yield* Effect.fail(script.spawnError)
      const ended = yield* Deferred.make<Ending>()
      const exit = script.exit ?? 0
      if (script.endless !== true) {
        yield* Deferred.succeed(ended, typeof exit === "number" ? [exit, null] : [null, exit.signal])
      }
      const kill = (signal: CommandExecutor.Signal = "SIGTERM") =>
        Effect.suspend(() => {
          signals.push(signal)
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
          Stream.fromIterable(script.stdout ?? []).pipe(Stream.map(bytes)),
          script.endless === true ? Stream.drain(Stream.fromEffect(Deferred.await(ended))) : Stream.empty
        )
      }
      return process
    })
  return { executor: CommandExecutor.makeExecutor(start), started, signals }
}

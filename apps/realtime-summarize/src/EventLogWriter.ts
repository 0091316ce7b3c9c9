/**
 * Writes the event log: to stdout (`--format json`) and/or appended to a file (`--output`). Each line
 * is one write, whole, as it happens; nothing is written after the `end` line.
 *
 * @since 0.1.0
 */
import * as FileSystem from "@effect/platform/FileSystem"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type * as Scope from "effect/Scope"
import { UsageError } from "./Errors.js"
import * as EventLog from "./EventLog.js"
import type * as Screen from "./Screen.js"
import type { StdoutClosed } from "./StdStreams.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface Writer {
  /**
   * Whether lines go anywhere now (stdout until it is closed, a file); when they do not, `write` does nothing,
   * and a caller can spare itself building them.
   */
  readonly active: boolean
  /** Writes a line; fails when stdout was closed (the file, if any, still gets it). */
  readonly write: (line: EventLog.Line) => Effect.Effect<void, StdoutClosed>
}

/**
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: {
  readonly screen: Screen.Service
  readonly stdout: boolean
  readonly file: Option.Option<string>
}): Effect.Effect<Writer, UsageError, FileSystem.FileSystem | Scope.Scope> =>
  Effect.gen(function*() {
    const fs = yield* FileSystem.FileSystem
    const file = yield* Option.match(options.file, {
      onNone: () => Effect.succeed(undefined),
      onSome: (path) =>
        fs.open(path, { flag: "a" }).pipe(
          Effect.mapError((error) =>
            new UsageError({ message: `--output: cannot open "${path}" (${error.description ?? error.message})` })
          )
        )
    })
    const lock = yield* Effect.makeSemaphore(1)
    const encoder = new TextEncoder()
    let stdoutOpen = options.stdout
    let ended = false

    const toFile = (text: string) =>
      file === undefined
        ? Effect.void
        : file.writeAll(encoder.encode(text)).pipe(
          Effect.catchAll((error) => Effect.logWarning(`--output: a line could not be written (${error.message})`))
        )
    const toStdout = (text: string) =>
      stdoutOpen
        ? options.screen.out(text).pipe(Effect.tapError(() => Effect.sync(() => (stdoutOpen = false))))
        : Effect.void

    const active = () => stdoutOpen || file !== undefined

    return {
      get active() {
        return active()
      },
      write: (line) =>
        Effect.suspend(() => {
          if (ended || !active()) return Effect.void
          ended = line.type === "end"
          const text = `${EventLog.encode(line)}\n`
          return Effect.zipRight(toFile(text), toStdout(text))
        }).pipe(lock.withPermits(1))
    }
  })

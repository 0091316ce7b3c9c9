/**
 * The process's stdout and stderr, as the app writes to them: stdout reports when it was closed (a
 * reader such as `head -1` went away), stderr never fails.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"

/**
 * The reader of stdout went away.
 *
 * @since 0.1.0
 * @category errors
 */
export class StdoutClosed extends Data.TaggedError("StdoutClosed")<{ readonly message: string }> {}

/**
 * @since 0.1.0
 * @category models
 */
export interface Service {
  readonly stdout: {
    readonly write: (text: string) => Effect.Effect<void, StdoutClosed>
    readonly isTTY: boolean
    /** The terminal's width, when stdout is one. */
    readonly columns: () => number | undefined
  }
  readonly stderr: {
    /** Writes at once; a failure to write to stderr is ignored. */
    readonly write: (text: string) => void
    readonly isTTY: boolean
    readonly columns: () => number | undefined
  }
  /** The environment, for `NO_COLOR` and `TERM`. */
  readonly env: Readonly<Record<string, string | undefined>>
}

/**
 * @since 0.1.0
 * @category tags
 */
export class StdStreams extends Context.Tag("realtime-summarize/StdStreams")<StdStreams, Service>() {}

const ignore = () => {}

/**
 * Node's `process.stdout` and `process.stderr`. A write's failure comes through its callback; the
 * streams' `error` events are only listened to so that an EPIPE is not an uncaught exception.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerNode: Layer.Layer<StdStreams> = Layer.sync(StdStreams, () => {
  process.stdout.on("error", ignore)
  process.stderr.on("error", ignore)
  return {
    stdout: {
      write: (text) =>
        Effect.async<void, StdoutClosed>((resume) => {
          process.stdout.write(text, (error) =>
            resume(error ? Effect.fail(new StdoutClosed({ message: error.message })) : Effect.void))
        }),
      isTTY: process.stdout.isTTY === true,
      columns: () => process.stdout.isTTY && process.stdout.columns > 0 ? process.stdout.columns : undefined
    },
    stderr: {
      write: (text) => {
        process.stderr.write(text, ignore)
      },
      isTTY: process.stderr.isTTY === true,
      columns: () => process.stderr.isTTY && process.stderr.columns > 0 ? process.stderr.columns : undefined
    },
    env: process.env
  }
})

/**
 * In-memory streams, for tests.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeMemory = (options: {
  readonly stdoutTTY?: boolean
  readonly stderrTTY?: boolean
  readonly columns?: number
  readonly env?: Readonly<Record<string, string | undefined>>
  /** stdout fails after this many writes, as when its reader goes away. */
  readonly stdoutClosesAfter?: number
} = {}) => {
  const out: Array<string> = []
  const err: Array<string> = []
  const columns = () => options.columns ?? 80
  const service: Service = {
    stdout: {
      write: (text) =>
        Effect.suspend(() => {
          if (options.stdoutClosesAfter !== undefined && out.length >= options.stdoutClosesAfter) {
            return Effect.fail(new StdoutClosed({ message: "write EPIPE" }))
          }
          out.push(text)
          return Effect.void
        }),
      isTTY: options.stdoutTTY ?? false,
      columns: () => options.stdoutTTY ? columns() : undefined
    },
    stderr: {
      write: (text) => {
        err.push(text)
      },
      isTTY: options.stderrTTY ?? false,
      columns: () => options.stderrTTY ? columns() : undefined
    },
    env: options.env ?? {}
  }
  return { service, stdout: () => out.join(""), stderr: () => err.join("") }
}

/**
 * `--config <file>`: flags from a JSON object of flag names and values,
 * e.g. `{ "summary-interval": 30, "format": "json", "transcript": true }`.
 *
 * A value is looked up on the command line first, then in the environment (`REALTIME_SUMMARIZE_…`),
 * then in the file, then in `OPENAI_API_KEY` / `OPENAI_BASE_URL` for the key and the base URL, and
 * the default comes last.
 *
 * @since 0.1.0
 */
import * as FileSystem from "@effect/platform/FileSystem"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { UsageError } from "./Errors.js"
import { envName } from "./Flags.js"

const FileContent = Schema.parseJson(
  Schema.Record({ key: Schema.String, value: Schema.Union(Schema.String, Schema.Number, Schema.Boolean) })
)

/**
 * Reads a config file into a `ConfigProvider` keyed by the flags' environment variable names.
 *
 * @since 0.1.0
 * @category constructors
 */
export const load = (
  path: string,
  known: ReadonlyArray<string>
): Effect.Effect<ConfigProvider.ConfigProvider, UsageError, FileSystem.FileSystem> =>
  Effect.gen(function*() {
    const fs = yield* FileSystem.FileSystem
    const text = yield* fs.readFileString(path).pipe(
      Effect.mapError((error) =>
        new UsageError({ message: `--config: cannot read "${path}" (${error.description ?? error.message})` })
      )
    )
    const values = yield* Schema.decodeUnknown(FileContent)(text).pipe(
      Effect.mapError(() =>
        new UsageError({
          message: `--config: "${path}" is not a JSON object of flag names and values (strings, numbers, booleans)`
        })
      )
    )
    const entries = Object.entries(values)
    const unknown = entries.find(([name]) => !known.includes(name))
    if (unknown !== undefined) {
      return yield* new UsageError({ message: `--config: "${path}" names no flag "${unknown[0]}"` })
    }
    return ConfigProvider.fromMap(new Map(entries.map(([name, value]) => [envName(name), String(value)])))
  })

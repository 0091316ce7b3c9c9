/**
 * One-line messages for every failure the CLI can meet.
 *
 * @since 0.1.0
 */
import * as Cause from "effect/Cause"
import * as ConfigError from "effect/ConfigError"
import * as Option from "effect/Option"
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"

/**
 * A flag, an environment variable or a config file was not right; found before anything started.
 *
 * @since 0.1.0
 * @category errors
 */
export class UsageError extends Schema.TaggedError<UsageError>()("UsageError", {
  message: Schema.String
}) {}

const firstLine = (text: string) => text.split("\n").find((line) => line.trim() !== "")?.trim() ?? text

/**
 * The one line to print for a failed run, or `undefined` when it was only interrupted.
 *
 * @since 0.1.0
 * @category errors
 */
export const describeFailure = (cause: Cause.Cause<unknown>): string | undefined => {
  const failure = Cause.failureOption(cause)
  if (Option.isSome(failure)) {
    const error = failure.value
    if (ConfigError.isConfigError(error)) return `configuration: ${firstLine(String(error))}`
    if (Predicate.hasProperty(error, "message") && typeof error.message === "string") return firstLine(error.message)
    return firstLine(String(error))
  }
  if (Cause.isInterruptedOnly(cause)) return undefined
  const defect = Cause.squash(cause)
  return `internal error: ${firstLine(defect instanceof Error ? defect.message : String(defect))}`
}

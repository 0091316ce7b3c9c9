#!/usr/bin/env node
/**
 * The entry point of the `realtime-testkit` command.
 *
 * @since 0.2.0
 */
import * as ValidationError from "@effect/cli/ValidationError"
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { run } from "./Cli.js"

/** One line for a failure @effect/cli has not already printed. */
const describe = (cause: Cause.Cause<unknown>): string | undefined => {
  const failure = Cause.failureOption(cause)
  if (Option.isSome(failure)) {
    const error = failure.value
    if (ValidationError.isValidationError(error)) return undefined
    return error instanceof Error ? error.message : String(error)
  }
  if (Cause.isInterruptedOnly(cause)) return undefined
  return `internal error: ${String(Cause.squash(cause))}`
}

run(process.argv).pipe(
  Effect.tapErrorCause((cause) =>
    Effect.sync(() => {
      const message = describe(cause)
      if (message !== undefined) process.stderr.write(`realtime-testkit: ${message.split("\n")[0]}\n`)
    })
  ),
  Effect.provide(NodeContext.layer),
  NodeRuntime.runMain({ disableErrorReporting: true })
)

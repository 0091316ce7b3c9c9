/**
 * Exit codes: 0 on success, 130 when interrupted (Ctrl-C, SIGTERM), 1 on failure.
 *
 * @since 0.1.0
 */
import type { Teardown } from "@effect/platform/Runtime"
import * as Cause from "effect/Cause"
import * as Exit from "effect/Exit"

/**
 * @since 0.1.0
 * @category execution
 */
export const teardown: Teardown = (exit, onExit) =>
  onExit(Exit.isSuccess(exit) ? 0 : Cause.isInterruptedOnly(exit.cause) ? 130 : 1)

import * as Cause from "effect/Cause"
import * as Stream from "effect/Stream"

/** @internal */
export const isByteCount = (n: number): boolean => Number.isSafeInteger(n) && n > 0

/** @internal */
export const invalid = (where: string, what: string, value: unknown): Stream.Stream<never> =>
  Stream.die(
    new Cause.IllegalArgumentException(
      `ByteBatcher.${where}: ${what} must be a positive safe integer, got ${String(value)}`
    )
  )

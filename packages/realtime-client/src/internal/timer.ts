/** The longest delay `setTimeout` takes as it is (a longer one fires at once). */
const MAX_TIMER_MILLIS = 2 ** 31 - 1

/**
 * Runs `onTimeout` after `millis`: an infinite delay arms no timer, a longer one than `setTimeout` takes is
 * capped. One plain timer, where `Effect.timeoutFail` would race two forked fibers.
 *
 * @internal
 */
export const armTimer = (millis: number, onTimeout: () => void): ReturnType<typeof setTimeout> | undefined =>
  Number.isFinite(millis) ? setTimeout(onTimeout, Math.min(millis, MAX_TIMER_MILLIS)) : undefined

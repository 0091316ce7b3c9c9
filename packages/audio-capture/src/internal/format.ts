/** @internal */
export const SAMPLE_RATE = 24_000 as const

/** @internal */
export const CHANNELS = 1 as const

/** @internal */
export const BYTES_PER_SECOND = 48_000 as const

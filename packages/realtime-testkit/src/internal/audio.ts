/** PCM s16le, 24 kHz, mono. @internal */
export const BYTES_PER_SECOND = 48_000

/** The smallest buffer a commit accepts: 100 ms. @internal */
export const MIN_COMMIT_BYTES = 4_800

/** One token per 100 ms of user audio. @internal */
export const audioTokens = (bytes: number): number => Math.ceil(bytes / 4_800)

/** Roughly four characters per text token. @internal */
export const textTokens = (text: string): number => Math.ceil(text.length / 4)

/** @internal */
export const millis = (bytes: number): number => (bytes / BYTES_PER_SECOND) * 1000

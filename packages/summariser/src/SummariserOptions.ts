/**
 * The intervals and the prompt of a summariser, and their validation.
 *
 * @since 0.1.0
 */
import * as ByteBatcher from "@pkg/byte-batcher/ByteBatcher"
import * as Effect from "effect/Effect"
import { SummariserError } from "./SummariserError.js"

/**
 * PCM s16le, 24 kHz, mono.
 *
 * @since 0.1.0
 * @category constants
 */
export const BYTES_PER_SECOND = ByteBatcher.BYTES_PER_SECOND

/**
 * The smallest commit the server accepts: 100 ms.
 *
 * @since 0.1.0
 * @category constants
 */
export const MIN_COMMIT_BYTES = 4_800

/**
 * The built-in summarising prompt.
 *
 * @since 0.1.0
 * @category constants
 */
export const DEFAULT_INSTRUCTIONS = [
  "You summarise live audio (radio, podcasts, meetings) that you hear in consecutive segments.",
  "When asked, write a short summary (two to four sentences) of what was said in the segment named in the request,",
  "in the language of the audio. Name the topics and any concrete facts (names, places, numbers).",
  "Do not invent anything you did not hear; if the segment is silent, music or unintelligible, say so in one sentence.",
  "Do not greet, do not address the listener, do not add a title."
].join(" ")

/**
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** Seconds of audio per summary. Default 15. */
  readonly summaryIntervalSeconds: number
  /** Seconds of audio per commit. Default 3; at least 0.1 and at most the summary interval. */
  readonly commitIntervalSeconds: number
  /** Milliseconds of audio per `input_audio_buffer.append`. Default 20. */
  readonly batchMillis: number
  /** The summarising prompt. Default {@link DEFAULT_INSTRUCTIONS}. */
  readonly instructions: string
  /** How many closed windows may wait for their summary before audio is back-pressured. Default 4. */
  readonly pendingWindows: number
}

/**
 * @since 0.1.0
 * @category constructors
 */
export const defaultOptions: Options = {
  summaryIntervalSeconds: 15,
  commitIntervalSeconds: 3,
  batchMillis: 20,
  instructions: DEFAULT_INSTRUCTIONS,
  pendingWindows: 4
}

/**
 * Byte counts derived from validated options.
 *
 * @since 0.1.0
 * @category models
 */
export interface Plan {
  readonly frameBytes: number
  readonly commitBytes: number
  readonly summaryBytes: number
}

const invalid = (message: string) => new SummariserError({ reason: "InvalidOptions", message })

/**
 * Checks the options and turns them into byte counts.
 *
 * @since 0.1.0
 * @category constructors
 */
export const plan = (options: Options): Effect.Effect<Plan, SummariserError> =>
  Effect.suspend(() => {
    const { batchMillis, commitIntervalSeconds, summaryIntervalSeconds } = options
    if (!Number.isFinite(summaryIntervalSeconds) || summaryIntervalSeconds <= 0) {
      return Effect.fail(
        invalid(`--summary-interval must be a positive number of seconds, got ${summaryIntervalSeconds}`)
      )
    }
    if (!Number.isFinite(commitIntervalSeconds) || commitIntervalSeconds <= 0) {
      return Effect.fail(
        invalid(`--commit-interval must be a positive number of seconds, got ${commitIntervalSeconds}`)
      )
    }
    if (commitIntervalSeconds < 0.1) {
      return Effect.fail(
        invalid(
          `--commit-interval must be at least 0.1 s (the smallest commit the server accepts), got ${commitIntervalSeconds}`
        )
      )
    }
    if (commitIntervalSeconds > summaryIntervalSeconds) {
      return Effect.fail(
        invalid(
          `--commit-interval (${commitIntervalSeconds} s) must not be above --summary-interval (${summaryIntervalSeconds} s)`
        )
      )
    }
    if (!Number.isFinite(batchMillis) || batchMillis <= 0) {
      return Effect.fail(invalid(`--batch-ms must be a positive number of milliseconds, got ${batchMillis}`))
    }
    if (batchMillis > commitIntervalSeconds * 1000) {
      return Effect.fail(invalid(`--batch-ms (${batchMillis} ms) must not be above --commit-interval`))
    }
    if (!Number.isInteger(options.pendingWindows) || options.pendingWindows < 1) {
      return Effect.fail(invalid(`pendingWindows must be a positive integer, got ${options.pendingWindows}`))
    }
    return Effect.all({
      frameBytes: Effect.mapError(ByteBatcher.bytesForMillis(batchMillis), (e) => invalid(`--batch-ms: ${e.message}`)),
      commitBytes: Effect.mapError(
        ByteBatcher.bytesForSeconds(commitIntervalSeconds),
        (e) => invalid(`--commit-interval: ${e.message}`)
      ),
      summaryBytes: Effect.mapError(
        ByteBatcher.bytesForSeconds(summaryIntervalSeconds),
        (e) => invalid(`--summary-interval: ${e.message}`)
      )
    })
  })

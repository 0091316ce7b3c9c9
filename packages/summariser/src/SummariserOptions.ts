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
  /**
   * How many windows may be committed and wait for their summary before the next is sent: the conversation
   * holds at most this many windows of audio plus the one being fed. Default 4.
   */
  readonly pendingWindows: number
  /**
   * The model whose prices apply to usage, and whether `reasoningEffort` is sent. Default: the model the
   * session reports in `session.created`.
   */
  readonly model: string | undefined
  /** An ISO 639 language code (`fr`, `pt-BR`): summaries are written in that language. Default: the language spoken. */
  readonly language: string | undefined
  /** The session's reasoning effort, for the models that reason (gpt-realtime-2 and later). Default: unset. */
  readonly reasoningEffort: ReasoningEffort | undefined
  /** When set, input audio transcription is on with this model (e.g. `gpt-live-transcribe`). Default: off. */
  readonly transcriptionModel: string | undefined
  /**
   * US dollars: once the run's cost reaches it, or one more summary would pass it, the input is stopped and
   * the run ends as at end of input, with one last summary; the total ends at most one summary above it.
   */
  readonly budgetUsd: number | undefined
  /** A session is rotated (make-before-break) before it is this old. Default 55. */
  readonly sessionMaxMinutes: number
  /** Audio kept for replay until its window is summarised, in bytes. Default 28,800,000 (10 minutes). */
  readonly maxBufferedBytes: number
  /**
   * What happens when the replay buffer is full: `backpressure` (default) waits, so nothing is lost (files,
   * stdin); `drop-oldest` drops the oldest window and reports a gap (live sources, which cannot wait).
   */
  readonly whenBufferFull: "backpressure" | "drop-oldest"
  /** A summary that has not finished after this many seconds is abandoned and asked again. Default 120. */
  readonly responseTimeoutSeconds: number
}

/**
 * The reasoning efforts of the models that reason.
 *
 * @since 0.1.0
 * @category constants
 */
export const REASONING_EFFORTS = ["minimal", "low", "medium", "high", "xhigh"] as const

/**
 * @since 0.1.0
 * @category models
 */
export type ReasoningEffort = typeof REASONING_EFFORTS[number]

/**
 * @since 0.1.0
 * @category constructors
 */
export const defaultOptions: Options = {
  summaryIntervalSeconds: 15,
  commitIntervalSeconds: 3,
  batchMillis: 20,
  instructions: DEFAULT_INSTRUCTIONS,
  pendingWindows: 4,
  model: undefined,
  language: undefined,
  reasoningEffort: undefined,
  transcriptionModel: undefined,
  budgetUsd: undefined,
  sessionMaxMinutes: 55,
  maxBufferedBytes: 28_800_000,
  whenBufferFull: "backpressure",
  responseTimeoutSeconds: 120
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

const invalid = (option: keyof Options, message: string) =>
  new SummariserError({ reason: "InvalidOptions", option, message })

const positive = (value: number) => Number.isFinite(value) && value > 0

// Made on first use: loading ICU's language names costs about 20 ms, which every start of the CLI paid.
let languageNames: Intl.DisplayNames | undefined

/**
 * The English name of an ISO 639 language code (`fr` → `French`, `pt-BR` → `Brazilian Portuguese`), or
 * `undefined` when the code is not one.
 *
 * @since 0.1.0
 * @category utils
 */
export const languageName = (code: string): string | undefined => {
  if (!/^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i.test(code)) return undefined
  try {
    languageNames ??= new Intl.DisplayNames(["en"], { type: "language" })
    const primary = code.split("-")[0]!
    if (languageNames.of(primary)?.toLowerCase() === primary.toLowerCase()) return undefined
    return languageNames.of(code)
  } catch {
    return undefined
  }
}

/**
 * Checks the options and turns them into byte counts. Messages name the option (`summaryIntervalSeconds`),
 * and the error's `option` field says which one, so a CLI can speak of its own flags.
 *
 * @since 0.1.0
 * @category constructors
 */
export const plan = (options: Options): Effect.Effect<Plan, SummariserError> =>
  Effect.suspend(() => {
    const { batchMillis, commitIntervalSeconds, summaryIntervalSeconds } = options
    if (!positive(summaryIntervalSeconds)) {
      return Effect.fail(
        invalid(
          "summaryIntervalSeconds",
          `summaryIntervalSeconds must be a positive number of seconds, got ${summaryIntervalSeconds}`
        )
      )
    }
    if (!positive(commitIntervalSeconds)) {
      return Effect.fail(
        invalid(
          "commitIntervalSeconds",
          `commitIntervalSeconds must be a positive number of seconds, got ${commitIntervalSeconds}`
        )
      )
    }
    if (commitIntervalSeconds < 0.1) {
      return Effect.fail(
        invalid(
          "commitIntervalSeconds",
          `commitIntervalSeconds must be at least 0.1 s (the smallest commit the server accepts), got ${commitIntervalSeconds}`
        )
      )
    }
    if (commitIntervalSeconds > summaryIntervalSeconds) {
      return Effect.fail(
        invalid(
          "commitIntervalSeconds",
          `commitIntervalSeconds (${commitIntervalSeconds} s) must not be above summaryIntervalSeconds (${summaryIntervalSeconds} s)`
        )
      )
    }
    if (!positive(batchMillis)) {
      return Effect.fail(
        invalid("batchMillis", `batchMillis must be a positive number of milliseconds, got ${batchMillis}`)
      )
    }
    if (batchMillis > commitIntervalSeconds * 1000) {
      return Effect.fail(
        invalid("batchMillis", `batchMillis (${batchMillis} ms) must not be above commitIntervalSeconds`)
      )
    }
    if (!Number.isInteger(options.pendingWindows) || options.pendingWindows < 1) {
      return Effect.fail(
        invalid("pendingWindows", `pendingWindows must be a positive integer, got ${options.pendingWindows}`)
      )
    }
    if (options.budgetUsd !== undefined && !positive(options.budgetUsd)) {
      return Effect.fail(
        invalid("budgetUsd", `budgetUsd must be a positive number of US dollars, got ${options.budgetUsd}`)
      )
    }
    if (options.reasoningEffort !== undefined && !REASONING_EFFORTS.includes(options.reasoningEffort)) {
      return Effect.fail(
        invalid(
          "reasoningEffort",
          `reasoningEffort must be one of ${REASONING_EFFORTS.join(", ")}, got ${String(options.reasoningEffort)}`
        )
      )
    }
    if (options.language !== undefined && languageName(options.language) === undefined) {
      return Effect.fail(
        invalid(
          "language",
          `language must be an ISO 639 language code such as en, fr or pt-BR, got "${options.language}"`
        )
      )
    }
    if (options.transcriptionModel !== undefined && options.transcriptionModel.trim() === "") {
      return Effect.fail(invalid("transcriptionModel", "transcriptionModel must not be empty"))
    }
    if (!positive(options.sessionMaxMinutes)) {
      return Effect.fail(
        invalid(
          "sessionMaxMinutes",
          `sessionMaxMinutes must be a positive number of minutes, got ${options.sessionMaxMinutes}`
        )
      )
    }
    if (summaryIntervalSeconds >= options.sessionMaxMinutes * 60) {
      return Effect.fail(
        invalid(
          "summaryIntervalSeconds",
          `summaryIntervalSeconds (${summaryIntervalSeconds} s) must be shorter than sessionMaxMinutes (${options.sessionMaxMinutes} min): a session must outlive a window`
        )
      )
    }
    if (!positive(options.responseTimeoutSeconds)) {
      return Effect.fail(
        invalid(
          "responseTimeoutSeconds",
          `responseTimeoutSeconds must be a positive number of seconds, got ${options.responseTimeoutSeconds}`
        )
      )
    }
    return Effect.all({
      frameBytes: Effect.mapError(
        ByteBatcher.bytesForMillis(batchMillis),
        (e) => invalid("batchMillis", `batchMillis: ${e.message}`)
      ),
      commitBytes: Effect.mapError(
        ByteBatcher.bytesForSeconds(commitIntervalSeconds),
        (e) => invalid("commitIntervalSeconds", `commitIntervalSeconds: ${e.message}`)
      ),
      summaryBytes: Effect.mapError(
        ByteBatcher.bytesForSeconds(summaryIntervalSeconds),
        (e) => invalid("summaryIntervalSeconds", `summaryIntervalSeconds: ${e.message}`)
      )
    }).pipe(
      Effect.filterOrFail(
        (byteplan) => options.maxBufferedBytes >= byteplan.summaryBytes,
        () =>
          invalid(
            "maxBufferedBytes",
            `maxBufferedBytes (${options.maxBufferedBytes}) must hold at least one summary window`
          )
      )
    )
  })

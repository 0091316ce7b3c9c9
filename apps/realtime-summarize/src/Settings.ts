/**
 * From flags to what the run needs, every input checked before anything connects; problems are
 * named by their flags.
 *
 * @since 0.1.0
 */
import * as AudioSource from "@pkg/audio-capture/AudioSource"
import { DEFAULT_BASE_URL, realtimeUrl } from "@pkg/realtime-client/RealtimeConfig"
import type { SummariserError } from "@pkg/summariser/SummariserError"
import * as SummariserOptions from "@pkg/summariser/SummariserOptions"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import type * as Redacted from "effect/Redacted"
import { UsageError } from "./Errors.js"
import type { Flags } from "./Flags.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface Settings {
  readonly source: AudioSource.AudioSource
  readonly apiKey: Redacted.Redacted<string>
  readonly baseUrl: string
  readonly model: string
  readonly summariser: SummariserOptions.Options
}

/**
 * The flag of each summariser option, for messages; options no flag sets have none. A new option
 * of the summariser does not compile until it is listed here.
 *
 * @since 0.1.0
 * @category naming
 */
export const flagOfOption: { readonly [K in keyof SummariserOptions.Options]: string | undefined } = {
  summaryIntervalSeconds: "--summary-interval",
  commitIntervalSeconds: "--commit-interval",
  batchMillis: "--batch-ms",
  instructions: "--instructions",
  pendingWindows: undefined,
  model: "--model",
  language: "--language",
  reasoningEffort: "--reasoning",
  transcriptionModel: "--transcription-model",
  budgetUsd: "--budget",
  sessionMaxMinutes: "--session-max-minutes",
  maxBufferedBytes: undefined,
  whenBufferFull: undefined,
  responseTimeoutSeconds: undefined
}

const isOption = (name: string | undefined): name is keyof SummariserOptions.Options =>
  name !== undefined && name in flagOfOption

/**
 * A summariser validation error, spoken in flags: the option at fault (the error's `option`, the
 * subject of its message) and any other option the message names by its identifier
 * (`commitIntervalSeconds (20 s) must not be above summaryIntervalSeconds (15 s)`) become flags.
 *
 * @since 0.1.0
 * @category errors
 */
export const inFlags = (error: SummariserError): UsageError => {
  const subject = isOption(error.option) ? flagOfOption[error.option] : undefined
  const named = subject === undefined
    ? error.message
    : error.message.replace(new RegExp(`^${error.option}\\b`), subject)
  const message = Object.entries(flagOfOption).reduce(
    (text, [option, flag]) =>
      flag === undefined || !/[A-Z]/.test(option) ? text : text.replace(new RegExp(`\\b${option}\\b`, "g"), flag),
    named
  )
  return new UsageError({ message })
}

/**
 * The summariser's options for the flags.
 *
 * @since 0.1.0
 * @category constructors
 */
export const summariserOptions = (flags: Flags, source: AudioSource.AudioSource): SummariserOptions.Options => ({
  ...SummariserOptions.defaultOptions,
  summaryIntervalSeconds: flags.summaryInterval,
  commitIntervalSeconds: flags.commitInterval,
  batchMillis: flags.batchMs,
  instructions: Option.getOrElse(flags.instructions, () => SummariserOptions.DEFAULT_INSTRUCTIONS),
  language: Option.getOrUndefined(flags.language),
  reasoningEffort: Option.getOrUndefined(flags.reasoning),
  transcriptionModel: flags.transcript ? flags.transcriptionModel : undefined,
  budgetUsd: Option.getOrUndefined(flags.budget),
  sessionMaxMinutes: flags.sessionMaxMinutes,
  // a live source cannot wait: when the replay buffer is full its oldest window is dropped (a gap)
  whenBufferFull: source._tag === "Url" ? "drop-oldest" : "backpressure"
})

/**
 * Checks the flags and resolves the source, the key and the endpoint.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromFlags = (flags: Flags) =>
  Effect.gen(function*() {
    const summariser = summariserOptions(flags, yield* AudioSource.fromString(flags.url))
    yield* SummariserOptions.plan(summariser).pipe(Effect.mapError(inFlags))
    if (!(Number.isFinite(flags.stallTimeout) && flags.stallTimeout > 0)) {
      return yield* new UsageError({
        message: `--stall-timeout must be a positive number of seconds, got ${flags.stallTimeout}`
      })
    }
    const source = yield* AudioSource.parse(flags.url)
    if (Option.isNone(flags.apiKey)) {
      return yield* new UsageError({
        message: "no API key: set OPENAI_API_KEY or pass --api-key (or run `pnpm demo` to try the local simulator)"
      })
    }
    const baseUrl = Option.getOrElse(flags.baseUrl, () => DEFAULT_BASE_URL)
    const target = realtimeUrl({ baseUrl, model: flags.model })
    if (Either.isLeft(target)) return yield* target.left
    const settings: Settings = { source, apiKey: flags.apiKey.value, baseUrl, model: flags.model, summariser }
    return settings
  })

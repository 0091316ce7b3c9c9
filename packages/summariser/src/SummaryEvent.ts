/**
 * What the summariser yields: the text of each summary as it streams, and each
 * completed summary with the audio time range it covers.
 *
 * @since 0.1.0
 */
import * as Data from "effect/Data"

/**
 * Token usage of one summary, as reported in `response.done`.
 *
 * @since 0.1.0
 * @category models
 */
export interface SummaryUsage {
  readonly inputTokens: number
  readonly outputTokens: number
  readonly inputAudioTokens: number
  readonly inputTextTokens: number
  readonly cachedTokens: number
}

/**
 * @since 0.1.0
 * @category models
 */
export type SummaryEvent = Data.TaggedEnum<{
  /** A summary of the audio from `start` to `end` (seconds of audio) was requested. */
  SummaryStarted: { readonly index: number; readonly start: number; readonly end: number; readonly final: boolean }
  /** A piece of a summary's text. */
  SummaryDelta: { readonly index: number; readonly text: string }
  /** A summary is complete. */
  SummaryCompleted: {
    readonly index: number
    readonly start: number
    readonly end: number
    readonly final: boolean
    readonly text: string
    readonly usage: SummaryUsage | undefined
  }
}>

/**
 * Constructors and matchers of {@link SummaryEvent}.
 *
 * @since 0.1.0
 * @category constructors
 */
export const SummaryEvent = Data.taggedEnum<SummaryEvent>()

/**
 * Formats a position in the audio (seconds) as `m:ss`, or `h:mm:ss` from one hour on.
 *
 * @since 0.1.0
 * @category formatting
 */
export const formatClock = (seconds: number): string => {
  const whole = Math.floor(seconds)
  const h = Math.floor(whole / 3600)
  const m = Math.floor((whole % 3600) / 60)
  const s = whole % 60
  const pad = (n: number) => n.toString().padStart(2, "0")
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`
}

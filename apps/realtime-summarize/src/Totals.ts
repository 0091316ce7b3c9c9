/**
 * The run's running totals: audio read, summaries, tokens and cost.
 *
 * @since 0.1.0
 */
import { BYTES_PER_SECOND } from "@pkg/summariser/SummariserOptions"
import type { SummaryEvent } from "@pkg/summariser/SummaryEvent"
import type * as EventLog from "./EventLog.js"
import { dollars, seconds } from "./LogLines.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface Totals {
  readonly audioBytes: number
  readonly summaries: number
  readonly inputTokens: number
  readonly outputTokens: number
  /** The run's cost so far; `null` once a summary's price was unknown. */
  readonly cost: number | null
}

/**
 * @since 0.1.0
 * @category constructors
 */
export const empty: Totals = { audioBytes: 0, summaries: 0, inputTokens: 0, outputTokens: 0, cost: 0 }

/**
 * The totals after some audio was read.
 *
 * @since 0.1.0
 * @category combinators
 */
export const addAudio = (totals: Totals, bytes: number): Totals => ({
  ...totals,
  audioBytes: totals.audioBytes + bytes
})

/**
 * The totals after a summariser event (only completed summaries count).
 *
 * @since 0.1.0
 * @category combinators
 */
export const addEvent = (totals: Totals, event: SummaryEvent): Totals => {
  if (event._tag !== "SummaryCompleted") return totals
  return {
    ...totals,
    summaries: totals.summaries + 1,
    inputTokens: totals.inputTokens + (event.usage?.inputTokens ?? 0),
    outputTokens: totals.outputTokens + (event.usage?.outputTokens ?? 0),
    cost: event.totalCost ?? (totals.cost === null || event.cost === null ? null : totals.cost + event.cost)
  }
}

/**
 * Seconds of audio read.
 *
 * @since 0.1.0
 * @category getters
 */
export const audioSeconds = (totals: Totals): number => totals.audioBytes / BYTES_PER_SECOND

/**
 * The totals as the `end` line carries them.
 *
 * @since 0.1.0
 * @category conversions
 */
export const toLog = (totals: Totals): EventLog.Totals => ({
  audioSeconds: seconds(audioSeconds(totals)),
  summaries: totals.summaries,
  inputTokens: totals.inputTokens,
  outputTokens: totals.outputTokens,
  cost: dollars(totals.cost)
})

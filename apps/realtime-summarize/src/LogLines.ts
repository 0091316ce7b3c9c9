/**
 * The event log's lines from what the summariser yields.
 *
 * @since 0.1.0
 */
import { formatClock, type SummaryEvent, type SummaryUsage } from "@pkg/summariser/SummaryEvent"
import * as DateTime from "effect/DateTime"
import * as Option from "effect/Option"
import * as EventLog from "./EventLog.js"

/**
 * Seconds rounded to the millisecond.
 *
 * @since 0.1.0
 * @category utils
 */
export const seconds = (value: number): number => Math.round(value * 1000) / 1000

/**
 * US dollars rounded to 1e-8, so that float noise does not show.
 *
 * @since 0.1.0
 * @category utils
 */
export const dollars = (value: number | null): number | null => value === null ? null : Math.round(value * 1e8) / 1e8

const utc = (epochMillis: number) => DateTime.unsafeMake(epochMillis)

/**
 * A summary's usage in the service's `response.done` shape.
 *
 * @since 0.1.0
 * @category conversions
 */
export const usage = (value: SummaryUsage): typeof EventLog.Usage.Type => ({
  total_tokens: value.inputTokens + value.outputTokens,
  input_tokens: value.inputTokens,
  output_tokens: value.outputTokens,
  input_token_details: {
    text_tokens: value.inputTextTokens,
    audio_tokens: value.inputAudioTokens,
    cached_tokens: value.cachedTokens,
    cached_tokens_details: { text_tokens: value.cachedTextTokens, audio_tokens: value.cachedAudioTokens }
  },
  output_token_details: { text_tokens: value.outputTextTokens, audio_tokens: value.outputAudioTokens }
})

/**
 * The one-line message of a reached budget.
 *
 * @since 0.1.0
 * @category conversions
 */
export const budgetMessage = (
  event: { readonly budget: number; readonly spent: number; readonly audioSeconds: number }
) =>
  `the budget of $${event.budget} ${
    event.spent >= event.budget ? "was reached" : "will be reached by the next summary"
  } after ${formatClock(event.audioSeconds)} of audio ($${
    event.spent.toFixed(4)
  } spent); finishing the window in progress`

/**
 * The line of a summariser event, if it has one (the start of a summary and its deltas do not).
 *
 * @since 0.1.0
 * @category conversions
 */
export const fromSummaryEvent = (event: SummaryEvent, at: DateTime.Utc): Option.Option<EventLog.Line> => {
  switch (event._tag) {
    case "SummaryStarted":
    case "SummaryDelta":
      return Option.none()
    case "SummaryCompleted":
      return Option.some(
        new EventLog.Summary({
          at,
          index: event.index,
          start: seconds(event.start),
          end: seconds(event.end),
          startedAt: utc(event.startedAt),
          endedAt: utc(event.endedAt),
          final: event.final,
          text: event.text,
          model: event.model,
          usage: event.usage === undefined ? null : usage(event.usage),
          cost: dollars(event.cost),
          totalCost: dollars(event.totalCost)
        })
      )
    case "Transcript":
      return Option.some(
        new EventLog.Transcript({ at, start: seconds(event.start), end: seconds(event.end), text: event.text })
      )
    case "Session":
      return Option.some(
        new EventLog.Session({
          at,
          action: event.action,
          sessionId: event.sessionId,
          previousSessionId: event.previousSessionId,
          reason: event.reason,
          attempt: event.attempt,
          retryInMillis: event.retryInMillis,
          expiresAt: event.expiresAt === null ? null : utc(event.expiresAt)
        })
      )
    case "Gap":
      return Option.some(
        new EventLog.Gap({
          at,
          start: seconds(event.start),
          end: seconds(event.end),
          reason: event.reason,
          detail: event.detail
        })
      )
    case "Warning":
      return Option.some(new EventLog.Warning({ at, code: event.code, message: event.message }))
    case "BudgetReached":
      return Option.some(new EventLog.Warning({ at, code: "budget-reached", message: budgetMessage(event) }))
  }
}

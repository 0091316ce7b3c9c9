/**
 * Turns summary events into terminal output: streamed text under a heading,
 * or one JSON object per line.
 *
 * @since 0.1.0
 */
import type * as PlatformError from "@effect/platform/Error"
import * as Terminal from "@effect/platform/Terminal"
import type * as SummaryEvent from "@pkg/summariser/SummaryEvent"
import { formatClock } from "@pkg/summariser/SummaryEvent"
import * as Effect from "effect/Effect"

/**
 * @since 0.1.0
 * @category models
 */
export type Format = "text" | "json"

const round = (seconds: number) => Math.round(seconds * 1000) / 1000

/**
 * The heading printed above a summary in text mode.
 *
 * @since 0.1.0
 * @category rendering
 */
export const heading = (
  event: { readonly index: number; readonly start: number; readonly end: number; readonly final: boolean }
) =>
  `\n── Summary ${event.index + 1} · ${formatClock(event.start)}–${formatClock(event.end)}${
    event.final ? " · end of input" : ""
  } ──\n`

/**
 * The JSON line of a completed summary.
 *
 * @since 0.1.0
 * @category rendering
 */
export const jsonLine = (event: SummaryEvent.SummaryEvent & { readonly _tag: "SummaryCompleted" }) =>
  JSON.stringify({
    type: "summary",
    index: event.index,
    start: round(event.start),
    end: round(event.end),
    final: event.final,
    text: event.text,
    ...(event.usage === undefined
      ? {}
      : { usage: { input_tokens: event.usage.inputTokens, output_tokens: event.usage.outputTokens } })
  })

/**
 * A renderer for one format: text streams as it arrives, JSON prints one line
 * per completed summary and nothing else.
 *
 * @since 0.1.0
 * @category rendering
 */
export const renderer = (format: Format) =>
  Effect.gen(function*() {
    const terminal = yield* Terminal.Terminal
    let streamed = false
    return (event: SummaryEvent.SummaryEvent): Effect.Effect<void, PlatformError.PlatformError> => {
      switch (event._tag) {
        case "SummaryStarted": {
          streamed = false
          return format === "text" ? terminal.display(heading(event)) : Effect.void
        }
        case "SummaryDelta": {
          streamed = true
          return format === "text" ? terminal.display(event.text) : Effect.void
        }
        case "SummaryCompleted": {
          if (format === "json") return terminal.display(`${jsonLine(event)}\n`)
          return terminal.display(streamed ? "\n" : `${event.text}\n`)
        }
        default:
          return Effect.void
      }
    }
  })

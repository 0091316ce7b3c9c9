/**
 * `--format text`: each summary streams under a heading with its wall-clock and audio times and the
 * cost so far, wrapped to the terminal's width, and ends with a dimmed line of its own tokens and cost;
 * transcripts (with `--transcript`) are dimmed under the window they belong to; sessions, gaps and warnings
 * are one line each on stderr; the run's totals close the output.
 *
 * @since 0.1.0
 */
import { formatClock, type SummaryEvent } from "@pkg/summariser/SummaryEvent"
import * as Effect from "effect/Effect"
import type * as EventLog from "./EventLog.js"
import { budgetMessage } from "./LogLines.js"
import type * as Screen from "./Screen.js"
import type { StdoutClosed } from "./StdStreams.js"
import type * as Style from "./Style.js"
import * as Totals from "./Totals.js"
import * as Wrap from "./Wrap.js"

/**
 * A wall-clock time (epoch ms) as local `HH:MM:SS`.
 *
 * @since 0.1.0
 * @category formatting
 */
export const clockTime = (epochMillis: number): string => {
  const date = new Date(epochMillis)
  const pad = (n: number) => n.toString().padStart(2, "0")
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
}

/**
 * US dollars as shown to people: four decimals.
 *
 * @since 0.1.0
 * @category formatting
 */
export const formatDollars = (value: number): string => `$${value.toFixed(4)}`

/**
 * The heading above a summary, e.g. `── Summary 12 · 14:03:15–14:03:30 · 2:45–3:00 · $0.0042 ──`,
 * where the cost is the run's total before this summary, when known.
 *
 * @since 0.1.0
 * @category formatting
 */
export const heading = (
  event: SummaryEvent & { readonly _tag: "SummaryStarted" },
  costSoFar: number | undefined
): string =>
  [
    `── Summary ${event.index + 1}`,
    `${clockTime(event.startedAt)}–${clockTime(event.endedAt)}`,
    `${formatClock(event.start)}–${formatClock(event.end)}`,
    ...(event.final ? ["final"] : []),
    ...(event.attempt > 1 ? [`attempt ${event.attempt}`] : []),
    ...(costSoFar === undefined ? [] : [formatDollars(costSoFar)])
  ].join(" · ") + " ──"

/**
 * A whole count with its thousands separated, as `toLocaleString("en-US")` writes it (`1,234,567`), without
 * loading ICU's number formats: their first use cost about 16 ms of every run's CPU.
 *
 * @since 0.1.0
 * @category formatting
 */
export const formatCount = (n: number): string => {
  const digits = String(Math.round(Math.abs(n)))
  const grouped = digits.replace(/\B(?=(\d{3})+$)/g, ",")
  return n < 0 ? `-${grouped}` : grouped
}

/**
 * The dimmed line under a summary: the tokens it read and wrote, as the service counted them, and what
 * they cost, e.g. `  300 tokens in (150 audio, 150 text, 64 cached) · 40 out · $0.0012`.
 *
 * @since 0.1.0
 * @category formatting
 */
export const usageLine = (event: SummaryEvent & { readonly _tag: "SummaryCompleted" }): string | undefined => {
  const usage = event.usage
  if (usage === undefined) return undefined
  return [
    `  ${formatCount(usage.inputTokens)} tokens in (${formatCount(usage.inputAudioTokens)} audio, ${
      formatCount(usage.inputTextTokens)
    } text, ${formatCount(usage.cachedTokens)} cached)`,
    `${formatCount(usage.outputTokens)} out`,
    ...(event.cost === null ? [] : [formatDollars(event.cost)])
  ].join(" · ")
}

/**
 * The line that closes the text output, e.g. `── 3 summaries · 0:43 of audio · 1,234 tokens · $0.0123 ──`.
 *
 * @since 0.1.0
 * @category formatting
 */
export const totalsLine = (totals: Totals.Totals, reason: EventLog.EndReason): string =>
  [
    `── ${totals.summaries === 1 ? "1 summary" : `${totals.summaries} summaries`}`,
    `${formatClock(Totals.audioSeconds(totals))} of audio`,
    `${formatCount(totals.inputTokens + totals.outputTokens)} tokens`,
    ...(totals.cost === null ? [] : [formatDollars(totals.cost)]),
    ...(reason === "eof" ? [] : [reason === "budget" ? "budget reached" : reason])
  ].join(" · ") + " ──"

/**
 * The one-line notice of an event on stderr, if it has one. The first `opened` session and `closed`
 * sessions are the normal course of a run and have none.
 *
 * @since 0.1.0
 * @category formatting
 */
export const notice = (event: SummaryEvent, style: Style.Style, firstSession: boolean): string | undefined => {
  switch (event._tag) {
    case "Session":
      switch (event.action) {
        case "opened":
          return firstSession ? undefined : `reconnected: session ${event.sessionId ?? "?"} opened`
        case "rotated":
          return `session rotated (${event.reason}): ${event.previousSessionId ?? "?"} → ${event.sessionId ?? "?"}`
        case "reconnecting":
          return style.yellow(
            `session lost (${event.reason}); reconnecting in ${((event.retryInMillis ?? 0) / 1000).toFixed(1)} s` +
              (event.attempt === null ? "" : ` (attempt ${event.attempt})`)
          )
        case "closed":
          return undefined
      }
      return undefined
    case "Gap":
      return style.yellow(
        event.start === event.end
          ? `audio lost from ${formatClock(event.start)}: ${event.detail} (${event.reason})`
          : `audio lost ${formatClock(event.start)}–${formatClock(event.end)}: ${event.detail} (${event.reason})`
      )
    case "Warning":
      return style.yellow(`warning: ${event.message}`)
    case "BudgetReached":
      return budgetMessage(event)
    default:
      return undefined
  }
}

/**
 * Transcripts held while a summary streams; past this, the oldest is dropped.
 *
 * @since 0.1.0
 * @category constants
 */
export const MAX_HELD_TRANSCRIPTS = 64

/**
 * @since 0.1.0
 * @category models
 */
export interface TextView {
  readonly event: (event: SummaryEvent) => Effect.Effect<void, StdoutClosed>
  readonly finish: (totals: Totals.Totals, reason: EventLog.EndReason) => Effect.Effect<void, StdoutClosed>
}

/**
 * The text view. `priced`: whether the model's price is known, so that every heading, the first one too,
 * shows the cost so far (a model with no known price shows none).
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (screen: Screen.Service, options: { readonly priced: boolean }): TextView => {
  const style = screen.outStyle
  let wroteAnything = false
  let sessionsOpened = 0
  let costSoFar: number | null = options.priced ? 0 : null
  let streaming: { readonly index: number; readonly wrapper: Wrap.Wrapper | undefined; wrote: boolean } | undefined
  const heldTranscripts: Array<string> = []

  const out = (text: string) => {
    if (text !== "") wroteAnything = true
    return screen.out(text)
  }
  const wrapper = (indent = "") => {
    const width = screen.outWidth()
    return width === undefined ? undefined : Wrap.make(width, indent)
  }
  const transcriptText = (event: SummaryEvent & { readonly _tag: "Transcript" }) => {
    const prefix = `  ${formatClock(event.start)}–${formatClock(event.end)}  `
    const width = screen.outWidth()
    const body = width === undefined ? event.text : Wrap.wrap(event.text, width, "    ", prefix.length)
    return `${style.dim(prefix + body)}\n`
  }

  const event = (event: SummaryEvent): Effect.Effect<void, StdoutClosed> => {
    const line = notice(event, screen.errStyle, sessionsOpened === 0)
    if (event._tag === "Session" && (event.action === "opened" || event.action === "rotated")) sessionsOpened++
    const noticed = line === undefined ? Effect.void : screen.notice(line)
    switch (event._tag) {
      case "SummaryStarted": {
        const restart = streaming?.wrote === true ? `\n${style.dim("  (the session ended; asking again)")}\n` : ""
        const separator = wroteAnything && restart === "" ? "\n" : ""
        streaming = { index: event.index, wrapper: wrapper(), wrote: false }
        const cost = costSoFar === null ? undefined : costSoFar
        return out(`${restart}${separator}${style.bold(style.cyan(heading(event, cost)))}\n`)
      }
      case "SummaryDelta": {
        if (streaming === undefined) return Effect.void
        streaming.wrote = true
        return out(streaming.wrapper === undefined ? event.text : streaming.wrapper.push(event.text))
      }
      case "SummaryCompleted": {
        const current = streaming
        streaming = undefined
        costSoFar = event.totalCost ?? (costSoFar === null || event.cost === null ? null : costSoFar + event.cost)
        const rest = current?.wrote === true
          ? current.wrapper?.flush() ?? ""
          : (current?.wrapper === undefined ? event.text : current.wrapper.push(event.text) + current.wrapper.flush())
        const transcripts = heldTranscripts.splice(0).join("")
        const used = usageLine(event)
        return out(`${rest}\n${used === undefined ? "" : `${style.dim(used)}\n`}${transcripts}`)
      }
      case "Transcript": {
        const text = transcriptText(event)
        if (streaming === undefined) return out(text)
        if (heldTranscripts.length >= MAX_HELD_TRANSCRIPTS) heldTranscripts.shift()
        heldTranscripts.push(text)
        return Effect.void
      }
      default:
        return noticed
    }
  }

  // a run that printed nothing (it failed before any summary) ends with its error line alone
  const finish = (totals: Totals.Totals, reason: EventLog.EndReason) => {
    if (!wroteAnything) return Effect.void
    const unfinished = streaming?.wrote === true ? "\n" : ""
    streaming = undefined
    return out(`${unfinished}\n${style.dim(totalsLine(totals, reason))}\n`)
  }

  return { event, finish }
}

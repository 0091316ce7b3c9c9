/**
 * What the summariser yields: the text of each summary as it streams, each completed summary with the
 * audio time range it covers, its usage and cost, input transcripts, and what happens to sessions and to
 * the audio (reconnects, rotations, gaps, warnings).
 *
 * Times named `start` / `end` are seconds of audio (bytes / 48,000), counted from the first byte of the
 * input. Times named `...At` are wall-clock epoch milliseconds.
 *
 * @since 0.1.0
 */
import * as Data from "effect/Data"

/**
 * Token usage of one summary, as reported in `response.done` (the breakdown the service sends). Cached
 * tokens are a subset of the input tokens of their modality.
 *
 * @since 0.1.0
 * @category models
 */
export interface SummaryUsage {
  readonly inputTokens: number
  readonly outputTokens: number
  readonly inputTextTokens: number
  readonly inputAudioTokens: number
  readonly cachedTokens: number
  readonly cachedTextTokens: number
  readonly cachedAudioTokens: number
  readonly outputTextTokens: number
  readonly outputAudioTokens: number
}

/**
 * What a session event reports.
 *
 * - `opened`: a session is connected and configured (the first one, or one after a reconnect).
 * - `rotated`: a new session took over from `previousSessionId` before the old one reached its limit.
 * - `reconnecting`: the session ended (or could not be opened) for a reason that can pass; the next attempt
 *   is in `retryInMillis`.
 * - `closed`: a session was closed (by the summariser, or by the server).
 *
 * @since 0.1.0
 * @category models
 */
export type SessionAction = "opened" | "rotated" | "reconnecting" | "closed"

/**
 * Why audio was lost for good.
 *
 * - `buffer-full`: the replay buffer was full (a long outage of the service), the oldest window was dropped.
 * - `source-stalled`: the source delivered nothing for the stall timeout.
 * - `source-restarted`: the source ended or failed and was restarted.
 * - `summary-failed`: a window's summary failed on every attempt; its audio is not summarised.
 * - `budget`: the budget was reached; the audio already received after the final window is not summarised.
 *
 * @since 0.1.0
 * @category models
 */
export type GapReason = "buffer-full" | "source-stalled" | "source-restarted" | "summary-failed" | "budget"

/**
 * @since 0.1.0
 * @category models
 */
export type SummaryEvent = Data.TaggedEnum<{
  /**
   * A summary of the window from `start` to `end` was requested. `attempt` counts from 1; a later attempt
   * means the text streamed so far for this window was abandoned (its session ended) and starts again.
   */
  SummaryStarted: {
    readonly index: number
    readonly start: number
    readonly end: number
    readonly final: boolean
    /** Wall-clock time the window's first byte was received. */
    readonly startedAt: number
    /** Wall-clock time the window's last byte was received. */
    readonly endedAt: number
    readonly attempt: number
  }
  /** A piece of a summary's text. */
  SummaryDelta: { readonly index: number; readonly text: string }
  /** A summary is complete. */
  SummaryCompleted: {
    readonly index: number
    readonly start: number
    readonly end: number
    readonly final: boolean
    readonly startedAt: number
    readonly endedAt: number
    readonly text: string
    /** The model whose prices were applied (as the session reported it). */
    readonly model: string
    readonly usage: SummaryUsage | undefined
    /** US dollars; `null` when the model's prices are unknown. */
    readonly cost: number | null
    /** The run's cost so far, this summary included; `null` when a price is unknown. */
    readonly totalCost: number | null
  }
  /** The input transcript of one committed chunk of audio, in audio order. */
  Transcript: { readonly start: number; readonly end: number; readonly text: string }
  /** A session was opened, rotated, is being reconnected, or was closed. */
  Session: {
    readonly action: SessionAction
    /** The session's id (from `session.created`); `null` when no session was opened. */
    readonly sessionId: string | null
    /** With `rotated`: the session that was replaced. */
    readonly previousSessionId: string | null
    /** Why: e.g. `connected`, `expires soon`, `the server closed the connection (1006)`. */
    readonly reason: string
    /** With `reconnecting`: the attempt that failed, from 1. */
    readonly attempt: number | null
    /** With `reconnecting`: the delay before the next attempt. */
    readonly retryInMillis: number | null
    /** With `opened` / `rotated`: when the service will end the session (epoch ms), when known. */
    readonly expiresAt: number | null
  }
  /**
   * Audio lost for good, from `start` to `end` (seconds of audio). For a source outage nothing was received,
   * so `start` equals `end`: the position at which the outage began. Reported when it begins.
   */
  Gap: { readonly start: number; readonly end: number; readonly reason: GapReason; readonly detail: string }
  /** Something the user should know that does not stop the run (an unknown price, a failed transcription). */
  Warning: { readonly code: string; readonly message: string }
  /**
   * The budget was reached, or one more summary would pass it (`spent` is then below `budget`): the input was
   * stopped, the window in progress is summarised as the last summary, and the stream then
   * ends as at the end of the input.
   */
  BudgetReached: { readonly budget: number; readonly spent: number; readonly audioSeconds: number }
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

/**
 * The status line's state and text: what the run is doing, audio received, time to the next summary,
 * the session's age and the cost so far.
 *
 * @since 0.1.0
 */
import { BYTES_PER_SECOND } from "@pkg/summariser/SummariserOptions"
import { formatClock, type SummaryEvent } from "@pkg/summariser/SummaryEvent"

/**
 * @since 0.1.0
 * @category models
 */
export type Phase = "connecting" | "listening" | "summarising" | "reconnecting" | "stalled" | "finishing"

/**
 * @since 0.1.0
 * @category models
 */
export interface Status {
  readonly phase: Phase
  readonly audioBytes: number
  readonly summaryIntervalSeconds: number
  /** Wall-clock epoch ms at which the current session was opened, when the summariser says. */
  readonly sessionOpenedAt: number | undefined
  readonly summaries: number
  readonly cost: number | null
}

/**
 * @since 0.1.0
 * @category constructors
 */
export const initial = (summaryIntervalSeconds: number): Status => ({
  phase: "connecting",
  audioBytes: 0,
  summaryIntervalSeconds,
  sessionOpenedAt: undefined,
  summaries: 0,
  cost: 0
})

/**
 * Audio arrived: the source is live again.
 *
 * @since 0.1.0
 * @category combinators
 */
export const onAudio = (status: Status, bytes: number): Status => ({
  ...status,
  audioBytes: status.audioBytes + bytes,
  phase: status.phase === "connecting" || status.phase === "stalled" ? "listening" : status.phase
})

/**
 * The run was asked to stop: it is summarising what was heard.
 *
 * @since 0.1.0
 * @category combinators
 */
export const onStop = (status: Status): Status => ({ ...status, phase: "finishing" })

/**
 * @since 0.1.0
 * @category combinators
 */
export const onEvent = (status: Status, event: SummaryEvent, now: number): Status => {
  const phase = (next: Phase): Phase => status.phase === "finishing" ? "finishing" : next
  switch (event._tag) {
    case "SummaryStarted":
      return { ...status, phase: phase("summarising") }
    case "SummaryCompleted":
      return {
        ...status,
        phase: phase("listening"),
        summaries: status.summaries + 1,
        cost: event.totalCost ?? (status.cost === null || event.cost === null ? null : status.cost + event.cost)
      }
    case "Session":
      switch (event.action) {
        case "opened":
        case "rotated":
          return {
            ...status,
            sessionOpenedAt: now,
            phase: phase(status.phase === "reconnecting" || status.phase === "connecting" ? "listening" : status.phase)
          }
        case "reconnecting":
          return { ...status, sessionOpenedAt: undefined, phase: phase("reconnecting") }
        case "closed":
          return status
      }
      return status
    case "Gap":
      return event.reason === "source-stalled" || event.reason === "source-restarted"
        ? { ...status, phase: phase("stalled") }
        : status
    default:
      return status
  }
}

const labels: Record<Phase, string> = {
  connecting: "connecting",
  listening: "listening",
  summarising: "summarising",
  reconnecting: "reconnecting",
  stalled: "source stalled, restarting it",
  finishing: "finishing: summarising what was heard"
}

/**
 * The status line's text at wall-clock time `now` (epoch ms).
 *
 * @since 0.1.0
 * @category rendering
 */
export const render = (status: Status, now: number): string => {
  const heard = status.audioBytes / BYTES_PER_SECOND
  if (heard === 0) return `${labels[status.phase]}…`
  const parts = [labels[status.phase], `${formatClock(heard)} heard`]
  if (status.phase !== "finishing" && heard > 0) {
    const intoWindow = heard % status.summaryIntervalSeconds
    parts.push(`next summary in ${formatClock(Math.ceil(status.summaryIntervalSeconds - intoWindow))}`)
  }
  if (status.sessionOpenedAt !== undefined) {
    parts.push(`session ${formatClock(Math.max(0, now - status.sessionOpenedAt) / 1000)}`)
  }
  if (status.summaries > 0 && status.cost !== null) parts.push(`$${status.cost.toFixed(4)} so far`)
  return parts.join(" · ")
}

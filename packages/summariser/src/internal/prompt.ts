import { formatClock } from "../SummaryEvent.js"

/**
 * The per-response instructions: the summarising prompt plus the window to
 * summarise (response instructions replace the session's for that response).
 *
 * @internal
 */
export const windowInstructions = (
  instructions: string,
  window: { readonly start: number; readonly end: number; readonly final: boolean }
): string =>
  `${instructions}\n\nSummarise now the audio from ${formatClock(window.start)} to ${
    formatClock(window.end)
  } of the stream: only what was said since your previous summary.${
    window.final ? " This is the end of the stream." : ""
  }`

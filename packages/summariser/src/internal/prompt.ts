/** @internal */
export const formatClock = (seconds: number): string => {
  const whole = Math.floor(seconds)
  const h = Math.floor(whole / 3600)
  const m = Math.floor((whole % 3600) / 60)
  const s = whole % 60
  const pad = (n: number) => n.toString().padStart(2, "0")
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`
}

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

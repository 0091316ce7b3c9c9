/**
 * What the user sees: text on stdout, one-line notices on stderr, and, when stderr is a terminal, a
 * status line that redraws in place below them. The status line is cleared before anything else is
 * written and drawn again after, so it never mixes into the text; it is hidden while stdout, on the
 * same terminal, is in the middle of a line (a summary streaming), and so are notices, which wait
 * for the end of that line.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import type { StdoutClosed } from "./StdStreams.js"
import type * as StdStreams from "./StdStreams.js"
import * as Style from "./Style.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** Writes text to stdout. */
  readonly out: (text: string) => Effect.Effect<void, StdoutClosed>
  /** Writes one line to stderr (`line` without its newline). */
  readonly notice: (line: string) => Effect.Effect<void>
  /** {@link notice} for callers outside Effect (the logger). */
  readonly unsafeNotice: (line: string) => void
  /** Sets the status line's text; `undefined` hides it. */
  readonly status: (text: string | undefined) => Effect.Effect<void>
  /** Styles for stdout and stderr: colours only where they are allowed. */
  readonly outStyle: Style.Style
  readonly errStyle: Style.Style
  /** The width to wrap stdout's text to, when stdout is a terminal. */
  readonly outWidth: () => number | undefined
  /** Whether a status line is drawn at all (stderr is a terminal). */
  readonly hasStatusLine: boolean
}

/**
 * @since 0.1.0
 * @category tags
 */
export class Screen extends Context.Tag("realtime-summarize/Screen")<Screen, Service>() {}

/**
 * Notices held while a line of stdout is unfinished; past this, the oldest is dropped.
 *
 * @since 0.1.0
 * @category constants
 */
export const MAX_HELD_NOTICES = 32

const clearLine = "\r\x1b[2K"

/**
 * @since 0.1.0
 * @category constructors
 */
export const make = (streams: StdStreams.Service, options: { readonly noColor: boolean }): Service => {
  const { stderr, stdout } = streams
  const sharedTerminal = stdout.isTTY && stderr.isTTY
  const hasStatusLine = stderr.isTTY
  let statusText: string | undefined
  let statusShown = false
  let outAtLineStart = true
  const held: Array<string> = []

  const hideStatus = () => {
    if (!statusShown) return
    stderr.write(clearLine)
    statusShown = false
  }
  const drawStatus = () => {
    if (!hasStatusLine || statusText === undefined) return hideStatus()
    if (sharedTerminal && !outAtLineStart) return
    const width = Math.max(10, (stderr.columns() ?? 80) - 1)
    const text = statusText.length > width ? `${statusText.slice(0, width - 1)}…` : statusText
    stderr.write(`${clearLine}${errStyle.dim(text)}`)
    statusShown = true
  }
  const writeNotice = (line: string) => {
    hideStatus()
    stderr.write(`${line}\n`)
  }
  const unsafeNotice = (line: string) => {
    if (sharedTerminal && !outAtLineStart) {
      if (held.length >= MAX_HELD_NOTICES) held.shift()
      held.push(line)
      return
    }
    writeNotice(line)
    drawStatus()
  }

  const outStyle = Style.make(
    Style.colourAllowed({ isTTY: stdout.isTTY, noColorFlag: options.noColor, env: streams.env })
  )
  const errStyle = Style.make(
    Style.colourAllowed({ isTTY: stderr.isTTY, noColorFlag: options.noColor, env: streams.env })
  )

  return {
    out: (text) =>
      !sharedTerminal || text === "" ? stdout.write(text) : Effect.suspend(() => {
        hideStatus()
        return Effect.tap(stdout.write(text), () =>
          Effect.sync(() => {
            outAtLineStart = text.endsWith("\n")
            if (!outAtLineStart) return
            held.splice(0).forEach(writeNotice)
            drawStatus()
          }))
      }),
    notice: (line) => Effect.sync(() => unsafeNotice(line)),
    unsafeNotice,
    status: (text) =>
      Effect.sync(() => {
        statusText = text
        drawStatus()
      }),
    outStyle,
    errStyle,
    outWidth: () => stdout.columns(),
    hasStatusLine
  }
}

/**
 * Colours for the terminal, on only where they belong: a terminal, no `NO_COLOR`, no `--no-color`,
 * not `TERM=dumb`.
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 * @category models
 */
export interface Style {
  readonly enabled: boolean
  readonly bold: (text: string) => string
  readonly dim: (text: string) => string
  readonly cyan: (text: string) => string
  readonly yellow: (text: string) => string
  readonly red: (text: string) => string
}

const sgr = (open: number, close: number) => (text: string) => text === "" ? text : `\x1b[${open}m${text}\x1b[${close}m`

const plain = (text: string) => text

/**
 * @since 0.1.0
 * @category constructors
 */
export const make = (enabled: boolean): Style =>
  enabled
    ? { enabled, bold: sgr(1, 22), dim: sgr(2, 22), cyan: sgr(36, 39), yellow: sgr(33, 39), red: sgr(31, 39) }
    : { enabled, bold: plain, dim: plain, cyan: plain, yellow: plain, red: plain }

/**
 * Whether a stream may be coloured: it is a terminal, `NO_COLOR` is unset or empty
 * (https://no-color.org), `TERM` is not `dumb`, and `--no-color` was not given.
 *
 * @since 0.1.0
 * @category constructors
 */
export const colourAllowed = (options: {
  readonly isTTY: boolean
  readonly noColorFlag: boolean
  readonly env: Readonly<Record<string, string | undefined>>
}): boolean =>
  options.isTTY && !options.noColorFlag && (options.env.NO_COLOR ?? "") === "" && options.env.TERM !== "dumb"

// eslint-disable-next-line no-control-regex
const ansiPattern = /\x1b\[[0-9;?]*[A-Za-z]/g

/**
 * The text without its ANSI escape sequences.
 *
 * @since 0.1.0
 * @category utils
 */
export const stripAnsi = (text: string): string => text.replace(ansiPattern, "")

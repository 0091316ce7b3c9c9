/**
 * ffmpeg runs with `-loglevel level+info`: every line carries its level after the optional
 * `[context @ 0x…]` prefix, e.g. `[http @ 0x55d] [error] Stream ends prematurely`.
 */
const levelTag = /^((?:\[[^\]]* @ 0x[0-9a-f]+\] )*)\[(panic|fatal|error|warning|info|verbose|debug|trace)\] /i

const problemLevels: ReadonlySet<string> = new Set(["panic", "fatal", "error", "warning"])

/**
 * One stderr line without its level tag, and whether it reports a problem (warning or worse).
 * A line without a tag (another ffmpeg build, a wrapper script) counts as a problem, so it is kept.
 *
 * @internal
 */
export const parse = (line: string): { readonly text: string; readonly problem: boolean } => {
  const match = levelTag.exec(line)
  if (match === null) return { text: line, problem: true }
  return { text: `${match[1]}${line.slice(match[0].length)}`, problem: problemLevels.has(match[2].toLowerCase()) }
}

const durationLine = /^\s*Duration: (N\/A|\d+:\d\d:\d\d)/

/**
 * The input's duration as ffmpeg reports it before decoding: `"finite"` for a file (an HTTP
 * response with a length, an HLS playlist with an end), `"unknown"` for a live stream
 * (`Duration: N/A`), `undefined` for any other line.
 *
 * @internal
 */
export const duration = (text: string): "finite" | "unknown" | undefined => {
  const match = durationLine.exec(text)
  if (match === null) return undefined
  return match[1] === "N/A" ? "unknown" : "finite"
}

const credentials = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s@/]*@/gi

/**
 * The line with any password in a URL masked (`http://me:***@host/…`): ffmpeg names its input, with
 * the credentials it was given, in its description and in its errors.
 *
 * @internal
 */
export const maskCredentials = (line: string): string => line.replace(credentials, "$1***@")

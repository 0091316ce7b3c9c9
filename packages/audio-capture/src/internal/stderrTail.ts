/**
 * The last lines ffmpeg wrote to stderr. Bounded: at most `maxLines` lines are kept (the oldest is
 * dropped first) and a line longer than `MAX_LINE_LENGTH` characters is cut into pieces, so a
 * stderr without newlines cannot grow the partial line either.
 *
 * @internal
 */
export interface StderrTail {
  readonly lines: ReadonlyArray<string>
  readonly partial: string
}

/** @internal */
export const MAX_LINE_LENGTH = 1_000

/** @internal */
export const empty: StderrTail = { lines: [], partial: "" }

const keepLast = (lines: ReadonlyArray<string>, maxLines: number): ReadonlyArray<string> =>
  lines.length <= maxLines ? lines : lines.slice(lines.length - maxLines)

const cut = (line: string): Array<string> => {
  const pieces: Array<string> = []
  for (let i = 0; i < line.length; i += MAX_LINE_LENGTH) pieces.push(line.slice(i, i + MAX_LINE_LENGTH))
  return pieces
}

/**
 * What the tail keeps of a completed line: the line as stored, or `undefined` to keep nothing.
 *
 * @internal
 */
export type Select = (line: string) => string | undefined

const everything: Select = (line) => line

const kept = (lines: ReadonlyArray<string>, select: Select): ReadonlyArray<string> =>
  lines.flatMap((line) => select(line) ?? [])

/**
 * Adds decoded stderr text; returns the new tail and the lines it completed (all of them, whatever
 * `select` keeps).
 *
 * @internal
 */
export const append = (
  tail: StderrTail,
  text: string,
  maxLines: number,
  select: Select = everything
): readonly [StderrTail, ReadonlyArray<string>] => {
  const pieces = (tail.partial + text).split(/\r\n|\r|\n/)
  let partial = pieces.pop() ?? ""
  const completed = pieces.flatMap(cut)
  while (partial.length > MAX_LINE_LENGTH) {
    completed.push(partial.slice(0, MAX_LINE_LENGTH))
    partial = partial.slice(MAX_LINE_LENGTH)
  }
  const nonEmpty = completed.filter((line) => line.trim() !== "")
  return [{ lines: keepLast([...tail.lines, ...kept(nonEmpty, select)], maxLines), partial }, nonEmpty]
}

/**
 * Ends the input: an unterminated last line counts as a line.
 *
 * @internal
 */
export const flush = (
  tail: StderrTail,
  maxLines: number,
  select: Select = everything
): readonly [StderrTail, ReadonlyArray<string>] =>
  tail.partial.trim() === ""
    ? [{ lines: tail.lines, partial: "" }, []]
    : [{ lines: keepLast([...tail.lines, ...kept([tail.partial], select)], maxLines), partial: "" }, [tail.partial]]

/**
 * Word wrapping of text that arrives in pieces (a summary's deltas): words are placed once they are
 * complete, so a line never breaks inside a word that was split between two deltas.
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 * @category models
 */
export interface Wrapper {
  /** Takes the next piece of text; returns what can be printed now. */
  readonly push: (text: string) => string
  /** Returns what is still held (the last word). */
  readonly flush: () => string
}

/**
 * A wrapper to `width` columns; lines after a wrap start with `indent`. The first line is taken to
 * start at column `startColumn` (the caller prints what comes before it).
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (width: number, indent = "", startColumn = indent.length): Wrapper => {
  let column = startColumn
  let spaces = 0
  let word = ""

  const place = (): string => {
    if (word === "") return ""
    let out: string
    if (column > indent.length && column + spaces + word.length > width) {
      out = `\n${indent}${word}`
      column = indent.length + word.length
    } else {
      out = `${" ".repeat(spaces)}${word}`
      column += spaces + word.length
    }
    spaces = 0
    word = ""
    return out
  }

  const push = (text: string): string => {
    let out = ""
    for (const char of text) {
      if (char === "\n") {
        out += `${place()}\n${indent}`
        column = indent.length
        spaces = 0
      } else if (char === " " || char === "\t") {
        out += place()
        if (column > indent.length) spaces = 1
      } else {
        word += char
      }
    }
    return out
  }

  return { push, flush: place }
}

/**
 * Wraps a whole text at once, the first line starting at `startColumn`.
 *
 * @since 0.1.0
 * @category utils
 */
export const wrap = (text: string, width: number, indent = "", startColumn = indent.length): string => {
  const wrapper = make(width, indent, startColumn)
  return wrapper.push(text) + wrapper.flush()
}

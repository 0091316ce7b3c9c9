/**
 * Names the flag a command-line problem is about. @effect/cli reports a bad value by the value alone
 * (`'soon' is not a float`, `Expected one of the following cases: …`) and a flag given without its value
 * as an argument it does not know; these find the flag on the command line and say it in the user's terms.
 *
 * @since 0.1.0
 */
import * as Flags from "./Flags.js"

interface Given {
  readonly doc: Flags.FlagDoc
  readonly value: string | undefined
}

const findDoc = (token: string): Flags.FlagDoc | undefined => {
  if (token.startsWith("--")) return Flags.docs.find((doc) => doc.name === token.slice(2))
  if (/^-[a-zA-Z]$/.test(token)) return Flags.docs.find((doc) => doc.alias === token.slice(1))
  return undefined
}

/** The flags on the command line that take a value, with the value given to each (`--name value` or `--name=value`). */
const givenFlags = (args: ReadonlyArray<string>): ReadonlyArray<Given> => {
  const given: Array<Given> = []
  for (let i = 0; i < args.length; i++) {
    const token = args[i]!
    const equals = token.indexOf("=")
    const name = token.startsWith("--") && equals > 0 ? token.slice(0, equals) : token
    const doc = findDoc(name)
    if (doc === undefined || doc.placeholder === undefined) continue
    if (name !== token) {
      given.push({ doc, value: token.slice(equals + 1) })
      continue
    }
    const next = args[i + 1]
    const value = next === undefined || (next.startsWith("-") && next !== "-" && findDoc(next) !== undefined)
      ? undefined
      : next
    given.push({ doc, value })
    if (value !== undefined) i++
  }
  return given
}

const NOT_A_NUMBER = /^'(.*)' is not an? (?:float|integer|number)/
const NOT_A_CASE = /^Expected one of the following cases: (.*)$/

/**
 * A parse error of @effect/cli (its first line) said with the flag it is about, when the command line
 * shows which: `--summary-interval must be a number, got "soon"`. Other messages are returned as they are.
 *
 * @since 0.1.0
 * @category messages
 */
export const nameTheFlag = (args: ReadonlyArray<string>, message: string): string => {
  const given = givenFlags(args)
  const number = NOT_A_NUMBER.exec(message)
  if (number !== null) {
    const flag = given.find(({ value }) => value === number[1])
    if (flag !== undefined) return `--${flag.doc.name} must be a number, got "${flag.value}"`
  }
  const cases = NOT_A_CASE.exec(message)
  if (cases !== null) {
    const choices = cases[1]!.split(", ")
    const flag = given.find(({ doc, value }) =>
      doc.placeholder === choices.join("|") && value !== undefined && !choices.includes(value)
    )
    if (flag !== undefined) return `--${flag.doc.name} must be one of ${choices.join(", ")}, got "${flag.value}"`
  }
  return message
}

/**
 * The message for an argument @effect/cli left over. A flag given without its value comes first: its
 * parser took the next flag as the value, so what is left over is that flag's value.
 *
 * @since 0.1.0
 * @category messages
 */
export const leftoverMessage = (args: ReadonlyArray<string>, leftover: string): string => {
  const missing = givenFlags(args).find((flag) => flag.value === undefined)
  if (missing !== undefined) {
    return `--${missing.doc.name} needs a value (--${missing.doc.name} <${missing.doc.placeholder}>)`
  }
  return `unknown argument "${leftover}" (see --help)`
}

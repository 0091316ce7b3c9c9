/**
 * The options that act on the command line itself, found anywhere on it before the flags are parsed:
 * `--log-level`, `--config`, `--help`, `--version`, `--completions` and `--wizard`.
 *
 * @since 0.1.0
 */
import * as Either from "effect/Either"
import * as LogLevel from "effect/LogLevel"
import * as Option from "effect/Option"

/**
 * @since 0.1.0
 * @category models
 */
export type Shell = "bash" | "zsh" | "fish"

/**
 * @since 0.1.0
 * @category models
 */
export type Action =
  | { readonly _tag: "Run" }
  | { readonly _tag: "Help" }
  | { readonly _tag: "Version" }
  | { readonly _tag: "Wizard" }
  | { readonly _tag: "Completions"; readonly shell: Shell }

/**
 * @since 0.1.0
 * @category models
 */
export interface CommandLine {
  readonly action: Action
  readonly logLevel: Option.Option<LogLevel.LogLevel>
  readonly config: Option.Option<string>
  /** The arguments left for the flag parser. */
  readonly rest: ReadonlyArray<string>
}

/**
 * The values `--log-level` accepts.
 *
 * @since 0.1.0
 * @category constants
 */
export const LOG_LEVELS = ["all", "trace", "debug", "info", "warning", "error", "fatal", "none"] as const

const shells: ReadonlyArray<Shell> = ["bash", "zsh", "fish"]

/**
 * Reads a `--log-level` value (`debug`, `warning`, …).
 *
 * @since 0.1.0
 * @category parsing
 */
export const parseLogLevel = (value: string): Either.Either<LogLevel.LogLevel, string> => {
  const level = LogLevel.allLevels.find((level) => level._tag.toLowerCase() === value.toLowerCase())
  return level === undefined
    ? Either.left(`--log-level must be one of ${LOG_LEVELS.join(", ")}, got "${value}"`)
    : Either.right(level)
}

/**
 * Splits the arguments (without the executable and the script) into the action asked for, the
 * options that act on the command line, and the rest.
 *
 * @since 0.1.0
 * @category parsing
 */
export const scan = (args: ReadonlyArray<string>): Either.Either<CommandLine, string> => {
  let action: Action = { _tag: "Run" }
  let logLevel = Option.none<LogLevel.LogLevel>()
  let config = Option.none<string>()
  const rest: Array<string> = []
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!
    const [name, inline] = arg.startsWith("--") && arg.includes("=")
      ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)]
      : [arg, undefined]
    const value = (): string | undefined => inline ?? args[++i]
    switch (name) {
      case "--log-level": {
        const level = value()
        if (level === undefined) return Either.left(`--log-level needs a value: ${LOG_LEVELS.join(", ")}`)
        const parsed = parseLogLevel(level)
        if (Either.isLeft(parsed)) return Either.left(parsed.left)
        logLevel = Option.some(parsed.right)
        break
      }
      case "--config": {
        const path = value()
        if (path === undefined) return Either.left("--config needs a file")
        config = Option.some(path)
        break
      }
      case "--completions": {
        const shell = value()
        const known = shell === "sh" ? "bash" : shells.find((candidate) => candidate === shell)
        if (known === undefined) return Either.left(`--completions must be one of ${shells.join(", ")}`)
        action = { _tag: "Completions", shell: known }
        break
      }
      case "-h":
      case "--help":
        action = { _tag: "Help" }
        break
      case "--version":
        if (action._tag === "Run") action = { _tag: "Version" }
        break
      case "--wizard":
        if (action._tag === "Run") action = { _tag: "Wizard" }
        break
      default:
        rest.push(arg)
    }
  }
  return Either.right({ action, logLevel, config, rest })
}

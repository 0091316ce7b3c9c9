/**
 * The `realtime-summarize` command: reads the command line (built-in options anywhere on it, flags
 * from the line, the environment or a config file), then helps, or runs the pipeline. Every failure
 * is one line on stderr and a non-zero exit code.
 *
 * @since 0.1.0
 */
import * as CliConfig from "@effect/cli/CliConfig"
import * as Command from "@effect/cli/Command"
import * as Descriptor from "@effect/cli/CommandDescriptor"
import * as HelpDoc from "@effect/cli/HelpDoc"
import * as Terminal from "@effect/platform/Terminal"
import * as Cause from "effect/Cause"
import * as Config from "effect/Config"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as Option from "effect/Option"
import * as Argv from "./Argv.js"
import * as Completions from "./Completions.js"
import * as ConfigFile from "./ConfigFile.js"
import { describeFailure, UsageError } from "./Errors.js"
import * as FlagProblems from "./FlagProblems.js"
import * as Flags from "./Flags.js"
import * as Help from "./Help.js"
import { StdStreams } from "./StdStreams.js"
import * as Style from "./Style.js"
import { version } from "./Version.js"
import * as Wizard from "./Wizard.js"

const NAME = "realtime-summarize"

/**
 * The command's flags as @effect/cli knows them (for parsing, completions and the wizard).
 *
 * @since 0.1.0
 * @category commands
 */
export const command = Command.make(NAME, Flags.options)

const firstLine = (doc: HelpDoc.HelpDoc) =>
  Style.stripAnsi(HelpDoc.toAnsiText(doc)).split("\n").find((line) => line.trim() !== "")?.trim() ?? "invalid arguments"

/**
 * A parse error in one line; a bad value from the environment or a config file is named by its flag:
 * `--format (from REALTIME_SUMMARIZE_FORMAT or --config): Expected one of (text, json) but received "xml"`.
 */
const parseErrorMessage = (doc: HelpDoc.HelpDoc) => {
  const line = firstLine(doc)
  const invalid = /Invalid data at ([A-Z_]+): "(.*)"\)?$/.exec(line)
  if (invalid === null) return line
  const [, variable, problem] = invalid
  const flag = Flags.docs.find((doc) => doc.env.includes(variable!))
  return flag === undefined ? `${variable}: ${problem}` : `--${flag.name} (from ${variable} or --config): ${problem}`
}

/**
 * Parses the flags (the built-in options already taken out).
 *
 * @since 0.1.0
 * @category parsing
 */
export const parseFlags = (args: ReadonlyArray<string>) =>
  Descriptor.parse(command.descriptor, [NAME, ...args], CliConfig.defaultConfig).pipe(
    Effect.mapError((error) =>
      new UsageError({ message: FlagProblems.nameTheFlag(args, parseErrorMessage(error.error)) })
    ),
    Effect.flatMap((directive): Effect.Effect<Flags.Flags, UsageError> => {
      if (directive._tag !== "UserDefined") {
        return Effect.fail(new UsageError({ message: "unexpected built-in option" }))
      }
      const [unknown] = directive.leftover
      return unknown === undefined
        ? Effect.succeed(directive.value)
        : Effect.fail(new UsageError({ message: FlagProblems.leftoverMessage(args, unknown) }))
    })
  )

const configPath = (line: Argv.CommandLine) =>
  Option.match(line.config, {
    onSome: (path) => Effect.succeed(Option.some(path)),
    onNone: () => Config.option(Config.string(Flags.envName("config")))
  })

/** The environment first, then the `--config` file. */
const configProvider = (line: Argv.CommandLine) =>
  Effect.gen(function*() {
    const current = yield* Effect.configProviderWith(Effect.succeed)
    const path = yield* configPath(line)
    if (Option.isNone(path)) return current
    const file = yield* ConfigFile.load(path.value, Flags.configurableNames)
    return ConfigProvider.orElse(current, () => file)
  })

/**
 * The default log level: warnings and errors. What a run does (sessions, gaps, the budget) is told by
 * its events; `--log-level info` or `debug` adds the packages' logs.
 *
 * @since 0.1.0
 * @category constants
 */
export const DEFAULT_LOG_LEVEL: LogLevel.LogLevel = LogLevel.Warning

const logLevel = (line: Argv.CommandLine) =>
  Option.match(line.logLevel, {
    onSome: (level) => Effect.succeed(level),
    onNone: () =>
      Config.string(Flags.envName("log-level")).pipe(
        Config.option,
        Effect.flatMap(Option.match({
          onNone: () => Effect.succeed(DEFAULT_LOG_LEVEL),
          onSome: (value) =>
            Either.match(Argv.parseLogLevel(value), {
              onLeft: (message) => Effect.fail(new UsageError({ message })),
              onRight: Effect.succeed
            })
        }))
      )
  })

const runFlags = (args: ReadonlyArray<string>) =>
  Effect.gen(function*() {
    const flags = yield* parseFlags(args)
    const run = yield* Effect.promise(() => import("./RunFlags.js"))
    return yield* run.runFlags(flags)
  })

const act = (line: Argv.CommandLine) =>
  Effect.gen(function*() {
    const streams = yield* StdStreams
    const say = (text: string) => Effect.orElse(streams.stdout.write(text), () => Effect.void)
    switch (line.action._tag) {
      case "Help": {
        const style = Style.make(Style.colourAllowed({
          isTTY: streams.stdout.isTTY,
          noColorFlag: line.rest.includes("--no-color"),
          env: streams.env
        }))
        yield* say(Help.render(Flags.docs, { version, style, width: streams.stdout.columns() ?? 100 }))
        return 0
      }
      case "Version":
        yield* say(`${version}\n`)
        return 0
      case "Completions":
        yield* say(`${yield* Completions.script(command, NAME, line.action.shell)}\n`)
        return 0
      case "Wizard": {
        if (line.rest.length > 0) {
          return yield* new UsageError({ message: "--wizard asks for every flag: give it alone" })
        }
        const args = yield* Wizard.wizard(NAME, say)
        if (args === undefined) {
          yield* say("Not run.\n")
          return 0
        }
        return yield* runFlags(args)
      }
      case "Run":
        return yield* runFlags(line.rest)
    }
  })

/**
 * The CLI: pass it the whole `process.argv`. Succeeds with the exit code; a failure is printed as one
 * line on stderr (exit code 1).
 *
 * @since 0.1.0
 * @category execution
 */
export const cli = (argv: ReadonlyArray<string>) =>
  Effect.gen(function*() {
    const line = yield* Either.match(Argv.scan(argv.slice(2)), {
      onLeft: (message) => Effect.fail(new UsageError({ message })),
      onRight: Effect.succeed
    })
    const provider = yield* configProvider(line)
    return yield* Effect.gen(function*() {
      const level = yield* logLevel(line)
      const action = act(line)
      return yield* Logger.withMinimumLogLevel(action, level)
    }).pipe(Effect.withConfigProvider(provider))
  }).pipe(
    Effect.catchAllCause((cause) =>
      Effect.gen(function*() {
        const streams = yield* StdStreams
        if (Option.exists(Cause.failureOption(cause), Terminal.isQuitException)) {
          streams.stderr.write(`${NAME}: wizard cancelled\n`)
          return 130
        }
        const message = describeFailure(cause)
        if (message === undefined) return yield* Effect.failCause(cause)
        streams.stderr.write(`${NAME}: ${message}\n`)
        return 1
      })
    )
  )

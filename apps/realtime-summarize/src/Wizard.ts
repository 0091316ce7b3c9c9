/**
 * `--wizard`: @effect/cli asks for each flag; the key is asked for apart, hidden (its wizard would put
 * `<redacted>` on the command line instead of the key). The command is then shown, the key hidden,
 * and run only when the user answers yes (`y` / `n`, or Enter for yes).
 *
 * @since 0.1.0
 */
import * as CliConfig from "@effect/cli/CliConfig"
import * as Command from "@effect/cli/Command"
import * as Prompt from "@effect/cli/Prompt"
import * as AudioSource from "@pkg/audio-capture/AudioSource"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Flags from "./Flags.js"

const SECRET_FLAGS = ["--api-key"]
const SOURCE_FLAGS = ["--url", "-u"]

const shellQuote = (arg: string) => /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`

/**
 * The command line as shown to the user: secrets hidden, passwords in URLs masked.
 *
 * @since 0.1.0
 * @category rendering
 */
export const display = (args: ReadonlyArray<string>): string =>
  args.map((arg, i) => {
    const previous = args[i - 1] ?? ""
    if (SECRET_FLAGS.includes(previous)) return "<hidden>"
    const inline = SECRET_FLAGS.find((flag) => arg.startsWith(`${flag}=`))
    if (inline !== undefined) return `${inline}=<hidden>`
    if (SOURCE_FLAGS.includes(previous) && /^https?:\/\//i.test(arg)) {
      return shellQuote(AudioSource.describe(AudioSource.url(arg)))
    }
    return shellQuote(arg)
  }).join(" ")

const { apiKey: _apiKey, ...withoutKey } = Flags.options

/**
 * Asks for the flags; returns the arguments to run with, or `undefined` when the user said no.
 *
 * @since 0.1.0
 * @category execution
 */
export const wizard = (name: string, say: (text: string) => Effect.Effect<void>) =>
  Effect.gen(function*() {
    const args = yield* Command.wizard(Command.make(name, withoutKey), [name], CliConfig.defaultConfig)
    const key = yield* Prompt.hidden({
      message: "The API key (hidden; leave empty to use OPENAI_API_KEY or REALTIME_SUMMARIZE_API_KEY)"
    })
    const withKey = Redacted.value(key) === "" ? args.slice(1) : [...args.slice(1), "--api-key", Redacted.value(key)]
    yield* say(`\nThe command:\n\n  ${display([name, ...withKey])}\n\n`)
    const run = yield* Prompt.confirm({ message: "Run it now?", initial: true })
    return run ? withKey : undefined
  })

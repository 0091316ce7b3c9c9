/**
 * The flags of the command, each defined once: its parser (with its default and its environment
 * variable) and what `--help` says about it.
 *
 * @since 0.1.0
 */
import * as Options from "@effect/cli/Options"
import { DEFAULT_BASE_URL, DEFAULT_MODEL } from "@pkg/realtime-client/RealtimeConfig"
import { REASONING_EFFORTS, type ReasoningEffort } from "@pkg/summariser/SummariserOptions"
import * as Config from "effect/Config"
import type * as Option from "effect/Option"
import type * as Redacted from "effect/Redacted"

/**
 * What the help says about one flag.
 *
 * @since 0.1.0
 * @category models
 */
export interface FlagDoc {
  /** The long name, without `--`. */
  readonly name: string
  readonly alias?: string
  /** What the value is, e.g. `seconds`; absent for a switch. */
  readonly placeholder?: string
  readonly description: string
  /** The default as shown in the help. */
  readonly defaultText?: string
  /** The environment variables read when the flag is absent, in order. */
  readonly env: ReadonlyArray<string>
}

/**
 * The environment variable of a flag: `--summary-interval` is `REALTIME_SUMMARIZE_SUMMARY_INTERVAL`.
 *
 * @since 0.1.0
 * @category naming
 */
export const envName = (flag: string): string => `REALTIME_SUMMARIZE_${flag.toUpperCase().replaceAll("-", "_")}`

interface Spec<A> {
  readonly doc: FlagDoc
  readonly options: Options.Options<A>
}

interface Describe {
  readonly placeholder: string
  readonly description: string
}

const described = <A>(options: Options.Options<A>, doc: FlagDoc): Spec<A> => ({
  doc,
  options: Options.withDescription(options, doc.description)
})

const number = (name: string, fallback: number, { description, placeholder }: Describe): Spec<number> =>
  described(
    Options.float(name).pipe(
      Options.withPseudoName(placeholder),
      Options.withFallbackConfig(Config.number(envName(name))),
      Options.withDefault(fallback)
    ),
    { name, placeholder, description, defaultText: String(fallback), env: [envName(name)] }
  )

const optionalNumber = (
  name: string,
  { description, placeholder }: Describe
): Spec<Option.Option<number>> =>
  described(
    Options.float(name).pipe(
      Options.withPseudoName(placeholder),
      Options.withFallbackConfig(Config.number(envName(name))),
      Options.optional
    ),
    { name, placeholder, description, env: [envName(name)] }
  )

const text = (name: string, fallback: string, { description, placeholder }: Describe): Spec<string> =>
  described(
    Options.text(name).pipe(
      Options.withPseudoName(placeholder),
      Options.withFallbackConfig(Config.string(envName(name))),
      Options.withDefault(fallback)
    ),
    { name, placeholder, description, defaultText: fallback, env: [envName(name)] }
  )

const optionalText = (
  name: string,
  { description, placeholder }: Describe,
  also: { readonly env?: string; readonly defaultText?: string } = {}
): Spec<Option.Option<string>> => {
  const env = also.env === undefined ? [envName(name)] : [envName(name), also.env]
  const config = also.env === undefined
    ? Config.string(envName(name))
    : Config.string(envName(name)).pipe(Config.orElse(() => Config.string(also.env!)))
  return described(
    Options.text(name).pipe(Options.withPseudoName(placeholder), Options.withFallbackConfig(config), Options.optional),
    {
      name,
      placeholder,
      description,
      env,
      ...(also.defaultText === undefined ? {} : { defaultText: also.defaultText })
    }
  )
}

const choice = <const C extends ReadonlyArray<string>>(
  name: string,
  choices: C,
  fallback: C[number],
  description: string
): Spec<C[number]> =>
  described(
    Options.choice(name, choices).pipe(
      Options.withFallbackConfig(Config.literal(...choices)(envName(name))),
      Options.withDefault(fallback)
    ),
    { name, placeholder: choices.join("|"), description, defaultText: fallback, env: [envName(name)] }
  )

const optionalChoice = <const C extends ReadonlyArray<string>>(
  name: string,
  choices: C,
  description: string
): Spec<Option.Option<C[number]>> =>
  described(
    Options.choice(name, choices).pipe(
      Options.withFallbackConfig(Config.literal(...choices)(envName(name))),
      Options.optional
    ),
    { name, placeholder: choices.join("|"), description, env: [envName(name)] }
  )

const toggle = (name: string, description: string): Spec<boolean> =>
  described(
    Options.boolean(name).pipe(Options.withFallbackConfig(Config.boolean(envName(name)))),
    { name, description, env: [envName(name)] }
  )

/**
 * The flags, by the name the pipeline knows them.
 *
 * @since 0.1.0
 * @category flags
 */
export const specs = {
  url: described(
    Options.text("url").pipe(
      Options.withAlias("u"),
      Options.withPseudoName("url|path|-"),
      Options.withFallbackConfig(Config.string(envName("url")))
    ),
    {
      name: "url",
      alias: "u",
      placeholder: "url|path|-",
      description:
        "the audio source: an http(s) URL (HLS playlist, Icecast/MP3 feed), an audio file, or - for stdin (required)",
      env: [envName("url")]
    }
  ),
  summaryInterval: number("summary-interval", 15, {
    placeholder: "seconds",
    description: "seconds of audio per summary"
  }),
  commitInterval: number("commit-interval", 3, {
    placeholder: "seconds",
    description: "seconds of audio per commit (at least 0.1, at most the summary interval)"
  }),
  batchMs: number("batch-ms", 20, {
    placeholder: "milliseconds",
    description: "milliseconds of audio per append"
  }),
  model: text("model", DEFAULT_MODEL, {
    placeholder: "id",
    description: "the Realtime model (or Azure deployment)"
  }),
  instructions: optionalText("instructions", {
    placeholder: "text",
    description: "the summarising prompt"
  }, { defaultText: "a built-in prompt" }),
  language: optionalText("language", {
    placeholder: "code",
    description: "write the summaries in this language (an ISO 639 code: en, fr, pt-BR)"
  }, { defaultText: "the language spoken" }),
  reasoning: optionalChoice(
    "reasoning",
    REASONING_EFFORTS,
    "the reasoning effort of the models that reason (gpt-realtime-2 and later); unset by default"
  ),
  budget: optionalNumber("budget", {
    placeholder: "usd",
    description:
      "stop once the summaries have cost this many US dollars, or the next would pass it (the window in progress is summarised)"
  }),
  transcript: toggle("transcript", "also transcribe the audio and show each chunk's transcript"),
  transcriptionModel: text("transcription-model", "gpt-live-transcribe", {
    placeholder: "id",
    description: "the transcription model used with --transcript"
  }),
  sessionMaxMinutes: number("session-max-minutes", 55, {
    placeholder: "minutes",
    description: "replace a session with a new one before it is this old (the service ends them at 60)"
  }),
  stallTimeout: number("stall-timeout", 30, {
    placeholder: "seconds",
    description: "a live (http/https) source that sends no audio for this long is restarted; the silence is a gap"
  }),
  realtime: toggle("realtime", "read a file at its own pace (ffmpeg -re), so that it stands in for a live stream"),
  format: choice(
    "format",
    ["text", "json"],
    "text",
    "text: summaries for people; json: the event log, one JSON object per line (see README)"
  ),
  output: described(
    Options.file("output").pipe(
      Options.withPseudoName("file"),
      Options.withFallbackConfig(Config.string(envName("output"))),
      Options.optional
    ),
    {
      name: "output",
      placeholder: "file",
      description: "also append the JSON event log to this file (created if missing)",
      env: [envName("output")]
    }
  ),
  noColor: toggle("no-color", "no colours (also with NO_COLOR set; colours are only ever used on a terminal)"),
  baseUrl: optionalText("base-url", {
    placeholder: "url",
    description: "the API base URL"
  }, { env: "OPENAI_BASE_URL", defaultText: DEFAULT_BASE_URL }),
  apiKey: described(
    Options.redacted("api-key").pipe(
      Options.withPseudoName("key"),
      Options.withFallbackConfig(
        Config.redacted(envName("api-key")).pipe(Config.orElse(() => Config.redacted("OPENAI_API_KEY")))
      ),
      Options.optional
    ),
    {
      name: "api-key",
      placeholder: "key",
      description: "the API key; never printed, not even in debug logs",
      env: [envName("api-key"), "OPENAI_API_KEY"]
    }
  ),
  config: described(
    Options.file("config", { exists: "yes" }).pipe(Options.withPseudoName("file"), Options.optional),
    {
      name: "config",
      placeholder: "file",
      description: "read flags from a JSON file of flag names and values, e.g. {\"summary-interval\": 30}; " +
        "the command line and the environment come first",
      env: [envName("config")]
    }
  )
} as const

/**
 * The parsed flags.
 *
 * @since 0.1.0
 * @category models
 */
export interface Flags {
  readonly url: string
  readonly summaryInterval: number
  readonly commitInterval: number
  readonly batchMs: number
  readonly model: string
  readonly instructions: Option.Option<string>
  readonly language: Option.Option<string>
  readonly reasoning: Option.Option<ReasoningEffort>
  readonly budget: Option.Option<number>
  readonly transcript: boolean
  readonly transcriptionModel: string
  readonly sessionMaxMinutes: number
  readonly stallTimeout: number
  readonly realtime: boolean
  readonly format: "text" | "json"
  readonly output: Option.Option<string>
  readonly noColor: boolean
  readonly baseUrl: Option.Option<string>
  readonly apiKey: Option.Option<Redacted.Redacted<string>>
  readonly config: Option.Option<string>
}

/**
 * The parsers of the flags, for `Command.make`.
 *
 * @since 0.1.0
 * @category flags
 */
export const options = {
  url: specs.url.options,
  summaryInterval: specs.summaryInterval.options,
  commitInterval: specs.commitInterval.options,
  batchMs: specs.batchMs.options,
  model: specs.model.options,
  instructions: specs.instructions.options,
  language: specs.language.options,
  reasoning: specs.reasoning.options,
  budget: specs.budget.options,
  transcript: specs.transcript.options,
  transcriptionModel: specs.transcriptionModel.options,
  sessionMaxMinutes: specs.sessionMaxMinutes.options,
  stallTimeout: specs.stallTimeout.options,
  realtime: specs.realtime.options,
  format: specs.format.options,
  output: specs.output.options,
  noColor: specs.noColor.options,
  baseUrl: specs.baseUrl.options,
  apiKey: specs.apiKey.options,
  config: specs.config.options
}

/**
 * What the help says about each flag of the command, in the order shown.
 *
 * @since 0.1.0
 * @category flags
 */
export const docs: ReadonlyArray<FlagDoc> = Object.values(specs).map((spec) => spec.doc)

/**
 * The flag names a `--config` file may hold: every flag of the command but `config`, and `log-level`.
 *
 * @since 0.1.0
 * @category flags
 */
export const configurableNames: ReadonlyArray<string> = [
  ...docs.map((doc) => doc.name).filter((name) => name !== "config"),
  "log-level"
]

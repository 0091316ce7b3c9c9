/**
 * The `realtime-summarize` command: flags, validation and the pipeline
 * (capture → summarise → render), composed from the packages' layers.
 *
 * @since 0.1.0
 */
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as AudioCapture from "@pkg/audio-capture/AudioCapture"
import * as AudioSource from "@pkg/audio-capture/AudioSource"
import * as RealtimeClient from "@pkg/realtime-client/RealtimeClient"
import { DEFAULT_BASE_URL, DEFAULT_MODEL, realtimeUrl } from "@pkg/realtime-client/RealtimeConfig"
import * as RealtimeSocket from "@pkg/realtime-client/RealtimeSocket"
import * as Summariser from "@pkg/summariser/Summariser"
import { DEFAULT_INSTRUCTIONS, defaultOptions, plan } from "@pkg/summariser/SummariserOptions"
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import { UsageError } from "./Errors.js"
import { renderer } from "./Render.js"

const url = Options.text("url").pipe(
  Options.withAlias("u"),
  Options.withDescription(
    "the audio source: an http(s) URL (HLS playlist, Icecast/MP3 feed), a file path, or - for stdin"
  )
)
const summaryInterval = Options.float("summary-interval").pipe(
  Options.withDefault(15),
  Options.withDescription("seconds of audio per summary")
)
const commitInterval = Options.float("commit-interval").pipe(
  Options.withDefault(3),
  Options.withDescription("seconds of audio per commit (at least 0.1, at most the summary interval)")
)
const batchMs = Options.float("batch-ms").pipe(
  Options.withDefault(20),
  Options.withDescription("milliseconds of audio per append")
)
const model = Options.text("model").pipe(
  Options.withDefault(DEFAULT_MODEL),
  Options.withDescription("the Realtime model (or Azure deployment)")
)
const instructions = Options.text("instructions").pipe(
  Options.optional,
  Options.withDescription("the summarising prompt (default: a built-in prompt)")
)
const baseUrl = Options.text("base-url").pipe(
  Options.optional,
  Options.withDescription(`the API base URL (default: $OPENAI_BASE_URL, else ${DEFAULT_BASE_URL})`)
)
const format = Options.choice("format", ["text", "json"]).pipe(
  Options.withDefault("text" as const),
  Options.withDescription("text: summaries stream to the terminal; json: one JSON object per summary per line")
)
const apiKey = Options.redacted("api-key").pipe(
  Options.optional,
  Options.withDescription("the API key (default: $OPENAI_API_KEY); never printed")
)

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
  readonly baseUrl: Option.Option<string>
  readonly format: "text" | "json"
  readonly apiKey: Option.Option<Redacted.Redacted<string>>
}

const flagNames: ReadonlyArray<readonly [string, string]> = [
  ["summaryIntervalSeconds", "--summary-interval"],
  ["commitIntervalSeconds", "--commit-interval"],
  ["batchMillis", "--batch-ms"],
  ["budgetUsd", "--budget"],
  ["reasoningEffort", "--reasoning"],
  ["transcriptionModel", "--transcription-model"],
  ["sessionMaxMinutes", "--session-max-minutes"],
  ["language", "--language"]
]

/** The summariser names its options; the user knows the flags. */
const inFlagNames = (message: string) =>
  flagNames.reduce((text, [option, flag]) => text.replaceAll(option, flag), message)

const orConfig = <A>(flag: Option.Option<A>, config: Config.Config<A>) =>
  Option.match(flag, {
    onSome: (value) => Effect.succeed(Option.some(value)),
    onNone: () => Config.option(config)
  })

/**
 * Runs the pipeline for parsed flags: every input is validated before anything
 * connects, then audio flows from ffmpeg through the session to the terminal.
 *
 * @since 0.1.0
 * @category execution
 */
export const run = (flags: Flags) =>
  Effect.gen(function*() {
    const summariserOptions = {
      summaryIntervalSeconds: flags.summaryInterval,
      commitIntervalSeconds: flags.commitInterval,
      batchMillis: flags.batchMs,
      instructions: Option.getOrElse(flags.instructions, () => DEFAULT_INSTRUCTIONS)
    }
    yield* plan({ ...defaultOptions, ...summariserOptions }).pipe(
      Effect.mapError((error) => new UsageError({ message: inFlagNames(error.message) }))
    )
    const source = yield* AudioSource.parse(flags.url)
    const key = yield* orConfig(flags.apiKey, Config.redacted("OPENAI_API_KEY"))
    if (Option.isNone(key)) {
      return yield* new UsageError({
        message: "no API key: set OPENAI_API_KEY or pass --api-key (or run `pnpm demo` to try the local simulator)"
      })
    }
    const base = Option.getOrElse(yield* orConfig(flags.baseUrl, Config.string("OPENAI_BASE_URL")), () =>
      DEFAULT_BASE_URL)
    const target = realtimeUrl({ baseUrl: base, model: flags.model })
    if (Either.isLeft(target)) {
      return yield* target.left
    }

    const clientLayer = RealtimeClient.layer({ apiKey: key.value, baseUrl: base, model: flags.model })
    const summariserLayer = Summariser.layer(summariserOptions).pipe(Layer.provide(clientLayer))
    yield* Effect.logDebug(`connecting to ${target.right.origin}${target.right.pathname} (model ${flags.model})`)
    yield* Effect.gen(function*() {
      const capture = yield* AudioCapture.AudioCapture
      const summariser = yield* Summariser.Summariser
      const render = yield* renderer(flags.format)
      yield* summariser.summarise(capture.stream(source)).pipe(Stream.runForEach(render))
    }).pipe(Effect.provide(summariserLayer))
  })

/**
 * The command, with the flags of the CLI contract.
 *
 * @since 0.1.0
 * @category commands
 */
export const command = Command.make(
  "realtime-summarize",
  { url, summaryInterval, commitInterval, batchMs, model, instructions, baseUrl, format, apiKey },
  run
).pipe(Command.withDescription("Summarise live audio with the OpenAI Realtime API."))

/**
 * The CLI application; pass it the whole `process.argv`.
 *
 * @since 0.1.0
 * @category execution
 */
export const cli = Command.run(command, { name: "realtime-summarize", version: "0.1.0" })

/**
 * The layers the pipeline needs besides the platform's.
 *
 * @since 0.1.0
 * @category layers
 */
export const AppLayer = Layer.merge(AudioCapture.layerConfig(), RealtimeSocket.layerWs)

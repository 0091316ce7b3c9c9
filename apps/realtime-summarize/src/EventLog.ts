/**
 * The event log: what `--format json` prints on stdout and `--output <file>` appends to a file. One
 * JSON object per line, each with its `type` and `at` (when it was written, ISO 8601 UTC); the first
 * line is `start`, the last is always `end`.
 *
 * Times named `start` / `end` are seconds of audio from the first byte of the input; times named
 * `…At` are wall-clock ISO 8601 UTC. Costs are US dollars, `null` where a price is unknown.
 *
 * @since 0.1.0
 */
import type * as Effect from "effect/Effect"
import type * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"

const At = Schema.DateTimeUtc.annotations({ description: "wall-clock time, ISO 8601 UTC" })
const AudioSeconds = Schema.NonNegative.annotations({ description: "seconds of audio from the start of the input" })
const PositiveInt = Schema.Int.pipe(Schema.positive())
const Dollars = Schema.NullOr(Schema.NonNegative).annotations({ description: "US dollars; null when unknown" })

/**
 * A summary's token usage, in the shape of the service's `response.done` usage.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Usage = Schema.Struct({
  total_tokens: Schema.NonNegativeInt,
  input_tokens: Schema.NonNegativeInt,
  output_tokens: Schema.NonNegativeInt,
  input_token_details: Schema.Struct({
    text_tokens: Schema.NonNegativeInt,
    audio_tokens: Schema.NonNegativeInt,
    cached_tokens: Schema.NonNegativeInt,
    cached_tokens_details: Schema.Struct({
      text_tokens: Schema.NonNegativeInt,
      audio_tokens: Schema.NonNegativeInt
    })
  }),
  output_token_details: Schema.Struct({
    text_tokens: Schema.NonNegativeInt,
    audio_tokens: Schema.NonNegativeInt
  })
})

/**
 * The first line: what runs, on what.
 *
 * @since 0.1.0
 * @category schemas
 */
export class Start extends Schema.Class<Start>("Start")({
  type: Schema.tag("start"),
  at: At,
  version: Schema.String,
  /** The source as given, with any password in a URL masked. */
  source: Schema.String,
  model: Schema.String,
  summaryInterval: Schema.Positive,
  commitInterval: Schema.Positive,
  batchMs: Schema.Positive,
  language: Schema.NullOr(Schema.String),
  reasoning: Schema.NullOr(Schema.String),
  /** The transcription model, when transcripts are on. */
  transcriptionModel: Schema.NullOr(Schema.String),
  budget: Dollars,
  sessionMaxMinutes: Schema.Positive,
  /** Seconds without audio after which a live source is restarted. */
  stallTimeout: Schema.Positive,
  /** A file read at its own pace (`--realtime`). */
  realtime: Schema.Boolean
}) {}

/**
 * A session was opened, rotated (replaced before its limit), is being reconnected, or was closed.
 *
 * @since 0.1.0
 * @category schemas
 */
export class Session extends Schema.Class<Session>("Session")({
  type: Schema.tag("session"),
  at: At,
  action: Schema.Literal("opened", "rotated", "reconnecting", "closed"),
  sessionId: Schema.NullOr(Schema.String),
  previousSessionId: Schema.NullOr(Schema.String),
  reason: Schema.String,
  attempt: Schema.NullOr(PositiveInt),
  retryInMillis: Schema.NullOr(Schema.NonNegative),
  expiresAt: Schema.NullOr(At)
}) {}

/**
 * A completed summary of the window from `start` to `end`.
 *
 * @since 0.1.0
 * @category schemas
 */
export class Summary extends Schema.Class<Summary>("Summary")({
  type: Schema.tag("summary"),
  at: At,
  /** From 0, in audio order. */
  index: Schema.NonNegativeInt,
  start: AudioSeconds,
  end: AudioSeconds,
  /** When the window's first byte was received. */
  startedAt: At,
  /** When the window's last byte was received. */
  endedAt: At,
  /** The last summary of the run (end of input, a signal, the budget). */
  final: Schema.Boolean,
  text: Schema.String,
  model: Schema.String,
  usage: Schema.NullOr(Usage),
  cost: Dollars,
  /** The run's cost so far, this summary included. */
  totalCost: Dollars
}) {}

/**
 * The transcript of one committed chunk of audio (with `--transcript`), in audio order.
 *
 * @since 0.1.0
 * @category schemas
 */
export class Transcript extends Schema.Class<Transcript>("Transcript")({
  type: Schema.tag("transcript"),
  at: At,
  start: AudioSeconds,
  end: AudioSeconds,
  text: Schema.String
}) {}

/**
 * Audio lost for good from `start` to `end`; for a source outage `start` equals `end`, the position
 * where it began. Written when the loss begins.
 *
 * @since 0.1.0
 * @category schemas
 */
export class Gap extends Schema.Class<Gap>("Gap")({
  type: Schema.tag("gap"),
  at: At,
  start: AudioSeconds,
  end: AudioSeconds,
  reason: Schema.Literal("buffer-full", "source-stalled", "source-restarted", "summary-failed", "budget"),
  detail: Schema.String
}) {}

/**
 * Something to know that does not stop the run: an unknown price, a failed transcription, the budget
 * reached (`budget-reached`).
 *
 * @since 0.1.0
 * @category schemas
 */
export class Warning extends Schema.Class<Warning>("Warning")({
  type: Schema.tag("warning"),
  at: At,
  code: Schema.String,
  message: Schema.String
}) {}

/**
 * The failure that ends the run, followed by `end` with reason `error`.
 *
 * @since 0.1.0
 * @category schemas
 */
export class Failure extends Schema.Class<Failure>("Failure")({
  type: Schema.tag("error"),
  at: At,
  /** One line, as printed on stderr. */
  message: Schema.String,
  /** The error's tag, e.g. `RealtimeError`, `AudioCaptureError`. */
  error: Schema.String,
  /** The error's reason, e.g. `Unauthorized`, when it has one. */
  reason: Schema.NullOr(Schema.String)
}) {}

/**
 * The run's totals.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Totals = Schema.Struct({
  /** Seconds of audio read from the source. */
  audioSeconds: AudioSeconds,
  summaries: Schema.NonNegativeInt,
  inputTokens: Schema.NonNegativeInt,
  outputTokens: Schema.NonNegativeInt,
  cost: Dollars
})

/**
 * @since 0.1.0
 * @category models
 */
export type Totals = typeof Totals.Type

/**
 * Why the run ended.
 *
 * - `eof`: the input ended (a file, stdin).
 * - `interrupted`: SIGINT or SIGTERM (after the final summary of what was heard), or stdout closed.
 * - `budget`: `--budget` was reached.
 * - `error`: the `error` line before says what.
 *
 * @since 0.1.0
 * @category schemas
 */
export const EndReason = Schema.Literal("eof", "interrupted", "budget", "error")

/**
 * @since 0.1.0
 * @category models
 */
export type EndReason = typeof EndReason.Type

/**
 * The last line of every run, also after a failure or a signal.
 *
 * @since 0.1.0
 * @category schemas
 */
export class End extends Schema.Class<End>("End")({
  type: Schema.tag("end"),
  at: At,
  reason: EndReason,
  /** Wall-clock seconds since `start`. */
  elapsedSeconds: Schema.NonNegative,
  totals: Totals
}) {}

/**
 * One line of the event log.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Line = Schema.Union(Start, Session, Summary, Transcript, Gap, Warning, Failure, End)

/**
 * @since 0.1.0
 * @category models
 */
export type Line = typeof Line.Type

// The encoder and decoder are compiled on first use: compiling a Schema's parser costs milliseconds, which
// every start would pay.
let encodeLine: ((line: Line) => string) | undefined
let decodeLine: ((text: unknown) => Effect.Effect<Line, ParseResult.ParseError>) | undefined

/**
 * A line as JSON text, with `type` and `at` first (no trailing newline).
 *
 * @since 0.1.0
 * @category encoding
 */
export const encode = (line: Line): string => (encodeLine ??= Schema.encodeSync(Schema.parseJson(Line)))(line)

/**
 * Reads one line of the event log.
 *
 * @since 0.1.0
 * @category decoding
 */
export const decode = (text: unknown): Effect.Effect<Line, ParseResult.ParseError> =>
  (decodeLine ??= Schema.decodeUnknown(Schema.parseJson(Line)))(text)

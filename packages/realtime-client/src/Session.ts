/**
 * Session configuration (sent in `session.update`) and the session object (received in `session.created` /
 * `session.updated`) of the Realtime API (GA protocol).
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { AudioFormat, JsonValue, MaxOutputTokens, Modality, OpenLiteral, RecordKey, Voice } from "./Shared.js"

const optional = <S extends Schema.Schema.All>(schema: S) => Schema.optionalWith(schema, { exact: true })

/**
 * Input transcription (a separate ASR pass, billed at the ASR model's price); `null` in the session turns it off.
 * `delay` (how long the model waits before emitting text; `gpt-realtime-whisper` only), `keywords` (words or
 * phrases to guide it) and `languages` (expected languages, ISO-639-1) are late-2026 options; the last two are
 * for `gpt-transcribe` and `gpt-live-transcribe`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const InputAudioTranscription = Schema.Struct({
  model: optional(OpenLiteral(
    "whisper-1",
    "gpt-4o-transcribe",
    "gpt-4o-mini-transcribe",
    "gpt-4o-mini-transcribe-2025-12-15",
    "gpt-4o-transcribe-diarize",
    "gpt-transcribe",
    "gpt-live-transcribe",
    "gpt-realtime-whisper"
  )),
  language: optional(Schema.String),
  languages: optional(Schema.Array(Schema.String)),
  prompt: optional(Schema.String),
  keywords: optional(Schema.Array(Schema.String)),
  delay: optional(OpenLiteral("minimal", "low", "medium", "high", "xhigh"))
})

/**
 * @since 0.1.0
 * @category models
 */
export interface InputAudioTranscription extends Schema.Schema.Type<typeof InputAudioTranscription> {}

/**
 * Input noise reduction: `near_field` (headsets) or `far_field` (laptop and room microphones), and its
 * `strength` (higher suppresses more; 1 when first enabled, kept when an update omits it).
 *
 * @since 0.1.0
 * @category schemas
 */
export const NoiseReduction = Schema.Struct({
  type: optional(OpenLiteral("near_field", "far_field")),
  strength: optional(Schema.Number.pipe(Schema.finite(), Schema.nonNegative()))
})

/**
 * @since 0.1.0
 * @category models
 */
export interface NoiseReduction extends Schema.Schema.Type<typeof NoiseReduction> {}

/**
 * Turn detection: `server_vad` (threshold, padding, silence, idle timeout) or `semantic_vad` (eagerness). One
 * struct with an open `type`, so that a new detector does not fail a `session.updated`; `null` in the session
 * disables VAD (the client then commits and asks for responses itself).
 *
 * @since 0.1.0
 * @category schemas
 */
export const TurnDetection = Schema.Struct({
  type: OpenLiteral("server_vad", "semantic_vad"),
  threshold: optional(Schema.Number.pipe(Schema.between(0, 1))),
  prefix_padding_ms: optional(Schema.NonNegativeInt),
  silence_duration_ms: optional(Schema.NonNegativeInt),
  idle_timeout_ms: optional(Schema.NullOr(Schema.NonNegativeInt)),
  eagerness: optional(OpenLiteral("low", "medium", "high", "auto")),
  create_response: optional(Schema.Boolean),
  interrupt_response: optional(Schema.Boolean)
})

/**
 * @since 0.1.0
 * @category models
 */
export interface TurnDetection extends Schema.Schema.Type<typeof TurnDetection> {}

/**
 * Input audio: format, transcription, noise reduction and turn detection.
 *
 * @since 0.1.0
 * @category schemas
 */
export const AudioInputConfig = Schema.Struct({
  format: optional(AudioFormat),
  transcription: optional(Schema.NullOr(InputAudioTranscription)),
  noise_reduction: optional(Schema.NullOr(NoiseReduction)),
  turn_detection: optional(Schema.NullOr(TurnDetection))
})

/**
 * @since 0.1.0
 * @category models
 */
export interface AudioInputConfig extends Schema.Schema.Type<typeof AudioInputConfig> {}

/**
 * Output audio: format, voice (a name or a custom `{ id }`; fixed once the model has spoken) and speed
 * (0.25–1.5).
 *
 * @since 0.1.0
 * @category schemas
 */
export const AudioOutputConfig = Schema.Struct({
  format: optional(AudioFormat),
  voice: optional(Voice),
  speed: optional(Schema.Number.pipe(Schema.between(0.25, 1.5)))
})

/**
 * @since 0.1.0
 * @category models
 */
export interface AudioOutputConfig extends Schema.Schema.Type<typeof AudioOutputConfig> {}

/**
 * Context truncation when the conversation outgrows the input limit: `"auto"` (default), `"disabled"`, or
 * `{type:"retention_ratio", retention_ratio, token_limits?: {post_instructions}}`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Truncation = Schema.Union(
  OpenLiteral("auto", "disabled"),
  Schema.Struct({
    type: OpenLiteral("retention_ratio"),
    retention_ratio: optional(Schema.Number.pipe(Schema.between(0, 1))),
    token_limits: optional(Schema.Struct({
      post_instructions: optional(Schema.NonNegativeInt)
    }))
  })
)

/**
 * @since 0.1.0
 * @category models
 */
export type Truncation = Schema.Schema.Type<typeof Truncation>

/**
 * A tool: a `function` (name, description, JSON Schema parameters) or a remote `mcp` server (label, URL or
 * connector, allowed tools, approval policy). One struct with an open `type`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Tool = Schema.Struct({
  type: OpenLiteral("function", "mcp"),
  name: optional(Schema.String),
  description: optional(Schema.String),
  parameters: optional(JsonValue),
  server_label: optional(Schema.String),
  server_url: optional(Schema.String),
  server_description: optional(Schema.String),
  connector_id: optional(Schema.String),
  authorization: optional(Schema.String),
  headers: optional(Schema.NullOr(Schema.Record({ key: RecordKey, value: Schema.String }))),
  allowed_tools: optional(JsonValue),
  require_approval: optional(JsonValue)
})

/**
 * @since 0.1.0
 * @category models
 */
export interface Tool extends Schema.Schema.Type<typeof Tool> {}

/**
 * How the model picks tools: `"auto"`, `"none"`, `"required"`, or a forced `{type:"function", name}` /
 * `{type:"mcp", server_label, name?}`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ToolChoice = Schema.Union(
  OpenLiteral("auto", "none", "required"),
  Schema.Struct({
    type: OpenLiteral("function", "mcp"),
    name: optional(Schema.NullOr(Schema.String)),
    server_label: optional(Schema.String)
  })
)

/**
 * @since 0.1.0
 * @category models
 */
export type ToolChoice = Schema.Schema.Type<typeof ToolChoice>

/**
 * The audio of a realtime session: its input and output configuration.
 *
 * @since 0.1.0
 * @category schemas
 */
export const AudioConfig = Schema.Struct({
  input: optional(AudioInputConfig),
  output: optional(AudioOutputConfig)
})

/**
 * @since 0.1.0
 * @category models
 */
export interface AudioConfig extends Schema.Schema.Type<typeof AudioConfig> {}

/**
 * Tracing to the Traces dashboard: `"auto"` or a workflow name, group id and metadata (immutable once enabled).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Tracing = Schema.Union(
  OpenLiteral("auto"),
  Schema.Struct({
    workflow_name: optional(Schema.String),
    group_id: optional(Schema.String),
    metadata: optional(JsonValue)
  })
)

/**
 * @since 0.1.0
 * @category models
 */
export type Tracing = Schema.Schema.Type<typeof Tracing>

/**
 * A reference to a stored prompt template and its variables.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Prompt = Schema.Struct({
  id: Schema.String,
  version: optional(Schema.NullOr(Schema.String)),
  variables: optional(Schema.NullOr(Schema.Record({ key: RecordKey, value: JsonValue })))
})

/**
 * @since 0.1.0
 * @category models
 */
export interface Prompt extends Schema.Schema.Type<typeof Prompt> {}

/**
 * Reasoning effort for reasoning models (`gpt-realtime-2` and later).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Reasoning = Schema.Struct({
  effort: optional(OpenLiteral("minimal", "low", "medium", "high", "xhigh"))
})

/**
 * @since 0.1.0
 * @category models
 */
export interface Reasoning extends Schema.Schema.Type<typeof Reasoning> {}

/**
 * Extra server output; `item.input_audio_transcription.logprobs` adds logprobs to transcription events.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Include = OpenLiteral("item.input_audio_transcription.logprobs")

/**
 * A conversational session's configuration. `type` is required in GA (without it the server answers
 * `missing_required_parameter` and applies nothing). Only the fields present are changed; `model` cannot be
 * changed after connecting, so it is not part of the update.
 *
 * @since 0.1.0
 * @category schemas
 */
export const RealtimeSessionConfig = Schema.Struct({
  type: Schema.Literal("realtime"),
  output_modalities: optional(Schema.Array(Modality)),
  instructions: optional(Schema.String),
  audio: optional(AudioConfig),
  include: optional(Schema.Array(Include)),
  max_output_tokens: optional(MaxOutputTokens),
  truncation: optional(Truncation),
  tools: optional(Schema.Array(Tool)),
  tool_choice: optional(ToolChoice),
  tracing: optional(Schema.NullOr(Tracing)),
  prompt: optional(Schema.NullOr(Prompt)),
  reasoning: optional(Reasoning),
  parallel_tool_calls: optional(Schema.Boolean)
})

/**
 * @since 0.1.0
 * @category models
 */
export interface RealtimeSessionConfig extends Schema.Schema.Type<typeof RealtimeSessionConfig> {}

/**
 * A transcription-only session's configuration (connect with `?intent=transcription`): input audio and
 * `include` only; the model never responds.
 *
 * @since 0.1.0
 * @category schemas
 */
export const TranscriptionSessionConfig = Schema.Struct({
  type: Schema.Literal("transcription"),
  audio: optional(Schema.Struct({
    input: optional(AudioInputConfig)
  })),
  include: optional(Schema.Array(Include))
})

/**
 * @since 0.1.0
 * @category models
 */
export interface TranscriptionSessionConfig extends Schema.Schema.Type<typeof TranscriptionSessionConfig> {}

/**
 * The `session` of a `session.update`: a realtime or a transcription session, told apart by `type`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const SessionConfig = Schema.Union(RealtimeSessionConfig, TranscriptionSessionConfig)

/**
 * @since 0.1.0
 * @category models
 */
export type SessionConfig = Schema.Schema.Type<typeof SessionConfig>

/**
 * The session object the server sends in `session.created` (defaults, always the first event) and
 * `session.updated` (the full effective configuration). Every field is optional and enums are open.
 * `expires_at` (epoch seconds) may be missing or `0`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Session = Schema.Struct({
  type: optional(OpenLiteral("realtime", "transcription")),
  object: optional(Schema.String),
  id: optional(Schema.String),
  model: optional(Schema.String),
  expires_at: optional(Schema.NullOr(Schema.Number)),
  output_modalities: optional(Schema.Array(Modality)),
  instructions: optional(Schema.String),
  audio: optional(AudioConfig),
  include: optional(Schema.NullOr(Schema.Array(Include))),
  max_output_tokens: optional(MaxOutputTokens),
  truncation: optional(Truncation),
  tools: optional(Schema.Array(Tool)),
  tool_choice: optional(ToolChoice),
  tracing: optional(Schema.NullOr(Tracing)),
  prompt: optional(Schema.NullOr(Prompt)),
  reasoning: optional(Schema.NullOr(Reasoning)),
  parallel_tool_calls: optional(Schema.Boolean)
})

/**
 * @since 0.1.0
 * @category models
 */
export interface Session extends Schema.Schema.Type<typeof Session> {}

/**
 * Responses of the Realtime API (GA protocol): the parameters of `response.create` and the response object of
 * `response.created` / `response.done`.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { ResponseInputItem, ServerItem } from "./Items.js"
import { Prompt, Reasoning, Tool, ToolChoice } from "./Session.js"
import { AudioFormat, MaxOutputTokens, Metadata, Modality, OpenLiteral, Voice } from "./Shared.js"
import { ResponseUsage } from "./Usage.js"

const optional = <S extends Schema.Schema.All>(schema: S) => Schema.optionalWith(schema, { exact: true })

/**
 * Output audio settings of one response.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ResponseAudio = Schema.Struct({
  output: optional(Schema.Struct({
    format: optional(AudioFormat),
    voice: optional(Voice)
  }))
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ResponseAudio extends Schema.Schema.Type<typeof ResponseAudio> {}

/**
 * The `response` of `response.create`; every field overrides the session for this response only.
 * `conversation: "none"` makes an out-of-band response that writes to no conversation, and `input` replaces
 * the default conversation as context (items and `item_reference`s; `[]` means no context).
 *
 * @since 0.1.0
 * @category schemas
 */
export const ResponseCreateParams = Schema.Struct({
  conversation: optional(OpenLiteral("auto", "none")),
  input: optional(Schema.Array(ResponseInputItem)),
  instructions: optional(Schema.String),
  output_modalities: optional(Schema.Array(Modality)),
  max_output_tokens: optional(MaxOutputTokens),
  metadata: optional(Schema.NullOr(Metadata)),
  tools: optional(Schema.Array(Tool)),
  tool_choice: optional(ToolChoice),
  audio: optional(ResponseAudio),
  prompt: optional(Schema.NullOr(Prompt)),
  reasoning: optional(Reasoning),
  parallel_tool_calls: optional(Schema.Boolean)
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ResponseCreateParams extends Schema.Schema.Type<typeof ResponseCreateParams> {}

/**
 * A response's lifecycle status: `in_progress`, then `completed`, `cancelled`, `failed` or `incomplete`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ResponseStatus = OpenLiteral("in_progress", "completed", "cancelled", "failed", "incomplete")

/**
 * Why a response did not complete: `reason` is `turn_detected` or `client_cancelled` (cancelled),
 * `max_output_tokens` or `content_filter` (incomplete); `error` is set when it failed.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ResponseStatusDetails = Schema.Struct({
  type: optional(ResponseStatus),
  reason: optional(
    Schema.NullOr(OpenLiteral("turn_detected", "client_cancelled", "max_output_tokens", "content_filter"))
  ),
  error: optional(Schema.NullOr(Schema.Struct({
    type: optional(Schema.String),
    code: optional(Schema.NullOr(Schema.String)),
    message: optional(Schema.String)
  })))
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ResponseStatusDetails extends Schema.Schema.Type<typeof ResponseStatusDetails> {}

/**
 * The response object of `response.created` (`status: "in_progress"`) and `response.done` (final status,
 * output items without audio, usage). `conversation_id` is `null` for out-of-band responses; `metadata` echoes
 * the request's.
 *
 * @since 0.1.0
 * @category schemas
 */
export const RealtimeResponse = Schema.Struct({
  id: Schema.String,
  status: ResponseStatus,
  object: optional(Schema.String),
  status_details: optional(Schema.NullOr(ResponseStatusDetails)),
  output: optional(Schema.Array(ServerItem)),
  usage: optional(Schema.NullOr(ResponseUsage)),
  conversation_id: optional(Schema.NullOr(Schema.String)),
  output_modalities: optional(Schema.Array(Modality)),
  metadata: optional(Schema.NullOr(Metadata)),
  max_output_tokens: optional(MaxOutputTokens),
  audio: optional(Schema.NullOr(ResponseAudio))
})

/**
 * @since 0.1.0
 * @category models
 */
export interface RealtimeResponse extends Schema.Schema.Type<typeof RealtimeResponse> {}

/**
 * The content part of `response.content_part.added` / `.done`: `text` or `audio` (with a transcript), possibly
 * under a GA name; one struct with an open `type`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ContentPart = Schema.Struct({
  type: optional(OpenLiteral("text", "audio", "output_text", "output_audio")),
  text: optional(Schema.String),
  audio: optional(Schema.NullOr(Schema.String)),
  transcript: optional(Schema.NullOr(Schema.String))
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ContentPart extends Schema.Schema.Type<typeof ContentPart> {}

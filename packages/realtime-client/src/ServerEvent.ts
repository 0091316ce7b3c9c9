/**
 * Every server event of the Realtime API (GA protocol) and a tolerant decoder for them: an event of an unknown
 * type, or of a known type whose payload fails its schema, decodes to an {@link UnknownServerEvent} instead of
 * failing, so a consumer never loses the stream over one frame.
 *
 * @since 0.1.0
 */
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"
import { type CompiledDecoder, compileDecoder, Invalid } from "./internal/compiledDecoder.js"
import { ServerItem } from "./Items.js"
import { ContentPart, RealtimeResponse } from "./Response.js"
import { Session } from "./Session.js"
import { hasStringType, OpenLiteral } from "./Shared.js"
import { TranscriptionUsage } from "./Usage.js"

const optional = <S extends Schema.Schema.All>(schema: S) => Schema.optionalWith(schema, { exact: true })

const event = <const Type extends string, Fields extends Schema.Struct.Fields>(type: Type, fields: Fields) =>
  Schema.Struct({ type: Schema.Literal(type), event_id: optional(Schema.String), ...fields }).annotations({
    identifier: type
  })

/**
 * The `error` object: `message` always, `type` (e.g. `invalid_request_error`), `code` (e.g.
 * `conversation_already_has_active_response`), `param`, and the client `event_id` that caused it, if any.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ErrorDetails = Schema.Struct({
  message: Schema.String,
  type: optional(OpenLiteral("invalid_request_error", "server_error")),
  code: optional(Schema.NullOr(Schema.String)),
  param: optional(Schema.NullOr(Schema.String)),
  event_id: optional(Schema.NullOr(Schema.String))
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ErrorDetails extends Schema.Schema.Type<typeof ErrorDetails> {}

/**
 * One rate limit of `rate_limits.updated` (`requests` or `tokens`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const RateLimit = Schema.Struct({
  name: optional(OpenLiteral("requests", "tokens")),
  limit: optional(Schema.Number),
  remaining: optional(Schema.Number),
  reset_seconds: optional(Schema.Number)
})

/**
 * @since 0.1.0
 * @category models
 */
export interface RateLimit extends Schema.Schema.Type<typeof RateLimit> {}

/**
 * A token's log probability in an input transcription (enable with `include`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const LogProb = Schema.Struct({
  token: Schema.String,
  logprob: Schema.Number,
  bytes: optional(Schema.Array(Schema.Number))
})

/**
 * @since 0.1.0
 * @category models
 */
export interface LogProb extends Schema.Schema.Type<typeof LogProb> {}

/**
 * Why an input transcription failed.
 *
 * @since 0.1.0
 * @category schemas
 */
export const TranscriptionError = Schema.Struct({
  type: optional(Schema.String),
  code: optional(Schema.NullOr(Schema.String)),
  message: optional(Schema.String),
  param: optional(Schema.NullOr(Schema.String))
})

/**
 * @since 0.1.0
 * @category models
 */
export interface TranscriptionError extends Schema.Schema.Type<typeof TranscriptionError> {}

/**
 * `session.created`: the first event of every connection, with the session's default configuration (`id`, `model`, `expires_at`, default `instructions`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const SessionCreated = event("session.created", {
  session: Session
})

/**
 * @since 0.1.0
 * @category models
 */
export interface SessionCreated extends Schema.Schema.Type<typeof SessionCreated> {}

/**
 * `session.updated`: the full effective configuration after a `session.update`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const SessionUpdated = event("session.updated", {
  session: Session
})

/**
 * @since 0.1.0
 * @category models
 */
export interface SessionUpdated extends Schema.Schema.Type<typeof SessionUpdated> {}

/**
 * `conversation.created`: the default conversation, right after session creation (may no longer be emitted in GA).
 *
 * @since 0.1.0
 * @category schemas
 */
export const ConversationCreated = event("conversation.created", {
  conversation: optional(Schema.Struct({ id: optional(Schema.String), object: optional(Schema.String) }))
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ConversationCreated extends Schema.Schema.Type<typeof ConversationCreated> {}

/**
 * `conversation.item.added`: an item entered the default conversation (client create, buffer commit, or the start of a model output item).
 *
 * @since 0.1.0
 * @category schemas
 */
export const ConversationItemAdded = event("conversation.item.added", {
  item: ServerItem,
  previous_item_id: optional(Schema.NullOr(Schema.String))
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ConversationItemAdded extends Schema.Schema.Type<typeof ConversationItemAdded> {}

/**
 * `conversation.item.done`: an item is final (audio bytes omitted).
 *
 * @since 0.1.0
 * @category schemas
 */
export const ConversationItemDone = event("conversation.item.done", {
  item: ServerItem,
  previous_item_id: optional(Schema.NullOr(Schema.String))
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ConversationItemDone extends Schema.Schema.Type<typeof ConversationItemDone> {}

/**
 * `conversation.item.created`: the beta-era name of `conversation.item.added`; accepted, do not rely on it.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ConversationItemCreated = event("conversation.item.created", {
  item: ServerItem,
  previous_item_id: optional(Schema.NullOr(Schema.String))
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ConversationItemCreated extends Schema.Schema.Type<typeof ConversationItemCreated> {}

/**
 * `conversation.item.retrieved`: the answer to `conversation.item.retrieve`, audio included.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ConversationItemRetrieved = event("conversation.item.retrieved", {
  item: ServerItem
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ConversationItemRetrieved extends Schema.Schema.Type<typeof ConversationItemRetrieved> {}

/**
 * `conversation.item.deleted`: the answer to `conversation.item.delete`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ConversationItemDeleted = event("conversation.item.deleted", {
  item_id: Schema.String
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ConversationItemDeleted extends Schema.Schema.Type<typeof ConversationItemDeleted> {}

/**
 * `conversation.item.truncated`: the answer to `conversation.item.truncate` (assistant audio only).
 *
 * @since 0.1.0
 * @category schemas
 */
export const ConversationItemTruncated = event("conversation.item.truncated", {
  item_id: Schema.String,
  content_index: optional(Schema.Number),
  audio_end_ms: optional(Schema.Number)
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ConversationItemTruncated extends Schema.Schema.Type<typeof ConversationItemTruncated> {}

/**
 * `conversation.item.input_audio_transcription.delta`: incremental input transcription of a committed user audio item.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ConversationItemInputAudioTranscriptionDelta = event("conversation.item.input_audio_transcription.delta", {
  item_id: Schema.String,
  content_index: optional(Schema.Number),
  delta: optional(Schema.String),
  logprobs: optional(Schema.NullOr(Schema.Array(LogProb)))
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ConversationItemInputAudioTranscriptionDelta
  extends Schema.Schema.Type<typeof ConversationItemInputAudioTranscriptionDelta>
{}

/**
 * A language detected in transcribed audio, by its code (`gpt-transcribe`); an empty list means none could be
 * detected reliably.
 *
 * @since 0.2.0
 * @category schemas
 */
export const TranscriptionLanguage = Schema.Struct({ code: Schema.String })

/**
 * `conversation.item.input_audio_transcription.completed`: the final input transcript of a user audio item; asynchronous, so it may arrive after `response.done` and out of order across items (match it by `item_id`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const ConversationItemInputAudioTranscriptionCompleted = event(
  "conversation.item.input_audio_transcription.completed",
  {
    item_id: Schema.String,
    content_index: optional(Schema.Number),
    transcript: Schema.String,
    usage: optional(TranscriptionUsage),
    logprobs: optional(Schema.NullOr(Schema.Array(LogProb))),
    languages: optional(Schema.Array(TranscriptionLanguage))
  }
)

/**
 * @since 0.1.0
 * @category models
 */
export interface ConversationItemInputAudioTranscriptionCompleted
  extends Schema.Schema.Type<typeof ConversationItemInputAudioTranscriptionCompleted>
{}

/**
 * `conversation.item.input_audio_transcription.failed`: input transcription of a user audio item failed (e.g. `audio_unintelligible`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const ConversationItemInputAudioTranscriptionFailed = event(
  "conversation.item.input_audio_transcription.failed",
  {
    item_id: Schema.String,
    content_index: optional(Schema.Number),
    error: optional(Schema.NullOr(TranscriptionError))
  }
)

/**
 * @since 0.1.0
 * @category models
 */
export interface ConversationItemInputAudioTranscriptionFailed
  extends Schema.Schema.Type<typeof ConversationItemInputAudioTranscriptionFailed>
{}

/**
 * `conversation.item.input_audio_transcription.segment`: a diarized transcript segment (diarizing transcription models).
 *
 * @since 0.1.0
 * @category schemas
 */
export const ConversationItemInputAudioTranscriptionSegment = event(
  "conversation.item.input_audio_transcription.segment",
  {
    item_id: Schema.String,
    content_index: optional(Schema.Number),
    id: Schema.String,
    text: Schema.String,
    speaker: optional(Schema.String),
    start: optional(Schema.Number),
    end: optional(Schema.Number)
  }
)

/**
 * @since 0.1.0
 * @category models
 */
export interface ConversationItemInputAudioTranscriptionSegment
  extends Schema.Schema.Type<typeof ConversationItemInputAudioTranscriptionSegment>
{}

/**
 * `input_audio_buffer.committed`: the buffer became the user item `item_id`, placed after `previous_item_id`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const InputAudioBufferCommitted = event("input_audio_buffer.committed", {
  item_id: Schema.String,
  previous_item_id: optional(Schema.NullOr(Schema.String))
})

/**
 * @since 0.1.0
 * @category models
 */
export interface InputAudioBufferCommitted extends Schema.Schema.Type<typeof InputAudioBufferCommitted> {}

/**
 * `input_audio_buffer.cleared`: the answer to `input_audio_buffer.clear`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const InputAudioBufferCleared = event("input_audio_buffer.cleared", {})

/**
 * @since 0.1.0
 * @category models
 */
export interface InputAudioBufferCleared extends Schema.Schema.Type<typeof InputAudioBufferCleared> {}

/**
 * `input_audio_buffer.speech_started`: VAD heard speech start (VAD modes only).
 *
 * @since 0.1.0
 * @category schemas
 */
export const InputAudioBufferSpeechStarted = event("input_audio_buffer.speech_started", {
  item_id: Schema.String,
  audio_start_ms: optional(Schema.Number)
})

/**
 * @since 0.1.0
 * @category models
 */
export interface InputAudioBufferSpeechStarted extends Schema.Schema.Type<typeof InputAudioBufferSpeechStarted> {}

/**
 * `input_audio_buffer.speech_stopped`: VAD heard speech stop (VAD modes only).
 *
 * @since 0.1.0
 * @category schemas
 */
export const InputAudioBufferSpeechStopped = event("input_audio_buffer.speech_stopped", {
  item_id: Schema.String,
  audio_end_ms: optional(Schema.Number)
})

/**
 * @since 0.1.0
 * @category models
 */
export interface InputAudioBufferSpeechStopped extends Schema.Schema.Type<typeof InputAudioBufferSpeechStopped> {}

/**
 * `input_audio_buffer.timeout_triggered`: the `server_vad` idle timeout fired; the silent audio is committed and a response follows.
 *
 * @since 0.1.0
 * @category schemas
 */
export const InputAudioBufferTimeoutTriggered = event("input_audio_buffer.timeout_triggered", {
  item_id: Schema.String,
  audio_start_ms: optional(Schema.Number),
  audio_end_ms: optional(Schema.Number)
})

/**
 * @since 0.1.0
 * @category models
 */
export interface InputAudioBufferTimeoutTriggered extends Schema.Schema.Type<typeof InputAudioBufferTimeoutTriggered> {}

/**
 * `input_audio_buffer.dtmf_event_received`: a telephone keypad press (SIP only; may carry no `event_id`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const InputAudioBufferDtmfEventReceived = event("input_audio_buffer.dtmf_event_received", {
  event: Schema.String,
  received_at: optional(Schema.Number)
})

/**
 * @since 0.1.0
 * @category models
 */
export interface InputAudioBufferDtmfEventReceived
  extends Schema.Schema.Type<typeof InputAudioBufferDtmfEventReceived>
{}

/**
 * `response.created`: a response started (`status: "in_progress"`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const ResponseCreated = event("response.created", {
  response: RealtimeResponse
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ResponseCreated extends Schema.Schema.Type<typeof ResponseCreated> {}

/**
 * `response.done`: a response ended, whatever its final status; always sent.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ResponseDone = event("response.done", {
  response: RealtimeResponse
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ResponseDone extends Schema.Schema.Type<typeof ResponseDone> {}

/**
 * `response.output_item.added`: a response started an output item.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ResponseOutputItemAdded = event("response.output_item.added", {
  response_id: Schema.String,
  output_index: optional(Schema.Number),
  item: ServerItem
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ResponseOutputItemAdded extends Schema.Schema.Type<typeof ResponseOutputItemAdded> {}

/**
 * `response.output_item.done`: an output item is done (also on interruption or cancellation).
 *
 * @since 0.1.0
 * @category schemas
 */
export const ResponseOutputItemDone = event("response.output_item.done", {
  response_id: Schema.String,
  output_index: optional(Schema.Number),
  item: ServerItem
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ResponseOutputItemDone extends Schema.Schema.Type<typeof ResponseOutputItemDone> {}

/**
 * `response.content_part.added`: a content part was added to an assistant item.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ResponseContentPartAdded = event("response.content_part.added", {
  response_id: Schema.String,
  item_id: Schema.String,
  output_index: optional(Schema.Number),
  content_index: optional(Schema.Number),
  part: ContentPart
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ResponseContentPartAdded extends Schema.Schema.Type<typeof ResponseContentPartAdded> {}

/**
 * `response.content_part.done`: a content part is done (also on interruption or cancellation).
 *
 * @since 0.1.0
 * @category schemas
 */
export const ResponseContentPartDone = event("response.content_part.done", {
  response_id: Schema.String,
  item_id: Schema.String,
  output_index: optional(Schema.Number),
  content_index: optional(Schema.Number),
  part: ContentPart
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ResponseContentPartDone extends Schema.Schema.Type<typeof ResponseContentPartDone> {}

/**
 * `response.output_text.delta`: more output text (beta name: `response.text.delta`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const ResponseOutputTextDelta = event("response.output_text.delta", {
  response_id: Schema.String,
  item_id: Schema.String,
  output_index: optional(Schema.Number),
  content_index: optional(Schema.Number),
  delta: Schema.String
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ResponseOutputTextDelta extends Schema.Schema.Type<typeof ResponseOutputTextDelta> {}

/**
 * `response.output_text.done`: the full output text of a content part (beta name: `response.text.done`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const ResponseOutputTextDone = event("response.output_text.done", {
  response_id: Schema.String,
  item_id: Schema.String,
  output_index: optional(Schema.Number),
  content_index: optional(Schema.Number),
  text: Schema.String
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ResponseOutputTextDone extends Schema.Schema.Type<typeof ResponseOutputTextDone> {}

/**
 * `response.output_audio.delta`: more output audio, base64 (beta name: `response.audio.delta`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const ResponseOutputAudioDelta = event("response.output_audio.delta", {
  response_id: Schema.String,
  item_id: Schema.String,
  output_index: optional(Schema.Number),
  content_index: optional(Schema.Number),
  delta: Schema.String
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ResponseOutputAudioDelta extends Schema.Schema.Type<typeof ResponseOutputAudioDelta> {}

/**
 * `response.output_audio.done`: output audio of a content part is done (beta name: `response.audio.done`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const ResponseOutputAudioDone = event("response.output_audio.done", {
  response_id: Schema.String,
  item_id: Schema.String,
  output_index: optional(Schema.Number),
  content_index: optional(Schema.Number)
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ResponseOutputAudioDone extends Schema.Schema.Type<typeof ResponseOutputAudioDone> {}

/**
 * `response.output_audio_transcript.delta`: more transcript of the output audio (beta name: `response.audio_transcript.delta`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const ResponseOutputAudioTranscriptDelta = event("response.output_audio_transcript.delta", {
  response_id: Schema.String,
  item_id: Schema.String,
  output_index: optional(Schema.Number),
  content_index: optional(Schema.Number),
  delta: Schema.String
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ResponseOutputAudioTranscriptDelta
  extends Schema.Schema.Type<typeof ResponseOutputAudioTranscriptDelta>
{}

/**
 * `response.output_audio_transcript.done`: the full transcript of the output audio (beta name: `response.audio_transcript.done`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const ResponseOutputAudioTranscriptDone = event("response.output_audio_transcript.done", {
  response_id: Schema.String,
  item_id: Schema.String,
  output_index: optional(Schema.Number),
  content_index: optional(Schema.Number),
  transcript: Schema.String
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ResponseOutputAudioTranscriptDone
  extends Schema.Schema.Type<typeof ResponseOutputAudioTranscriptDone>
{}

/**
 * `response.function_call_arguments.delta`: more JSON arguments of a function call.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ResponseFunctionCallArgumentsDelta = event("response.function_call_arguments.delta", {
  response_id: Schema.String,
  item_id: Schema.String,
  call_id: Schema.String,
  output_index: optional(Schema.Number),
  delta: Schema.String
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ResponseFunctionCallArgumentsDelta
  extends Schema.Schema.Type<typeof ResponseFunctionCallArgumentsDelta>
{}

/**
 * `response.function_call_arguments.done`: the full JSON arguments of a function call.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ResponseFunctionCallArgumentsDone = event("response.function_call_arguments.done", {
  response_id: Schema.String,
  item_id: Schema.String,
  call_id: Schema.String,
  output_index: optional(Schema.Number),
  name: optional(Schema.String),
  arguments: Schema.String
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ResponseFunctionCallArgumentsDone
  extends Schema.Schema.Type<typeof ResponseFunctionCallArgumentsDone>
{}

/**
 * `rate_limits.updated`: the rate limits at the start of a response (output tokens reserved), adjusted after it.
 *
 * @since 0.1.0
 * @category schemas
 */
export const RateLimitsUpdated = event("rate_limits.updated", {
  rate_limits: Schema.Array(RateLimit)
})

/**
 * @since 0.1.0
 * @category models
 */
export interface RateLimitsUpdated extends Schema.Schema.Type<typeof RateLimitsUpdated> {}

/**
 * `error`: a client or server error; most are recoverable and the session stays open.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ErrorEvent = event("error", {
  error: ErrorDetails
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ErrorEvent extends Schema.Schema.Type<typeof ErrorEvent> {}

/**
 * `output_audio_buffer.started`: the server started streaming a response's audio (WebRTC/SIP only).
 *
 * @since 0.1.0
 * @category schemas
 */
export const OutputAudioBufferStarted = event("output_audio_buffer.started", {
  response_id: Schema.String
})

/**
 * @since 0.1.0
 * @category models
 */
export interface OutputAudioBufferStarted extends Schema.Schema.Type<typeof OutputAudioBufferStarted> {}

/**
 * `output_audio_buffer.stopped`: the output audio buffer drained (WebRTC/SIP only).
 *
 * @since 0.1.0
 * @category schemas
 */
export const OutputAudioBufferStopped = event("output_audio_buffer.stopped", {
  response_id: Schema.String
})

/**
 * @since 0.1.0
 * @category models
 */
export interface OutputAudioBufferStopped extends Schema.Schema.Type<typeof OutputAudioBufferStopped> {}

/**
 * `output_audio_buffer.cleared`: the output audio buffer was cleared (WebRTC/SIP only).
 *
 * @since 0.1.0
 * @category schemas
 */
export const OutputAudioBufferCleared = event("output_audio_buffer.cleared", {
  response_id: Schema.String
})

/**
 * @since 0.1.0
 * @category models
 */
export interface OutputAudioBufferCleared extends Schema.Schema.Type<typeof OutputAudioBufferCleared> {}

/**
 * `mcp_list_tools.in_progress`: listing an MCP server's tools started.
 *
 * @since 0.1.0
 * @category schemas
 */
export const McpListToolsInProgress = event("mcp_list_tools.in_progress", {
  item_id: Schema.String
})

/**
 * @since 0.1.0
 * @category models
 */
export interface McpListToolsInProgress extends Schema.Schema.Type<typeof McpListToolsInProgress> {}

/**
 * `mcp_list_tools.completed`: listing an MCP server's tools completed.
 *
 * @since 0.1.0
 * @category schemas
 */
export const McpListToolsCompleted = event("mcp_list_tools.completed", {
  item_id: Schema.String
})

/**
 * @since 0.1.0
 * @category models
 */
export interface McpListToolsCompleted extends Schema.Schema.Type<typeof McpListToolsCompleted> {}

/**
 * `mcp_list_tools.failed`: listing an MCP server's tools failed.
 *
 * @since 0.1.0
 * @category schemas
 */
export const McpListToolsFailed = event("mcp_list_tools.failed", {
  item_id: Schema.String
})

/**
 * @since 0.1.0
 * @category models
 */
export interface McpListToolsFailed extends Schema.Schema.Type<typeof McpListToolsFailed> {}

/**
 * `response.mcp_call_arguments.delta`: more JSON arguments of an MCP tool call.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ResponseMcpCallArgumentsDelta = event("response.mcp_call_arguments.delta", {
  response_id: Schema.String,
  item_id: Schema.String,
  output_index: optional(Schema.Number),
  delta: Schema.String,
  obfuscation: optional(Schema.NullOr(Schema.String))
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ResponseMcpCallArgumentsDelta extends Schema.Schema.Type<typeof ResponseMcpCallArgumentsDelta> {}

/**
 * `response.mcp_call_arguments.done`: the full JSON arguments of an MCP tool call.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ResponseMcpCallArgumentsDone = event("response.mcp_call_arguments.done", {
  response_id: Schema.String,
  item_id: Schema.String,
  output_index: optional(Schema.Number),
  arguments: Schema.String
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ResponseMcpCallArgumentsDone extends Schema.Schema.Type<typeof ResponseMcpCallArgumentsDone> {}

/**
 * `response.mcp_call.in_progress`: an MCP tool call started.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ResponseMcpCallInProgress = event("response.mcp_call.in_progress", {
  item_id: Schema.String,
  output_index: optional(Schema.Number)
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ResponseMcpCallInProgress extends Schema.Schema.Type<typeof ResponseMcpCallInProgress> {}

/**
 * `response.mcp_call.completed`: an MCP tool call completed.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ResponseMcpCallCompleted = event("response.mcp_call.completed", {
  item_id: Schema.String,
  output_index: optional(Schema.Number)
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ResponseMcpCallCompleted extends Schema.Schema.Type<typeof ResponseMcpCallCompleted> {}

/**
 * `response.mcp_call.failed`: an MCP tool call failed.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ResponseMcpCallFailed = event("response.mcp_call.failed", {
  item_id: Schema.String,
  output_index: optional(Schema.Number)
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ResponseMcpCallFailed extends Schema.Schema.Type<typeof ResponseMcpCallFailed> {}

const knownMembers = [
  SessionCreated,
  SessionUpdated,
  ConversationCreated,
  ConversationItemAdded,
  ConversationItemDone,
  ConversationItemCreated,
  ConversationItemRetrieved,
  ConversationItemDeleted,
  ConversationItemTruncated,
  ConversationItemInputAudioTranscriptionDelta,
  ConversationItemInputAudioTranscriptionCompleted,
  ConversationItemInputAudioTranscriptionFailed,
  ConversationItemInputAudioTranscriptionSegment,
  InputAudioBufferCommitted,
  InputAudioBufferCleared,
  InputAudioBufferSpeechStarted,
  InputAudioBufferSpeechStopped,
  InputAudioBufferTimeoutTriggered,
  InputAudioBufferDtmfEventReceived,
  ResponseCreated,
  ResponseDone,
  ResponseOutputItemAdded,
  ResponseOutputItemDone,
  ResponseContentPartAdded,
  ResponseContentPartDone,
  ResponseOutputTextDelta,
  ResponseOutputTextDone,
  ResponseOutputAudioDelta,
  ResponseOutputAudioDone,
  ResponseOutputAudioTranscriptDelta,
  ResponseOutputAudioTranscriptDone,
  ResponseFunctionCallArgumentsDelta,
  ResponseFunctionCallArgumentsDone,
  RateLimitsUpdated,
  ErrorEvent,
  OutputAudioBufferStarted,
  OutputAudioBufferStopped,
  OutputAudioBufferCleared,
  McpListToolsInProgress,
  McpListToolsCompleted,
  McpListToolsFailed,
  ResponseMcpCallArgumentsDelta,
  ResponseMcpCallArgumentsDone,
  ResponseMcpCallInProgress,
  ResponseMcpCallCompleted,
  ResponseMcpCallFailed
] as const

/**
 * The union of every known server event, narrowed by `type` (no fallback: a frame that fails fails).
 *
 * @since 0.1.0
 * @category schemas
 */
export const KnownServerEvent = Schema.Union(...knownMembers)

/**
 * @since 0.1.0
 * @category models
 */
export type KnownServerEvent = Schema.Schema.Type<typeof KnownServerEvent>

/**
 * The `type` of every known server event.
 *
 * @since 0.1.0
 * @category models
 */
export type ServerEventType = KnownServerEvent["type"]

/**
 * The `type` of every known server event, at runtime.
 *
 * @since 0.1.0
 * @category constants
 */
export const KnownServerEventTypes: ReadonlySet<string> = new Set(
  knownMembers.map((member) => member.fields.type.literals[0])
)

/**
 * Why a frame became an {@link UnknownServerEvent}: a `type` this package does not know (`UnknownType`), or a
 * frame that is not a JSON object with a string `type`, or a known type whose payload fails its schema
 * (`InvalidEvent`; {@link serverEventIssue} tells what failed).
 *
 * @since 0.1.0
 * @category schemas
 */
export const UnknownServerEventReason = Schema.Literal("UnknownType", "InvalidEvent")

/**
 * @since 0.1.0
 * @category models
 */
export type UnknownServerEventReason = Schema.Schema.Type<typeof UnknownServerEventReason>

/**
 * A server frame that did not decode to a known event. Its discriminant is the literal `"unknown"`, so
 * `switch (event.type)` still narrows every known event; the wire `type` is `originalType` (`""` when the frame
 * had none) and the frame is kept in `raw` (the parsed JSON, or the text when it was not an event object).
 *
 * @since 0.1.0
 * @category models
 */
export interface UnknownServerEvent {
  readonly type: "unknown"
  readonly originalType: string
  readonly reason: UnknownServerEventReason
  readonly event_id?: string
  readonly raw: unknown
}

const makeUnknown = (originalType: string, reason: UnknownServerEventReason, raw: unknown): UnknownServerEvent =>
  Predicate.isRecord(raw) && typeof raw.event_id === "string"
    ? { type: "unknown", originalType, reason, event_id: raw.event_id, raw }
    : { type: "unknown", originalType, reason, raw }

/**
 * The fallback member of {@link ServerEvent}: decodes any object with a string `type` (the reason depends on
 * whether the type is known) and encodes back to `raw`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const UnknownServerEvent: Schema.Schema<UnknownServerEvent, unknown> = Schema.transformOrFail(
  Schema.Unknown,
  Schema.Struct({
    type: Schema.Literal("unknown"),
    originalType: Schema.String,
    reason: UnknownServerEventReason,
    event_id: optional(Schema.String),
    raw: Schema.Unknown
  }),
  {
    strict: true,
    decode: (raw, _, ast) =>
      hasStringType(raw)
        ? ParseResult.succeed(
          makeUnknown(raw.type, KnownServerEventTypes.has(raw.type) ? "InvalidEvent" : "UnknownType", raw)
        )
        : ParseResult.fail(new ParseResult.Type(ast, raw, "Expected an object with a string \"type\"")),
    encode: (unknownEvent) => ParseResult.succeed(unknownEvent.raw)
  }
).annotations({ identifier: "UnknownServerEvent" })

/**
 * Every server event, narrowed by `type`. Decoding never fails for an object with a string `type`: the member
 * is picked by its `type` literal, and when there is none, or it rejects the payload, the frame becomes an
 * {@link UnknownServerEvent}. Unknown fields are ignored.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ServerEvent = Schema.Union(...knownMembers, UnknownServerEvent)

/**
 * @since 0.1.0
 * @category models
 */
export type ServerEvent = Schema.Schema.Type<typeof ServerEvent>

/**
 * Whether a value is an {@link UnknownServerEvent} (what {@link decodeServerEvent} returns for a frame it could
 * not decode to a known event).
 *
 * @since 0.1.0
 * @category guards
 */
export const isUnknownServerEvent = (u: unknown): u is UnknownServerEvent =>
  Predicate.isRecord(u) && u.type === "unknown" && typeof u.originalType === "string" &&
  (u.reason === "UnknownType" || u.reason === "InvalidEvent") && "raw" in u

const noJson: unique symbol = Symbol.for("@pkg/realtime-client/ServerEvent/noJson")

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return noJson
  }
}

/**
 * Decodes one server text frame; never throws. Non-JSON text, or JSON that is not an object with a string
 * `type`, becomes an {@link UnknownServerEvent} with reason `InvalidEvent`, `originalType: ""` and the text in
 * `raw`.
 *
 * @since 0.1.0
 * @category decoding
 */
export const decodeServerEvent = (text: string): ServerEvent => {
  const json = parseJson(text)
  if (!hasStringType(json)) {
    return makeUnknown("", "InvalidEvent", text)
  }
  const decode = decoderOf(json.type)
  if (decode === undefined) return makeUnknown(json.type, "UnknownType", json)
  const decoded = decode(json)
  return decoded === Invalid ? makeUnknown(json.type, "InvalidEvent", json) : decoded as ServerEvent
}

const memberByType: ReadonlyMap<string, Schema.Schema<any, any>> = new Map(
  knownMembers.map((member) => [member.fields.type.literals[0], member])
)

// The same result as decoding with the `ServerEvent` union, without trying the union's members: the member
// is found by its `type` literal at once (a session decodes every frame it receives), and decoded by a decoder
// compiled from its schema (see `compileDecoder`), when its first event arrives: compiling them all cost every
// start milliseconds, for the fifty types of which a session receives a dozen.
const decoderByType = new Map<string, CompiledDecoder>()

const decoderOf = (type: string): CompiledDecoder | undefined => {
  const known = decoderByType.get(type)
  if (known !== undefined) return known
  const member = memberByType.get(type)
  if (member === undefined) return undefined
  const decoder = compileDecoder(member.ast)
  decoderByType.set(type, decoder)
  return decoder
}

const issueOf = (json: unknown): Option.Option<string> => {
  if (!hasStringType(json)) {
    return Option.some("Expected a JSON object with a string \"type\"")
  }
  const member = memberByType.get(json.type)
  if (member === undefined) {
    return Option.none()
  }
  const decoded = Schema.decodeUnknownEither(member, { errors: "all" })(json)
  return Either.isLeft(decoded) ? Option.some(decoded.left.message) : Option.none()
}

/**
 * The human-readable reason a frame is an `InvalidEvent`: pass the frame text, the parsed JSON, or the
 * {@link UnknownServerEvent} itself (its `raw` is used; a string is read as frame text). `None` when the frame is
 * a valid known event or merely of an unknown type. Meant for the slow path (debug logs, counters).
 *
 * @since 0.1.0
 * @category decoding
 */
export const serverEventIssue = (input: unknown): Option.Option<string> => {
  const frame = isUnknownServerEvent(input) ? input.raw : input
  if (typeof frame !== "string") {
    return issueOf(frame)
  }
  const json = parseJson(frame)
  return json === noJson ? Option.some(`Expected JSON text, got ${JSON.stringify(frame.slice(0, 80))}`) : issueOf(json)
}

/**
 * Conversation items of the Realtime API (GA protocol): messages and their content parts, function calls and
 * their outputs, MCP items, and `item_reference` for `response.create` input.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { JsonValue, OpenLiteral, orUnknown } from "./Shared.js"

const optional = <S extends Schema.Schema.All>(schema: S) => Schema.optionalWith(schema, { exact: true })

/**
 * Item status; it has no effect on the conversation.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ItemStatus = OpenLiteral("completed", "incomplete", "in_progress")

const itemFields = {
  id: optional(Schema.String),
  object: optional(Schema.String),
  status: optional(ItemStatus)
}

/**
 * Text written by the client (system and user messages).
 *
 * @since 0.1.0
 * @category schemas
 */
export const InputTextContent = Schema.Struct({
  type: Schema.Literal("input_text"),
  text: Schema.String
})

/**
 * @since 0.1.0
 * @category models
 */
export interface InputTextContent extends Schema.Schema.Type<typeof InputTextContent> {}

/**
 * User audio: base64 bytes in the session's input format (omitted by the server except in
 * `conversation.item.retrieved`) and the transcript once input transcription has run.
 *
 * @since 0.1.0
 * @category schemas
 */
export const InputAudioContent = Schema.Struct({
  type: Schema.Literal("input_audio"),
  audio: optional(Schema.NullOr(Schema.String)),
  transcript: optional(Schema.NullOr(Schema.String))
})

/**
 * @since 0.1.0
 * @category models
 */
export interface InputAudioContent extends Schema.Schema.Type<typeof InputAudioContent> {}

/**
 * A user image as a data URI (PNG or JPEG).
 *
 * @since 0.1.0
 * @category schemas
 */
export const InputImageContent = Schema.Struct({
  type: Schema.Literal("input_image"),
  image_url: optional(Schema.String),
  detail: optional(OpenLiteral("auto", "low", "high"))
})

/**
 * @since 0.1.0
 * @category models
 */
export interface InputImageContent extends Schema.Schema.Type<typeof InputImageContent> {}

/**
 * Assistant text (GA).
 *
 * @since 0.1.0
 * @category schemas
 */
export const OutputTextContent = Schema.Struct({
  type: Schema.Literal("output_text"),
  text: optional(Schema.String)
})

/**
 * @since 0.1.0
 * @category models
 */
export interface OutputTextContent extends Schema.Schema.Type<typeof OutputTextContent> {}

/**
 * Assistant audio (GA) with its transcript.
 *
 * @since 0.1.0
 * @category schemas
 */
export const OutputAudioContent = Schema.Struct({
  type: Schema.Literal("output_audio"),
  audio: optional(Schema.NullOr(Schema.String)),
  transcript: optional(Schema.NullOr(Schema.String))
})

/**
 * @since 0.1.0
 * @category models
 */
export interface OutputAudioContent extends Schema.Schema.Type<typeof OutputAudioContent> {}

/**
 * Assistant text as the beta protocol named it (`text`); still accepted.
 *
 * @since 0.1.0
 * @category schemas
 */
export const TextContent = Schema.Struct({
  type: Schema.Literal("text"),
  text: optional(Schema.String)
})

/**
 * @since 0.1.0
 * @category models
 */
export interface TextContent extends Schema.Schema.Type<typeof TextContent> {}

/**
 * Assistant audio as the beta protocol named it (`audio`); still accepted.
 *
 * @since 0.1.0
 * @category schemas
 */
export const AudioContent = Schema.Struct({
  type: Schema.Literal("audio"),
  audio: optional(Schema.NullOr(Schema.String)),
  transcript: optional(Schema.NullOr(Schema.String))
})

/**
 * @since 0.1.0
 * @category models
 */
export interface AudioContent extends Schema.Schema.Type<typeof AudioContent> {}

/**
 * A system message: extra instructions inserted anywhere in the conversation (text only).
 *
 * @since 0.1.0
 * @category schemas
 */
export const SystemMessage = Schema.Struct({
  type: Schema.Literal("message"),
  role: Schema.Literal("system"),
  content: Schema.Array(Schema.Union(InputTextContent, TextContent)),
  ...itemFields
})

/**
 * @since 0.1.0
 * @category models
 */
export interface SystemMessage extends Schema.Schema.Type<typeof SystemMessage> {}

/**
 * A user message: text, audio (what `input_audio_buffer.commit` creates) or images.
 *
 * @since 0.1.0
 * @category schemas
 */
export const UserMessage = Schema.Struct({
  type: Schema.Literal("message"),
  role: Schema.Literal("user"),
  content: Schema.Array(Schema.Union(InputTextContent, InputAudioContent, InputImageContent, TextContent)),
  ...itemFields
})

/**
 * @since 0.1.0
 * @category models
 */
export interface UserMessage extends Schema.Schema.Type<typeof UserMessage> {}

/**
 * An assistant message: GA `output_text` / `output_audio`, or beta `text` / `audio` content. Its content is empty
 * while the model is still producing it.
 *
 * @since 0.1.0
 * @category schemas
 */
export const AssistantMessage = Schema.Struct({
  type: Schema.Literal("message"),
  role: Schema.Literal("assistant"),
  content: Schema.Array(Schema.Union(OutputTextContent, OutputAudioContent, TextContent, AudioContent)),
  ...itemFields
})

/**
 * @since 0.1.0
 * @category models
 */
export interface AssistantMessage extends Schema.Schema.Type<typeof AssistantMessage> {}

/**
 * A function call by the model; `arguments` is JSON text.
 *
 * @since 0.1.0
 * @category schemas
 */
export const FunctionCallItem = Schema.Struct({
  type: Schema.Literal("function_call"),
  name: Schema.String,
  arguments: Schema.String,
  call_id: optional(Schema.String),
  ...itemFields
})

/**
 * @since 0.1.0
 * @category models
 */
export interface FunctionCallItem extends Schema.Schema.Type<typeof FunctionCallItem> {}

/**
 * The client's answer to a function call (free text).
 *
 * @since 0.1.0
 * @category schemas
 */
export const FunctionCallOutputItem = Schema.Struct({
  type: Schema.Literal("function_call_output"),
  call_id: Schema.String,
  output: Schema.String,
  ...itemFields
})

/**
 * @since 0.1.0
 * @category models
 */
export interface FunctionCallOutputItem extends Schema.Schema.Type<typeof FunctionCallOutputItem> {}

/**
 * An MCP tool invocation, with its output or error.
 *
 * @since 0.1.0
 * @category schemas
 */
export const McpCallItem = Schema.Struct({
  type: Schema.Literal("mcp_call"),
  id: Schema.String,
  server_label: Schema.String,
  name: Schema.String,
  arguments: Schema.String,
  approval_request_id: optional(Schema.NullOr(Schema.String)),
  output: optional(Schema.NullOr(Schema.String)),
  error: optional(Schema.NullOr(Schema.Struct({
    type: OpenLiteral("protocol_error", "tool_execution_error", "http_error"),
    code: optional(Schema.Int),
    message: optional(Schema.String)
  })))
})

/**
 * @since 0.1.0
 * @category models
 */
export interface McpCallItem extends Schema.Schema.Type<typeof McpCallItem> {}

/**
 * The tools an MCP server offers.
 *
 * @since 0.1.0
 * @category schemas
 */
export const McpListToolsItem = Schema.Struct({
  type: Schema.Literal("mcp_list_tools"),
  server_label: Schema.String,
  tools: Schema.Array(Schema.Struct({
    name: Schema.String,
    description: optional(Schema.NullOr(Schema.String)),
    input_schema: optional(JsonValue),
    annotations: optional(JsonValue)
  })),
  id: optional(Schema.String)
})

/**
 * @since 0.1.0
 * @category models
 */
export interface McpListToolsItem extends Schema.Schema.Type<typeof McpListToolsItem> {}

/**
 * A request for human approval of an MCP tool call.
 *
 * @since 0.1.0
 * @category schemas
 */
export const McpApprovalRequestItem = Schema.Struct({
  type: Schema.Literal("mcp_approval_request"),
  id: Schema.String,
  server_label: Schema.String,
  name: Schema.String,
  arguments: Schema.String
})

/**
 * @since 0.1.0
 * @category models
 */
export interface McpApprovalRequestItem extends Schema.Schema.Type<typeof McpApprovalRequestItem> {}

/**
 * The client's answer to an MCP approval request.
 *
 * @since 0.1.0
 * @category schemas
 */
export const McpApprovalResponseItem = Schema.Struct({
  type: Schema.Literal("mcp_approval_response"),
  id: Schema.String,
  approval_request_id: Schema.String,
  approve: Schema.Boolean,
  reason: optional(Schema.NullOr(Schema.String))
})

/**
 * @since 0.1.0
 * @category models
 */
export interface McpApprovalResponseItem extends Schema.Schema.Type<typeof McpApprovalResponseItem> {}

/**
 * Every known item, narrowed by `type` (and by `role` for messages). This is what the client may send in
 * `conversation.item.create`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ConversationItem = Schema.Union(
  SystemMessage,
  UserMessage,
  AssistantMessage,
  FunctionCallItem,
  FunctionCallOutputItem,
  McpCallItem,
  McpListToolsItem,
  McpApprovalRequestItem,
  McpApprovalResponseItem
)

/**
 * @since 0.1.0
 * @category models
 */
export type ConversationItem = Schema.Schema.Type<typeof ConversationItem>

/**
 * A reference to an item already in the conversation, by id; allowed in `response.create`'s `input` (missing
 * from the GA SDK types, used by the official example).
 *
 * @since 0.1.0
 * @category schemas
 */
export const ItemReference = Schema.Struct({
  type: Schema.Literal("item_reference"),
  id: Schema.String
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ItemReference extends Schema.Schema.Type<typeof ItemReference> {}

/**
 * An entry of `response.create`'s `input`: a full item or a reference to an existing one.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ResponseInputItem = Schema.Union(ConversationItem, ItemReference)

/**
 * @since 0.1.0
 * @category models
 */
export type ResponseInputItem = Schema.Schema.Type<typeof ResponseInputItem>

/**
 * An item as received from the server: a known item, or — for a new item type or a payload that fails its
 * schema — an `UnknownVariant` (`type: "unknown"`, the wire `type` in `originalType`, the item in `raw`), so
 * that the enclosing event (e.g. `response.done`) still decodes.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ServerItem = orUnknown(ConversationItem)

/**
 * @since 0.1.0
 * @category models
 */
export type ServerItem = Schema.Schema.Type<typeof ServerItem>

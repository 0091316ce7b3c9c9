/**
 * Every client event of the Realtime API (GA protocol), and their JSON encoding.
 *
 * @since 0.1.0
 */
import type * as Either from "effect/Either"
import type * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"
import { compileDecoder, Invalid } from "./internal/compiledDecoder.js"
import { ConversationItem } from "./Items.js"
import { ResponseCreateParams } from "./Response.js"
import { SessionConfig } from "./Session.js"
import { ClientEventId } from "./Shared.js"

const optional = <S extends Schema.Schema.All>(schema: S) => Schema.optionalWith(schema, { exact: true })

const event = <const Type extends string, Fields extends Schema.Struct.Fields>(type: Type, fields: Fields) =>
  Schema.Struct({ type: Schema.Literal(type), event_id: optional(ClientEventId), ...fields }).annotations({
    identifier: type
  })

/**
 * `session.update`: change the session's configuration (only the fields present); answered by
 * `session.updated`. The session `type` is required.
 *
 * @since 0.1.0
 * @category schemas
 */
export const SessionUpdate = event("session.update", {
  session: SessionConfig
})

/**
 * @since 0.1.0
 * @category models
 */
export interface SessionUpdate extends Schema.Schema.Type<typeof SessionUpdate> {}

/**
 * `input_audio_buffer.append`: base64 audio in the session's input format (≤ 15 MiB per event); never
 * acknowledged.
 *
 * @since 0.1.0
 * @category schemas
 */
export const InputAudioBufferAppend = event("input_audio_buffer.append", {
  audio: Schema.String
})

/**
 * @since 0.1.0
 * @category models
 */
export interface InputAudioBufferAppend extends Schema.Schema.Type<typeof InputAudioBufferAppend> {}

/**
 * `input_audio_buffer.commit`: turn the buffer (≥ 100 ms of audio) into a user item; answered by
 * `input_audio_buffer.committed`. Does not create a response.
 *
 * @since 0.1.0
 * @category schemas
 */
export const InputAudioBufferCommit = event("input_audio_buffer.commit", {})

/**
 * @since 0.1.0
 * @category models
 */
export interface InputAudioBufferCommit extends Schema.Schema.Type<typeof InputAudioBufferCommit> {}

/**
 * `input_audio_buffer.clear`: drop the buffered audio; answered by `input_audio_buffer.cleared`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const InputAudioBufferClear = event("input_audio_buffer.clear", {})

/**
 * @since 0.1.0
 * @category models
 */
export interface InputAudioBufferClear extends Schema.Schema.Type<typeof InputAudioBufferClear> {}

/**
 * `conversation.item.create`: add an item after `previous_item_id` (`"root"` = at the start; default: at the
 * end); answered by `conversation.item.added`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ConversationItemCreate = event("conversation.item.create", {
  item: ConversationItem,
  previous_item_id: optional(Schema.String)
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ConversationItemCreate extends Schema.Schema.Type<typeof ConversationItemCreate> {}

/**
 * `conversation.item.retrieve`: fetch an item with its audio; answered by `conversation.item.retrieved`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ConversationItemRetrieve = event("conversation.item.retrieve", {
  item_id: Schema.String
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ConversationItemRetrieve extends Schema.Schema.Type<typeof ConversationItemRetrieve> {}

/**
 * `conversation.item.truncate`: cut unplayed assistant audio at `audio_end_ms`; answered by
 * `conversation.item.truncated`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ConversationItemTruncate = event("conversation.item.truncate", {
  item_id: Schema.String,
  content_index: Schema.NonNegativeInt,
  audio_end_ms: Schema.NonNegativeInt
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ConversationItemTruncate extends Schema.Schema.Type<typeof ConversationItemTruncate> {}

/**
 * `conversation.item.delete`: remove an item from the conversation; answered by `conversation.item.deleted`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ConversationItemDelete = event("conversation.item.delete", {
  item_id: Schema.String
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ConversationItemDelete extends Schema.Schema.Type<typeof ConversationItemDelete> {}

/**
 * `response.create`: ask the model for a response, optionally out of band with its own input; answered by
 * `response.created` … `response.done`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ResponseCreate = event("response.create", {
  response: optional(ResponseCreateParams)
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ResponseCreate extends Schema.Schema.Type<typeof ResponseCreate> {}

/**
 * `response.cancel`: cancel `response_id` (default: the default conversation's response); answered by
 * `response.done` with `status: "cancelled"`, or a harmless `error` when nothing runs.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ResponseCancel = event("response.cancel", {
  response_id: optional(Schema.String)
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ResponseCancel extends Schema.Schema.Type<typeof ResponseCancel> {}

/**
 * `output_audio_buffer.clear`: cut off the audio being played (WebRTC/SIP only).
 *
 * @since 0.1.0
 * @category schemas
 */
export const OutputAudioBufferClear = event("output_audio_buffer.clear", {})

/**
 * @since 0.1.0
 * @category models
 */
export interface OutputAudioBufferClear extends Schema.Schema.Type<typeof OutputAudioBufferClear> {}

/**
 * Every client event, narrowed by `type`. Each may carry an `event_id` (≤ 512 characters) that the server
 * echoes in the `error` it causes.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ClientEvent = Schema.Union(
  SessionUpdate,
  InputAudioBufferAppend,
  InputAudioBufferCommit,
  InputAudioBufferClear,
  ConversationItemCreate,
  ConversationItemRetrieve,
  ConversationItemTruncate,
  ConversationItemDelete,
  ResponseCreate,
  ResponseCancel,
  OutputAudioBufferClear
)

/**
 * @since 0.1.0
 * @category models
 */
export type ClientEvent = Schema.Schema.Type<typeof ClientEvent>

/**
 * The `type` of every client event.
 *
 * @since 0.1.0
 * @category models
 */
export type ClientEventType = ClientEvent["type"]

/**
 * A client event as JSON text.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ClientEventFromJson = Schema.parseJson(ClientEvent)

// Each type's encoder is its own member's, compiled when its first event is sent (as the decoders of server
// events are): the union's encoder would look for the member each time, at twice the cost and garbage, and
// compiling every member's at start costs milliseconds that every program importing this module would pay.
const encoderByType = new Map<string, (event: ClientEvent) => string>()

const encoderOf = (type: string): (event: ClientEvent) => string => {
  const known = encoderByType.get(type)
  if (known !== undefined) return known
  const member = ClientEvent.members.find((member) => member.fields.type.literals[0] === type)
  const encoder = compiledEncoder(member === undefined ? ClientEvent : member as Schema.Schema<ClientEvent>)
  encoderByType.set(type, encoder)
  return encoder
}

// A schema without transformations encodes a value to the value its decoder gives for it, so the compiled
// decoder validates it and JSON.stringify writes it, in a third to a half of the time Effect's encoder takes. A value it
// refuses goes to Effect's encoder, whose ParseError says why (made then: it takes a millisecond to make).
const compiledEncoder = (schema: Schema.Schema<ClientEvent>): (event: ClientEvent) => string => {
  let effectEncoder: ((event: ClientEvent) => string) | undefined
  const encode = (event: ClientEvent) => (effectEncoder ??= Schema.encodeSync(Schema.parseJson(schema)))(event)
  if (AST.encodedBoundAST(schema.ast) !== schema.ast) return encode
  const validate = compileDecoder(schema.ast)
  return (event) => {
    const valid = validate(event)
    return valid === Invalid ? encode(event) : JSON.stringify(valid)
  }
}

/**
 * Validates a client event through its schema and returns its JSON text. Throws a `ParseError` when the event
 * breaks a constraint the types cannot express (an `event_id` over 512 characters, more than 16 metadata
 * pairs); use `Schema.encode(ClientEventFromJson)` to get that as a typed failure instead.
 *
 * @since 0.1.0
 * @category encoding
 */
export const encodeClientEvent = (event: ClientEvent): string => encoderOf(event.type)(event)

/**
 * Decodes a client event from JSON text (what a server, or a fake one, receives).
 *
 * @since 0.1.0
 * @category decoding
 */
export const decodeClientEvent: (text: string) => Either.Either<ClientEvent, ParseResult.ParseError> = Schema
  .decodeEither(ClientEventFromJson)

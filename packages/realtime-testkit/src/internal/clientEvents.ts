import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { EventRejected } from "./eventRejected.js"

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

/** Strict base64 (padded, standard alphabet) to bytes. */
const Base64Bytes = Schema.transformOrFail(Schema.String, Schema.Uint8ArrayFromSelf, {
  strict: true,
  decode: (text, _, ast) =>
    text.length % 4 === 0 && BASE64.test(text)
      ? ParseResult.succeed(new Uint8Array(Buffer.from(text, "base64")))
      : ParseResult.fail(new ParseResult.Type(ast, text, "Invalid base64-encoded audio.")),
  encode: (bytes) => ParseResult.succeed(Buffer.from(bytes).toString("base64"))
})

const Open = Schema.Record({ key: Schema.String, value: Schema.Unknown })

const EventId = Schema.String.pipe(Schema.maxLength(512))

const Envelope = Schema.Struct({ type: Schema.String, event_id: Schema.optional(EventId) })

/** A content part of an item; base64 `audio` is decoded to its byte length. @internal */
export const ContentPart = Schema.Struct({
  type: Schema.String,
  text: Schema.optional(Schema.String),
  transcript: Schema.optional(Schema.NullOr(Schema.String)),
  audioBytes: Schema.optional(Base64Bytes.pipe(Schema.transform(Schema.Number, {
    strict: true,
    decode: (bytes) => bytes.length,
    encode: (length) => new Uint8Array(length)
  }))).pipe(Schema.fromKey("audio"))
}, Open)

/** @internal */
export type ContentPart = typeof ContentPart.Type

/** @internal */
export const Item = Schema.Struct({
  id: Schema.optional(Schema.String),
  type: Schema.String,
  role: Schema.optional(Schema.String),
  content: Schema.optional(Schema.Array(ContentPart))
}, Open)

/** @internal */
export type Item = typeof Item.Type

const ItemReference = Schema.Struct({ type: Schema.Literal("item_reference"), id: Schema.String })

const ResponseParams = Schema.Struct({
  conversation: Schema.optional(Schema.String),
  instructions: Schema.optional(Schema.String),
  metadata: Schema.optional(Schema.NullOr(Schema.Record({ key: Schema.String, value: Schema.String }))),
  output_modalities: Schema.optional(Schema.Array(Schema.Literal("text", "audio"))),
  input: Schema.optional(Schema.Array(Schema.Union(ItemReference, Item)))
}, Open)

const event = <Type extends string, Fields extends Schema.Struct.Fields>(type: Type, fields: Fields) =>
  Schema.Struct({ type: Schema.Literal(type), event_id: Schema.optional(EventId), ...fields })

/** The client events the server handles, decoded. @internal */
export const ClientEvent = Schema.Union(
  event("session.update", { session: Open }),
  event("input_audio_buffer.append", { audio: Base64Bytes }),
  event("input_audio_buffer.commit", {}),
  event("input_audio_buffer.clear", {}),
  event("conversation.item.create", {
    previous_item_id: Schema.optional(Schema.NullOr(Schema.String)),
    item: Item
  }),
  event("conversation.item.retrieve", { item_id: Schema.String }),
  event("conversation.item.truncate", { item_id: Schema.String }),
  event("conversation.item.delete", { item_id: Schema.String }),
  event("response.create", { response: Schema.optional(ResponseParams) }),
  event("response.cancel", { response_id: Schema.optional(Schema.String) }),
  event("output_audio_buffer.clear", {})
)

/** @internal */
export type ClientEvent = typeof ClientEvent.Type

const knownTypes: ReadonlyArray<string> = ClientEvent.members.map((member) => member.fields.type.literals[0])

/**
 * One decoded text frame: its type (or a placeholder), its `event_id`, the form kept in the record (base64
 * audio replaced by its decoded length) and either the typed event or the `invalid_event` error the real
 * service would answer with.
 *
 * @internal
 */
export interface Decoded {
  readonly type: string
  readonly eventId: string | null
  readonly recorded: unknown
  readonly event: Either.Either<ClientEvent, EventRejected>
}

const invalidEvent = (message: string, param: string | null = null) =>
  new EventRejected({ reason: "InvalidRequest", code: "invalid_event", message, param })

const firstIssue = (error: ParseResult.ParseError) => {
  const issue = ParseResult.ArrayFormatter.formatErrorSync(error)[0]
  const path = issue && issue.path.length > 0 ? issue.path.join(".") : null
  const message = issue ? issue.message.split("\n")[0] : "Invalid event."
  return invalidEvent(path === null ? message : `Invalid '${path}': ${message}`, path)
}

const RECORDED_TEXT_LIMIT = 4096

const parse = Schema.decodeUnknownEither(Schema.parseJson())
const decodeEnvelope = Schema.decodeUnknownEither(Envelope)
const decodeEvent = Schema.decodeUnknownEither(ClientEvent)

const base64Length = (text: string) => Math.floor((text.length * 3) / 4) - (text.match(/=*$/)?.[0].length ?? 0)

/** Replaces every base64 `audio` string by `audioBytes`, its decoded length. @internal */
export const withoutAudio = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(withoutAudio)
  if (typeof value !== "object" || value === null) return value
  const out: Record<string, unknown> = {}
  for (const [key, field] of Object.entries(value)) {
    if (key === "audio" && typeof field === "string") out.audioBytes = base64Length(field)
    else out[key] = withoutAudio(field)
  }
  return out
}

const eventIdOf = (value: unknown): string | null =>
  typeof value === "object" && value !== null && "event_id" in value && typeof value.event_id === "string"
    ? value.event_id
    : null

/**
 * Decodes one text frame. Known events are checked against their Schema; anything else is answered with the
 * `invalid_event` error the real service sends.
 *
 * @internal
 */
export const decode = (text: string): Decoded => {
  const json = parse(text)
  if (Either.isLeft(json)) {
    return {
      type: "(unparsed)",
      eventId: null,
      recorded: text.slice(0, RECORDED_TEXT_LIMIT),
      event: Either.left(invalidEvent("The event is not valid JSON."))
    }
  }
  const recorded = withoutAudio(json.right)
  const envelope = decodeEnvelope(json.right)
  if (Either.isLeft(envelope)) {
    const hasType = typeof json.right === "object" && json.right !== null && "type" in json.right
    return {
      type: hasType ? "(invalid)" : "(untyped)",
      eventId: eventIdOf(json.right),
      recorded,
      event: Either.left(hasType ? firstIssue(envelope.left) : invalidEvent("The 'type' field is missing."))
    }
  }
  const { event_id, type } = envelope.right
  const eventId = event_id ?? null
  if (!knownTypes.includes(type)) {
    const supported = knownTypes.map((known) => `'${known}'`).join(", ")
    return {
      type,
      eventId,
      recorded,
      event: Either.left(invalidEvent(`Invalid value: '${type}'. Supported values are: ${supported}.`, "type"))
    }
  }
  return { type, eventId, recorded, event: Either.mapLeft(decodeEvent(json.right), firstIssue) }
}

/**
 * Wire primitives shared by the session, item, response and event schemas of the Realtime API (GA protocol).
 *
 * @since 0.1.0
 */
import * as ParseResult from "effect/ParseResult"
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"

/**
 * A string enum that OpenAI keeps extending: the known literals document the current values (types, editor
 * completion, arbitraries), but any string decodes, so a new value never fails a whole event. At runtime it is a
 * plain string check.
 *
 * @since 0.1.0
 * @category combinators
 */
export const OpenLiteral = <const Literals extends readonly [string, ...Array<string>]>(
  ...literals: Literals
): Schema.Schema<Literals[number] | (string & {})> =>
  Schema.String.annotations({
    description: `one of ${literals.map((literal) => JSON.stringify(literal)).join(", ")}, or any other string`,
    arbitrary: () => (fc) => fc.oneof(fc.constantFrom(...literals), fc.string())
  })

/**
 * What a tolerant union decodes a member it cannot validate into: the discriminant is the literal `"unknown"`
 * (so `switch (x.type)` still narrows the known members), `originalType` is the wire `type`, and `raw` the
 * input as received. Encoding gives back `raw`.
 *
 * @since 0.1.0
 * @category models
 */
export interface UnknownVariant {
  readonly type: "unknown"
  readonly originalType: string
  readonly id?: string
  readonly raw: unknown
}

const UnknownVariantType = Schema.Struct({
  type: Schema.Literal("unknown"),
  originalType: Schema.String,
  id: Schema.optionalWith(Schema.String, { exact: true }),
  raw: Schema.Unknown
})

/**
 * A JSON object with a string `type`: the shape every tolerant union falls back on.
 *
 * @since 0.1.0
 * @category guards
 */
export const hasStringType = (u: unknown): u is { readonly type: string; readonly [key: string]: unknown } =>
  Predicate.isRecord(u) && typeof u.type === "string"

/**
 * Decodes any object with a string `type` into an {@link UnknownVariant}; encodes back to `raw`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const UnknownVariant: Schema.Schema<UnknownVariant, unknown> = Schema.transformOrFail(
  Schema.Unknown,
  UnknownVariantType,
  {
    strict: true,
    decode: (raw, _, ast) =>
      hasStringType(raw)
        ? ParseResult.succeed(
          typeof raw.id === "string"
            ? { type: "unknown" as const, originalType: raw.type, id: raw.id, raw }
            : { type: "unknown" as const, originalType: raw.type, raw }
        )
        : ParseResult.fail(new ParseResult.Type(ast, raw, "Expected an object with a string \"type\"")),
    encode: (variant) => ParseResult.succeed(variant.raw)
  }
).annotations({ identifier: "UnknownVariant" })

/**
 * Adds an {@link UnknownVariant} fallback to a union discriminated by `type`: a member whose `type` is new, or
 * whose payload fails its schema, decodes to the fallback instead of failing the enclosing event. Members are
 * still selected by their `type` literal first, so the fallback costs nothing on valid input.
 *
 * @since 0.1.0
 * @category combinators
 */
export const orUnknown = <S extends Schema.Schema.Any>(
  schema: S
): Schema.Union<[S, Schema.Schema<UnknownVariant, unknown>]> => Schema.Union(schema, UnknownVariant)

/**
 * Any JSON value (tool parameter schemas, prompt variables, tracing metadata). Its arbitrary yields only values
 * that survive `JSON.stringify` / `JSON.parse` unchanged.
 *
 * @since 0.1.0
 * @category schemas
 */
export const JsonValue: Schema.Schema<unknown> = Schema.Unknown.annotations({
  identifier: "JsonValue",
  arbitrary: () => (fc) => fc.jsonValue({ maxDepth: 2 }).map((value) => JSON.parse(JSON.stringify(value)))
})

/**
 * A key of a string-keyed record on the wire. Its arbitrary never yields `"__proto__"`: decoding a record
 * assigns keys one by one, which cannot recreate an own `__proto__` property.
 *
 * @since 0.1.0
 * @category schemas
 */
export const RecordKey = Schema.String.annotations({
  arbitrary: () => (fc) => fc.string().filter((key) => key !== "__proto__")
})

/**
 * A client-chosen event id, echoed in the `error` event that it caused (max 512 characters).
 *
 * @since 0.1.0
 * @category schemas
 */
export const ClientEventId = Schema.String.pipe(Schema.maxLength(512))

/**
 * Audio formats: `{type:"audio/pcm", rate:24000}` (PCM16 LE mono), `{type:"audio/pcmu"}`, `{type:"audio/pcma"}`.
 * `type` may be absent, as the SDK types it (PCM is the default).
 *
 * @since 0.1.0
 * @category schemas
 */
export const AudioFormat = Schema.Struct({
  type: Schema.optionalWith(OpenLiteral("audio/pcm", "audio/pcmu", "audio/pcma"), { exact: true }),
  rate: Schema.optionalWith(Schema.Int, { exact: true })
})

/**
 * @since 0.1.0
 * @category models
 */
export interface AudioFormat extends Schema.Schema.Type<typeof AudioFormat> {}

/**
 * Output modality: `"text"` or `"audio"` (audio always comes with a transcript).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Modality = OpenLiteral("text", "audio")

/**
 * The built-in voices; `marin` and `cedar` are the recommended ones.
 *
 * @since 0.2.0
 * @category schemas
 */
export const VoiceName = OpenLiteral(
  "alloy",
  "ash",
  "ballad",
  "coral",
  "echo",
  "sage",
  "shimmer",
  "verse",
  "marin",
  "cedar"
)

/**
 * A custom voice, by its id (e.g. `{ id: "voice_1234" }`).
 *
 * @since 0.2.0
 * @category schemas
 */
export const CustomVoice = Schema.Struct({ id: Schema.String })

/**
 * @since 0.2.0
 * @category models
 */
export interface CustomVoice extends Schema.Schema.Type<typeof CustomVoice> {}

/**
 * A voice: a built-in voice by name, or a custom voice as `{ id }`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Voice = Schema.Union(VoiceName, CustomVoice)

/**
 * @since 0.2.0
 * @category models
 */
export type Voice = Schema.Schema.Type<typeof Voice>

/**
 * A limit on output tokens per response: a positive integer or `"inf"` (the default).
 *
 * @since 0.1.0
 * @category schemas
 */
export const MaxOutputTokens = Schema.Union(Schema.Int, Schema.Literal("inf"))

/**
 * Up to 16 string pairs attached to a response (key ≤ 64, value ≤ 512 characters), echoed on `response.*`
 * events so that concurrent responses can be told apart.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Metadata = Schema.Record({
  key: RecordKey.pipe(Schema.maxLength(64)),
  value: Schema.String.pipe(Schema.maxLength(512))
}).pipe(
  Schema.filter((metadata) => Object.keys(metadata).length <= 16 || "Expected at most 16 metadata pairs")
)

/**
 * @since 0.1.0
 * @category models
 */
export type Metadata = Schema.Schema.Type<typeof Metadata>

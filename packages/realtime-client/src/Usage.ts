/**
 * Usage reported by the Realtime API (GA protocol): per response (`response.done`) and per input transcription
 * (`conversation.item.input_audio_transcription.completed`, billed at the ASR model's rates).
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { orUnknown } from "./Shared.js"

const optional = <S extends Schema.Schema.All>(schema: S) => Schema.optionalWith(schema, { exact: true })

/**
 * Cached input tokens by modality (a subset of the input tokens, billed at the cached rate).
 *
 * @since 0.1.0
 * @category schemas
 */
export const CachedTokensDetails = Schema.Struct({
  text_tokens: optional(Schema.Number),
  audio_tokens: optional(Schema.Number),
  image_tokens: optional(Schema.Number)
})

/**
 * @since 0.1.0
 * @category models
 */
export interface CachedTokensDetails extends Schema.Schema.Type<typeof CachedTokensDetails> {}

/**
 * Input tokens by modality, and how many of them were cached.
 *
 * @since 0.1.0
 * @category schemas
 */
export const InputTokenDetails = Schema.Struct({
  text_tokens: optional(Schema.Number),
  audio_tokens: optional(Schema.Number),
  image_tokens: optional(Schema.Number),
  cached_tokens: optional(Schema.Number),
  cached_tokens_details: optional(Schema.NullOr(CachedTokensDetails))
})

/**
 * @since 0.1.0
 * @category models
 */
export interface InputTokenDetails extends Schema.Schema.Type<typeof InputTokenDetails> {}

/**
 * Output tokens by modality.
 *
 * @since 0.1.0
 * @category schemas
 */
export const OutputTokenDetails = Schema.Struct({
  text_tokens: optional(Schema.Number),
  audio_tokens: optional(Schema.Number)
})

/**
 * @since 0.1.0
 * @category models
 */
export interface OutputTokenDetails extends Schema.Schema.Type<typeof OutputTokenDetails> {}

/**
 * A response's usage: the whole context sent to the model counts as input on every response.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ResponseUsage = Schema.Struct({
  total_tokens: optional(Schema.Number),
  input_tokens: optional(Schema.Number),
  output_tokens: optional(Schema.Number),
  input_token_details: optional(Schema.NullOr(InputTokenDetails)),
  output_token_details: optional(Schema.NullOr(OutputTokenDetails))
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ResponseUsage extends Schema.Schema.Type<typeof ResponseUsage> {}

/**
 * Transcription usage of token-billed ASR models (`gpt-4o-transcribe`, …).
 *
 * @since 0.1.0
 * @category schemas
 */
export const TranscriptionTokenUsage = Schema.Struct({
  type: Schema.Literal("tokens"),
  input_tokens: optional(Schema.Number),
  output_tokens: optional(Schema.Number),
  total_tokens: optional(Schema.Number),
  input_token_details: optional(Schema.NullOr(Schema.Struct({
    text_tokens: optional(Schema.Number),
    audio_tokens: optional(Schema.Number)
  })))
})

/**
 * @since 0.1.0
 * @category models
 */
export interface TranscriptionTokenUsage extends Schema.Schema.Type<typeof TranscriptionTokenUsage> {}

/**
 * Transcription usage of duration-billed ASR models (`whisper-1`, …): seconds of input audio.
 *
 * @since 0.1.0
 * @category schemas
 */
export const TranscriptionDurationUsage = Schema.Struct({
  type: Schema.Literal("duration"),
  seconds: Schema.Number
})

/**
 * @since 0.1.0
 * @category models
 */
export interface TranscriptionDurationUsage extends Schema.Schema.Type<typeof TranscriptionDurationUsage> {}

/**
 * Transcription usage, narrowed by `type`: `tokens`, `duration`, or — for a billing type not known yet — an
 * `UnknownVariant` that keeps the raw object, so the transcript itself is never dropped.
 *
 * @since 0.1.0
 * @category schemas
 */
export const TranscriptionUsage = orUnknown(Schema.Union(TranscriptionTokenUsage, TranscriptionDurationUsage))

/**
 * @since 0.1.0
 * @category models
 */
export type TranscriptionUsage = Schema.Schema.Type<typeof TranscriptionUsage>

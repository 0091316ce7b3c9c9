/**
 * What the summariser reads: PCM audio (s16le, 24 kHz, mono) and, between the bytes, notices from a
 * supervised source that audio was lost there (the source stalled or was restarted).
 *
 * @since 0.1.0
 */
import * as Predicate from "effect/Predicate"

/**
 * The source lost audio at this point of the input: nothing was received for a while, or it was restarted.
 * The summariser reports it as a `Gap` event when it reads it.
 *
 * @since 0.1.0
 * @category models
 */
export interface SourceGap {
  readonly _tag: "SourceGap"
  readonly reason: "source-stalled" | "source-restarted"
  /** One line for the user, e.g. `no audio for 30 s, restarting the source`. */
  readonly detail: string
}

/**
 * @since 0.1.0
 * @category models
 */
export type AudioInput = Uint8Array | SourceGap

/**
 * @since 0.1.0
 * @category constructors
 */
export const sourceGap = (reason: SourceGap["reason"], detail: string): SourceGap => ({
  _tag: "SourceGap",
  reason,
  detail
})

/**
 * @since 0.1.0
 * @category guards
 */
export const isSourceGap = (input: AudioInput): input is SourceGap => Predicate.isTagged(input, "SourceGap")

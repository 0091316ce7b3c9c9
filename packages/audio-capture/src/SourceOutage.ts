/**
 * The notice a supervised live source puts between its bytes when its audio stops: one notice per
 * outage, at the moment the outage begins.
 *
 * @since 0.1.0
 */
import * as Predicate from "effect/Predicate"

/**
 * Why the audio stopped:
 *
 * - `stalled`: the source delivered no audio for the stall timeout; ffmpeg was stopped and restarted.
 * - `exited`: ffmpeg ended while reading the live source (the server closed the stream, or ffmpeg
 *   failed); it is being restarted.
 *
 * @since 0.1.0
 * @category models
 */
export type Reason = "stalled" | "exited"

/**
 * The live source stopped delivering audio here. The restart attempts that follow are logged, not
 * emitted: the next element after the notice is audio again, once a restart delivers it.
 *
 * @since 0.1.0
 * @category models
 */
export interface SourceOutage {
  readonly _tag: "SourceOutage"
  readonly reason: Reason
  /** One line for the user, e.g. `no audio for 30 s from http://host/live.mp3; restarting`. */
  readonly detail: string
}

/**
 * @since 0.1.0
 * @category constructors
 */
export const make = (reason: Reason, detail: string): SourceOutage => ({ _tag: "SourceOutage", reason, detail })

/**
 * @since 0.1.0
 * @category guards
 */
export const isSourceOutage = (input: unknown): input is SourceOutage => Predicate.isTagged(input, "SourceOutage")

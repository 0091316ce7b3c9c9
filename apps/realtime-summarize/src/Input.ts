/**
 * The audio of a run. A live source (an http or https URL) is supervised: restarted when it stalls for
 * `--stall-timeout` seconds or its ffmpeg exits, each outage a `SourceGap` at the point where it began. A
 * file or stdin is read once, to its end (at its own pace with `--realtime`).
 *
 * @since 0.1.0
 */
import * as AudioCapture from "@pkg/audio-capture/AudioCapture"
import type { AudioCaptureError } from "@pkg/audio-capture/AudioCaptureError"
import type { AudioSource } from "@pkg/audio-capture/AudioSource"
import { isSourceOutage } from "@pkg/audio-capture/SourceOutage"
import * as AudioInput from "@pkg/summariser/AudioInput"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"

/**
 * @since 0.1.0
 * @category models
 */
export interface Options {
  readonly realtime: boolean
  readonly stallTimeoutSeconds: number
}

/**
 * @since 0.1.0
 * @category constructors
 */
export const audio = (
  source: AudioSource,
  options: Options
): Effect.Effect<Stream.Stream<AudioInput.AudioInput, AudioCaptureError>, never, AudioCapture.AudioCapture> =>
  Effect.map(AudioCapture.AudioCapture, (capture) =>
    source._tag === "Url"
      ? capture.supervise(source, {
        realtime: options.realtime,
        stallTimeout: Duration.seconds(options.stallTimeoutSeconds)
      }).pipe(
        Stream.map((item) =>
          isSourceOutage(item)
            ? AudioInput.sourceGap(item.reason === "stalled" ? "source-stalled" : "source-restarted", item.detail)
            : item
        )
      )
      : capture.stream(source, { realtime: options.realtime }))

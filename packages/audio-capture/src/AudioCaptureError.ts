/**
 * The single error type of `@pkg/audio-capture`.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * Why a capture failed:
 *
 * - `FfmpegNotFound`: the ffmpeg binary could not be started (missing, or not executable).
 * - `InvalidSource`: the input is neither `-`, an http(s) URL nor a file path.
 * - `SourceNotFound`: the file does not exist, is not a regular file or cannot be opened.
 * - `SourceUnreachable`: the URL could not be fetched (refused, unresolvable, HTTP 4xx/5xx, timeout).
 * - `NotAudio`: the input was read but holds no decodable audio, or decoded to zero bytes.
 * - `FfmpegFailed`: anything else ffmpeg reported, or ffmpeg died from a signal.
 *
 * @since 0.1.0
 * @category models
 */
export const Reason = Schema.Literal(
  "FfmpegNotFound",
  "InvalidSource",
  "SourceNotFound",
  "SourceUnreachable",
  "NotAudio",
  "FfmpegFailed"
)

/**
 * @since 0.1.0
 * @category models
 */
export type Reason = typeof Reason.Type

/**
 * `message` is one line meant for humans; `stderr` holds the last lines ffmpeg wrote (bounded by
 * `stderrTailLines`); `exitCode` is set when ffmpeg exited with a code.
 *
 * @since 0.1.0
 * @category errors
 */
export class AudioCaptureError extends Schema.TaggedError<AudioCaptureError>("@pkg/audio-capture/AudioCaptureError")(
  "AudioCaptureError",
  {
    reason: Reason,
    message: Schema.String,
    exitCode: Schema.optional(Schema.Number),
    stderr: Schema.Array(Schema.String)
  }
) {}

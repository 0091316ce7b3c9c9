/**
 * Runs ffmpeg and streams what it decodes as raw PCM: s16le, 24 kHz, mono.
 *
 * @since 0.1.0
 */
import * as CommandExecutor from "@effect/platform/CommandExecutor"
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Stream from "effect/Stream"
import type { AudioCaptureError } from "./AudioCaptureError.js"
import type { AudioSource } from "./AudioSource.js"
import * as internal from "./internal/capture.js"
import * as Format from "./internal/format.js"

/**
 * Samples per second of the output.
 *
 * @since 0.1.0
 * @category constants
 */
export const SAMPLE_RATE: 24_000 = Format.SAMPLE_RATE

/**
 * Channels of the output.
 *
 * @since 0.1.0
 * @category constants
 */
export const CHANNELS: 1 = Format.CHANNELS

/**
 * Bytes of output per second of audio (24,000 samples × 2 bytes × 1 channel).
 *
 * @since 0.1.0
 * @category constants
 */
export const BYTES_PER_SECOND: 48_000 = Format.BYTES_PER_SECOND

/**
 * `stream(source)` spawns one ffmpeg per run of the returned stream; the process lives exactly as
 * long as the stream. A string is read as by `AudioSource.fromString`. The stream fails with an
 * {@link AudioCaptureError} when ffmpeg exits non-zero or ends without producing a byte.
 *
 * @since 0.1.0
 * @category tags
 */
export class AudioCapture extends Context.Tag("@pkg/audio-capture/AudioCapture")<AudioCapture, {
  readonly stream: (source: AudioSource | string) => Stream.Stream<Uint8Array, AudioCaptureError>
}>() {}

/**
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** The ffmpeg binary, looked up on PATH unless it contains a slash. Default `"ffmpeg"`. */
  readonly ffmpegPath?: string
  /** How many of ffmpeg's last stderr lines are kept for errors. Default 20. */
  readonly stderrTailLines?: number
  /** How long ffmpeg may take to exit after SIGTERM before it gets SIGKILL. Default 3 seconds. */
  readonly killTimeout?: Duration.DurationInput
}

/**
 * @since 0.1.0
 * @category constructors
 */
export const make = (
  options: Options = {}
): Effect.Effect<Context.Tag.Service<AudioCapture>, never, CommandExecutor.CommandExecutor> =>
  Effect.map(CommandExecutor.CommandExecutor, (executor) => {
    const settings: internal.Settings = {
      ffmpegPath: options.ffmpegPath ?? "ffmpeg",
      stderrTailLines: Math.max(0, Math.floor(options.stderrTailLines ?? 20)),
      killTimeout: Duration.decode(options.killTimeout ?? "3 seconds")
    }
    return AudioCapture.of({ stream: (source) => internal.capture(executor, settings, source) })
  })

/**
 * @since 0.1.0
 * @category layers
 */
export const layer = (options?: Options): Layer.Layer<AudioCapture, never, CommandExecutor.CommandExecutor> =>
  Layer.effect(AudioCapture, make(options))

/**
 * {@link layer} with `ffmpegPath` read from `FFMPEG_PATH` (unset or empty means `"ffmpeg"`).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  options: Omit<Options, "ffmpegPath"> = {}
): Layer.Layer<AudioCapture, ConfigError.ConfigError, CommandExecutor.CommandExecutor> =>
  Layer.effect(
    AudioCapture,
    Effect.flatMap(
      Config.string("FFMPEG_PATH").pipe(
        Config.withDefault(""),
        Config.map((path) => path.trim() === "" ? "ffmpeg" : path)
      ),
      (ffmpegPath) => make({ ...options, ffmpegPath })
    )
  )

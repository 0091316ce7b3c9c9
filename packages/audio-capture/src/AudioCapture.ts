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
import * as Schedule from "effect/Schedule"
import type * as Stream from "effect/Stream"
import type { AudioCaptureError } from "./AudioCaptureError.js"
import type { AudioSource } from "./AudioSource.js"
import * as internal from "./internal/capture.js"
import * as Format from "./internal/format.js"
import * as Supervise from "./internal/supervise.js"
import type { SourceOutage } from "./SourceOutage.js"

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
 * @since 0.1.0
 * @category models
 */
export interface CaptureOptions {
  /** Read the input at its native rate (ffmpeg `-re`), so a file can stand in for a live stream. */
  readonly realtime?: boolean
}

/**
 * @since 0.1.0
 * @category models
 */
export interface SuperviseOptions extends CaptureOptions {
  /** A live source that delivers no bytes for this long is restarted. Default 30 seconds. */
  readonly stallTimeout?: Duration.DurationInput
  /** The backoff between restarts: default exponential from 0.5 s with jitter, capped near 10 s, no limit on attempts. */
  readonly restartSchedule?: Schedule.Schedule<unknown, unknown>
}

/**
 * How long a live source may deliver no audio before `supervise` restarts it.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultStallTimeout: Duration.Duration = Duration.seconds(30)

/**
 * The backoff between restarts of a live source: 0.5 s, then doubling, never above 10 s, each delay
 * jittered by ±20 % (so between 0.4 s and 12 s), with no limit on attempts.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultRestartSchedule: Schedule.Schedule<unknown, unknown> = Schedule.exponential("500 millis").pipe(
  Schedule.union(Schedule.spaced("10 seconds")),
  Schedule.jittered
)

/**
 * Frees the memory of a chunk of audio that `stream` or `supervise` gave, once its consumer is done with it: the
 * chunk is empty afterwards (its `ArrayBuffer` is detached). A chunk that shares its memory with others (a view
 * into a larger buffer) is left as it is.
 *
 * Each chunk of ffmpeg's output is a buffer Node allocated for one read of its stdout. In the CLI those buffers
 * outlived the young collections that should have freed them (a heap snapshot finds none of them reachable):
 * only V8's memory-reducing full collections freed them, 8 to 11 of them for an hour of audio. Detached, their
 * memory goes with the first young collection (one full collection for the hour, 13 MiB less peak RSS).
 *
 * @since 0.1.0
 * @category memory
 */
export const release = (chunk: Uint8Array): void => {
  const memory = chunk.buffer
  if (chunk.byteOffset !== 0 || chunk.byteLength !== memory.byteLength || !(memory instanceof ArrayBuffer)) return
  structuredClone(memory, { transfer: [memory] })
}

/**
 * - `stream(source)` spawns one ffmpeg per run of the returned stream; the process lives exactly as
 *   long as the stream. A string is read as by `AudioSource.fromString`. The stream fails with an
 *   {@link AudioCaptureError} when ffmpeg exits non-zero or ends without producing a byte.
 * - `supervise(source)` is `stream` for a file or stdin. For an http(s) URL it fails like `stream`
 *   until the first audio arrives; from then on, when ffmpeg exits or no audio comes for
 *   `stallTimeout`, it emits one {@link SourceOutage} and restarts ffmpeg on `restartSchedule`, for
 *   as long as the stream is pulled. An http(s) input that ffmpeg reports with a finite duration (a
 *   file served over HTTP, an HLS playlist with an end) ends, or fails, like a file.
 *
 * @since 0.1.0
 * @category tags
 */
export class AudioCapture extends Context.Tag("@pkg/audio-capture/AudioCapture")<AudioCapture, {
  readonly stream: (
    source: AudioSource | string,
    options?: CaptureOptions
  ) => Stream.Stream<Uint8Array, AudioCaptureError>
  readonly supervise: (
    source: AudioSource | string,
    options?: SuperviseOptions
  ) => Stream.Stream<Uint8Array | SourceOutage, AudioCaptureError>
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
    return AudioCapture.of({
      stream: (source, options = {}) => internal.capture(executor, settings, source, options),
      supervise: (source, options = {}) =>
        Supervise.supervise(executor, settings, source, {
          realtime: options.realtime === true,
          stallTimeout: Duration.decode(options.stallTimeout ?? defaultStallTimeout),
          restartSchedule: options.restartSchedule ?? defaultRestartSchedule
        })
    })
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

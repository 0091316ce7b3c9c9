/**
 * The ffmpeg command line, as an argument array (never a shell string).
 *
 * @since 0.1.0
 */
import * as Duration from "effect/Duration"
import type { AudioSource } from "./AudioSource.js"
import * as Format from "./internal/format.js"

/**
 * How long ffmpeg waits on a connect or a read of an http(s) input unless told otherwise.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultReadTimeout: Duration.Duration = Duration.seconds(15)

/**
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** Read the input at its native rate (`-re`). Default `false`. */
  readonly realtime?: boolean
  /**
   * For an http(s) input, how long ffmpeg waits on a connect or a read before it gives up
   * (`-rw_timeout`). `Duration.infinity` leaves the option out, for a caller that watches for stalls
   * itself. Default 15 seconds.
   */
  readonly readTimeout?: Duration.DurationInput
}

// `level+info`: every line says its level, so warnings and errors are told apart from the input's
// description (whose `Duration:` line tells a file from a live stream).
const quiet = ["-nostdin", "-hide_banner", "-nostats", "-loglevel", "level+info"] as const

// Only `-reconnect`: a response with a length that the server can serve by ranges (a file) is
// resumed at the byte where it broke, so nothing is read twice. ffmpeg never reconnects to a live
// stream (`-reconnect_streamed`, `-reconnect_at_eof`) nor retries a failed connect
// (`-reconnect_on_network_error`): a live source that drops ends the run, and the supervisor's
// restart is what reports it.
const resume = ["-reconnect", "1", "-reconnect_delay_max", "5"] as const

const readTimeout = (timeout: Duration.Duration): ReadonlyArray<string> =>
  Duration.isFinite(timeout) ? ["-rw_timeout", String(Math.max(1, Math.round(Duration.toMillis(timeout) * 1000)))] : []

// No `-fflags +nobuffer`: it discards every packet read while probing, which here costs the first
// packet of each input (24 ms of the MP3 sample) and buys no latency once probing reads one packet.
const lowLatency = ["-flags", "+low_delay", "-probesize", "32", "-analyzeduration", "0"] as const

const output = [
  "-vn",
  "-f",
  "s16le",
  "-acodec",
  "pcm_s16le",
  "-ar",
  String(Format.SAMPLE_RATE),
  "-ac",
  String(Format.CHANNELS),
  // Whole 32 KiB writes (0.68 s of audio) instead of one per decoded packet (about 48 ms): 15 times fewer
  // chunks through the pipeline, and 0.68 s of latency is nothing next to a summary interval.
  "-flush_packets",
  "0",
  "pipe:1"
] as const

/**
 * Whether the source is an http(s) URL, i.e. a live source that `supervise` restarts.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isHttp = (source: AudioSource): boolean => source._tag === "Url" && /^https?:\/\//i.test(source.url)

// `file:` stops ffmpeg from reading a path such as `take:2.wav` or `concat:a|b` as a protocol.
const input = (source: AudioSource): string => {
  switch (source._tag) {
    case "Url":
      return source.url
    case "File":
      return `file:${source.path}`
    case "Stdin":
      return "pipe:0"
  }
}

/**
 * Arguments that make ffmpeg decode `source` to raw PCM s16le, 24 kHz, mono on its stdout, with
 * low-latency probing; for an http(s) input, a read timeout and the resumption of a broken file
 * download; with `realtime`, `-re`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const ffmpegArgs = (source: AudioSource, options: Options = {}): ReadonlyArray<string> => [
  ...quiet,
  ...(isHttp(source) ? [...resume, ...readTimeout(Duration.decode(options.readTimeout ?? defaultReadTimeout))] : []),
  ...(options.realtime === true ? ["-re"] : []),
  ...lowLatency,
  "-i",
  input(source),
  ...output
]

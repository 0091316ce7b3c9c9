/**
 * The ffmpeg command line, as an argument array (never a shell string).
 *
 * @since 0.1.0
 */
import type { AudioSource } from "./AudioSource.js"
import * as Format from "./internal/format.js"

const quiet = ["-nostdin", "-hide_banner", "-nostats", "-loglevel", "warning"] as const

const reconnect = [
  "-reconnect",
  "1",
  "-reconnect_streamed",
  "1",
  "-reconnect_on_network_error",
  "1",
  "-reconnect_delay_max",
  "5",
  "-rw_timeout",
  "15000000"
] as const

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
  "-flush_packets",
  "1",
  "pipe:1"
] as const

const isHttp = (url: string): boolean => /^https?:\/\//i.test(url)

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
 * reconnects for http(s) inputs and low-latency probing.
 *
 * @since 0.1.0
 * @category constructors
 */
export const ffmpegArgs = (source: AudioSource): ReadonlyArray<string> => [
  ...quiet,
  ...(source._tag === "Url" && isHttp(source.url) ? reconnect : []),
  ...lowLatency,
  "-i",
  input(source),
  ...output
]

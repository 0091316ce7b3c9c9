import * as Command from "@effect/platform/Command"
import type * as CommandExecutor from "@effect/platform/CommandExecutor"
import type { PlatformError } from "@effect/platform/Error"
import { Effect } from "effect"
import { fileURLToPath } from "node:url"

/** The testkit's assets: the shipped speech sample (espeak-ng, MP3, 24 kHz mono). */
export const assets = fileURLToPath(new URL("../../../realtime-testkit/assets", import.meta.url))
export const sample = `${assets}/speech-sample.mp3`

export const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url))

/** Runs the real ffmpeg to make a test file; dies if it fails. */
export const ffmpeg = (...args: Array<string>): Effect.Effect<void, PlatformError, CommandExecutor.CommandExecutor> =>
  Command.exitCode(Command.make("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y", ...args)).pipe(
    Effect.flatMap((code) => code === 0 ? Effect.void : Effect.dieMessage(`ffmpeg ${args.join(" ")} exited ${code}`))
  )

/** The duration of a media file in seconds, as ffprobe reports it. */
export const durationOf = (path: string): Effect.Effect<number, PlatformError, CommandExecutor.CommandExecutor> =>
  Command.string(Command.make("ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", path))
    .pipe(Effect.map(Number))

/** An HLS playlist (VOD, 4 s AAC segments) of the speech sample, written into `dir`. */
export const hlsOfSample = (dir: string) =>
  ffmpeg(
    "-i",
    sample,
    "-c:a",
    "aac",
    "-b:a",
    "64k",
    "-f",
    "hls",
    "-hls_time",
    "4",
    "-hls_playlist_type",
    "vod",
    "-hls_segment_filename",
    `${dir}/segment%03d.ts`,
    `${dir}/index.m3u8`
  )

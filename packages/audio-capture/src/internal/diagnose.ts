import type * as PlatformError from "@effect/platform/Error"
import * as Duration from "effect/Duration"
import { AudioCaptureError } from "../AudioCaptureError.js"
import type { Reason } from "../AudioCaptureError.js"
import * as AudioSource from "../AudioSource.js"

const rules: ReadonlyArray<readonly [Reason, ReadonlyArray<RegExp>]> = [
  ["SourceUnreachable", [
    /Connection refused/i,
    /Failed to resolve/i,
    /Name or service not known/i,
    /Temporary failure in name resolution/i,
    /Server returned [45]/i,
    /HTTP error [45]\d\d/i,
    /Network is unreachable/i,
    /No route to host/i,
    /(?:\w+ )?timed out/i
  ]],
  ["SourceNotFound", [/No such file or directory/i, /Is a directory/i, /Permission denied/i]],
  ["NotAudio", [
    /Invalid data found when processing input/i,
    /Output file (#\d+ )?does not contain any stream/i,
    /Stream map .* matches no streams/i,
    /Output file is empty/i,
    /Could not find codec parameters/i,
    /Format \S+ detected only with low score/i
  ]]
]

const MAX_DETAIL_LENGTH = 200

const oneLine = (text: string): string => text.replace(/\s+/g, " ").trim()

const clip = (text: string): string => {
  const line = oneLine(text)
  return line.length <= MAX_DETAIL_LENGTH ? line : `${line.slice(0, MAX_DETAIL_LENGTH - 1)}…`
}

const withoutContext = (line: string): string => line.replace(/^\[[^\]]* @ 0x[0-9a-f]+\]\s*/i, "")

/**
 * Picks a reason from ffmpeg's stderr. Rules are tried in order (unreachable, not found, not
 * audio) over all lines; `detail` is the matching line from the match on, or the last line.
 *
 * @internal
 */
export const classify = (
  stderr: ReadonlyArray<string>
): { readonly reason: Reason; readonly detail: string | undefined } => {
  for (const [reason, patterns] of rules) {
    for (const pattern of patterns) {
      for (const line of stderr) {
        const match = pattern.exec(line)
        if (match !== null) return { reason, detail: clip(line.slice(match.index)) }
      }
    }
  }
  const last = stderr.at(-1)
  return { reason: "FfmpegFailed", detail: last === undefined ? undefined : clip(withoutContext(last)) }
}

const parenthesised = (detail: string | undefined): string => detail === undefined ? "" : ` (${detail})`

const make = (reason: Reason, message: string, stderr: ReadonlyArray<string>, exitCode?: number) =>
  new AudioCaptureError({
    reason,
    message: oneLine(message),
    stderr,
    ...(exitCode === undefined ? {} : { exitCode })
  })

/**
 * ffmpeg exited with a non-zero code.
 *
 * @internal
 */
export const exited = (
  source: AudioSource.AudioSource,
  exitCode: number,
  stderr: ReadonlyArray<string>
): AudioCaptureError => {
  const name = AudioSource.describe(source)
  const { detail, reason } = classify(stderr)
  switch (reason) {
    case "SourceUnreachable":
      return make(reason, `ffmpeg could not reach "${name}"${parenthesised(detail)}`, stderr, exitCode)
    case "SourceNotFound":
      return make(reason, `ffmpeg could not open "${name}"${parenthesised(detail)}`, stderr, exitCode)
    case "NotAudio":
      return make(reason, `ffmpeg could not read "${name}": it is not audio${parenthesised(detail)}`, stderr, exitCode)
    default:
      return make(
        "FfmpegFailed",
        `ffmpeg failed on "${name}" with exit code ${exitCode}${parenthesised(detail)}`,
        stderr,
        exitCode
      )
  }
}

/**
 * ffmpeg exited with 0 but wrote no audio (an empty input, or one without an audio stream).
 *
 * @internal
 */
export const noAudio = (source: AudioSource.AudioSource, stderr: ReadonlyArray<string>): AudioCaptureError => {
  const { detail, reason } = classify(stderr)
  const why = reason === "NotAudio" ? detail : "it has no audio stream or no samples"
  return make("NotAudio", `ffmpeg decoded no audio from "${AudioSource.describe(source)}" (${why})`, stderr, 0)
}

/**
 * ffmpeg ended without an exit code, i.e. from a signal it did not get from us.
 *
 * @internal
 */
export const killed = (
  source: AudioSource.AudioSource,
  error: PlatformError.PlatformError,
  stderr: ReadonlyArray<string>
): AudioCaptureError => {
  const signal = /signal: (\w+)/.exec(error.description ?? "")?.[1] ?? "a signal"
  return make("FfmpegFailed", `ffmpeg was killed by ${signal} while reading "${AudioSource.describe(source)}"`, stderr)
}

/**
 * Reading ffmpeg's stdout failed.
 *
 * @internal
 */
export const unreadable = (
  source: AudioSource.AudioSource,
  error: PlatformError.PlatformError,
  stderr: ReadonlyArray<string>
): AudioCaptureError =>
  make(
    "FfmpegFailed",
    `reading ffmpeg's output for "${AudioSource.describe(source)}" failed (${
      clip(error.description ?? error.message)
    })`,
    stderr
  )

/**
 * A duration for a message: `30 s`, `2.5 s`.
 *
 * @internal
 */
export const seconds = (duration: Duration.Duration): string => `${Number(Duration.toSeconds(duration).toFixed(1))} s`

/**
 * ffmpeg wrote no audio for `timeout` (a live source that went silent, or never started sending).
 *
 * @internal
 */
export const stalled = (
  source: AudioSource.AudioSource,
  timeout: Duration.Duration,
  stderr: ReadonlyArray<string>
): AudioCaptureError =>
  make("SourceUnreachable", `no audio from "${AudioSource.describe(source)}" for ${seconds(timeout)}`, stderr)

const install = "install it (Debian: apt-get install ffmpeg)"

/**
 * ffmpeg could not be spawned.
 *
 * @internal
 */
export const notStarted = (ffmpegPath: string, error: PlatformError.PlatformError): AudioCaptureError => {
  if (error._tag === "SystemError" && error.reason === "NotFound") {
    return make(
      "FfmpegNotFound",
      ffmpegPath === "ffmpeg"
        ? `ffmpeg not found on PATH; ${install} or set FFMPEG_PATH`
        : `ffmpeg not found at "${ffmpegPath}"; ${install} or point FFMPEG_PATH at the binary`,
      []
    )
  }
  if (error._tag === "SystemError" && error.reason === "PermissionDenied") {
    return make("FfmpegNotFound", `ffmpeg at "${ffmpegPath}" is not executable; ${install} or fix FFMPEG_PATH`, [])
  }
  return make(
    "FfmpegFailed",
    `could not start ffmpeg ("${ffmpegPath}"): ${clip(error.description ?? error.message)}`,
    []
  )
}

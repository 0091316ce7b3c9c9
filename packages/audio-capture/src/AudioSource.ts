/**
 * Where ffmpeg reads audio from, and how a command-line input becomes one.
 *
 * @since 0.1.0
 */
import * as FileSystem from "@effect/platform/FileSystem"
import * as Effect from "effect/Effect"
import { AudioCaptureError } from "./AudioCaptureError.js"

/**
 * An http(s) URL (a file, an Icecast stream, an HLS playlist).
 *
 * @since 0.1.0
 * @category models
 */
export interface Url {
  readonly _tag: "Url"
  readonly url: string
}

/**
 * A local path.
 *
 * @since 0.1.0
 * @category models
 */
export interface File {
  readonly _tag: "File"
  readonly path: string
}

/**
 * This process's standard input, handed to ffmpeg as-is.
 *
 * @since 0.1.0
 * @category models
 */
export interface Stdin {
  readonly _tag: "Stdin"
}

/**
 * @since 0.1.0
 * @category models
 */
export type AudioSource = Url | File | Stdin

/**
 * @since 0.1.0
 * @category constructors
 */
export const url = (url: string): AudioSource => ({ _tag: "Url", url })

/**
 * @since 0.1.0
 * @category constructors
 */
export const file = (path: string): AudioSource => ({ _tag: "File", path })

/**
 * @since 0.1.0
 * @category constructors
 */
export const stdin: AudioSource = { _tag: "Stdin" }

/**
 * A one-line name for messages and logs: the path, `stdin`, or the URL with any password masked.
 *
 * @since 0.1.0
 * @category utils
 */
export const describe = (source: AudioSource): string => {
  switch (source._tag) {
    case "Stdin":
      return "stdin"
    case "File":
      return source.path
    case "Url":
      return maskPassword(source.url)
  }
}

const maskPassword = (input: string): string => {
  try {
    const parsed = new URL(input)
    if (parsed.password === "") return input
    parsed.password = "***"
    return parsed.href
  } catch {
    return input
  }
}

const schemePattern = /^([a-z][a-z0-9+.-]*):\/\//i

const invalid = (message: string) => new AudioCaptureError({ reason: "InvalidSource", message, stderr: [] })

/**
 * Classifies an input without touching the file system: `-` is stdin, `http://` and `https://` are
 * URLs (validated with `new URL`, stored normalised), any other `scheme://` is rejected with
 * `InvalidSource`, and anything else is a file path.
 *
 * @since 0.1.0
 * @category parsing
 */
export const fromString = (input: string): Effect.Effect<AudioSource, AudioCaptureError> =>
  Effect.suspend(() => {
    if (input === "-") return Effect.succeed(stdin)
    if (input.trim() === "") return Effect.fail(invalid("the audio source is empty: pass a URL, a file path or -"))
    const scheme = schemePattern.exec(input)?.[1]?.toLowerCase()
    if (scheme === undefined) return Effect.succeed(file(input))
    if (scheme !== "http" && scheme !== "https") {
      return Effect.fail(
        invalid(`unsupported audio source "${maskPassword(input)}": only http(s) URLs, file paths and - are accepted`)
      )
    }
    return Effect.try({
      try: () => url(new URL(input).href),
      catch: () => invalid(`"${input}" is not a valid URL`)
    })
  })

/**
 * {@link fromString}, then checks that a file path names an existing regular file (or a named
 * pipe, which ffmpeg reads like a live stream). Fails with `SourceNotFound` otherwise.
 *
 * @since 0.1.0
 * @category parsing
 */
export const parse = (input: string): Effect.Effect<AudioSource, AudioCaptureError, FileSystem.FileSystem> =>
  Effect.flatMap(fromString(input), (source) => source._tag === "File" ? checkFile(source) : Effect.succeed(source))

const notFound = (message: string) => new AudioCaptureError({ reason: "SourceNotFound", message, stderr: [] })

const checkFile = (source: File): Effect.Effect<AudioSource, AudioCaptureError, FileSystem.FileSystem> =>
  Effect.flatMap(FileSystem.FileSystem, (fs) => fs.stat(source.path)).pipe(
    Effect.mapError((error) =>
      error._tag === "SystemError" && error.reason === "NotFound"
        ? notFound(`audio file "${source.path}" does not exist`)
        : notFound(`cannot read audio file "${source.path}" (${error.description ?? error.message})`)
    ),
    Effect.filterOrFail(
      (info) => info.type === "File" || info.type === "FIFO",
      (info) =>
        notFound(`"${source.path}" is ${info.type === "Directory" ? "a directory" : "not a regular file"}, not audio`)
    ),
    Effect.as(source)
  )

import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import { createWriteStream } from "node:fs"
import type { Frame } from "../TestServer.js"
import { ServeError } from "../TestServer.js"
import { withoutAudio } from "./clientEvents.js"

/**
 * Frames wait in the file stream's buffer up to this many bytes; above it frames are dropped (and the number
 * dropped is written with the next frame kept), so a slow disk never makes the server grow without bound.
 */
const MAX_PENDING_BYTES = 16 * 1024 * 1024

const parsed = (text: string | undefined, keepAudio: boolean): unknown => {
  if (text === undefined) return undefined
  try {
    const json: unknown = JSON.parse(text)
    return keepAudio ? json : withoutAudio(json)
  } catch {
    return undefined
  }
}

/**
 * Opens a JSON-lines record of every frame: `{ at, connection, direction, event }` for a JSON frame (base64
 * `audio` replaced by `audioBytes` unless `keepAudio`), `{ …, text }` for any other text frame, `{ …, bytes }`
 * for a binary frame. Each line is written as it happens; closing the scope flushes and closes the file.
 *
 * @internal
 */
export const open = (
  path: string,
  options: { readonly keepAudio: boolean }
): Effect.Effect<(frame: Frame) => void, ServeError, Scope.Scope> =>
  Effect.gen(function*() {
    const stream = yield* Effect.acquireRelease(
      Effect.async<ReturnType<typeof createWriteStream>, ServeError>((resume) => {
        const stream = createWriteStream(path, { flags: "w" })
        stream.once("error", (cause) =>
          resume(Effect.fail(new ServeError({ reason: "Listen", message: `Cannot write ${path}: ${cause.message}` }))))
        stream.once("open", () =>
          resume(Effect.succeed(stream)))
      }),
      (stream) =>
        Effect.async<void>((resume) => {
          stream.end(() =>
            resume(Effect.void)
          )
        })
    )
    stream.on("error", () => {
      // a write error after opening (disk full) ends the record, not the server
    })
    let dropped = 0
    return (frame: Frame) => {
      if (stream.writableLength > MAX_PENDING_BYTES || stream.destroyed) {
        dropped++
        return
      }
      const event = parsed(frame.text, options.keepAudio)
      const line = {
        at: frame.at,
        connection: frame.connection,
        direction: frame.direction,
        ...(event !== undefined ? { event } : frame.text !== undefined ? { text: frame.text } : { bytes: frame.bytes }),
        ...(dropped > 0 ? { droppedBefore: dropped } : {})
      }
      dropped = 0
      stream.write(`${JSON.stringify(line)}\n`)
    }
  })

/**
 * Long audio for tests and benchmarks without shipping it: a tone made by ffmpeg (found on PATH or through
 * `FFMPEG_PATH`), as PCM s16le, 24 kHz, mono, streamed from ffmpeg's stdout as fast as ffmpeg makes it.
 *
 * @since 0.2.0
 */
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { spawn } from "node:child_process"

/**
 * `seconds` of a sine tone at `frequency` Hz. The ffmpeg process lives as long as the stream.
 *
 * @since 0.2.0
 * @category constructors
 */
export const tone = (seconds: number, frequency = 220): Stream.Stream<Uint8Array, Error> =>
  Stream.unwrapScoped(
    Effect.acquireRelease(
      Effect.sync(() =>
        spawn(process.env["FFMPEG_PATH"] ?? "ffmpeg", [
          "-nostdin",
          "-loglevel",
          "error",
          "-f",
          "lavfi",
          "-i",
          `sine=frequency=${frequency}:sample_rate=24000`,
          "-t",
          String(seconds),
          "-f",
          "s16le",
          "-ac",
          "1",
          "pipe:1"
        ], { stdio: ["ignore", "pipe", "inherit"] })
      ),
      (ffmpeg) => Effect.sync(() => ffmpeg.kill())
    ).pipe(Effect.map((ffmpeg) =>
      Stream.fromAsyncIterable(
        ffmpeg.stdout as AsyncIterable<Buffer>,
        (error) => error instanceof Error ? error : new Error(String(error))
      ).pipe(Stream.map((chunk): Uint8Array => chunk))
    ))
  )

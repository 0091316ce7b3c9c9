/**
 * Pure Stream combinators over bytes. Time is counted in audio bytes, never in wall-clock time: PCM s16le,
 * 24 kHz, mono is {@link BYTES_PER_SECOND} bytes per second.
 *
 * @since 0.1.0
 */
import * as Data from "effect/Data"
import * as Either from "effect/Either"
import type * as Stream from "effect/Stream"
import * as internal from "./internal/framing.js"
import type { Marked, MarkedOptions } from "./Marked.js"

/**
 * Bytes per second of PCM s16le, 24 kHz, mono audio.
 *
 * @since 0.1.0
 * @category constants
 */
export const BYTES_PER_SECOND = 48_000

/**
 * Bytes per 16-bit sample.
 *
 * @since 0.1.0
 * @category constants
 */
export const BYTES_PER_SAMPLE = 2

/**
 * A duration that cannot be turned into a byte count: it is not a finite number, it is shorter than one
 * 16-bit sample, or its byte count is not a safe integer.
 *
 * @since 0.1.0
 * @category errors
 */
export class ByteCountError extends Data.TaggedError("ByteCountError")<{
  readonly reason: "NotFinite" | "TooShort" | "TooLong"
  readonly input: number
  readonly unit: "millis" | "seconds"
  readonly message: string
}> {}

const SAMPLES_PER_SECOND = BYTES_PER_SECOND / BYTES_PER_SAMPLE

const bytesFor = (input: number, unit: "millis" | "seconds"): Either.Either<number, ByteCountError> => {
  const fail = (reason: ByteCountError["reason"], why: string) =>
    Either.left(new ByteCountError({ reason, input, unit, message: `${input} ${unit} ${why}` }))
  if (!Number.isFinite(input)) return fail("NotFinite", "is not a finite duration")
  const samples = input * (unit === "millis" ? SAMPLES_PER_SECOND / 1000 : SAMPLES_PER_SECOND)
  // Decimal inputs such as 0.009 s give 215.99999999999997 samples: snap float noise before rounding down.
  const nearest = Math.round(samples)
  const whole = Math.abs(samples - nearest) <= 1e-9 * Math.max(1, Math.abs(samples)) ? nearest : Math.floor(samples)
  const bytes = whole * BYTES_PER_SAMPLE
  if (bytes < BYTES_PER_SAMPLE) return fail("TooShort", `is shorter than one 16-bit sample (${BYTES_PER_SAMPLE} bytes)`)
  if (!Number.isSafeInteger(bytes)) return fail("TooLong", "is too long to count in bytes")
  return Either.right(bytes)
}

/**
 * The number of audio bytes in `millis` milliseconds, rounded down to whole 16-bit samples (so always even).
 * Fails with a {@link ByteCountError} when the result would be less than one sample. An `Either` is also an
 * `Effect`, so `yield* bytesForMillis(n)` works inside `Effect.gen`.
 *
 * @example
 * ```ts
 * import { ByteBatcher } from "@pkg/byte-batcher"
 * import * as Effect from "effect/Effect"
 *
 * ByteBatcher.bytesForMillis(20) // Either.right(960)
 * ByteBatcher.bytesForMillis(0.01) // Either.left(ByteCountError { reason: "TooShort" })
 *
 * const program = (batchMs: number) =>
 *   Effect.gen(function*() {
 *     const frameBytes = yield* ByteBatcher.bytesForMillis(batchMs)
 *     return frameBytes
 *   })
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const bytesForMillis = (millis: number): Either.Either<number, ByteCountError> => bytesFor(millis, "millis")

/**
 * The number of audio bytes in `seconds` seconds, rounded down to whole 16-bit samples (so always even).
 * Fails with a {@link ByteCountError} when the result would be less than one sample.
 *
 * @example
 * ```ts
 * import { ByteBatcher } from "@pkg/byte-batcher"
 *
 * ByteBatcher.bytesForSeconds(3) // Either.right(144_000)
 * ByteBatcher.bytesForSeconds(0.009) // Either.right(432)
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const bytesForSeconds = (seconds: number): Either.Either<number, ByteCountError> => bytesFor(seconds, "seconds")

/**
 * Re-chunks a byte stream, whatever its chunking, into frames of exactly `size` bytes. The last frame holds
 * the tail: it may be shorter, it is never empty and never dropped.
 *
 * **Guarantees**
 *
 * - The concatenation of the frames equals the concatenation of the input.
 * - Each byte is copied at most once: a frame lying inside one input buffer is a view of that buffer (so
 *   upstream must not reuse its buffers); only frames spanning input buffers are copied.
 * - Buffering is bounded by one frame (the carry); the frames completed by one upstream chunk are emitted
 *   together as one chunk.
 * - When upstream fails, the pending tail is emitted first, then the failure propagates unchanged.
 * - `size` must be a positive safe integer; otherwise the stream dies with an `IllegalArgumentException`
 *   (a programming error, in the style of `Stream.take`). Use {@link bytesForMillis} to validate user input.
 *
 * @example
 * ```ts
 * import { ByteBatcher } from "@pkg/byte-batcher"
 * import * as Stream from "effect/Stream"
 *
 * // 20 ms frames of PCM s16le 24 kHz mono
 * const framed = (audio: Stream.Stream<Uint8Array>) => audio.pipe(ByteBatcher.frames(960))
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const frames: {
  (size: number): <E, R>(self: Stream.Stream<Uint8Array, E, R>) => Stream.Stream<Uint8Array, E, R>
  <E, R>(self: Stream.Stream<Uint8Array, E, R>, size: number): Stream.Stream<Uint8Array, E, R>
} = internal.frames

/**
 * The elements of a {@link marked} stream and its options, defined in the `Marked` module.
 *
 * @since 0.1.0
 * @category models
 */
export type { Frame, Mark, Marked, MarkedOptions } from "./Marked.js"

/**
 * Splits a byte stream into frames of `frameBytes` and emits a {@link Mark} for a name exactly when the byte
 * offset reaches a multiple of its interval, right after the frame that ends there.
 *
 * **Guarantees**
 *
 * - Frames are contiguous (`start` of one is `end` of the previous, starting at 0) and their bytes
 *   concatenate to the input.
 * - Frames are cut at every mark boundary, so marks are exact and no frame crosses one. Between two
 *   consecutive boundaries, frames are `frameBytes` long except the one just before the next boundary, which
 *   may be shorter when the interval is not a multiple of `frameBytes`. No frame exceeds `frameBytes`.
 * - No mark at offset 0. Marks due at the same offset come in the order of the keys of `marks` (JavaScript
 *   key order: integer-like keys first).
 * - The tail frame is kept; no mark is emitted for the incomplete interval at the end.
 * - When upstream fails, the pending tail frame is emitted first, then the failure propagates unchanged.
 * - Copies, views and bounds as in {@link frames}.
 * - `frameBytes` and every interval must be positive safe integers; otherwise the stream dies with an
 *   `IllegalArgumentException`.
 *
 * @example
 * ```ts
 * import { ByteBatcher } from "@pkg/byte-batcher"
 * import * as Stream from "effect/Stream"
 *
 * const marked = (audio: Stream.Stream<Uint8Array>) =>
 *   audio.pipe(ByteBatcher.marked({ frameBytes: 960, marks: { commit: 144_000, summary: 720_000 } }))
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const marked: {
  <K extends string>(
    options: MarkedOptions<K>
  ): <E, R>(self: Stream.Stream<Uint8Array, E, R>) => Stream.Stream<Marked<K>, E, R>
  <E, R, K extends string>(
    self: Stream.Stream<Uint8Array, E, R>,
    options: MarkedOptions<K>
  ): Stream.Stream<Marked<K>, E, R>
} = internal.marked

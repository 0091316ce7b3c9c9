import { assert, describe, it } from "@effect/vitest"
import { ByteBatcher } from "@pkg/byte-batcher"
import { Effect, Either, FastCheck as fc } from "effect"

const right = <A, E>(either: Either.Either<A, E>): A => {
  if (Either.isLeft(either)) assert.fail(`expected Right, got ${String(either.left)}`)
  return either.right
}

const reasonOf = <A>(either: Either.Either<A, ByteBatcher.ByteCountError>) =>
  Either.isLeft(either) ? either.left.reason : "none"

describe("ByteBatcher byte counts", () => {
  it("gives the reference numbers", () => {
    assert.strictEqual(ByteBatcher.BYTES_PER_SECOND, 48_000)
    assert.strictEqual(right(ByteBatcher.bytesForMillis(20)), 960)
    assert.strictEqual(right(ByteBatcher.bytesForMillis(100)), 4_800)
    assert.strictEqual(right(ByteBatcher.bytesForSeconds(1)), 48_000)
    assert.strictEqual(right(ByteBatcher.bytesForSeconds(3)), 144_000)
    assert.strictEqual(right(ByteBatcher.bytesForSeconds(15)), 720_000)
    assert.strictEqual(right(ByteBatcher.bytesForSeconds(0.1)), 4_800)
  })

  it("rounds down to whole 16-bit samples without losing a sample to float noise", () => {
    assert.strictEqual(right(ByteBatcher.bytesForMillis(0.05)), 2)
    assert.strictEqual(right(ByteBatcher.bytesForMillis(0.07)), 2)
    assert.strictEqual(right(ByteBatcher.bytesForMillis(1 / 24)), 2)
    assert.strictEqual(right(ByteBatcher.bytesForSeconds(0.009)), 432)
    assert.strictEqual(right(ByteBatcher.bytesForSeconds(0.071)), 3_408)
  })

  it.prop("is exactly 48 bytes per whole millisecond", [fc.integer({ min: 1, max: 10_000_000 })], ([millis]) => {
    assert.strictEqual(right(ByteBatcher.bytesForMillis(millis)), millis * 48)
    assert.strictEqual(right(ByteBatcher.bytesForSeconds(millis / 1000)), millis * 48)
  })

  it.prop(
    "is even, at most the exact count and less than one sample below it",
    [fc.double({ min: 1 / 24_000, max: 1e6, noNaN: true })],
    ([seconds]) => {
      const bytes = right(ByteBatcher.bytesForSeconds(seconds))
      const exact = seconds * ByteBatcher.BYTES_PER_SECOND
      assert.strictEqual(bytes % 2, 0)
      assert.isTrue(bytes <= exact * (1 + 1e-9) && bytes > exact - 2 - 1e-6 * exact)
    }
  )

  it("rejects durations shorter than one sample, and non-finite or huge ones", () => {
    assert.strictEqual(reasonOf(ByteBatcher.bytesForMillis(0)), "TooShort")
    assert.strictEqual(reasonOf(ByteBatcher.bytesForMillis(0.04)), "TooShort")
    assert.strictEqual(reasonOf(ByteBatcher.bytesForSeconds(-3)), "TooShort")
    assert.strictEqual(reasonOf(ByteBatcher.bytesForSeconds(Number.NaN)), "NotFinite")
    assert.strictEqual(reasonOf(ByteBatcher.bytesForMillis(Number.POSITIVE_INFINITY)), "NotFinite")
    assert.strictEqual(reasonOf(ByteBatcher.bytesForSeconds(1e300)), "TooLong")
  })

  it("describes the problem in a one-line message", () => {
    const error = Either.flip(ByteBatcher.bytesForMillis(0.01))
    assert.deepStrictEqual(
      error,
      Either.right(
        new ByteBatcher.ByteCountError({
          reason: "TooShort",
          input: 0.01,
          unit: "millis",
          message: "0.01 millis is shorter than one 16-bit sample (2 bytes)"
        })
      )
    )
  })

  it.effect("can be yielded in Effect.gen, failing with ByteCountError", () =>
    Effect.gen(function*() {
      const frameBytes = yield* ByteBatcher.bytesForMillis(20)
      assert.strictEqual(frameBytes, 960)
      const error = yield* Effect.flip(Effect.gen(function*() {
        return yield* ByteBatcher.bytesForSeconds(0)
      }))
      assert.strictEqual(error._tag, "ByteCountError")
      assert.strictEqual(error.reason, "TooShort")
    }))
})

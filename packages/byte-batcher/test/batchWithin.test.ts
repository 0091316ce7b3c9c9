import { assert, describe, it } from "@effect/vitest"
import { ByteBatcher } from "@pkg/byte-batcher"
import { Cause, Chunk, Data, Effect, Exit, FastCheck as fc, Fiber, Queue, Stream, TestClock } from "effect"
import { assertSameBytes, chunked, concat, defectOf, pattern, toStream } from "./utils.js"

class Boom extends Data.TaggedError("Boom")<{}> {}

const lengths = (batches: Chunk.Chunk<Uint8Array>) => Chunk.toReadonlyArray(batches).map((batch) => batch.length)

/** A live source fed by the test, and the batches observed downstream, one by one. */
const live = (maxBytes: number) =>
  Effect.gen(function*() {
    const input = yield* Queue.unbounded<Uint8Array>()
    const output = yield* Queue.unbounded<Uint8Array>()
    const fiber = yield* Stream.fromQueue(input).pipe(
      ByteBatcher.batchWithin(maxBytes, "1 second"),
      Stream.runForEach((batch) => Queue.offer(output, batch)),
      Effect.fork
    )
    return { fiber, input, output }
  })

describe("ByteBatcher.batchWithin", () => {
  it.effect.prop(
    "batches any chunking into non-empty batches of at most maxBytes that concatenate to the input",
    { input: chunked(4096), maxBytes: fc.integer({ min: 1, max: 2000 }) },
    ({ input, maxBytes }) =>
      Effect.gen(function*() {
        const batches = Chunk.toReadonlyArray(
          yield* Stream.runCollect(toStream(input).pipe(ByteBatcher.batchWithin(maxBytes, "1 second")))
        )
        assertSameBytes(concat(batches), input.bytes)
        for (const batch of batches) assert.isTrue(batch.length > 0 && batch.length <= maxBytes)
      })
  )

  it.effect("emits a partial batch once the interval has passed", () =>
    Effect.gen(function*() {
      const { fiber, input, output } = yield* live(1000)
      yield* Queue.offerAll(input, [pattern(30), pattern(20)])
      yield* Effect.yieldNow()
      assert.strictEqual(yield* Queue.size(output), 0)
      yield* TestClock.adjust("1 second")
      assertSameBytes(yield* Queue.take(output), concat([pattern(30), pattern(20)]))
      yield* Queue.offer(input, pattern(40))
      yield* TestClock.adjust("1 second")
      assert.strictEqual((yield* Queue.take(output)).length, 40)
      yield* Fiber.interrupt(fiber)
    }))

  it.effect("emits a batch without waiting when the next buffer would overflow it", () =>
    Effect.gen(function*() {
      const { fiber, input, output } = yield* live(100)
      yield* Queue.offerAll(input, [pattern(60), pattern(30), pattern(50)])
      assert.strictEqual((yield* Queue.take(output)).length, 90)
      yield* TestClock.adjust("1 second")
      assert.strictEqual((yield* Queue.take(output)).length, 50)
      yield* Fiber.interrupt(fiber)
    }))

  it.effect("splits a buffer larger than maxBytes into maxBytes pieces and keeps the rest", () =>
    Effect.gen(function*() {
      const batches = yield* Stream.make(pattern(30), pattern(250)).pipe(
        ByteBatcher.batchWithin(100, "1 second"),
        Stream.runCollect
      )
      assert.deepStrictEqual(lengths(batches), [30, 100, 100, 50])
      assertSameBytes(concat(batches), concat([pattern(30), pattern(250)]))
    }))

  it.effect("emits nothing for an empty stream", () =>
    Effect.gen(function*() {
      const batches = yield* Stream.make(new Uint8Array(0)).pipe(
        ByteBatcher.batchWithin(100, "1 second"),
        Stream.runCollect
      )
      assert.deepStrictEqual(lengths(batches), [])
    }))

  it.effect("emits the batch collected before an upstream failure, then fails with it", () =>
    Effect.gen(function*() {
      const emitted: Array<Uint8Array> = []
      const exit = yield* Stream.concat(Stream.make(pattern(70), pattern(20)), Stream.fail(new Boom())).pipe(
        ByteBatcher.batchWithin(80, "1 second"),
        Stream.runForEach((batch) => Effect.sync(() => emitted.push(batch))),
        Effect.exit
      )
      assert.deepStrictEqual(emitted.map((batch) => batch.length), [70, 20])
      assert.deepStrictEqual(exit, Exit.fail(new Boom()))
    }))

  it.effect("dies with an IllegalArgumentException when maxBytes is not a positive safe integer", () =>
    Effect.gen(function*() {
      const defect = yield* defectOf(Stream.make(pattern(10)).pipe(ByteBatcher.batchWithin(0, "1 second")))
      assert.isTrue(Cause.isIllegalArgumentException(defect))
      assert.strictEqual(
        (defect as Cause.IllegalArgumentException).message,
        "ByteBatcher.batchWithin: maxBytes must be a positive safe integer, got 0"
      )
    }))
})

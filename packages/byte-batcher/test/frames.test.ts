import { assert, describe, it } from "@effect/vitest"
import { ByteBatcher } from "@pkg/byte-batcher"
import { Cause, Chunk, Data, Effect, Exit, FastCheck as fc, Stream } from "effect"
import { assertSameBytes, chunked, concat, defectOf, pattern, split, toStream } from "./utils.js"

class Boom extends Data.TaggedError("Boom")<{}> {}

const collect = <E>(stream: Stream.Stream<Uint8Array, E>) =>
  Stream.runCollect(stream).pipe(Effect.map(Chunk.toReadonlyArray))

const lengths = (frames: ReadonlyArray<Uint8Array>) => frames.map((frame) => frame.length)

/** Runs the stream to its end and returns what was emitted together with how it ended. */
const emittedThenExit = <E>(stream: Stream.Stream<Uint8Array, E>) =>
  Effect.gen(function*() {
    const emitted: Array<Uint8Array> = []
    const exit = yield* Stream.runForEach(stream, (frame) => Effect.sync(() => emitted.push(frame))).pipe(Effect.exit)
    return { emitted, exit }
  })

describe("ByteBatcher.frames", () => {
  it.effect.prop(
    "re-chunks any chunking into frames of exactly size bytes, keeping a non-empty tail",
    { input: chunked(4096), size: fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 5000 })) },
    ({ input, size }) =>
      Effect.gen(function*() {
        const frames = yield* collect(toStream(input).pipe(ByteBatcher.frames(size)))
        assertSameBytes(concat(frames), input.bytes)
        assert.strictEqual(frames.length, Math.ceil(input.bytes.length / size))
        frames.forEach((frame, i) => {
          if (i < frames.length - 1) assert.strictEqual(frame.length, size)
          else assert.isTrue(frame.length > 0 && frame.length <= size)
        })
      }),
    { fastCheck: { numRuns: 300 } }
  )

  it.effect.prop(
    "supports the data-first form with the same result",
    { input: chunked(1024), size: fc.integer({ min: 1, max: 100 }) },
    ({ input, size }) =>
      Effect.gen(function*() {
        const dataFirst = yield* collect(ByteBatcher.frames(toStream(input), size))
        const dataLast = yield* collect(toStream(input).pipe(ByteBatcher.frames(size)))
        assert.deepStrictEqual(lengths(dataFirst), lengths(dataLast))
        assertSameBytes(concat(dataFirst), concat(dataLast))
      })
  )

  it.effect("cuts odd sizes across buffer boundaries and keeps the tail", () =>
    Effect.gen(function*() {
      const bytes = pattern(100)
      const input = Stream.fromIterable(split(bytes, [3, 50, 0, 47]))
      const frames = yield* collect(input.pipe(ByteBatcher.frames(7)))
      assert.deepStrictEqual(lengths(frames), [...Array.from({ length: 14 }, () => 7), 2])
      assertSameBytes(concat(frames), bytes)
    }))

  it.effect("emits a tail shorter than the frame when the whole input is smaller", () =>
    Effect.gen(function*() {
      const frames = yield* collect(Stream.make(pattern(5), pattern(4)).pipe(ByteBatcher.frames(960)))
      assert.deepStrictEqual(lengths(frames), [9])
    }))

  it.effect("emits nothing for an empty stream or a stream of empty buffers", () =>
    Effect.gen(function*() {
      assert.deepStrictEqual(yield* collect(Stream.empty.pipe(ByteBatcher.frames(960))), [])
      const empties = Stream.fromChunks(Chunk.empty(), Chunk.make(new Uint8Array(0), new Uint8Array(0)))
      assert.deepStrictEqual(yield* collect(empties.pipe(ByteBatcher.frames(960))), [])
    }))

  it.effect("emits every frame completed by one upstream chunk in one downstream chunk", () =>
    Effect.gen(function*() {
      const chunks = yield* Stream.make(pattern(9600)).pipe(
        ByteBatcher.frames(960),
        Stream.chunks,
        Stream.map(Chunk.size),
        Stream.runCollect
      )
      assert.deepStrictEqual(Chunk.toReadonlyArray(chunks), [10])
    }))

  it.effect("returns views of an input buffer for frames inside it and copies only frames spanning buffers", () =>
    Effect.gen(function*() {
      const first = pattern(2500)
      const second = pattern(500, 7)
      const frames = yield* collect(Stream.make(first, second).pipe(ByteBatcher.frames(1000)))
      assert.deepStrictEqual(lengths(frames), [1000, 1000, 1000])
      assert.strictEqual(frames[0].buffer, first.buffer)
      assert.strictEqual(frames[1].buffer, first.buffer)
      assert.notStrictEqual(frames[2].buffer, first.buffer)
      assert.notStrictEqual(frames[2].buffer, second.buffer)
      assertSameBytes(concat(frames), concat([first, second]))
    }))

  it.effect("starts afresh on every run of the same stream", () =>
    Effect.gen(function*() {
      const stream = Stream.make(pattern(10), pattern(3)).pipe(ByteBatcher.frames(4))
      const once = yield* collect(stream)
      const twice = yield* collect(stream)
      assert.deepStrictEqual(lengths(once), [4, 4, 4, 1])
      assert.deepStrictEqual(twice, once)
    }))

  it.effect("emits the frames and the tail received before an upstream failure, then fails with it", () =>
    Effect.gen(function*() {
      const bytes = pattern(2000)
      const upstream = Stream.concat(Stream.fromIterable(split(bytes, [1500, 500])), Stream.fail(new Boom()))
      const { emitted, exit } = yield* emittedThenExit(upstream.pipe(ByteBatcher.frames(960)))
      assert.deepStrictEqual(lengths(emitted), [960, 960, 80])
      assertSameBytes(concat(emitted), bytes)
      assert.deepStrictEqual(exit, Exit.fail(new Boom()))
    }))

  it.effect("emits the tail before an upstream defect, then dies with it", () =>
    Effect.gen(function*() {
      const upstream = Stream.concat(Stream.make(pattern(10)), Stream.die("kaput"))
      const { emitted, exit } = yield* emittedThenExit(upstream.pipe(ByteBatcher.frames(4)))
      assert.deepStrictEqual(lengths(emitted), [4, 4, 2])
      assert.deepStrictEqual(exit, Exit.die("kaput"))
    }))

  it.effect("fails without emitting when upstream fails before any byte", () =>
    Effect.gen(function*() {
      const { emitted, exit } = yield* emittedThenExit(Stream.fail(new Boom()).pipe(ByteBatcher.frames(4)))
      assert.deepStrictEqual(emitted, [])
      assert.deepStrictEqual(exit, Exit.fail(new Boom()))
    }))

  it.effect("dies with an IllegalArgumentException when size is not a positive safe integer", () =>
    Effect.gen(function*() {
      for (const size of [0, -960, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53]) {
        const defect = yield* defectOf(Stream.make(pattern(10)).pipe(ByteBatcher.frames(size)))
        assert.isTrue(Cause.isIllegalArgumentException(defect))
        assert.strictEqual(
          (defect as Cause.IllegalArgumentException).message,
          `ByteBatcher.frames: size must be a positive safe integer, got ${size}`
        )
      }
    }))
})

import { assert, describe, it } from "@effect/vitest"
import { ByteBatcher } from "@pkg/byte-batcher"
import { Cause, Chunk, Data, Effect, Exit, FastCheck as fc, Stream } from "effect"
import { assertSameBytes, chunked, concat, defectOf, pattern, split, toStream } from "./utils.js"

class Boom extends Data.TaggedError("Boom")<{}> {}

type Item = ByteBatcher.Marked<string>

const collect = <E>(stream: Stream.Stream<Item, E>) => Stream.runCollect(stream).pipe(Effect.map(Chunk.toReadonlyArray))

const framesOf = (items: ReadonlyArray<Item>) =>
  items.filter((item): item is ByteBatcher.Frame => item._tag === "Frame")

const marksOf = (items: ReadonlyArray<Item>) =>
  items.filter((item): item is ByteBatcher.Mark<string> => item._tag === "Mark")

/** A compact rendering: `960` for a frame of 960 bytes, `commit@144000` for a mark. */
const show = (items: ReadonlyArray<Item>) =>
  items.map((item) => item._tag === "Frame" ? String(item.bytes.length) : `${item.name}@${item.offset}`)

/** Up to four mark names in random key order, with intervals small enough to fall inside the input. */
const marksArbitrary = fc
  .uniqueArray(fc.tuple(fc.constantFrom("commit", "summary", "m2", "m3"), fc.integer({ min: 1, max: 1500 })), {
    maxLength: 4,
    selector: ([name]) => name
  })
  .map((entries): Record<string, number> => Object.fromEntries(entries))

describe("ByteBatcher.marked", () => {
  it.effect.prop(
    "frames the input exactly and marks every multiple of every interval",
    {
      input: chunked(6000),
      frameBytes: fc.oneof(fc.integer({ min: 1, max: 16 }), fc.integer({ min: 1, max: 1200 })),
      marks: marksArbitrary
    },
    ({ frameBytes, input, marks }) =>
      Effect.gen(function*() {
        const items = yield* collect(toStream(input).pipe(ByteBatcher.marked({ frameBytes, marks })))
        const frames = framesOf(items)
        const total = input.bytes.length
        const names = Object.keys(marks)
        const isBoundary = (offset: number) => names.some((name) => offset % marks[name] === 0)

        assertSameBytes(concat(frames.map((frame) => frame.bytes)), input.bytes)
        let offset = 0
        frames.forEach((frame, i) => {
          assert.strictEqual(frame.start, offset, "frames are contiguous")
          assert.strictEqual(frame.end - frame.start, frame.bytes.length)
          assert.isTrue(frame.bytes.length > 0 && frame.bytes.length <= frameBytes, "frames are 1..frameBytes long")
          for (const name of names) {
            const lastMultipleBeforeEnd = Math.floor((frame.end - 1) / marks[name]) * marks[name]
            assert.isFalse(
              lastMultipleBeforeEnd > frame.start,
              `frame ${frame.start}-${frame.end} crosses a ${name} mark`
            )
          }
          const isLast = i === frames.length - 1
          if (frame.bytes.length < frameBytes && !isLast) {
            assert.isTrue(isBoundary(frame.end), "only the frame before a mark boundary may be short")
          }
          offset = frame.end
        })
        assert.strictEqual(offset, total)

        for (const name of names) {
          const own = marksOf(items).filter((mark) => mark.name === name)
          assert.strictEqual(own.length, Math.floor(total / marks[name]))
          own.forEach((mark, index) => {
            assert.strictEqual(mark.index, index)
            assert.strictEqual(mark.offset, (index + 1) * marks[name])
          })
        }

        items.forEach((item, i) => {
          if (item._tag !== "Mark") return
          const previous = items[i - 1]
          if (previous._tag === "Frame") {
            assert.strictEqual(previous.end, item.offset, "a mark comes right after the frame ending at its offset")
          } else {
            assert.strictEqual(previous.offset, item.offset)
            assert.isTrue(names.indexOf(previous.name) < names.indexOf(item.name), "same-offset marks in key order")
          }
        })
      }),
    { fastCheck: { numRuns: 300 } }
  )

  it.effect("turns 15 s of audio into 750 frames of 20 ms, 5 commits and a summary after the last commit", () =>
    Effect.gen(function*() {
      const bytes = pattern(720_000)
      const input = Stream.fromIterable(split(bytes, [100_000, 333_333, 1, 286_666]))
      const items = yield* collect(
        input.pipe(ByteBatcher.marked({ frameBytes: 960, marks: { commit: 144_000, summary: 720_000 } }))
      )
      const frames = framesOf(items)
      assert.strictEqual(frames.length, 750)
      assert.isTrue(frames.every((frame) => frame.bytes.length === 960))
      assertSameBytes(concat(frames.map((frame) => frame.bytes)), bytes)
      assert.deepStrictEqual(
        marksOf(items),
        [
          ...[0, 1, 2, 3, 4].map((index) => ({
            _tag: "Mark" as const,
            name: "commit",
            offset: (index + 1) * 144_000,
            index
          })),
          { _tag: "Mark", name: "summary", offset: 720_000, index: 0 }
        ]
      )
      assert.deepStrictEqual(show(items.slice(-3)), ["960", "commit@720000", "summary@720000"])
      assert.strictEqual(items.indexOf(marksOf(items)[0]), 150)
    }))

  it.effect("orders marks at the same offset by the keys of marks", () =>
    Effect.gen(function*() {
      const items = yield* collect(
        Stream.make(pattern(8)).pipe(ByteBatcher.marked({ frameBytes: 4, marks: { summary: 8, commit: 4 } }))
      )
      assert.deepStrictEqual(show(items), ["4", "commit@4", "4", "summary@8", "commit@8"])
    }))

  it.effect("shortens the frame before a mark when the interval is not a multiple of the frame size", () =>
    Effect.gen(function*() {
      const items = yield* collect(
        Stream.make(pattern(2500)).pipe(ByteBatcher.marked({ frameBytes: 960, marks: { commit: 1000 } }))
      )
      assert.deepStrictEqual(show(items), ["960", "40", "commit@1000", "960", "40", "commit@2000", "500"])
      assert.deepStrictEqual(
        framesOf(items).map((frame) => [frame.start, frame.end]),
        [[0, 960], [960, 1000], [1000, 1960], [1960, 2000], [2000, 2500]]
      )
    }))

  it.effect("keeps the tail frame and emits no mark for the incomplete interval", () =>
    Effect.gen(function*() {
      const items = yield* collect(
        Stream.fromIterable(split(pattern(1001), [7, 994])).pipe(
          ByteBatcher.marked({ frameBytes: 300, marks: { commit: 500 } })
        )
      )
      assert.deepStrictEqual(show(items), ["300", "200", "commit@500", "300", "200", "commit@1000", "1"])
    }))

  it.effect("emits nothing for an empty stream and no mark at offset 0", () =>
    Effect.gen(function*() {
      const options = { frameBytes: 960, marks: { commit: 144_000 } }
      assert.deepStrictEqual(yield* collect(Stream.empty.pipe(ByteBatcher.marked(options))), [])
      assert.deepStrictEqual(yield* collect(Stream.make(new Uint8Array(0)).pipe(ByteBatcher.marked(options))), [])
    }))

  it.effect("frames without marks when marks is empty", () =>
    Effect.gen(function*() {
      const items = yield* collect(Stream.make(pattern(10)).pipe(ByteBatcher.marked({ frameBytes: 4, marks: {} })))
      assert.deepStrictEqual(show(items), ["4", "4", "2"])
    }))

  it.effect("supports the data-first form", () =>
    Effect.gen(function*() {
      const items = yield* collect(
        ByteBatcher.marked(Stream.make(pattern(6)), { frameBytes: 2, marks: { even: 2, four: 4 } })
      )
      assert.deepStrictEqual(show(items), ["2", "even@2", "2", "even@4", "four@4", "2", "even@6"])
    }))

  it.effect("emits the tail frame received before an upstream failure, then fails with it", () =>
    Effect.gen(function*() {
      const upstream = Stream.concat(Stream.make(pattern(1100)), Stream.fail(new Boom()))
      const emitted: Array<Item> = []
      const exit = yield* upstream.pipe(
        ByteBatcher.marked({ frameBytes: 960, marks: { commit: 1000 } }),
        Stream.runForEach((item) => Effect.sync(() => emitted.push(item))),
        Effect.exit
      )
      assert.deepStrictEqual(show(emitted), ["960", "40", "commit@1000", "100"])
      assert.deepStrictEqual(exit, Exit.fail(new Boom()))
    }))

  it.effect("dies with an IllegalArgumentException for a bad frame size or interval", () =>
    Effect.gen(function*() {
      const input = Stream.make(pattern(10))
      const badFrame = yield* defectOf(input.pipe(ByteBatcher.marked({ frameBytes: 0, marks: { commit: 4 } })))
      assert.isTrue(Cause.isIllegalArgumentException(badFrame))
      assert.strictEqual(
        (badFrame as Cause.IllegalArgumentException).message,
        "ByteBatcher.marked: frameBytes must be a positive safe integer, got 0"
      )
      const badInterval = yield* defectOf(input.pipe(ByteBatcher.marked({ frameBytes: 4, marks: { commit: 2.5 } })))
      assert.isTrue(Cause.isIllegalArgumentException(badInterval))
      assert.strictEqual(
        (badInterval as Cause.IllegalArgumentException).message,
        "ByteBatcher.marked: the interval of mark \"commit\" must be a positive safe integer, got 2.5"
      )
    }))
})

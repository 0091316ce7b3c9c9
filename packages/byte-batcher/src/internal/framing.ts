import * as Channel from "effect/Channel"
import * as Chunk from "effect/Chunk"
import { dual } from "effect/Function"
import * as Stream from "effect/Stream"
import type { Marked, MarkedOptions } from "../Marked.js"
import { Framer } from "./framer.js"
import { invalid, isByteCount } from "./validation.js"

/**
 * Runs a fresh `Framer` per stream run. The output of one input chunk is written as one output chunk. When
 * upstream ends, with success or with any failure, the tail is emitted first and the cause is re-raised as is.
 */
const through = <Out, E, R>(
  self: Stream.Stream<Uint8Array, E, R>,
  make: (emit: (out: Out) => void) => Framer
): Stream.Stream<Out, E, R> =>
  Stream.suspend(() => {
    let out: Array<Out> = []
    const framer = make((value) => {
      out.push(value)
    })
    const drain = (): Chunk.Chunk<Out> => {
      const chunk = Chunk.unsafeFromArray(out)
      out = []
      return chunk
    }
    const flushThen = <A, Err>(
      next: Channel.Channel<never, unknown, Err, unknown, A, unknown>
    ): Channel.Channel<Chunk.Chunk<Out>, unknown, Err, unknown, A | void, unknown> => {
      framer.flush()
      return out.length === 0 ? next : Channel.zipRight(Channel.write(drain()), next)
    }
    const loop: Channel.Channel<Chunk.Chunk<Out>, Chunk.Chunk<Uint8Array>, E, E, unknown, unknown> = Channel
      .readWithCause({
        onInput: (input: Chunk.Chunk<Uint8Array>) => {
          const buffers = Chunk.toReadonlyArray(input)
          for (let i = 0; i < buffers.length; i++) {
            framer.push(buffers[i])
          }
          return out.length === 0 ? loop : Channel.zipRight(Channel.write(drain()), loop)
        },
        onFailure: (cause) => flushThen(Channel.failCause(cause)),
        onDone: () => flushThen(Channel.void)
      })
    return Stream.pipeThroughChannel(self, loop)
  })

/** @internal */
export const frames = dual<
  (size: number) => <E, R>(self: Stream.Stream<Uint8Array, E, R>) => Stream.Stream<Uint8Array, E, R>,
  <E, R>(self: Stream.Stream<Uint8Array, E, R>, size: number) => Stream.Stream<Uint8Array, E, R>
>(2, <E, R>(self: Stream.Stream<Uint8Array, E, R>, size: number): Stream.Stream<Uint8Array, E, R> => {
  if (!isByteCount(size)) return invalid("frames", "size", size)
  return through(self, (emit) => new Framer(() => size, emit))
})

interface MarkState<K extends string> {
  readonly name: K
  readonly interval: number
  next: number
  index: number
}

/** @internal */
export const marked = dual<
  <K extends string>(
    options: MarkedOptions<K>
  ) => <E, R>(self: Stream.Stream<Uint8Array, E, R>) => Stream.Stream<Marked<K>, E, R>,
  <E, R, K extends string>(
    self: Stream.Stream<Uint8Array, E, R>,
    options: MarkedOptions<K>
  ) => Stream.Stream<Marked<K>, E, R>
>(2, <E, R, K extends string>(
  self: Stream.Stream<Uint8Array, E, R>,
  options: MarkedOptions<K>
): Stream.Stream<Marked<K>, E, R> => {
  const { frameBytes } = options
  if (!isByteCount(frameBytes)) return invalid("marked", "frameBytes", frameBytes)
  const names = Object.keys(options.marks) as Array<K>
  for (const name of names) {
    const interval = options.marks[name]
    if (!isByteCount(interval)) return invalid("marked", `the interval of mark "${name}"`, interval)
  }
  return through(self, (emit: (out: Marked<K>) => void) => {
    const marks: Array<MarkState<K>> = names.map((name) => {
      const interval = options.marks[name]
      return { name, interval, next: interval, index: 0 }
    })
    let nextCut = Math.min(...marks.map((mark) => mark.next))
    return new Framer(
      (offset) => Math.min(frameBytes, nextCut - offset),
      (bytes, start, end) => {
        emit({ _tag: "Frame", bytes, start, end })
        if (end !== nextCut) return
        nextCut = Infinity
        for (const mark of marks) {
          if (mark.next === end) {
            emit({ _tag: "Mark", name: mark.name, offset: end, index: mark.index })
            mark.index++
            mark.next += mark.interval
          }
          if (mark.next < nextCut) nextCut = mark.next
        }
      }
    )
  })
})

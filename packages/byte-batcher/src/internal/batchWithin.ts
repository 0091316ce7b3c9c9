import * as Cause from "effect/Cause"
import * as Chunk from "effect/Chunk"
import type * as Duration from "effect/Duration"
import { dual } from "effect/Function"
import * as Schedule from "effect/Schedule"
import * as Sink from "effect/Sink"
import * as Stream from "effect/Stream"
import { invalid, isByteCount } from "./validation.js"

/** Upstream's failure travels through the aggregation as a zero-cost element, so the batch before it survives. */
type Input<E> = Uint8Array | Cause.Cause<E>

interface Batch<E> {
  readonly parts: Chunk.Chunk<Uint8Array>
  readonly bytes: number
  readonly cause: Cause.Cause<E> | undefined
}

const empty: Batch<never> = { parts: Chunk.empty(), bytes: 0, cause: undefined }

const pieces = (bytes: Uint8Array, size: number): Chunk.Chunk<Uint8Array> => {
  const out: Array<Uint8Array> = []
  for (let offset = 0; offset < bytes.length; offset += size) {
    out.push(bytes.subarray(offset, offset + size))
  }
  return Chunk.unsafeFromArray(out)
}

const concat = (parts: Chunk.Chunk<Uint8Array>, bytes: number): Uint8Array => {
  if (parts.length === 1) return Chunk.unsafeHead(parts)
  const out = new Uint8Array(bytes)
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.length
  }
  return out
}

const emit = <E>(batch: Batch<E>): Stream.Stream<Uint8Array, E> => {
  const bytes = batch.bytes === 0 ? Stream.empty : Stream.succeed(concat(batch.parts, batch.bytes))
  return batch.cause === undefined ? bytes : Stream.concat(bytes, Stream.failCause(batch.cause))
}

/** @internal */
export const batchWithin = dual<
  (
    maxBytes: number,
    within: Duration.DurationInput
  ) => <E, R>(self: Stream.Stream<Uint8Array, E, R>) => Stream.Stream<Uint8Array, E, R>,
  <E, R>(
    self: Stream.Stream<Uint8Array, E, R>,
    maxBytes: number,
    within: Duration.DurationInput
  ) => Stream.Stream<Uint8Array, E, R>
>(3, <E, R>(
  self: Stream.Stream<Uint8Array, E, R>,
  maxBytes: number,
  within: Duration.DurationInput
): Stream.Stream<Uint8Array, E, R> => {
  if (!isByteCount(maxBytes)) return invalid("batchWithin", "maxBytes", maxBytes)
  const sink = Sink.foldWeightedDecompose<Batch<E>, Input<E>>({
    initial: empty,
    maxCost: maxBytes,
    cost: (_, input) => Cause.isCause(input) ? 0 : input.length,
    decompose: (input) => Cause.isCause(input) ? Chunk.of(input) : pieces(input, maxBytes),
    body: (batch, input) =>
      Cause.isCause(input)
        ? { ...batch, cause: input }
        : { parts: Chunk.append(batch.parts, input), bytes: batch.bytes + input.length, cause: batch.cause }
  })
  const inputs: Stream.Stream<Input<E>, E, R> = self
  return inputs.pipe(
    Stream.catchAllCause((cause) => Stream.succeed<Input<E>>(cause)),
    Stream.aggregateWithin(sink, Schedule.spaced(within)),
    Stream.flatMap(emit)
  )
})

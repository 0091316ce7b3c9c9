import { assert } from "@effect/vitest"
import { Chunk, Effect, FastCheck as fc, Stream } from "effect"

/**
 * A byte array and one way of chunking it: the buffers (split at random points, so some are empty) are
 * grouped into stream chunks (split at random points too, so some chunks are empty).
 */
export interface Chunked {
  readonly bytes: Uint8Array
  readonly chunks: ReadonlyArray<ReadonlyArray<Uint8Array>>
}

const splitAt = <A>(
  items: { readonly length: number },
  cuts: ReadonlyArray<number>,
  slice: (from: number, to: number) => A
) => {
  const points = [0, ...[...cuts].sort((a, b) => a - b), items.length]
  const parts: Array<A> = []
  for (let i = 1; i < points.length; i++) {
    parts.push(slice(points[i - 1], points[i]))
  }
  return parts
}

/** Pseudo-random bytes from a seed (mulberry32): content is arbitrary but shrinks as two numbers, not per byte. */
export const seededBytes = (length: number, seed: number): Uint8Array => {
  const out = new Uint8Array(length)
  let state = seed >>> 0
  for (let i = 0; i < length; i++) {
    state = (state + 0x6d2b79f5) >>> 0
    let t = Math.imul(state ^ (state >>> 15), state | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    out[i] = (t ^ (t >>> 14)) & 255
  }
  return out
}

const bytesArbitrary = (maxLength: number) =>
  fc
    .tuple(fc.oneof(fc.integer({ min: 0, max: 64 }), fc.integer({ min: 0, max: maxLength })), fc.nat())
    .map(([length, seed]) => seededBytes(length, seed))

export const chunked = (maxLength: number): fc.Arbitrary<Chunked> =>
  fc.record({
    bytes: bytesArbitrary(maxLength),
    cuts: fc.array(fc.nat(), { maxLength: 24, size: "max" }),
    groups: fc.array(fc.nat(), { maxLength: 8, size: "max" })
  }).map(({ bytes, cuts, groups }): Chunked => {
    const buffers = splitAt(bytes, cuts.map((cut) => cut % (bytes.length + 1)), (from, to) => bytes.slice(from, to))
    const chunks = splitAt(
      buffers,
      groups.map((cut) => cut % (buffers.length + 1)),
      (from, to) => buffers.slice(from, to)
    )
    return { bytes, chunks }
  })

export const toStream = (input: Chunked): Stream.Stream<Uint8Array> =>
  Stream.fromChunks(...input.chunks.map((buffers) => Chunk.fromIterable(buffers)))

export const concat = (parts: Iterable<Uint8Array>): Uint8Array => {
  const list = [...parts]
  const out = new Uint8Array(list.reduce((n, part) => n + part.length, 0))
  let offset = 0
  for (const part of list) {
    out.set(part, offset)
    offset += part.length
  }
  return out
}

/** Deterministic non-zero bytes, so that misplaced or zero-filled regions show up in comparisons. */
export const pattern = (length: number, seed = 0): Uint8Array => {
  const out = new Uint8Array(length)
  for (let i = 0; i < length; i++) out[i] = ((i + seed) % 251) + 1
  return out
}

export const split = (bytes: Uint8Array, sizes: ReadonlyArray<number>): Array<Uint8Array> => {
  const out: Array<Uint8Array> = []
  let offset = 0
  for (const size of sizes) {
    out.push(bytes.slice(offset, offset + size))
    offset += size
  }
  return out
}

/** Runs the stream and returns its defect, failing the test if it does not die. */
export const defectOf = <A, E>(stream: Stream.Stream<A, E>) =>
  Stream.runDrain(stream).pipe(
    Effect.flatMap(() => Effect.dieMessage("expected the stream to die")),
    Effect.catchAllDefect((defect) => Effect.succeed(defect))
  )

/** Byte equality with a one-line failure message (a diff of large arrays is slow and unreadable). */
export const assertSameBytes = (actual: Uint8Array, expected: Uint8Array): void => {
  if (actual.length !== expected.length) {
    assert.fail(`expected ${expected.length} bytes, got ${actual.length}`)
  }
  const at = actual.findIndex((byte, i) => byte !== expected[i])
  if (at !== -1) assert.fail(`bytes differ at offset ${at}: expected ${expected[at]}, got ${actual[at]}`)
}

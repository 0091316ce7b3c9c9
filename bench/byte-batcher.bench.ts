/**
 * Throughput of `ByteBatcher.frames(960)` and `ByteBatcher.marked(...)` over 60 s of PCM audio arriving in
 * random-sized chunks, against a hand-written synchronous framing loop over the same chunks, measured in the
 * same run. Run with `node bench/dist/byte-batcher.bench.js`.
 */
import { ByteBatcher } from "@pkg/byte-batcher"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { performance } from "node:perf_hooks"
import { setFlagsFromString } from "node:v8"
import { runInNewContext } from "node:vm"

const TOTAL_BYTES = 60 * ByteBatcher.BYTES_PER_SECOND
const FRAME_BYTES = 960
const MIN_CHUNK = 4 * 1024
const MAX_CHUNK = 64 * 1024
const SEED = 0x5eed
const WARMUP_ROUNDS = 10
const ROUNDS = 21
/** Runs per timed sample, so that one sample lasts milliseconds even for the baseline. */
const RUNS_PER_SAMPLE = 10

setFlagsFromString("--expose-gc")
const gc = runInNewContext("gc") as () => void

const mulberry32 = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) >>> 0
  let t = Math.imul(seed ^ (seed >>> 15), seed | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

const makeChunks = (): ReadonlyArray<Uint8Array> => {
  const random = mulberry32(SEED)
  const chunks: Array<Uint8Array> = []
  let left = TOTAL_BYTES
  while (left > 0) {
    const size = Math.min(left, MIN_CHUNK + Math.floor(random() * (MAX_CHUNK - MIN_CHUNK + 1)))
    const chunk = new Uint8Array(size)
    for (let i = 0; i < size; i++) chunk[i] = (random() * 256) | 0
    chunks.push(chunk)
    left -= size
  }
  return chunks
}

/** The hand-written reference: a carry buffer for frames spanning chunks, views for the others. */
const baseline = (chunks: ReadonlyArray<Uint8Array>): number => {
  let carry = new Uint8Array(FRAME_BYTES)
  let filled = 0
  let bytes = 0
  for (const chunk of chunks) {
    const frames: Array<Uint8Array> = []
    let index = 0
    if (filled > 0) {
      const take = Math.min(FRAME_BYTES - filled, chunk.length)
      carry.set(chunk.subarray(0, take), filled)
      filled += take
      index = take
      if (filled === FRAME_BYTES) {
        frames.push(carry)
        carry = new Uint8Array(FRAME_BYTES)
        filled = 0
      }
    }
    for (; chunk.length - index >= FRAME_BYTES; index += FRAME_BYTES) {
      frames.push(chunk.subarray(index, index + FRAME_BYTES))
    }
    if (index < chunk.length) {
      carry.set(chunk.subarray(index), 0)
      filled = chunk.length - index
    }
    for (const frame of frames) bytes += frame.length
  }
  if (filled > 0) bytes += carry.subarray(0, filled).length
  return bytes
}

/** Each upstream chunk in its own stream chunk, as a Node readable delivers them. */
const source = (chunks: ReadonlyArray<Uint8Array>) => Stream.fromChunks(...chunks.map((chunk) => Chunk.of(chunk)))

/** The cost of the Stream plumbing alone: the same source folded without framing. */
const passthrough = (chunks: ReadonlyArray<Uint8Array>): number =>
  source(chunks).pipe(
    Stream.runFold(0, (bytes, chunk) => bytes + chunk.length),
    Effect.runSync
  )

const viaFrames = (chunks: ReadonlyArray<Uint8Array>): number =>
  source(chunks).pipe(
    ByteBatcher.frames(FRAME_BYTES),
    Stream.runFold(0, (bytes, frame) => bytes + frame.length),
    Effect.runSync
  )

const marks = { commit: 3 * ByteBatcher.BYTES_PER_SECOND, summary: 15 * ByteBatcher.BYTES_PER_SECOND }

const viaMarked = (chunks: ReadonlyArray<Uint8Array>): number =>
  source(chunks).pipe(
    ByteBatcher.marked({ frameBytes: FRAME_BYTES, marks }),
    Stream.runFold(0, (bytes, item) => item._tag === "Frame" ? bytes + item.bytes.length : bytes),
    Effect.runSync
  )

interface Case {
  readonly name: string
  readonly run: (chunks: ReadonlyArray<Uint8Array>) => number
}

interface Heap {
  readonly peak: number
  readonly retained: number
}

const median = (values: ReadonlyArray<number>): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

const mbPerSecond = (seconds: number) => TOTAL_BYTES / 1e6 / seconds

const formatRate = (rate: number) => `${rate >= 100 ? rate.toFixed(0) : rate.toFixed(1)} MB/s`

const formatHeap = (bytes: number) => {
  const kib = Math.round(bytes / 1024)
  return `${kib < 0 ? "-" : "+"}${Math.abs(kib).toLocaleString("en")} KiB`
}

/** Median seconds per run of each case. Rounds interleave the cases, rotating which goes first. No forced GC. */
const timeCases = (cases: ReadonlyArray<Case>, chunks: ReadonlyArray<Uint8Array>): Map<string, number> => {
  const seconds = new Map(cases.map((c) => [c.name, [] as Array<number>]))
  for (let round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
    for (let i = 0; i < cases.length; i++) {
      const c = cases[(round + i) % cases.length]
      const start = performance.now()
      for (let run = 0; run < RUNS_PER_SAMPLE; run++) check(c, c.run(chunks))
      const elapsed = (performance.now() - start) / 1000 / RUNS_PER_SAMPLE
      if (round >= WARMUP_ROUNDS) seconds.get(c.name)!.push(elapsed)
    }
  }
  return new Map([...seconds].map(([name, values]) => [name, median(values)]))
}

/**
 * Heap growth of one run, from a collected heap: `peak` is the growth when the run returns (garbage included,
 * unless a minor GC ran meanwhile), `retained` what is left after collecting again. Median over the rounds.
 */
const heapOf = (c: Case, chunks: ReadonlyArray<Uint8Array>): Heap => {
  const peaks: Array<number> = []
  const retained: Array<number> = []
  for (let round = 0; round < ROUNDS; round++) {
    gc()
    const before = process.memoryUsage().heapUsed
    check(c, c.run(chunks))
    peaks.push(process.memoryUsage().heapUsed - before)
    gc()
    retained.push(process.memoryUsage().heapUsed - before)
  }
  return { peak: median(peaks), retained: median(retained) }
}

const check = (c: Case, bytes: number) => {
  if (bytes !== TOTAL_BYTES) throw new Error(`${c.name} framed ${bytes} bytes instead of ${TOTAL_BYTES}`)
}

const main = () => {
  const chunks = makeChunks()
  const cases: ReadonlyArray<Case> = [
    { name: "baseline", run: baseline },
    { name: "stream passthrough (no framing)", run: passthrough },
    { name: `frames(${FRAME_BYTES})`, run: viaFrames },
    { name: `marked(${FRAME_BYTES}, commit 3 s, summary 15 s)`, run: viaMarked }
  ]
  console.log(
    `${TOTAL_BYTES.toLocaleString("en")} bytes (60 s of PCM s16le 24 kHz mono) in ${chunks.length} chunks of ` +
      `${MIN_CHUNK}-${MAX_CHUNK} bytes (seed ${SEED}); ${WARMUP_ROUNDS} warm-up rounds, median of ${ROUNDS} rounds`
  )
  const seconds = timeCases(cases, chunks)
  const base = mbPerSecond(seconds.get("baseline")!)
  for (const c of cases) {
    const rate = mbPerSecond(seconds.get(c.name)!)
    const heap = heapOf(c, chunks)
    const memory = `heap ${formatHeap(heap.peak)} during a run, ${formatHeap(heap.retained)} retained`
    if (c.name === "baseline") {
      console.log(`baseline (synchronous carry loop): ${formatRate(rate)}, ${memory}`)
    } else {
      console.log(
        `${c.name}: ${formatRate(rate)}, baseline ${formatRate(base)}, ratio ${(rate / base).toFixed(2)}x, ${memory}`
      )
    }
  }
}

main()

/**
 * Decoding throughput of `decodeServerEvent` against plain `JSON.parse` of the same frames, measured in the
 * same run. Run: `node bench/dist/decode.bench.js`.
 */
import { decodeServerEvent } from "@pkg/realtime-client/ServerEvent"
import * as fs from "node:fs"
import { performance } from "node:perf_hooks"

const fixturesDir = new URL("../../packages/realtime-client/test/fixtures/server-events/", import.meta.url)
const fixture = (type: string): Record<string, unknown> =>
  JSON.parse(fs.readFileSync(new URL(`${type}.json`, fixturesDir), "utf8"))

const words = "the host reviews the morning traffic with delays on the ring road and a new timetable for buses".split(
  " "
)

// One summary's worth of traffic: the delta stream dominates, the rest arrives once per commit or response.
const realisticFrames = (): Array<string> => {
  const frames: Array<string> = []
  let serial = 0
  const frame = (type: string, patch: Record<string, unknown> = {}) =>
    frames.push(JSON.stringify({ ...fixture(type), event_id: `event_B1x${(serial++).toString(36)}`, ...patch }))
  for (let window = 0; window < 20; window++) {
    for (let commit = 0; commit < 5; commit++) {
      frame("input_audio_buffer.committed")
      frame("conversation.item.added")
      frame("conversation.item.done")
      frame("conversation.item.input_audio_transcription.delta")
      frame("conversation.item.input_audio_transcription.completed")
    }
    frame("response.created")
    frame("rate_limits.updated")
    frame("response.output_item.added")
    frame("response.content_part.added")
    for (let i = 0; i < 120; i++) frame("response.output_text.delta", { delta: ` ${words[i % words.length]}` })
    frame("response.output_text.done")
    frame("response.content_part.done")
    frame("response.output_item.done")
    frame("response.done")
  }
  frame("session.updated")
  return frames
}

const unknownFrames = (): Array<string> =>
  Array.from({ length: 1000 }, (_, i) =>
    JSON.stringify({
      type: "response.output_image.delta",
      event_id: `event_B1x${i.toString(36)}`,
      response_id: "resp_CAbq7Zh1sQmVcG4kW2pLx",
      item_id: "item_CAbq7a1RkTz9oX3nVw6Ec",
      delta: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
    }))

let sink = 0

const passes = (frames: ReadonlyArray<string>, decode: (text: string) => { readonly type: unknown }): number => {
  const start = performance.now()
  for (let i = 0; i < frames.length; i++) {
    sink += (decode(frames[i]!).type as string).length
  }
  return frames.length / ((performance.now() - start) / 1000)
}

const median = (xs: ReadonlyArray<number>): number => {
  const sorted = [...xs].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 0 ? (sorted[mid - 1]! + sorted[mid]!) / 2 : sorted[mid]!
}

const rate = (eventsPerSecond: number): string =>
  eventsPerSecond >= 1e6 ? `${(eventsPerSecond / 1e6).toFixed(2)}M` : `${Math.round(eventsPerSecond / 1e3)}k`

const bench = (name: string, frames: ReadonlyArray<string>, rounds = 15, warmup = 5) => {
  const decoded: Array<number> = []
  const baseline: Array<number> = []
  for (let round = 0; round < warmup + rounds; round++) {
    // alternate the order so that neither side always runs second, on a warmer cache
    let d: number
    let j: number
    if (round % 2 === 0) {
      d = passes(frames, decodeServerEvent)
      j = passes(frames, JSON.parse)
    } else {
      j = passes(frames, JSON.parse)
      d = passes(frames, decodeServerEvent)
    }
    if (round >= warmup) {
      decoded.push(d)
      baseline.push(j)
    }
  }
  const d = median(decoded)
  const j = median(baseline)
  console.log(
    `${name}: decodeServerEvent ${rate(d)} events/s, JSON.parse baseline ${rate(j)} events/s, ratio ${
      (d / j).toFixed(2)
    }x (${frames.length} frames, median of ${rounds} rounds)`
  )
}

const realistic = realisticFrames()
const deltas = realistic.filter((f) => f.includes("\"response.output_text.delta\"")).length
console.log(`frames: ${realistic.length} realistic (${Math.round((deltas / realistic.length) * 100)}% text deltas)`)
bench("realistic mix", realistic)
bench("text deltas only", realistic.filter((f) => f.includes("\"response.output_text.delta\"")))
bench("unknown event", unknownFrames())
if (sink === 0) console.log("unreachable")

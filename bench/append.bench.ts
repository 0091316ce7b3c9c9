/**
 * CPU cost of `RealtimeClient.appendAudio` per second of audio, against a
 * hand-written `ws.send(JSON.stringify(...))` baseline, measured in the same run
 * against the same loopback server: the audio appended a frame per call (as a live
 * source's 20 ms pieces come), and a second per call cut into the same frames (one
 * burst, as the summariser sends what arrived from ffmpeg).
 */
import * as RealtimeClient from "@pkg/realtime-client/RealtimeClient"
import * as RealtimeSocket from "@pkg/realtime-client/RealtimeSocket"
import { Effect, Redacted } from "effect"
import type { AddressInfo } from "node:net"
import WebSocket, { WebSocketServer } from "ws"

const SECONDS_OF_AUDIO = 120
const FRAME_BYTES = 960
const FRAMES = (SECONDS_OF_AUDIO * 48_000) / FRAME_BYTES
const ROUNDS = 9
const WARMUP = 2

const frames = Array.from({ length: FRAMES }, (_, i) => new Uint8Array(FRAME_BYTES).map((_, j) => (i * 31 + j) % 256))
const FRAMES_PER_SECOND = 48_000 / FRAME_BYTES
const seconds = Array.from({ length: SECONDS_OF_AUDIO }, (_, s) => {
  const second = new Uint8Array(48_000)
  frames.slice(s * FRAMES_PER_SECOND, (s + 1) * FRAMES_PER_SECOND).forEach((frame, i) =>
    second.set(frame, i * FRAME_BYTES)
  )
  return second
})

const startServer = () =>
  new Promise<{ url: string; received: () => number; close: () => void }>((resolve) => {
    const server = new WebSocketServer({ host: "127.0.0.1", port: 0, perMessageDeflate: false })
    let received = 0
    server.on("connection", (socket) => {
      socket.send(JSON.stringify({
        type: "session.created",
        event_id: "event_1",
        session: { id: "sess_bench", object: "realtime.session", type: "realtime", model: "bench" }
      }))
      socket.on("message", () => {
        received++
      })
    })
    server.on("listening", () => {
      const { port } = server.address() as AddressInfo
      resolve({ url: `http://127.0.0.1:${port}/v1`, received: () => received, close: () => server.close() })
    })
  })

const cpuMicros = () => {
  const usage = process.cpuUsage()
  return usage.user + usage.system
}

const waitFor = async (predicate: () => boolean) => {
  while (!predicate()) await new Promise((resolve) => setTimeout(resolve, 1))
}

const baselineRound = async (url: string, received: () => number) => {
  const socket = new WebSocket(`${url.replace("http", "ws")}/realtime?model=bench`, { perMessageDeflate: false })
  await new Promise((resolve) => socket.once("message", resolve))
  const before = received()
  const start = cpuMicros()
  let n = 0
  for (const frame of frames) {
    socket.send(JSON.stringify({
      type: "input_audio_buffer.append",
      event_id: `evt_${++n}`,
      audio: Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength).toString("base64")
    }))
    if (socket.bufferedAmount > 1024 * 1024) await waitFor(() => socket.bufferedAmount <= 1024 * 1024)
  }
  await waitFor(() => received() - before >= FRAMES)
  const cpu = cpuMicros() - start
  socket.close()
  return cpu
}

const clientRound = (url: string, received: () => number, per: "frame" | "second") =>
  Effect.gen(function*() {
    const client = yield* RealtimeClient.connect({ apiKey: Redacted.make("bench"), baseUrl: url, model: "bench" })
    const before = received()
    const start = cpuMicros()
    if (per === "frame") { for (const frame of frames) yield* client.appendAudio(frame) }
    else for (const second of seconds) yield* client.appendAudio(second, FRAME_BYTES)
    yield* Effect.promise(() => waitFor(() => received() - before >= FRAMES))
    return cpuMicros() - start
  }).pipe(Effect.scoped, Effect.provide(RealtimeSocket.layerWs), Effect.runPromise)

const median = (values: ReadonlyArray<number>) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

const main = async () => {
  const server = await startServer()
  const perFrame: Array<number> = []
  const perSecond: Array<number> = []
  const baseline: Array<number> = []
  const runs = [
    () => clientRound(server.url, server.received, "frame").then((cpu) => perFrame.push(cpu)),
    () => baselineRound(server.url, server.received).then((cpu) => baseline.push(cpu)),
    () => clientRound(server.url, server.received, "second").then((cpu) => perSecond.push(cpu))
  ]
  for (let round = 0; round < WARMUP + ROUNDS; round++) {
    // each round in another order, so that none of the three always runs first
    for (let i = 0; i < runs.length; i++) await runs[(round + i) % runs.length]!()
    if (round < WARMUP) [perFrame, perSecond, baseline].forEach((samples) => samples.splice(0))
  }
  server.close()
  const msPerSecond = (micros: number) => micros / SECONDS_OF_AUDIO / 1000
  const b = msPerSecond(median(baseline))
  const line = (what: string, samples: ReadonlyArray<number>) => {
    const c = msPerSecond(median(samples))
    return `appendAudio ${what}: ${c.toFixed(3)} ms CPU per second of audio, ratio ${(c / b).toFixed(2)}x\n`
  }
  process.stdout.write(
    `ws.send(JSON.stringify) baseline, a frame per call: ${b.toFixed(3)} ms CPU per second of audio ` +
      `(${FRAMES_PER_SECOND} frames of ${FRAME_BYTES} B; CPU of client and loopback server together, ` +
      `median of ${ROUNDS} rounds of ${SECONDS_OF_AUDIO} s of audio)\n` +
      line("a frame per call", perFrame) +
      line(`a second per call, cut into ${FRAMES_PER_SECOND} frames`, perSecond)
  )
}

main().then(() => process.exit(0), (error) => {
  process.stderr.write(`${String(error)}\n`)
  process.exit(1)
})

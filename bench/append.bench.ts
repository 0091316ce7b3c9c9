/**
 * CPU cost of `RealtimeClient.appendAudio` per second of audio, against a
 * hand-written `ws.send(JSON.stringify(...))` baseline, measured in the same run
 * against the same loopback server.
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

const clientRound = (url: string, received: () => number) =>
  Effect.gen(function*() {
    const client = yield* RealtimeClient.connect({ apiKey: Redacted.make("bench"), baseUrl: url, model: "bench" })
    const before = received()
    const start = cpuMicros()
    for (const frame of frames) yield* client.appendAudio(frame)
    yield* Effect.promise(() => waitFor(() => received() - before >= FRAMES))
    return cpuMicros() - start
  }).pipe(Effect.scoped, Effect.provide(RealtimeSocket.layerWs), Effect.runPromise)

const median = (values: ReadonlyArray<number>) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

const main = async () => {
  const server = await startServer()
  const client: Array<number> = []
  const baseline: Array<number> = []
  for (let round = 0; round < WARMUP + ROUNDS; round++) {
    const order = round % 2 === 0
    const a = order ? await clientRound(server.url, server.received) : await baselineRound(server.url, server.received)
    const b = order ? await baselineRound(server.url, server.received) : await clientRound(server.url, server.received)
    if (round < WARMUP) continue
    client.push(order ? a : b)
    baseline.push(order ? b : a)
  }
  server.close()
  const perSecond = (micros: number) => micros / SECONDS_OF_AUDIO / 1000
  const c = perSecond(median(client))
  const b = perSecond(median(baseline))
  process.stdout.write(
    `appendAudio: ${c.toFixed(3)} ms CPU per second of audio (${
      FRAMES / SECONDS_OF_AUDIO
    } frames of ${FRAME_BYTES} B), ` +
      `ws.send(JSON.stringify) baseline ${b.toFixed(3)} ms, ratio ${(c / b).toFixed(2)}x ` +
      `(CPU of client and loopback server together, median of ${ROUNDS} rounds of ${SECONDS_OF_AUDIO} s of audio)\n`
  )
}

main().then(() => process.exit(0), (error) => {
  process.stderr.write(`${String(error)}\n`)
  process.exit(1)
})

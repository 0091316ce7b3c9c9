#!/usr/bin/env node
/**
 * The yardstick of `cli.bench.ts`: the summariser of the original plan written by hand in plain JavaScript,
 * with `ws` and a spawned ffmpeg and nothing else. ffmpeg decodes the source to PCM s16le 24 kHz mono; the
 * bytes are cut into 20 ms appends (960 bytes), committed every 3 s of audio, and every 15 s of audio a
 * response (the summary) is asked for, its text streamed to stdout. At the end of the input the remainder
 * is committed (when at least 100 ms) and a last summary asked for; the process exits when every summary
 * is done.
 *
 * It does what a careful hand-written client does and no more: it waits for `bufferedAmount` to fall below
 * 1 MiB before reading more audio (pausing ffmpeg's stdout, resumed from the send callback, no polling),
 * and asks for one summary at a time (the service refuses a second in-conversation response while one is
 * active).
 *
 *   OPENAI_API_KEY=... node bench/baseline-client.mjs --url <file|url> --base-url http://127.0.0.1:PORT/v1
 */
import { Buffer } from "node:buffer"
import { spawn } from "node:child_process"
import process from "node:process"
import { parseArgs } from "node:util"
import WebSocket from "ws"

const BYTES_PER_SECOND = 48_000
const FRAME_BYTES = 960
const COMMIT_BYTES = 3 * BYTES_PER_SECOND
const SUMMARY_BYTES = 15 * BYTES_PER_SECOND
const MIN_COMMIT_BYTES = BYTES_PER_SECOND / 10
const HIGH_WATER_MARK = 1024 * 1024

const { values: flags } = parseArgs({
  options: {
    url: { type: "string" },
    "base-url": { type: "string", default: "https://api.openai.com/v1" },
    model: { type: "string", default: "gpt-realtime-2.1-mini" }
  }
})
const apiKey = process.env.OPENAI_API_KEY
if (flags.url === undefined || apiKey === undefined) {
  process.stderr.write("baseline-client: needs --url and OPENAI_API_KEY\n")
  process.exit(2)
}

const fail = (message) => {
  process.stderr.write(`baseline-client: ${message}\n`)
  process.exit(1)
}

const endpoint = `${flags["base-url"].replace(/^http/, "ws").replace(/\/$/, "")}/realtime?model=${flags.model}`
const socket = new WebSocket(endpoint, { headers: { Authorization: `Bearer ${apiKey}` }, perMessageDeflate: false })

let ffmpeg
let appended = 0
let committed = 0
let summarised = 0
let inputEnded = false
let summaryActive = false
const summariesDue = []

const send = (event, onWritten) => socket.send(JSON.stringify(event), onWritten)

const commit = () => {
  if (appended - committed < MIN_COMMIT_BYTES) return
  send({ type: "input_audio_buffer.commit" })
  committed = appended
}

const askNextSummary = () => {
  if (summaryActive || summariesDue.length === 0) return
  summariesDue.shift()
  summaryActive = true
  send({ type: "response.create" })
}

const summarise = () => {
  commit()
  if (committed === summarised) return
  summarised = committed
  summariesDue.push(committed)
  askNextSummary()
}

const resumeWhenDrained = () => {
  if (socket.bufferedAmount <= HIGH_WATER_MARK) ffmpeg.stdout.resume()
}

const append = (frame) => {
  const backpressure = socket.bufferedAmount > HIGH_WATER_MARK
  socket.send(
    `{"type":"input_audio_buffer.append","audio":"${frame.toString("base64")}"}`,
    backpressure ? resumeWhenDrained : undefined
  )
  if (backpressure) ffmpeg.stdout.pause()
  appended += frame.length
  if (appended % SUMMARY_BYTES === 0) summarise()
  else if (appended % COMMIT_BYTES === 0) commit()
}

const startCapture = () => {
  ffmpeg = spawn(process.env.FFMPEG_PATH ?? "ffmpeg", [
    "-nostdin",
    "-hide_banner",
    "-loglevel",
    "error",
    "-fflags",
    "+nobuffer",
    "-flags",
    "+low_delay",
    "-probesize",
    "32",
    "-analyzeduration",
    "0",
    "-i",
    flags.url,
    "-f",
    "s16le",
    "-ar",
    "24000",
    "-ac",
    "1",
    "-flush_packets",
    "1",
    "-"
  ], { stdio: ["ignore", "pipe", "inherit"] })
  let carry = Buffer.alloc(0)
  ffmpeg.stdout.on("data", (chunk) => {
    const bytes = carry.length === 0 ? chunk : Buffer.concat([carry, chunk])
    let offset = 0
    for (; bytes.length - offset >= FRAME_BYTES; offset += FRAME_BYTES) {
      append(bytes.subarray(offset, offset + FRAME_BYTES))
    }
    carry = bytes.subarray(offset)
  })
  ffmpeg.on("close", (code) => {
    if (code !== 0) fail(`ffmpeg exited with ${code}`)
    if (carry.length > 0) append(carry)
    inputEnded = true
    summarise()
    if (!summaryActive) socket.close(1000)
  })
}

socket.on("message", (data) => {
  const event = JSON.parse(data.toString())
  switch (event.type) {
    case "session.created":
      send({
        type: "session.update",
        session: {
          type: "realtime",
          output_modalities: ["text"],
          instructions: "Summarise what you heard since the last summary in a few sentences.",
          audio: { input: { format: { type: "audio/pcm", rate: 24000 }, turn_detection: null } }
        }
      })
      startCapture()
      break
    case "response.output_text.delta":
      process.stdout.write(event.delta)
      break
    case "response.done":
      process.stdout.write("\n")
      summaryActive = false
      askNextSummary()
      if (inputEnded && !summaryActive) socket.close(1000)
      break
    case "error":
      process.stderr.write(`baseline-client: server error: ${event.error?.message}\n`)
      break
  }
})
socket.on("error", (error) => fail(`socket: ${error.message}`))
socket.on("close", (code) => {
  if (!inputEnded) fail(`the server closed the connection (${code})`)
})

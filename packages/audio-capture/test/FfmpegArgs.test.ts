import { assert, describe, it } from "@effect/vitest"
import { FastCheck } from "effect"
import * as AudioSource from "../src/AudioSource.js"
import { ffmpegArgs } from "../src/FfmpegArgs.js"

const head = ["-nostdin", "-hide_banner", "-nostats", "-loglevel", "warning"]
const reconnect = [
  "-reconnect",
  "1",
  "-reconnect_streamed",
  "1",
  "-reconnect_on_network_error",
  "1",
  "-reconnect_delay_max",
  "5",
  "-rw_timeout",
  "15000000"
]
const lowLatency = ["-flags", "+low_delay", "-probesize", "32", "-analyzeduration", "0"]
const output = [
  "-vn",
  "-f",
  "s16le",
  "-acodec",
  "pcm_s16le",
  "-ar",
  "24000",
  "-ac",
  "1",
  "-flush_packets",
  "1",
  "pipe:1"
]

describe("ffmpegArgs", () => {
  it("a file path is read through the file: protocol", () => {
    assert.deepStrictEqual(ffmpegArgs(AudioSource.file("take:2.wav")), [
      ...head,
      ...lowLatency,
      "-i",
      "file:take:2.wav",
      ...output
    ])
  })

  it("an http(s) URL gets the reconnect options", () => {
    for (const url of ["http://127.0.0.1:8000/live.mp3", "https://radio.example/index.m3u8"]) {
      assert.deepStrictEqual(ffmpegArgs(AudioSource.url(url)), [
        ...head,
        ...reconnect,
        ...lowLatency,
        "-i",
        url,
        ...output
      ])
    }
  })

  it("stdin is pipe:0", () => {
    assert.deepStrictEqual(ffmpegArgs(AudioSource.stdin), [...head, ...lowLatency, "-i", "pipe:0", ...output])
  })

  it.prop(
    "any path is one argument, right after -i",
    [FastCheck.string({ minLength: 1 })],
    ([path]) => {
      const args = ffmpegArgs(AudioSource.file(path))
      assert.strictEqual(args[args.indexOf("-i") + 1], `file:${path}`)
      assert.strictEqual(args.length, head.length + lowLatency.length + 2 + output.length)
      assert.deepStrictEqual(args.slice(-output.length), output)
    }
  )
})

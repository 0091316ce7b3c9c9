import { assert, describe, it } from "@effect/vitest"
import { Duration, FastCheck } from "effect"
import * as AudioSource from "../src/AudioSource.js"
import { ffmpegArgs, isHttp } from "../src/FfmpegArgs.js"

const head = ["-nostdin", "-hide_banner", "-nostats", "-loglevel", "level+info"]
const resume = ["-reconnect", "1", "-reconnect_delay_max", "5"]
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
  "0",
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

  it("an http(s) URL resumes a broken file download and times out reads after 15 s by default", () => {
    for (const url of ["http://127.0.0.1:8000/live.mp3", "https://radio.example/index.m3u8"]) {
      assert.deepStrictEqual(ffmpegArgs(AudioSource.url(url)), [
        ...head,
        ...resume,
        "-rw_timeout",
        "15000000",
        ...lowLatency,
        "-i",
        url,
        ...output
      ])
    }
  })

  it("ffmpeg never reconnects to a live stream or retries a failed connect by itself", () => {
    const args = ffmpegArgs(AudioSource.url("http://127.0.0.1:8000/live.mp3"))
    for (const option of ["-reconnect_streamed", "-reconnect_at_eof", "-reconnect_on_network_error"]) {
      assert.notInclude(args, option)
    }
  })

  it("readTimeout sets -rw_timeout in microseconds; an infinite one leaves it out", () => {
    const live = AudioSource.url("http://127.0.0.1:8000/live.mp3")
    const timeout = (args: ReadonlyArray<string>) =>
      args.includes("-rw_timeout") ? args[args.indexOf("-rw_timeout") + 1] : undefined
    assert.strictEqual(timeout(ffmpegArgs(live, { readTimeout: "2500 millis" })), "2500000")
    assert.strictEqual(timeout(ffmpegArgs(live, { readTimeout: Duration.infinity })), undefined)
  })

  it("realtime adds -re before the input", () => {
    const args = ffmpegArgs(AudioSource.file("a.mp3"), { realtime: true })
    assert.deepStrictEqual(args, [...head, "-re", ...lowLatency, "-i", "file:a.mp3", ...output])
    assert.notInclude(ffmpegArgs(AudioSource.file("a.mp3"), { realtime: false }), "-re")
  })

  it("stdin is pipe:0", () => {
    assert.deepStrictEqual(ffmpegArgs(AudioSource.stdin), [...head, ...lowLatency, "-i", "pipe:0", ...output])
  })

  it("only http(s) URLs are live", () => {
    assert.deepStrictEqual(
      [AudioSource.url("https://h/a.m3u8"), AudioSource.url("http://h/a"), AudioSource.file("x"), AudioSource.stdin]
        .map(isHttp),
      [true, true, false, false]
    )
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

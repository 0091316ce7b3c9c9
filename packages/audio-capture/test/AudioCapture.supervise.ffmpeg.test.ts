import * as NodeContext from "@effect/platform-node/NodeContext"
import * as CommandExecutor from "@effect/platform/CommandExecutor"
import * as FileSystem from "@effect/platform/FileSystem"
import { assert, describe, it } from "@effect/vitest"
import { Clock, Effect, Schedule, Stream } from "effect"
import * as AudioCapture from "../src/AudioCapture.js"
import * as SourceOutage from "../src/SourceOutage.js"
import * as HttpServer from "./utils/HttpServer.js"
import * as LiveServer from "./utils/LiveServer.js"
import * as Logs from "./utils/Logs.js"
import { assets, durationOf, ffmpeg, fixture, hlsOfSample, sample } from "./utils/Media.js"
import * as RecordingExecutor from "./utils/RecordingExecutor.js"
import { countBytes, tallyUntil } from "./utils/Tally.js"

const SECOND = AudioCapture.BYTES_PER_SECOND

const recorded = Effect.gen(function*() {
  const recording = yield* RecordingExecutor.make
  const capture = yield* AudioCapture.make().pipe(
    Effect.provideService(CommandExecutor.CommandExecutor, recording.executor)
  )
  return { capture, pids: recording.pids }
})

// Real processes and real time, mostly waiting: the tests run side by side.
describe.concurrent("AudioCapture.supervise with the real ffmpeg, on loopback HTTP", () => {
  it.scopedLive("a source that goes silent for longer than stallTimeout: one 'stalled' outage, then audio again", () =>
    Effect.gen(function*() {
      // the first connection sends for 1 s then nothing (still open); the next ones send
      const server = yield* LiveServer.make(
        sample,
        (n) => n === 0 ? LiveServer.stream(1000, "hang") : LiveServer.stream()
      )
      const { capture, pids } = yield* recorded
      const tally = yield* tallyUntil(capture.supervise(server.url, { stallTimeout: "2 seconds" }), SECOND)
      assert.isAbove(tally.before, 0)
      assert.deepStrictEqual(tally.outages, [
        SourceOutage.make("stalled", `no audio for 2 s from ${server.url}; restarting`)
      ])
      assert.isAtLeast(tally.after, SECOND)
      assert.strictEqual(server.connections(), 2)
      assert.deepStrictEqual(pids.map(RecordingExecutor.isAlive), [false, false], "no ffmpeg left behind")
    }).pipe(Effect.provide(NodeContext.layer)))

  it.scopedLive("a source whose connection closes and comes back: one 'exited' outage, failed restarts logged", () =>
    Effect.gen(function*() {
      // the first connection sends for 1 s then ends; the next two are refused with 503; then it sends again
      const server = yield* LiveServer.make(
        sample,
        (n) => n === 0 ? LiveServer.stream(1000, "end") : n <= 2 ? LiveServer.status(503) : LiveServer.stream()
      )
      const { capture, pids } = yield* recorded
      const logs: Array<Logs.Logged> = []
      const tally = yield* tallyUntil(
        capture.supervise(server.url, { stallTimeout: "3 seconds", restartSchedule: Schedule.spaced("200 millis") }),
        SECOND
      ).pipe(Logs.recordInto(logs))
      assert.isAbove(tally.before, 0)
      assert.deepStrictEqual(tally.outages, [SourceOutage.make("exited", `${server.url} ended the stream; restarting`)])
      assert.isAtLeast(tally.after, SECOND)
      assert.deepStrictEqual(Logs.warnings(logs), [
        `restart 1 of ${server.url} failed: ffmpeg could not reach "${server.url}" (Server returned 5XX Server Error reply)`,
        `restart 2 of ${server.url} failed: ffmpeg could not reach "${server.url}" (Server returned 5XX Server Error reply)`
      ])
      assert.strictEqual(pids.length, 4)
      assert.isFalse(pids.some(RecordingExecutor.isAlive), "no ffmpeg left behind")
    }).pipe(Effect.provide(NodeContext.layer)))

  it.scopedLive("a 404 at the start fails at once with one line, and ffmpeg is started only once", () =>
    Effect.gen(function*() {
      const server = yield* HttpServer.serve(assets)
      const { capture, pids } = yield* recorded
      const error = yield* Effect.flip(Stream.runDrain(capture.supervise(server.url("/missing.mp3"))))
      assert.strictEqual(error.reason, "SourceUnreachable")
      assert.strictEqual(
        error.message,
        `ffmpeg could not reach "${server.url("/missing.mp3")}" (Server returned 404 Not Found)`
      )
      assert.strictEqual(pids.length, 1)
    }).pipe(Effect.provide(NodeContext.layer)))

  it.scopedLive("ffmpeg does not reconnect by itself: a server that replays the same bytes is read once", () =>
    Effect.gen(function*() {
      // every connection gets the sample from its start for 0.5 s, then the response ends
      const server = yield* LiveServer.make(sample, () => LiveServer.stream(500, "end"))
      const { capture } = yield* recorded
      const once = yield* countBytes(capture.stream(server.url))
      assert.isAbove(once.bytes, 0)
      assert.strictEqual(server.connections(), 1)
      // supervised, every reconnect is an outage the caller sees
      const supervised = yield* capture.supervise(server.url, { restartSchedule: Schedule.spaced("100 millis") }).pipe(
        Stream.filter(SourceOutage.isSourceOutage),
        Stream.take(2),
        Stream.runCollect
      )
      assert.strictEqual(supervised.length, 2)
      assert.strictEqual(server.connections(), 1 + 2)
    }).pipe(Effect.provide(NodeContext.layer)))

  it.scopedLive("a file served over HTTP with its length ends like a file: no outage, no restart", () =>
    Effect.gen(function*() {
      const server = yield* HttpServer.serveRanged(sample, Number.MAX_SAFE_INTEGER)
      const { capture, pids } = yield* recorded
      const result = yield* countBytes(capture.supervise(server.url))
      assert.strictEqual(result.outages, 0)
      assert.isAtMost(Math.abs(result.bytes - (yield* durationOf(sample)) * SECOND), 576 * 2)
      assert.strictEqual(pids.length, 1)
    }).pipe(Effect.provide(NodeContext.layer)))

  it.scopedLive("a download cut off halfway is resumed by ffmpeg at the byte where it broke, nothing read twice", () =>
    Effect.gen(function*() {
      // a WAV file, whose PCM decodes to exactly as many bytes as it holds
      const fs = yield* FileSystem.FileSystem
      const dir = yield* fs.makeTempDirectoryScoped()
      yield* ffmpeg("-i", sample, "-ar", "24000", "-ac", "1", `${dir}/speech.wav`)
      const half = Math.floor(Number((yield* fs.stat(`${dir}/speech.wav`)).size) / 2)
      const server = yield* HttpServer.serveRanged(`${dir}/speech.wav`, half)
      const { capture } = yield* recorded
      const result = yield* countBytes(capture.supervise(server.url))
      assert.strictEqual(server.ranges.at(-1), `bytes=${half}-`, "resumed where it broke")
      assert.strictEqual(result.outages, 0)
      assert.isAtMost(Math.abs(result.bytes - (yield* durationOf(`${dir}/speech.wav`)) * SECOND), 2)
    }).pipe(Effect.provide(NodeContext.layer)))

  it.scopedLive("an HLS playlist with an end (VOD) is read to its end once, with no outage", () =>
    Effect.gen(function*() {
      const dir = yield* FileSystem.FileSystem.pipe(Effect.flatMap((fs) => fs.makeTempDirectoryScoped()))
      yield* hlsOfSample(dir)
      const server = yield* HttpServer.serve(dir)
      const { capture, pids } = yield* recorded
      const result = yield* countBytes(capture.supervise(server.url("/index.m3u8"), { stallTimeout: "3 seconds" }))
      assert.strictEqual(result.outages, 0)
      // the AAC encoder adds priming samples: allow two AAC frames
      assert.isAtMost(Math.abs(result.bytes - (yield* durationOf(sample)) * SECOND), 2 * 1024 * 2)
      assert.strictEqual(pids.length, 1)
    }).pipe(Effect.provide(NodeContext.layer)))

  it.scopedLive("realtime: a 3 s file takes at least about 3 s to read", () =>
    Effect.gen(function*() {
      const dir = yield* FileSystem.FileSystem.pipe(Effect.flatMap((fs) => fs.makeTempDirectoryScoped()))
      yield* ffmpeg("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=24000:duration=3", `${dir}/tone.wav`)
      const capture = yield* AudioCapture.make()
      const started = yield* Clock.currentTimeMillis
      const bytes = yield* Stream.runFold(capture.stream(`${dir}/tone.wav`, { realtime: true }), 0, (n, c) =>
        n + c.length)
      const elapsed = (yield* Clock.currentTimeMillis) - started
      assert.strictEqual(bytes, 3 * SECOND)
      assert.isAtLeast(elapsed, 2_500, "read at the file's own pace, not as fast as ffmpeg decodes")
    }).pipe(Effect.provide(NodeContext.layer)))
})

describe("ffmpeg's environment, with the real process (alone: it changes process.env)", () => {
  it.scopedLive("ffmpeg's environment carries no API key, and keeps PATH, HOME, the proxies and the locale", () =>
    Effect.gen(function*() {
      const secrets = {
        OPENAI_API_KEY: "sk-test-openai",
        AZURE_OPENAI_API_KEY: "az-test",
        REALTIME_SUMMARIZE_API_KEY: "sk-test-rs",
        OTHER_SERVICE_API_KEY: "other"
      }
      const kept = { HOME: "/home/listener", http_proxy: "http://proxy.test:3128", LANG: "C.UTF-8" }
      yield* withEnv({ ...secrets, ...kept })
      const capture = yield* AudioCapture.make({ ffmpegPath: fixture("env-dump.sh") })
      // the fake's "audio" is its environment; supervised, its exit is an outage: stop there
      const supervised = capture.supervise("http://127.0.0.1:9/live.mp3").pipe(
        Stream.takeWhile((element) => !SourceOutage.isSourceOutage(element))
      )
      for (const run of [capture.stream(sample), supervised]) {
        const output = yield* Stream.runFold(
          run,
          "",
          (text, element) => SourceOutage.isSourceOutage(element) ? text : text + new TextDecoder().decode(element)
        )
        const env = Object.fromEntries(
          output.split("\0").filter((entry) => entry !== "").map((entry) => {
            const at = entry.indexOf("=")
            return [entry.slice(0, at), entry.slice(at + 1)]
          })
        )
        for (const name of Object.keys(secrets)) assert.notProperty(env, name)
        assert.notInclude(output, "sk-test")
        assert.include(env, { ...kept, PATH: process.env.PATH })
      }
    }).pipe(Effect.provide(NodeContext.layer)))
})

/** Sets environment variables of this test process for the scope, then restores them. */
const withEnv = (vars: Record<string, string>) =>
  Effect.acquireRelease(
    Effect.sync(() => {
      const saved = Object.fromEntries(Object.keys(vars).map((name) => [name, process.env[name]]))
      Object.assign(process.env, vars)
      return saved
    }),
    (saved) =>
      Effect.sync(() => {
        for (const [name, value] of Object.entries(saved)) {
          if (value === undefined) delete process.env[name]
          else process.env[name] = value
        }
      })
  )

import * as NodeContext from "@effect/platform-node/NodeContext"
import * as Command from "@effect/platform/Command"
import * as CommandExecutor from "@effect/platform/CommandExecutor"
import * as FileSystem from "@effect/platform/FileSystem"
import { assert, describe, it } from "@effect/vitest"
import { ConfigProvider, Deferred, Effect, Either, Fiber, Stream } from "effect"
import { fileURLToPath } from "node:url"
import * as AudioCapture from "../src/AudioCapture.js"
import type { AudioCaptureError } from "../src/AudioCaptureError.js"
import * as AudioSource from "../src/AudioSource.js"
import * as HttpServer from "./utils/HttpServer.js"
import { assets, durationOf, ffmpeg, fixture, hlsOfSample, sample } from "./utils/Media.js"
import * as RecordingExecutor from "./utils/RecordingExecutor.js"

const packageDir = fileURLToPath(new URL("..", import.meta.url))

const MP3_FRAME_BYTES = 576 * 2
const AAC_FRAME_BYTES = 1024 * 2

const stats = (stream: Stream.Stream<Uint8Array, AudioCaptureError>) =>
  Stream.runFold(stream, { bytes: 0, peak: 0 }, (acc, chunk) => {
    const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength)
    let peak = acc.peak
    for (let i = 0; i + 1 < chunk.length; i += 2) peak = Math.max(peak, Math.abs(view.getInt16(i, true)))
    return { bytes: acc.bytes + chunk.length, peak }
  })

const captureOf = (source: AudioSource.AudioSource | string, options?: AudioCapture.Options) =>
  Effect.flatMap(AudioCapture.make(options), (capture) => stats(capture.stream(source)))

const failureOf = (source: AudioSource.AudioSource | string, options?: AudioCapture.Options) =>
  Effect.flatMap(AudioCapture.make(options), (capture) => Stream.runDrain(capture.stream(source))).pipe(Effect.flip)

const assertPcmOf = (result: { bytes: number; peak: number }, seconds: number, tolerance: number) => {
  assert.strictEqual(result.bytes % 2, 0, "whole 16-bit samples")
  assert.isAtMost(Math.abs(result.bytes - seconds * AudioCapture.BYTES_PER_SECOND), tolerance)
  assert.isAbove(result.peak, 1000, "not silence")
}

/** Runs the stream until its first chunk, then returns the running fiber and the pid of the process. */
const startThenPid = (source: string, options: AudioCapture.Options) =>
  Effect.gen(function*() {
    const recording = yield* RecordingExecutor.make
    const capture = yield* AudioCapture.make(options).pipe(
      Effect.provideService(CommandExecutor.CommandExecutor, recording.executor)
    )
    const first = yield* Deferred.make<void>()
    const fiber = yield* capture.stream(source).pipe(
      Stream.runForEach(() => Deferred.succeed(first, undefined)),
      Effect.fork
    )
    yield* Deferred.await(first)
    assert.strictEqual(recording.pids.length, 1)
    return { fiber, pid: recording.pids[0] }
  })

// Real processes, mostly waiting: the tests run side by side.
describe.concurrent("AudioCapture with the real ffmpeg", () => {
  it.live("release empties each chunk of ffmpeg's output once done with; what was copied before is the audio", () =>
    Effect.gen(function*() {
      const capture = yield* AudioCapture.make()
      const copies: Array<Uint8Array> = []
      const released: Array<Uint8Array> = []
      yield* capture.stream(sample).pipe(Stream.runForEach((chunk) =>
        Effect.sync(() => {
          copies.push(new Uint8Array(chunk)) // a copy: Buffer#slice would share the memory
          AudioCapture.release(chunk)
          released.push(chunk)
        })
      ))
      const unreleased = yield* capture.stream(sample).pipe(Stream.runCollect)
      assert.isAbove(released.length, 1)
      assert.deepStrictEqual(Buffer.concat(copies), Buffer.concat([...unreleased]))
      // Node reads ffmpeg's stdout into a buffer of its own per read: each one is freed
      assert.isTrue(released.every((chunk) => chunk.byteLength === 0))
    }).pipe(Effect.provide(NodeContext.layer)))

  it.live("the MP3 sample decodes to s16le, 24 kHz, mono", () =>
    Effect.gen(function*() {
      const seconds = yield* durationOf(sample)
      assertPcmOf(yield* captureOf(sample), seconds, MP3_FRAME_BYTES)
    }).pipe(Effect.provide(NodeContext.layer)))

  it.scopedLive("a 44.1 kHz stereo WAV is resampled and downmixed", () =>
    Effect.gen(function*() {
      const dir = yield* FileSystem.FileSystem.pipe(Effect.flatMap((fs) => fs.makeTempDirectoryScoped()))
      yield* ffmpeg("-i", sample, "-ar", "44100", "-ac", "2", `${dir}/stereo.wav`)
      assertPcmOf(yield* captureOf(AudioSource.file(`${dir}/stereo.wav`)), yield* durationOf(sample), MP3_FRAME_BYTES)
    }).pipe(Effect.provide(NodeContext.layer)))

  it.scopedLive("the MP3 sample over loopback HTTP", () =>
    Effect.gen(function*() {
      const server = yield* HttpServer.serve(assets)
      assertPcmOf(yield* captureOf(server.url("/speech-sample.mp3")), yield* durationOf(sample), MP3_FRAME_BYTES)
    }).pipe(Effect.provide(NodeContext.layer)))

  it.scopedLive("an HLS playlist of AAC segments over loopback HTTP", () =>
    Effect.gen(function*() {
      const dir = yield* FileSystem.FileSystem.pipe(Effect.flatMap((fs) => fs.makeTempDirectoryScoped()))
      yield* hlsOfSample(dir)
      const server = yield* HttpServer.serve(dir)
      // the AAC encoder adds priming samples: allow two AAC frames
      assertPcmOf(yield* captureOf(server.url("/index.m3u8")), yield* durationOf(sample), 2 * AAC_FRAME_BYTES)
    }).pipe(Effect.provide(NodeContext.layer)))

  it.live("stdin (-) is read by a child process that captures its own stdin", () =>
    Effect.gen(function*() {
      const fs = yield* FileSystem.FileSystem
      const run = (input: string) =>
        Command.make(process.execPath, "--import", "tsx", fixture("capture-stdin.ts")).pipe(
          Command.workingDirectory(packageDir),
          Command.stdin(fs.stream(input)),
          Command.string,
          Effect.map((out) => JSON.parse(out) as { readonly bytes?: number; readonly reason?: string })
        )
      const audio = yield* run(sample)
      assert.isAtMost(Math.abs((audio.bytes ?? 0) - (yield* durationOf(sample)) * 48_000), MP3_FRAME_BYTES)
      assert.deepStrictEqual(yield* run(fixture("noisy-stderr.sh")), { reason: "NotAudio" })
    }).pipe(Effect.provide(NodeContext.layer)))

  it.scopedLive("a text file is NotAudio", () =>
    Effect.gen(function*() {
      const fs = yield* FileSystem.FileSystem
      const path = yield* fs.makeTempFileScoped({ prefix: "notes-", suffix: ".txt" })
      yield* fs.writeFileString(path, "Shopping list: eggs, milk, bread.\n")
      const error = yield* failureOf(path)
      assert.strictEqual(error.reason, "NotAudio")
      assert.strictEqual(error.exitCode, 1)
      assert.strictEqual(
        error.message,
        `ffmpeg could not read "${path}": it is not audio (Invalid data found when processing input)`
      )
    }).pipe(Effect.provide(NodeContext.layer)))

  it.scopedLive("a WAV header without samples exits 0 but is NotAudio", () =>
    Effect.gen(function*() {
      const dir = yield* FileSystem.FileSystem.pipe(Effect.flatMap((fs) => fs.makeTempDirectoryScoped()))
      yield* ffmpeg("-f", "lavfi", "-i", "anullsrc=r=24000:cl=mono", "-t", "0", `${dir}/empty.wav`)
      const error = yield* failureOf(`${dir}/empty.wav`)
      assert.deepStrictEqual([error.reason, error.exitCode], ["NotAudio", 0])
    }).pipe(Effect.provide(NodeContext.layer)))

  it.live("a missing file is SourceNotFound, from parse and from ffmpeg", () =>
    Effect.gen(function*() {
      const missing = `${packageDir}/test/fixtures/no-such-file.mp3`
      const parsed = yield* Effect.flip(AudioSource.parse(missing))
      assert.strictEqual(parsed.reason, "SourceNotFound")
      const streamed = yield* failureOf(missing)
      assert.strictEqual(streamed.reason, "SourceNotFound")
      assert.include(streamed.message, "No such file or directory")
    }).pipe(Effect.provide(NodeContext.layer)))

  it.live("ftp://x is InvalidSource", () =>
    Effect.gen(function*() {
      assert.strictEqual((yield* failureOf("ftp://x")).reason, "InvalidSource")
    }).pipe(Effect.provide(NodeContext.layer)))

  it.live("an http URL on a closed loopback port is SourceUnreachable", () =>
    Effect.gen(function*() {
      const port = yield* HttpServer.closedPort
      const error = yield* failureOf(`http://127.0.0.1:${port}/x.mp3`)
      assert.strictEqual(error.reason, "SourceUnreachable")
      assert.strictEqual(error.message, `ffmpeg could not reach "http://127.0.0.1:${port}/x.mp3" (Connection refused)`)
    }).pipe(Effect.provide(NodeContext.layer)))

  it.scopedLive("an http 404 is SourceUnreachable", () =>
    Effect.gen(function*() {
      const server = yield* HttpServer.serve(assets)
      const error = yield* failureOf(server.url("/missing.mp3"))
      assert.strictEqual(error.reason, "SourceUnreachable")
      assert.include(error.message, "404")
    }).pipe(Effect.provide(NodeContext.layer)))

  it.live("a nonexistent ffmpegPath or FFMPEG_PATH is FfmpegNotFound", () =>
    Effect.gen(function*() {
      const fromOption = yield* failureOf(sample, { ffmpegPath: "/nonexistent/bin/ffmpeg" })
      assert.strictEqual(fromOption.reason, "FfmpegNotFound")
      const fromConfig = yield* AudioCapture.AudioCapture.pipe(
        Effect.flatMap((capture) => Stream.runDrain(capture.stream(sample))),
        Effect.flip,
        Effect.provide(AudioCapture.layerConfig()),
        Effect.withConfigProvider(ConfigProvider.fromMap(new Map([["FFMPEG_PATH", "/nonexistent/bin/ffmpeg"]])))
      )
      assert.deepStrictEqual(
        [fromConfig.reason, fromConfig.message],
        [
          "FfmpegNotFound",
          `ffmpeg not found at "/nonexistent/bin/ffmpeg"; install it (Debian: apt-get install ffmpeg) or point FFMPEG_PATH at the binary`
        ]
      )
    }).pipe(Effect.provide(NodeContext.layer)))

  it.live("layerConfig falls back to ffmpeg on PATH when FFMPEG_PATH is unset", () =>
    Effect.gen(function*() {
      const bytes = yield* AudioCapture.AudioCapture.pipe(
        Effect.flatMap((capture) => stats(capture.stream(sample))),
        Effect.provide(AudioCapture.layerConfig()),
        Effect.withConfigProvider(ConfigProvider.fromMap(new Map()))
      )
      assert.isAbove(bytes.bytes, 0)
    }).pipe(Effect.provide(NodeContext.layer)))

  it.scopedLive("an ffmpegPath that is not executable is FfmpegNotFound", () =>
    Effect.gen(function*() {
      const fs = yield* FileSystem.FileSystem
      const path = yield* fs.makeTempFileScoped({ prefix: "ffmpeg-" })
      const error = yield* failureOf(sample, { ffmpegPath: path })
      assert.strictEqual(error.reason, "FfmpegNotFound")
      assert.include(error.message, "is not executable")
    }).pipe(Effect.provide(NodeContext.layer)))

  it.live("stderr is drained while stdout is read (1 MiB of stderr first)", () =>
    Effect.gen(function*() {
      const capture = yield* AudioCapture.make({ ffmpegPath: fixture("noisy-stderr.sh"), stderrTailLines: 3 })
      const output = yield* Stream.runCollect(capture.stream(sample))
      assert.strictEqual(new TextDecoder().decode(Buffer.concat([...output])), "abcd")
    }).pipe(Effect.provide(NodeContext.layer)))

  it.live("a process that ignores SIGTERM is SIGKILLed after killTimeout once the stream is interrupted", () =>
    Effect.gen(function*() {
      const { fiber, pid } = yield* startThenPid(sample, {
        ffmpegPath: fixture("ignores-sigterm.sh"),
        killTimeout: "300 millis"
      })
      assert.isTrue(RecordingExecutor.isAlive(pid))
      yield* Fiber.interrupt(fiber)
      assert.isFalse(RecordingExecutor.isAlive(pid))
    }).pipe(Effect.provide(NodeContext.layer)))

  it.scopedLive("ffmpeg reading an endless HTTP stream is gone after interruption", () =>
    Effect.gen(function*() {
      const server = yield* HttpServer.serve(assets)
      const { fiber, pid } = yield* startThenPid(server.url("/endless/speech-sample.mp3"), {})
      assert.isTrue(RecordingExecutor.isAlive(pid))
      yield* Fiber.interrupt(fiber)
      assert.isFalse(RecordingExecutor.isAlive(pid))
    }).pipe(Effect.provide(NodeContext.layer)))

  it.scopedLive("ffmpeg reading an endless HTTP stream is gone when the consumer stops early", () =>
    Effect.gen(function*() {
      const server = yield* HttpServer.serve(assets)
      const recording = yield* RecordingExecutor.make
      const capture = yield* AudioCapture.make().pipe(
        Effect.provideService(CommandExecutor.CommandExecutor, recording.executor)
      )
      const result = yield* capture.stream(server.url("/endless/speech-sample.mp3")).pipe(
        Stream.take(3),
        Stream.runCount,
        Effect.either
      )
      assert.deepStrictEqual(result, Either.right(3))
      assert.isFalse(RecordingExecutor.isAlive(recording.pids[0]))
    }).pipe(Effect.provide(NodeContext.layer)))
})

import * as CommandExecutor from "@effect/platform/CommandExecutor"
import * as PlatformError from "@effect/platform/Error"
import { assert, describe, it } from "@effect/vitest"
import { Chunk, Deferred, Effect, Either, Fiber, Stream, TestClock } from "effect"
import * as AudioCapture from "../src/AudioCapture.js"
import * as AudioSource from "../src/AudioSource.js"
import { ffmpegArgs } from "../src/FfmpegArgs.js"
import * as FakeExecutor from "./utils/FakeExecutor.js"

const capture = (fake: FakeExecutor.FakeExecutor, options?: AudioCapture.Options) =>
  AudioCapture.make(options).pipe(Effect.provideService(CommandExecutor.CommandExecutor, fake.executor))

const collect = (
  fake: FakeExecutor.FakeExecutor,
  source: AudioSource.AudioSource | string,
  options?: AudioCapture.Options
) =>
  capture(fake, options).pipe(
    Effect.flatMap((service) => Stream.runCollect(service.stream(source))),
    Effect.map((chunks) => new TextDecoder().decode(Buffer.concat(Chunk.toArray(chunks)))),
    Effect.either
  )

const failure = (
  fake: FakeExecutor.FakeExecutor,
  source: AudioSource.AudioSource | string = "in.mp3",
  options?: AudioCapture.Options
) =>
  collect(fake, source, options).pipe(Effect.flatMap(Either.match({
    onLeft: Effect.succeed,
    onRight: (output) => Effect.dieMessage(`expected a failure, got output "${output}"`)
  })))

describe("AudioCapture (scripted executor)", () => {
  it.effect("streams stdout in order and succeeds on exit 0", () =>
    Effect.gen(function*() {
      const fake = FakeExecutor.make({ stdout: ["ab", "cd", "ef"], stderr: ["a warning\n"] })
      assert.deepStrictEqual(yield* collect(fake, "in.mp3"), Either.right("abcdef"))
    }))

  it.effect("runs ffmpegPath with ffmpegArgs, stdin piped for files and URLs, inherited for stdin", () =>
    Effect.gen(function*() {
      const fake = FakeExecutor.make({ stdout: ["x"] })
      yield* collect(fake, "in.mp3", { ffmpegPath: "/opt/ffmpeg" })
      yield* collect(fake, "https://radio.example/live.m3u8")
      yield* collect(fake, "-")
      assert.deepStrictEqual(fake.started.map((c) => [c.command, c.args, c.stdin]), [
        ["/opt/ffmpeg", ffmpegArgs(AudioSource.file("in.mp3")), "pipe"],
        ["ffmpeg", ffmpegArgs(AudioSource.url("https://radio.example/live.m3u8")), "pipe"],
        ["ffmpeg", ffmpegArgs(AudioSource.stdin), "inherit"]
      ])
      assert.isFalse(fake.started.some((c) => c.shell !== false))
    }))

  it.effect("rejects an invalid source before starting ffmpeg", () =>
    Effect.gen(function*() {
      const fake = FakeExecutor.make({ stdout: ["x"] })
      const error = yield* failure(fake, "ftp://x")
      assert.strictEqual(error.reason, "InvalidSource")
      assert.strictEqual(fake.started.length, 0)
    }))

  it.effect("a zero-byte output with exit 0 is NotAudio, never an empty stream", () =>
    Effect.gen(function*() {
      const error = yield* failure(FakeExecutor.make({ exit: 0 }), "video.mp4")
      assert.strictEqual(error.reason, "NotAudio")
      assert.strictEqual(error.exitCode, 0)
      assert.strictEqual(
        error.message,
        `ffmpeg decoded no audio from "video.mp4" (it has no audio stream or no samples)`
      )
    }))

  it.effect("keeps ffmpeg's reason for an empty output when it gave one", () =>
    Effect.gen(function*() {
      const stderr = ["Output file is empty, nothing was encoded (check -ss / -t / -frames parameters if used)\n"]
      const error = yield* failure(FakeExecutor.make({ stderr }), "header-only.wav")
      assert.strictEqual(error.reason, "NotAudio")
      assert.include(error.message, "(Output file is empty, nothing was encoded")
    }))

  it.effect("a non-zero exit fails after the audio already emitted", () =>
    Effect.gen(function*() {
      const fake = FakeExecutor.make({ stdout: ["abcd"], stderr: ["[aac @ 0x1] decode error\n"], exit: 69 })
      const seen: Array<number> = []
      const service = yield* capture(fake)
      const result = yield* service.stream("in.aac").pipe(
        Stream.runForEach((chunk) => Effect.sync(() => seen.push(chunk.length))),
        Effect.either
      )
      assert.deepStrictEqual(seen, [4])
      assert.isTrue(Either.isLeft(result))
      if (Either.isLeft(result)) {
        assert.strictEqual(result.left.reason, "FfmpegFailed")
        assert.strictEqual(result.left.exitCode, 69)
        assert.strictEqual(result.left.message, `ffmpeg failed on "in.aac" with exit code 69 (decode error)`)
      }
    }))

  const cases: ReadonlyArray<readonly [string, string, string]> = [
    ["file:x.txt: Invalid data found when processing input", "NotAudio", "Invalid data found when processing input"],
    ["Output file #0 does not contain any stream", "NotAudio", "Output file #0 does not contain any stream"],
    ["Stream map '0:a' matches no streams.", "NotAudio", "Stream map '0:a' matches no streams."],
    ["Output file is empty, nothing was encoded", "NotAudio", "Output file is empty, nothing was encoded"],
    [
      "[tcp @ 0x55e7] Connection to tcp://127.0.0.1:9 failed: Connection refused",
      "SourceUnreachable",
      "Connection refused"
    ],
    [
      "[tcp @ 0x55] Failed to resolve hostname nope.invalid: Name or service not known",
      "SourceUnreachable",
      "Failed to resolve hostname nope.invalid: Name or service not known"
    ],
    ["[https @ 0x55] HTTP error 503 Service Unavailable", "SourceUnreachable", "HTTP error 503 Service Unavailable"],
    ["http://h/x.mp3: Server returned 404 Not Found", "SourceUnreachable", "Server returned 404 Not Found"],
    [
      "[tcp @ 0x1] Connection to tcp://10.0.0.1:80 failed: Network is unreachable",
      "SourceUnreachable",
      "Network is unreachable"
    ],
    ["http://h/x.mp3: Connection timed out", "SourceUnreachable", "Connection timed out"],
    ["file:gone.mp3: No such file or directory", "SourceNotFound", "No such file or directory"],
    [
      "[mp3 @ 0x2] Format mp3 detected only with low score of 1, misdetection possible!",
      "NotAudio",
      "Format mp3 detected only with low score of 1, misdetection possible!"
    ],
    ["Conversion failed!", "FfmpegFailed", "Conversion failed!"]
  ]

  it.effect("classifies ffmpeg's stderr on a non-zero exit", () =>
    Effect.forEach(cases, ([line, reason, detail]) =>
      Effect.gen(function*() {
        const error = yield* failure(
          FakeExecutor.make({ stderr: ["Guessed Channel Layout : mono\n", `${line}\n`], exit: 1 })
        )
        assert.deepStrictEqual([line, error.reason, error.exitCode], [line, reason, 1])
        assert.isTrue(error.message.endsWith(`(${detail})`), `${error.message} should end with (${detail})`)
        assert.notInclude(error.message, "\n")
      }), { discard: true }))

  it.effect("message templates name the source", () =>
    Effect.gen(function*() {
      const notAudio = yield* failure(
        FakeExecutor.make({ stderr: ["file:x.txt: Invalid data found when processing input\n"], exit: 1 }),
        "x.txt"
      )
      assert.strictEqual(
        notAudio.message,
        `ffmpeg could not read "x.txt": it is not audio (Invalid data found when processing input)`
      )
      const unreachable = yield* failure(
        FakeExecutor.make({ stderr: ["http://u:secret@h/a.mp3: Connection refused\n"], exit: 1 }),
        "http://u:secret@h/a.mp3"
      )
      assert.strictEqual(unreachable.message, `ffmpeg could not reach "http://u:***@h/a.mp3" (Connection refused)`)
    }))

  it.effect("a process killed by a signal is FfmpegFailed", () =>
    Effect.gen(function*() {
      const error = yield* failure(FakeExecutor.make({ stdout: ["ab"], exit: { signal: "SIGSEGV" } }), "in.mp3")
      assert.strictEqual(error.reason, "FfmpegFailed")
      assert.strictEqual(error.message, `ffmpeg was killed by SIGSEGV while reading "in.mp3"`)
    }))

  it.effect("the error keeps only the last stderrTailLines lines", () =>
    Effect.gen(function*() {
      const stderr = Array.from({ length: 50 }, (_, i) => `line ${i}\n`)
      const error = yield* failure(FakeExecutor.make({ stderr, exit: 1 }), "in.mp3", { stderrTailLines: 5 })
      assert.deepStrictEqual(error.stderr, ["line 45", "line 46", "line 47", "line 48", "line 49"])
      const none = yield* failure(FakeExecutor.make({ stderr, exit: 1 }), "in.mp3", { stderrTailLines: 0 })
      assert.deepStrictEqual(none.stderr, [])
      const byDefault = yield* failure(FakeExecutor.make({ stderr, exit: 1 }), "in.mp3")
      assert.strictEqual(byDefault.stderr.length, 20)
    }))

  it.effect("stderr lines split across chunks are reassembled", () =>
    Effect.gen(function*() {
      const error = yield* failure(
        FakeExecutor.make({ stderr: ["file:a: Invalid da", "ta found when processing input\r\n"], exit: 1 })
      )
      assert.deepStrictEqual(error.stderr, ["file:a: Invalid data found when processing input"])
      assert.strictEqual(error.reason, "NotAudio")
    }))

  it.effect("spawn ENOENT is FfmpegNotFound", () =>
    Effect.gen(function*() {
      const spawnError = new PlatformError.SystemError({ reason: "NotFound", module: "Command", method: "spawn" })
      const onPath = yield* failure(FakeExecutor.make({ spawnError }))
      assert.strictEqual(onPath.reason, "FfmpegNotFound")
      assert.strictEqual(
        onPath.message,
        "ffmpeg not found on PATH; install it (Debian: apt-get install ffmpeg) or set FFMPEG_PATH"
      )
      const custom = yield* failure(FakeExecutor.make({ spawnError }), "in.mp3", { ffmpegPath: "/opt/ff" })
      assert.strictEqual(custom.reason, "FfmpegNotFound")
      assert.include(custom.message, `"/opt/ff"`)
    }))

  it.effect("other spawn errors are FfmpegFailed", () =>
    Effect.gen(function*() {
      const spawnError = new PlatformError.SystemError({
        reason: "Unknown",
        module: "Command",
        method: "spawn",
        description: "spawn E2BIG"
      })
      const error = yield* failure(FakeExecutor.make({ spawnError }))
      assert.strictEqual(error.reason, "FfmpegFailed")
      assert.strictEqual(error.message, `could not start ffmpeg ("ffmpeg"): spawn E2BIG`)
    }))
})

describe("AudioCapture interruption (scripted executor)", () => {
  const runUntilFirstChunk = (fake: FakeExecutor.FakeExecutor, options: AudioCapture.Options) =>
    Effect.gen(function*() {
      const service = yield* capture(fake, options)
      const first = yield* Deferred.make<void>()
      const fiber = yield* service.stream("live.mp3").pipe(
        Stream.runForEach(() => Deferred.succeed(first, undefined)),
        Effect.fork
      )
      yield* Deferred.await(first)
      return fiber
    })

  it.effect("a polite process only gets SIGTERM", () =>
    Effect.gen(function*() {
      const fake = FakeExecutor.make({ stdout: ["x"], endless: true })
      const fiber = yield* runUntilFirstChunk(fake, {})
      yield* Fiber.interrupt(fiber)
      assert.deepStrictEqual(fake.signals, ["SIGTERM"])
    }))

  it.effect("a process ignoring SIGTERM gets a second SIGTERM after 200 ms, then SIGKILL after killTimeout", () =>
    Effect.gen(function*() {
      const fake = FakeExecutor.make({ stdout: ["x"], endless: true, ignoresSigterm: true })
      const fiber = yield* runUntilFirstChunk(fake, { killTimeout: "2 seconds" })
      const interrupted = yield* Effect.fork(Fiber.interrupt(fiber))
      yield* Effect.yieldNow().pipe(Effect.repeat({ until: () => fake.signals.length > 0 }))
      yield* TestClock.adjust("199 millis")
      assert.deepStrictEqual(fake.signals, ["SIGTERM"])
      yield* TestClock.adjust("1 millis")
      assert.deepStrictEqual(fake.signals, ["SIGTERM", "SIGTERM"])
      yield* TestClock.adjust("1799 millis")
      assert.deepStrictEqual(fake.signals, ["SIGTERM", "SIGTERM"])
      yield* TestClock.adjust("1 millis")
      yield* Fiber.join(interrupted)
      assert.deepStrictEqual(fake.signals, ["SIGTERM", "SIGTERM", "SIGKILL"])
    }))

  it.effect("a stream that ends normally sends no signal", () =>
    Effect.gen(function*() {
      const fake = FakeExecutor.make({ stdout: ["x"] })
      yield* collect(fake, "in.mp3")
      assert.deepStrictEqual(fake.signals, [])
    }))
})

describe("AudioCapture.release", () => {
  it("empties a chunk that is the whole of its memory", () => {
    const chunk = new Uint8Array(new ArrayBuffer(4)).fill(7)
    const before = chunk.buffer
    AudioCapture.release(chunk)
    assert.strictEqual(chunk.byteLength, 0)
    assert.strictEqual(before.byteLength, 0)
  })

  it("leaves a view into a larger buffer, a pooled Buffer and shared memory as they are", () => {
    const memory = new ArrayBuffer(8)
    const tail = new Uint8Array(memory, 4, 4).fill(1)
    const head = new Uint8Array(memory, 0, 4).fill(2)
    const pooled = Buffer.from("ab")
    const shared = new Uint8Array(new SharedArrayBuffer(4)).fill(3)
    for (const chunk of [tail, head, pooled, shared]) AudioCapture.release(chunk)
    assert.deepStrictEqual([...tail], [1, 1, 1, 1])
    assert.deepStrictEqual([...head], [2, 2, 2, 2])
    assert.strictEqual(pooled.toString(), "ab")
    assert.deepStrictEqual([...shared], [3, 3, 3, 3])
  })
})

import * as CommandExecutor from "@effect/platform/CommandExecutor"
import { assert, describe, it } from "@effect/vitest"
import { Chunk, Duration, Effect, Either, Fiber, Logger, LogLevel, Schedule, Stream, TestClock } from "effect"
import * as AudioCapture from "../src/AudioCapture.js"
import type { AudioCaptureError } from "../src/AudioCaptureError.js"
import * as Environment from "../src/internal/environment.js"
import * as SourceOutage from "../src/SourceOutage.js"
import * as FakeExecutor from "./utils/FakeExecutor.js"
import * as Logs from "./utils/Logs.js"

const live = "http://radio.example/live.mp3"
const liveInput = ["[info]   Duration: N/A, start: 0.000000, bitrate: 48 kb/s\n"]
const fileInput = ["[info]   Duration: 00:00:43.06, start: 0.000000, bitrate: 48 kb/s\n"]
const notFound = [`[http @ 0x5] [error] HTTP error 404 Not Found\n`, `[error] ${live}: Server returned 404 Not Found\n`]

/** Audio, then a clean end: an Icecast server that closed the stream. */
const closes = (audio: string): FakeExecutor.Script => ({ stdout: [audio], stderr: liveInput })
/** Audio, then nothing until killed. */
const hangs = (audio?: string): FakeExecutor.Script => ({ stdout: audio === undefined ? [] : [audio], endless: true })
const refused: FakeExecutor.Script = { stderr: notFound, exit: 8 }

const everySecond = Schedule.spaced("1 second")

type Element = string | SourceOutage.SourceOutage

const show = (element: Uint8Array | SourceOutage.SourceOutage): Element =>
  SourceOutage.isSourceOutage(element) ? element : new TextDecoder().decode(element)

/** Runs `supervise` on the fake executor with the test clock moving, collecting elements and log lines. */
const supervise = (
  fake: FakeExecutor.FakeExecutor,
  options: AudioCapture.SuperviseOptions & {
    readonly take?: number
    readonly source?: string
    /** How long the reader takes over each element before it pulls the next one. */
    readonly pause?: Duration.DurationInput
  } = {}
) =>
  Effect.gen(function*() {
    const logs: Array<Logs.Logged> = []
    const service = yield* AudioCapture.make().pipe(
      Effect.provideService(CommandExecutor.CommandExecutor, fake.executor)
    )
    const supervised = service.supervise(options.source ?? live, { restartSchedule: everySecond, ...options })
    const pause = options.pause
    const elements = pause === undefined ? supervised : Stream.tap(supervised, () => Effect.sleep(pause))
    const fiber = yield* (options.take === undefined ? elements : Stream.take(elements, options.take)).pipe(
      Stream.map(show),
      Stream.runCollect,
      Effect.map(Chunk.toArray),
      Effect.either,
      Logs.recordInto(logs),
      Effect.fork
    )
    yield* TestClock.adjust("100 millis").pipe(Effect.repeat({ until: () => fiber.unsafePoll() !== null }))
    const result: Either.Either<ReadonlyArray<Element>, AudioCaptureError> = yield* Fiber.join(fiber)
    return { result, logs, warnings: Logs.warnings(logs) }
  })

const failure = (result: Either.Either<ReadonlyArray<Element>, AudioCaptureError>): AudioCaptureError => {
  if (Either.isRight(result)) throw new Error(`expected a failure, got ${JSON.stringify(result.right)}`)
  return result.left
}

const outage = (reason: SourceOutage.Reason, detail: string) => SourceOutage.make(reason, detail)

describe("AudioCapture.supervise (scripted executor)", () => {
  it.effect("ffmpeg ending after audio is one 'exited' outage, then a restart and audio again", () =>
    Effect.gen(function*() {
      const fake = FakeExecutor.make([closes("ab"), hangs("cd")])
      const { logs, result } = yield* supervise(fake, { take: 3 })
      assert.deepStrictEqual(
        result,
        Either.right(["ab", outage("exited", `${live} ended the stream; restarting`), "cd"])
      )
      assert.strictEqual(fake.started.length, 2)
      assert.isTrue(logs.some((l) => l.level === "INFO" && l.message.startsWith(`audio from ${live} is back after`)))
    }))

  it.effect("failed restarts are warnings, one per failure, not elements", () =>
    Effect.gen(function*() {
      const fake = FakeExecutor.make([closes("ab"), refused, refused, hangs("cd")])
      const { result, warnings } = yield* supervise(fake, { take: 3 })
      assert.deepStrictEqual(
        result,
        Either.right(["ab", outage("exited", `${live} ended the stream; restarting`), "cd"])
      )
      assert.deepStrictEqual(warnings, [
        `restart 1 of ${live} failed: ffmpeg could not reach "${live}" (Server returned 404 Not Found)`,
        `restart 2 of ${live} failed: ffmpeg could not reach "${live}" (Server returned 404 Not Found)`
      ])
    }))

  it.effect("ffmpeg failing after audio is an 'exited' outage that says why", () =>
    Effect.gen(function*() {
      const fake = FakeExecutor.make([
        { stdout: ["ab"], stderr: [...liveInput, "[error] Error while decoding stream #0:0\n"], exit: 1 },
        hangs("cd")
      ])
      const { result } = yield* supervise(fake, { take: 3 })
      assert.deepStrictEqual(
        result,
        Either.right([
          "ab",
          outage(
            "exited",
            `ffmpeg failed on "${live}" with exit code 1 (Error while decoding stream #0:0); restarting`
          ),
          "cd"
        ])
      )
    }))

  it.effect("no audio for stallTimeout is one 'stalled' outage: ffmpeg is stopped and restarted", () =>
    Effect.gen(function*() {
      const fake = FakeExecutor.make([hangs("ab"), hangs(), hangs(), hangs("cd")])
      const { result, warnings } = yield* supervise(fake, { take: 3, stallTimeout: "2 seconds" })
      assert.deepStrictEqual(
        result,
        Either.right(["ab", outage("stalled", `no audio for 2 s from ${live}; restarting`), "cd"])
      )
      assert.deepStrictEqual(warnings, [
        `restart 1 of ${live} failed: no audio from "${live}" for 2 s`,
        `restart 2 of ${live} failed: no audio from "${live}" for 2 s`
      ])
      assert.deepStrictEqual(fake.signals, ["SIGTERM", "SIGTERM", "SIGTERM", "SIGTERM"])
    }))

  it.effect("a reader slower than stallTimeout is no stall: only the time it waits for audio counts", () =>
    Effect.gen(function*() {
      const fake = FakeExecutor.make({ stdout: ["ab", "cd", "ef"], stderr: liveInput, endless: true, chunked: true })
      const { result, warnings } = yield* supervise(fake, { take: 3, stallTimeout: "2 seconds", pause: "5 seconds" })
      assert.deepStrictEqual(result, Either.right(["ab", "cd", "ef"]))
      assert.deepStrictEqual(warnings, [])
      assert.strictEqual(fake.started.length, 1)
      // ffmpeg is stopped when the reader is done with the third element (10 s), not for a stall on the way
      assert.deepStrictEqual(fake.signals, ["SIGTERM"])
      assert.isAtLeast(fake.signalledAt[0]!, 10_000)
    }))

  it.effect("the outage, the warnings, the error and the debug log mask a password in the URL", () =>
    Effect.gen(function*() {
      const secretUrl = "http://me:secret@radio.example/live.mp3"
      const masked = "http://me:***@radio.example/live.mp3"
      const refusedWithSecret = { stderr: [`[error] ${secretUrl}: Server returned 404 Not Found\n`], exit: 8 }
      const recovering = FakeExecutor.make([closes("ab"), hangs("cd")])
      const { result: elements } = yield* supervise(recovering, { take: 3, source: secretUrl })
      assert.deepStrictEqual(
        elements,
        Either.right(["ab", outage("exited", `${masked} ended the stream; restarting`), "cd"])
      )

      const giving = FakeExecutor.make([closes("ab"), refusedWithSecret])
      const { logs, result } = yield* supervise(giving, { source: secretUrl, restartSchedule: Schedule.recurs(1) })
        .pipe(
          Logger.withMinimumLogLevel(LogLevel.Debug)
        )
      const error = failure(result)
      assert.strictEqual(error.message, `ffmpeg could not reach "${masked}" (Server returned 404 Not Found)`)
      assert.deepStrictEqual(error.stderr, [`${masked}: Server returned 404 Not Found`])
      assert.deepStrictEqual(Logs.warnings(logs), [`restart 1 of ${masked} failed: ${error.message}`])
      assert.isTrue(logs.some((line) => line.level === "DEBUG" && line.message.includes(masked)))
      assert.notInclude(JSON.stringify({ error, logs }), "secret")
    }))

  it.effect("each outage is its own element", () =>
    Effect.gen(function*() {
      const fake = FakeExecutor.make([closes("ab"), closes("cd"), hangs("ef")])
      const { result } = yield* supervise(fake, { take: 5 })
      const ended = outage("exited", `${live} ended the stream; restarting`)
      assert.deepStrictEqual(result, Either.right(["ab", ended, "cd", ended, "ef"]))
    }))

  it.effect("an error before the first audio fails at once, without a restart", () =>
    Effect.gen(function*() {
      const fake = FakeExecutor.make([refused, hangs("ab")])
      const error = failure((yield* supervise(fake)).result)
      assert.strictEqual(error.reason, "SourceUnreachable")
      assert.strictEqual(error.message, `ffmpeg could not reach "${live}" (Server returned 404 Not Found)`)
      assert.strictEqual(fake.started.length, 1)
    }))

  it.effect("a source that never sends audio fails after stallTimeout, without a restart", () =>
    Effect.gen(function*() {
      const fake = FakeExecutor.make([hangs(), hangs("ab")])
      const error = failure((yield* supervise(fake, { stallTimeout: "3 seconds" })).result)
      assert.deepStrictEqual([error.reason, error.message], ["SourceUnreachable", `no audio from "${live}" for 3 s`])
      assert.strictEqual(fake.started.length, 1)
    }))

  it.effect("an invalid URL fails before starting ffmpeg", () =>
    Effect.gen(function*() {
      const fake = FakeExecutor.make(hangs("ab"))
      const error = failure((yield* supervise(fake, { source: "http://[::1" })).result)
      assert.strictEqual(error.reason, "InvalidSource")
      assert.strictEqual(fake.started.length, 0)
    }))

  it.effect("a schedule that gives up fails the stream with the last error", () =>
    Effect.gen(function*() {
      const fake = FakeExecutor.make([closes("ab"), refused])
      const { result, warnings } = yield* supervise(fake, { restartSchedule: Schedule.recurs(2) })
      assert.strictEqual(failure(result).message, `ffmpeg could not reach "${live}" (Server returned 404 Not Found)`)
      assert.strictEqual(fake.started.length, 3)
      assert.strictEqual(warnings.length, 2)
    }))

  it.effect("the backoff starts over once audio is back", () =>
    Effect.gen(function*() {
      const fake = FakeExecutor.make([closes("ab"), refused, refused, closes("cd"), hangs("ef")])
      yield* supervise(fake, { take: 5, restartSchedule: Schedule.exponential("1 second") })
      const gaps = fake.startedAt.slice(1).map((at, i) => at - fake.startedAt[i])
      // 1 s, 2 s, 4 s after the first outage; 1 s again after the second
      assert.deepStrictEqual(gaps.map((ms) => Math.round(ms / 100) / 10), [1, 2, 4, 1])
    }))

  it.effect("an http(s) input with a finite duration is a file: its end is the end of the stream", () =>
    Effect.gen(function*() {
      const fake = FakeExecutor.make({ stdout: ["ab", "cd"], stderr: fileInput })
      assert.deepStrictEqual((yield* supervise(fake)).result, Either.right(["ab", "cd"]))
      assert.strictEqual(fake.started.length, 1)
      const failing = FakeExecutor.make({ stdout: ["ab"], stderr: [...fileInput, "[error] read error\n"], exit: 1 })
      assert.strictEqual(failure((yield* supervise(failing)).result).reason, "FfmpegFailed")
      assert.strictEqual(failing.started.length, 1)
    }))

  it.effect("a file or stdin is read once, as by stream", () =>
    Effect.gen(function*() {
      for (const source of ["episode.mp3", "-"]) {
        const fake = FakeExecutor.make({ stdout: ["ab"], stderr: liveInput })
        assert.deepStrictEqual((yield* supervise(fake, { source })).result, Either.right(["ab"]))
        assert.strictEqual(fake.started.length, 1)
      }
    }))

  it.effect("the default backoff: 0.5 s doubling, capped at 10 s, each delay jittered by at most 20 %", () =>
    Effect.gen(function*() {
      const delays = yield* Schedule.run(Schedule.delays(AudioCapture.defaultRestartSchedule), 0, Array(10).fill(0))
      const nominal = [0.5, 1, 2, 4, 8, 10, 10, 10, 10, 10]
      Chunk.toArray(delays).forEach((delay, i) => {
        const seconds = Duration.toSeconds(delay)
        assert.isAtLeast(seconds, nominal[i] * 0.8 - 1e-9, `delay ${i}`)
        assert.isAtMost(seconds, nominal[i] * 1.2 + 1e-9, `delay ${i}`)
      })
    }))
})

describe("ffmpeg's environment", () => {
  it("secrets are left out, everything ffmpeg needs passes through", () => {
    const parent = {
      PATH: "/usr/bin:/bin",
      HOME: "/home/me",
      LANG: "C.UTF-8",
      LC_ALL: "C.UTF-8",
      TZ: "UTC",
      http_proxy: "http://proxy:3128",
      HTTPS_PROXY: "http://proxy:3128",
      no_proxy: "localhost",
      SSL_CERT_FILE: "/etc/ssl/certs/ca-certificates.crt",
      LD_LIBRARY_PATH: "/opt/ffmpeg/lib",
      FFMPEG_PATH: "/opt/ffmpeg/bin/ffmpeg",
      OPENAI_BASE_URL: "https://api.openai.com/v1",
      KEYBOARD: "us",
      OPENAI_API_KEY: "sk-1",
      AZURE_OPENAI_API_KEY: "az-1",
      REALTIME_SUMMARIZE_API_KEY: "sk-2",
      ANTHROPIC_API_KEY: "x",
      openai_api_key: "sk-3",
      MY_APIKEY: "x",
      GITHUB_TOKEN: "x",
      AWS_SECRET_ACCESS_KEY: "x",
      DB_PASSWORD: "x",
      UNSET: undefined
    }
    assert.deepStrictEqual(Object.keys(Environment.forFfmpeg(parent)), [
      "PATH",
      "HOME",
      "LANG",
      "LC_ALL",
      "TZ",
      "http_proxy",
      "HTTPS_PROXY",
      "no_proxy",
      "SSL_CERT_FILE",
      "LD_LIBRARY_PATH",
      "FFMPEG_PATH",
      "OPENAI_BASE_URL",
      "KEYBOARD"
    ])
  })

  it.effect("ffmpeg gets that environment instead of inheriting this process's", () =>
    Effect.gen(function*() {
      const fake = FakeExecutor.make(closes("ab"))
      const service = yield* AudioCapture.make().pipe(
        Effect.provideService(CommandExecutor.CommandExecutor, fake.executor)
      )
      yield* Stream.runDrain(service.stream("in.mp3"))
      yield* Stream.runDrain(service.supervise(live).pipe(Stream.take(1)))
      for (const command of fake.started) {
        assert.isFalse(command.extendEnv)
        assert.deepStrictEqual(Object.fromEntries(command.env), Environment.forFfmpeg(process.env))
      }
    }))
})

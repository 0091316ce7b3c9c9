import { NodeContext } from "@effect/platform-node"
import { assert, describe, it, layer } from "@effect/vitest"
import * as RealtimeSocket from "@pkg/realtime-client/RealtimeSocket"
import { speechSamplePath } from "@pkg/realtime-testkit/SpeechSample"
import { SummariserError } from "@pkg/summariser/SummariserError"
import { ConfigProvider, Effect, Either, Layer, LogLevel, Option, Redacted } from "effect"
import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as Argv from "../src/Argv.js"
import { cli, parseFlags } from "../src/Cli.js"
import * as ConfigFile from "../src/ConfigFile.js"
import * as Flags from "../src/Flags.js"
import { inFlags } from "../src/Settings.js"
import * as StdStreams from "../src/StdStreams.js"
import * as Stop from "../src/Stop.js"
import { stripAnsi } from "../src/Style.js"
import { fakeCapture } from "./fakes.js"

const withEnv = (env: Record<string, string>) =>
  Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env))))

const runCliIn = (
  args: ReadonlyArray<string>,
  options: Parameters<typeof StdStreams.makeMemory>[0] = {},
  env: Record<string, string> = {}
) =>
  Effect.gen(function*() {
    const streams = StdStreams.makeMemory(options)
    const code = yield* cli(["node", "realtime-summarize", ...args]).pipe(
      withEnv(env),
      Effect.provide(Layer.mergeAll(
        Layer.succeed(StdStreams.StdStreams, streams.service),
        Stop.layer(Stop.makeController()),
        fakeCapture({ chunks: 1 }),
        RealtimeSocket.layerWs
      ))
    )
    return { code, stdout: streams.stdout(), stderr: streams.stderr() }
  })

describe("the command line", () => {
  it("built-in options are found anywhere on the line", () => {
    const line = Either.getOrThrow(
      Argv.scan(["--url", "x.mp3", "--log-level", "debug", "--format", "json", "--config=run.json"])
    )
    assert.deepStrictEqual(line.rest, ["--url", "x.mp3", "--format", "json"])
    assert.deepStrictEqual(line.logLevel, Option.some(LogLevel.Debug))
    assert.deepStrictEqual(line.config, Option.some("run.json"))
    assert.strictEqual(line.action._tag, "Run")
    assert.strictEqual(Either.getOrThrow(Argv.scan(["--url", "x", "-h"])).action._tag, "Help")
    assert.deepStrictEqual(Either.getOrThrow(Argv.scan(["--completions", "sh"])).action, {
      _tag: "Completions",
      shell: "bash"
    })
    assert.deepStrictEqual(
      Argv.scan(["--log-level", "loud"]),
      Either.left(
        "--log-level must be one of all, trace, debug, info, warning, error, fatal, none, got \"loud\""
      )
    )
  })

  layer(NodeContext.layer)("flags", (it) => {
    it.effect("defaults", () =>
      Effect.gen(function*() {
        const flags = yield* parseFlags(["--url", "x.mp3"]).pipe(withEnv({}))
        assert.deepStrictEqual(
          [flags.summaryInterval, flags.commitInterval, flags.batchMs, flags.model, flags.format],
          [15, 3, 20, "gpt-realtime-2.1-mini", "text"]
        )
        assert.deepStrictEqual(
          [flags.sessionMaxMinutes, flags.transcript, flags.transcriptionModel, flags.noColor],
          [55, false, "gpt-live-transcribe", false]
        )
        assert.isTrue(Option.isNone(flags.budget) && Option.isNone(flags.reasoning) && Option.isNone(flags.apiKey))
      }))

    it.effect("every flag also comes from its REALTIME_SUMMARIZE_ variable; the line comes first", () =>
      Effect.gen(function*() {
        const flags = yield* parseFlags(["--summary-interval", "20"]).pipe(withEnv({
          REALTIME_SUMMARIZE_URL: "https://radio.example/live.m3u8",
          REALTIME_SUMMARIZE_SUMMARY_INTERVAL: "30",
          REALTIME_SUMMARIZE_FORMAT: "json",
          REALTIME_SUMMARIZE_TRANSCRIPT: "true",
          REALTIME_SUMMARIZE_REASONING: "low",
          REALTIME_SUMMARIZE_BUDGET: "2.5",
          REALTIME_SUMMARIZE_NO_COLOR: "1",
          OPENAI_API_KEY: "sk-env",
          OPENAI_BASE_URL: "http://127.0.0.1:1/v1"
        }))
        assert.strictEqual(flags.url, "https://radio.example/live.m3u8")
        assert.strictEqual(flags.summaryInterval, 20)
        assert.strictEqual(flags.format, "json")
        assert.isTrue(flags.transcript)
        assert.isTrue(flags.noColor)
        assert.deepStrictEqual(flags.reasoning, Option.some("low"))
        assert.deepStrictEqual(flags.budget, Option.some(2.5))
        assert.strictEqual(Option.map(flags.apiKey, Redacted.value).pipe(Option.getOrThrow), "sk-env")
        assert.deepStrictEqual(flags.baseUrl, Option.some("http://127.0.0.1:1/v1"))
      }))

    it.effect("a --config file comes after the line and the environment", () =>
      Effect.gen(function*() {
        const path = join(mkdtempSync(join(tmpdir(), "cli-")), "run.json")
        writeFileSync(
          path,
          JSON.stringify({ "url": "episode.mp3", "summary-interval": 60, "format": "json", "model": "from-file" })
        )
        const file = yield* ConfigFile.load(path, Flags.configurableNames)
        const provider = ConfigProvider.orElse(
          ConfigProvider.fromMap(new Map([["REALTIME_SUMMARIZE_MODEL", "from-env"]])),
          () => file
        )
        const flags = yield* parseFlags(["--format", "text"]).pipe(Effect.withConfigProvider(provider))
        assert.deepStrictEqual([flags.url, flags.summaryInterval, flags.format, flags.model], [
          "episode.mp3",
          60,
          "text",
          "from-env"
        ])
      }))

    it.effect("a config file with an unknown flag, or not JSON, is one line", () =>
      Effect.gen(function*() {
        const dir = mkdtempSync(join(tmpdir(), "cli-"))
        writeFileSync(join(dir, "typo.json"), JSON.stringify({ "summary-intreval": 60 }))
        writeFileSync(join(dir, "bad.json"), "summary-interval: 60")
        const typo = yield* Effect.flip(ConfigFile.load(join(dir, "typo.json"), Flags.configurableNames))
        assert.strictEqual(typo.message, `--config: "${join(dir, "typo.json")}" names no flag "summary-intreval"`)
        const bad = yield* Effect.flip(ConfigFile.load(join(dir, "bad.json"), Flags.configurableNames))
        assert.match(bad.message, /is not a JSON object of flag names and values/)
      }))

    it.effect("--help: every flag with its default and its environment variable", () =>
      Effect.gen(function*() {
        const { code, stdout } = yield* runCliIn(["--url", "x", "--help"])
        assert.strictEqual(code, 0)
        assert.notInclude(stdout, "\x1b[")
        for (const doc of Flags.docs) {
          assert.include(stdout, `--${doc.name}`)
          for (const env of doc.env) assert.include(stdout, env)
          if (doc.defaultText !== undefined) assert.include(stdout, `default: ${doc.defaultText}`)
        }
        assert.include(stdout, "default: 15 · env: REALTIME_SUMMARIZE_SUMMARY_INTERVAL")
        assert.include(stdout, "env: REALTIME_SUMMARIZE_API_KEY, then OPENAI_API_KEY")
        assert.include(stdout, "--log-level <level>")
        const coloured = yield* runCliIn(["--help"], { stdoutTTY: true })
        assert.include(coloured.stdout, "\x1b[1m")
        assert.strictEqual(stripAnsi(coloured.stdout).split("\n")[0], "realtime-summarize 0.1.0")
      }))

    it.effect("--version prints the version from package.json", () =>
      Effect.gen(function*() {
        assert.deepStrictEqual(yield* runCliIn(["--version"]), { code: 0, stdout: "0.1.0\n", stderr: "" })
      }))

    it.effect("bash completions offer each choice as its own word", () =>
      Effect.gen(function*() {
        const { code, stdout } = yield* runCliIn(["--completions", "bash"])
        assert.strictEqual(code, 0)
        assert.include(stdout, "compgen -W \"text json\"")
        assert.include(stdout, "compgen -W \"minimal low medium high xhigh\"")
        assert.notMatch(stdout, /compgen -W "[^"$]*,/)
      }))

    it.effect("bad input is one line on stderr naming the flag, and exit 1", () =>
      Effect.gen(function*() {
        for (
          const [args, message] of [
            [["--url", "x.mp3", "--budget", "-1", "--api-key", "k"], "--budget must be a positive number"],
            [
              ["--url", "x.mp3", "--reasoning", "huge"],
              "--reasoning must be one of minimal, low, medium, high, xhigh, got \"huge\""
            ],
            [["--url", "x.mp3", "--format=xml"], "--format must be one of text, json, got \"xml\""],
            [["--url", "x.mp3", "--language", "klingon", "--api-key", "k"], "--language must be an ISO 639"],
            [["--url", "x.mp3", "--summary-interval", "soon"], "--summary-interval must be a number, got \"soon\""],
            [["--url", "x.mp3", "--budget", "abc"], "--budget must be a number, got \"abc\""],
            [["--url", "x.mp3", "--language"], "--language needs a value (--language <code>)"],
            [["--url", "x.mp3", "--model", "--budget", "1"], "--model needs a value (--model <id>)"],
            [["--url", "x.mp3", "--frobnicate"], "unknown argument \"--frobnicate\""],
            [["--url", "x.mp3", "--log-level"], "--log-level needs a value"],
            [["--url", "x.mp3", "--config", "/nonexistent.json"], "--config: cannot read \"/nonexistent.json\""],
            [[], "Expected to find option: '--url'"],
            [["--url", speechSamplePath], "no API key: set OPENAI_API_KEY or pass --api-key"],
            [
              ["--url", "ftp://example.org/a.mp3", "--api-key", "k"],
              "unsupported audio source \"ftp://example.org/a.mp3\""
            ],
            [
              ["--url", "/nonexistent/podcast.mp3", "--api-key", "k"],
              "audio file \"/nonexistent/podcast.mp3\" does not exist"
            ],
            [["--url", speechSamplePath, "--summary-interval", "0"], "--summary-interval must be a positive number"],
            [
              ["--url", speechSamplePath, "--commit-interval", "20"],
              "--commit-interval (20 s) must not be above --summary-interval (15 s)"
            ],
            [["--url", speechSamplePath, "--api-key", "k", "--base-url", "not a url"], "invalid base URL"]
          ] as const
        ) {
          const run = yield* runCliIn(args)
          assert.strictEqual(run.code, 1, args.join(" "))
          assert.strictEqual(run.stdout, "")
          assert.strictEqual(run.stderr.split("\n").length, 2, run.stderr)
          assert.include(run.stderr, `realtime-summarize: ${message}`)
        }
      }))
  })

  layer(NodeContext.layer)("values from the environment or a config file", (it) => {
    it.effect("a bad one is one line naming its flag and where it came from", () =>
      Effect.gen(function*() {
        const fromEnv = yield* runCliIn(["--url", "x.mp3"], {}, { REALTIME_SUMMARIZE_SUMMARY_INTERVAL: "soon" })
        assert.strictEqual(fromEnv.code, 1)
        assert.strictEqual(
          fromEnv.stderr,
          "realtime-summarize: --summary-interval (from REALTIME_SUMMARIZE_SUMMARY_INTERVAL or --config): " +
            "Expected a number value but received \"soon\"\n"
        )
        const path = join(mkdtempSync(join(tmpdir(), "cli-")), "run.json")
        writeFileSync(path, JSON.stringify({ format: "xml" }))
        const fromFile = yield* runCliIn(["--url", "x.mp3", "--config", path])
        assert.strictEqual(fromFile.code, 1)
        assert.include(fromFile.stderr, "--format (from REALTIME_SUMMARIZE_FORMAT or --config): Expected one of")
        assert.strictEqual(fromFile.stderr.split("\n").length, 2)
      }))
  })

  it("the summariser's messages speak of flags, not of its option names", () => {
    const message = (option: string, text: string) =>
      inFlags(new SummariserError({ reason: "InvalidOptions", option, message: text })).message
    assert.strictEqual(
      message("commitIntervalSeconds", "commitIntervalSeconds (20 s) must not be above summaryIntervalSeconds (15 s)"),
      "--commit-interval (20 s) must not be above --summary-interval (15 s)"
    )
    assert.strictEqual(
      message("language", "language must be an ISO 639 language code such as en, fr or pt-BR, got \"xx\""),
      "--language must be an ISO 639 language code such as en, fr or pt-BR, got \"xx\""
    )
    assert.strictEqual(message("maxBufferedBytes", "maxBufferedBytes (1) must hold"), "maxBufferedBytes (1) must hold")
  })
})

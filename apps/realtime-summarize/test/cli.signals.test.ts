import { assert, describe, layer } from "@effect/vitest"
import * as RealtimeTestServer from "@pkg/realtime-testkit/RealtimeTestServer"
import { speechSamplePath } from "@pkg/realtime-testkit/SpeechSample"
import { Effect } from "effect"
import { mkdtempSync, readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type * as EventLog from "../src/EventLog.js"
import { liveMp3Source } from "./liveSource.js"
import {
  decodeLog,
  eventually,
  ffmpegChildrenOf,
  isAlive,
  isChronological,
  lastClosedConnection,
  startCli
} from "./runCli.js"

const BYTES_PER_SECOND = 48_000

/**
 * Starts the CLI on an endless live feed, or on the speech sample read at its own pace (`--realtime`);
 * resolves once the server holds at least `seconds` of audio.
 */
const liveRun = (
  seconds: number,
  extra: ReadonlyArray<string> = ["--summary-interval", "4"],
  input: "live feed" | "file --realtime" = "live feed"
) =>
  Effect.gen(function*() {
    const server = yield* RealtimeTestServer.RealtimeTestServer
    const source = input === "live feed"
      ? ["--url", (yield* liveMp3Source(speechSamplePath)).url]
      : ["--url", speechSamplePath, "--realtime"]
    const cli = yield* startCli(
      [...source, "--base-url", server.baseUrl, "--format", "json", ...extra],
      { OPENAI_API_KEY: "sk-signals" }
    )
    yield* eventually(
      Effect.filterOrFail(server.audio(), (audio) => audio.length >= seconds * BYTES_PER_SECOND)
    )
    const ffmpeg = ffmpegChildrenOf(cli.child.pid!)
    assert.strictEqual(ffmpeg.length, 1, "ffmpeg should be running")
    return { server, cli, ffmpeg }
  })

describe("signals", () => {
  for (
    const [signal, code, input] of [["SIGINT", 130, "live feed"], ["SIGTERM", 143, "file --realtime"]] as const
  ) {
    layer(RealtimeTestServer.layer(), { excludeTestServices: true })(`${signal} on a ${input}`, (it) => {
      it.scoped(`the final summary covers the audio heard before ${signal}, then end; close 1000, exit ${code}`, () =>
        Effect.gen(function*() {
          // the signal comes between commit boundaries (every 3 s and at each 4 s window's end)
          const { cli, ffmpeg, server } = yield* liveRun(input === "live feed" ? 5 : 3.5, undefined, input)
          const heard = (yield* server.audio()).length / BYTES_PER_SECOND
          cli.child.kill(signal)
          assert.strictEqual(yield* cli.exited.pipe(Effect.timeout("15 seconds")), code)
          assert.strictEqual(cli.stderr(), "")

          const lines = yield* decodeLog(cli.stdout())
          assert.isTrue(isChronological(lines))
          assert.strictEqual(lines[0]?.type, "start")
          const end = lines.at(-1) as EventLog.End
          assert.strictEqual(end.type, "end")
          assert.strictEqual(end.reason, "interrupted")
          const summaries = lines.filter((line): line is EventLog.Summary => line.type === "summary")
          const final = summaries.at(-1)!
          assert.deepStrictEqual(
            lines.slice(lines.indexOf(final) + 1).map((line) => line.type === "session" ? line.action : line.type),
            ["closed", "end"],
            "after the final summary: the session closed, then end"
          )
          assert.isTrue(final.final)
          assert.isAtLeast(final.end, heard, "the final summary reaches past what was heard at the signal")
          assert.notStrictEqual(final.end % 4, 0, "the final summary is of a partial window")
          assert.deepStrictEqual(summaries.map((summary) => summary.start), summaries.map((_, i) => i * 4))
          const appended = (yield* server.audio()).length / BYTES_PER_SECOND
          assert.approximately(final.end, appended, 0.1, "every appended byte but a tail under 100 ms is summarised")
          assert.strictEqual(end.totals.audioSeconds, final.end)
          if (input === "file --realtime") assert.isBelow(final.end, 38, "the file was read at its own pace")

          const connection = yield* lastClosedConnection(server)
          assert.strictEqual(connection.closeCode, 1000)
          for (const pid of ffmpeg) assert.isFalse(isAlive(pid), `ffmpeg ${pid} outlived the CLI`)
        }))
    })
  }

  layer(RealtimeTestServer.layer({ deltaDelay: "200 millis" }), { excludeTestServices: true })(
    "a second SIGINT",
    (it) => {
      it.scoped("ends at once, without the final summary; end is still the last line and ffmpeg is stopped", () =>
        Effect.gen(function*() {
          const { cli, ffmpeg } = yield* liveRun(2)
          cli.child.kill("SIGINT")
          yield* Effect.sleep("100 millis")
          cli.child.kill("SIGINT")
          assert.strictEqual(yield* cli.exited.pipe(Effect.timeout("10 seconds")), 130)
          const lines = yield* decodeLog(cli.stdout())
          assert.deepStrictEqual(lines.filter((line) => line.type !== "session").map((line) => line.type), [
            "start",
            "end"
          ])
          assert.strictEqual((lines.at(-1) as EventLog.End).reason, "interrupted")
          for (const pid of ffmpeg) assert.isFalse(isAlive(pid), `ffmpeg ${pid} outlived the CLI`)
        }))
    }
  )

  layer(RealtimeTestServer.layer(), { excludeTestServices: true })("a live source that stalls", (it) => {
    it.scoped("is restarted after --stall-timeout; the silence is a gap where it began, and the run goes on", () =>
      Effect.gen(function*() {
        const server = yield* RealtimeTestServer.RealtimeTestServer
        const source = yield* liveMp3Source(speechSamplePath, { stallFirstAfterBytes: 12_000 })
        const cli = yield* startCli([
          "--url",
          source.url,
          "--base-url",
          server.baseUrl,
          "--format",
          "json",
          "--stall-timeout",
          "1",
          "--summary-interval",
          "3"
        ], { OPENAI_API_KEY: "sk-stall" })
        yield* eventually(
          Effect.filterOrFail(Effect.sync(cli.stdout), (text) => /"type":"gap"[\s\S]*"type":"summary"/.test(text))
        )
        cli.child.kill("SIGINT")
        assert.strictEqual(yield* cli.exited.pipe(Effect.timeout("15 seconds")), 130)
        const lines = yield* decodeLog(cli.stdout())
        const gaps = lines.filter((line): line is EventLog.Gap => line.type === "gap")
        assert.strictEqual(gaps.length, 1, cli.stdout())
        assert.strictEqual(gaps[0]!.reason, "source-stalled")
        assert.strictEqual(gaps[0]!.start, gaps[0]!.end)
        assert.isAbove(gaps[0]!.start, 0)
        assert.isTrue(
          lines.findIndex((line) => line.type === "gap") < lines.findIndex((line) => line.type === "summary")
        )
        assert.match(cli.stderr(), /^(realtime-summarize: info: audio from \S+ is back after .*\n)*$/)
      }))
  })

  layer(RealtimeTestServer.layer(), { excludeTestServices: true })("kill -9", (it) => {
    it.scoped("leaves an --output file whose every line is complete JSON", () =>
      Effect.gen(function*() {
        const output = join(mkdtempSync(join(tmpdir(), "cli-")), "run.jsonl")
        const { cli } = yield* liveRun(1, ["--summary-interval", "1", "--commit-interval", "0.5", "--output", output])
        yield* eventually(
          Effect.filterOrFail(Effect.sync(() => readFileSync(output, "utf8")), (text) => text.split("\n").length > 4)
        )
        cli.child.kill("SIGKILL")
        yield* cli.exited
        const text = readFileSync(output, "utf8")
        assert.isTrue(text.endsWith("\n"))
        const lines = yield* decodeLog(text)
        assert.strictEqual(lines[0]?.type, "start")
        assert.isTrue(lines.slice(1).every((line) => line.type === "summary" || line.type === "session"))
        assert.isAbove(lines.filter((line) => line.type === "summary").length, 0)
      }))
  })
})

import { assert, describe, layer } from "@effect/vitest"
import * as RealtimeTestServer from "@pkg/realtime-testkit/RealtimeTestServer"
import { speechSamplePath } from "@pkg/realtime-testkit/SpeechSample"
import { Effect } from "effect"
import { mkdtempSync, readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type * as EventLog from "../src/EventLog.js"
import { decodeLog, decodeWithFfmpeg, isChronological, runCli } from "./runCli.js"

const COMMIT_BYTES = 144_000
const SUMMARY_BYTES = 720_000
const MIN_COMMIT = 4_800

const expectedCounts = (total: number) => {
  const commitMarks = Math.floor(total / COMMIT_BYTES)
  const tail = total - commitMarks * COMMIT_BYTES
  const commits = commitMarks + (tail >= MIN_COMMIT ? 1 : 0)
  const windows = Math.floor(total / SUMMARY_BYTES)
  const lastCommitted = tail >= MIN_COMMIT ? total : commitMarks * COMMIT_BYTES
  const summaries = windows + (lastCommitted > windows * SUMMARY_BYTES ? 1 : 0)
  return { commits, summaries }
}

describe("realtime-summarize", () => {
  layer(RealtimeTestServer.layer(), { excludeTestServices: true })(
    "a file through the CLI, against the simulator",
    (it) => {
      it.effect("the event log runs from start to end (eof); every byte ffmpeg produced is appended", () =>
        Effect.gen(function*() {
          const server = yield* RealtimeTestServer.RealtimeTestServer
          const expectedAudio = yield* decodeWithFfmpeg(speechSamplePath)
          assert.isAbove(expectedAudio.length, 30 * 48_000)

          const run = yield* runCli([
            "--url",
            speechSamplePath,
            "--base-url",
            server.baseUrl,
            "--api-key",
            "sk-test-e2e-secret",
            "--format",
            "json"
          ])
          assert.strictEqual(run.code, 0, run.stderr)
          assert.strictEqual(run.stderr, "")

          const received = yield* server.received
          const types = received.map((event) => event.type)
          assert.strictEqual(types[0], "session.update")
          const appended = yield* server.audio()
          assert.isTrue(Buffer.from(appended).equals(Buffer.from(expectedAudio)))
          const { commits, summaries } = expectedCounts(expectedAudio.length)
          assert.strictEqual(types.filter((type) => type === "input_audio_buffer.commit").length, commits)
          assert.strictEqual(types.filter((type) => type === "response.create").length, summaries)
          assert.strictEqual(types.filter((type) => type === "conversation.item.delete").length, commits)
          assert.deepStrictEqual(
            types.filter((type) =>
              type !== "input_audio_buffer.append" && type !== "input_audio_buffer.commit" &&
              type !== "response.create" && type !== "session.update" && type !== "conversation.item.delete"
            ),
            []
          )

          const lines = yield* decodeLog(run.stdout)
          assert.isTrue(isChronological(lines))
          assert.deepStrictEqual(lines.map((line) => line.type), [
            "start",
            "session",
            ...Array.from({ length: summaries }, () => "summary"),
            "session",
            "end"
          ])
          assert.deepStrictEqual(
            lines.flatMap((line) => line.type === "session" ? [line.action] : []),
            ["opened", "closed"]
          )
          const start = lines[0] as EventLog.Start
          assert.strictEqual(start.source, speechSamplePath)
          assert.deepStrictEqual([start.summaryInterval, start.commitInterval], [15, 3])
          const summaryLines = lines.filter((line): line is EventLog.Summary => line.type === "summary")
          summaryLines.forEach((summary, index) => {
            assert.strictEqual(summary.index, index)
            assert.strictEqual(summary.start, index * 15)
            assert.include(summary.text, "simulator")
            // each summary reads its own window's audio, never the whole stream
            assert.include(
              summary.text,
              `context holds ${(summary.end - summary.start).toFixed(1)} s of committed audio`
            )
            assert.isTrue(summary.startedAt.epochMillis <= summary.endedAt.epochMillis)
            assert.isAbove(summary.usage?.input_token_details.audio_tokens ?? 0, 0)
          })
          const audioSeconds = Math.round((expectedAudio.length / 48_000) * 1000) / 1000
          assert.strictEqual(summaryLines.at(-1)!.end, audioSeconds)
          assert.isTrue(summaryLines.at(-1)!.final)
          const end = lines.at(-1) as EventLog.End
          assert.strictEqual(end.reason, "eof")
          assert.strictEqual(end.totals.audioSeconds, audioSeconds)
          assert.strictEqual(end.totals.summaries, summaries)
          assert.strictEqual(
            end.totals.inputTokens,
            summaryLines.reduce((sum, summary) => sum + (summary.usage?.input_tokens ?? 0), 0)
          )
          assert.strictEqual(end.totals.cost, summaryLines.at(-1)!.totalCost)
          assert.isAbove(end.totals.cost ?? 0, 0)
          assert.notInclude(run.stdout + run.stderr, "sk-test-e2e-secret")
        }))
    }
  )

  layer(RealtimeTestServer.layer(), { excludeTestServices: true })("text output", (it) => {
    it.effect("summaries under headings with wall-clock and audio times; --output gets the event log", () =>
      Effect.gen(function*() {
        const server = yield* RealtimeTestServer.RealtimeTestServer
        const output = join(mkdtempSync(join(tmpdir(), "cli-")), "run.jsonl")
        const run = yield* runCli(["--url", speechSamplePath, "--base-url", server.baseUrl, "--output", output], {
          OPENAI_API_KEY: "sk-from-env"
        })
        assert.strictEqual(run.code, 0, run.stderr)
        const time = "\\d\\d:\\d\\d:\\d\\d"
        const cost = "\\$\\d\\.\\d{4}"
        assert.match(
          run.stdout,
          new RegExp(`^── Summary 1 · ${time}–${time} · 0:00–0:15 · \\$0\\.0000 ──\nLocal simulator summary`)
        )
        assert.match(run.stdout, new RegExp(`\n\n── Summary 2 · ${time}–${time} · 0:15–0:30 · ${cost} ──\n`))
        assert.match(run.stdout, new RegExp(`\n\n── Summary 3 · ${time}–${time} · 0:30–0:38 · final · ${cost} ──\n`))
        assert.match(run.stdout, new RegExp(`\n\n── 3 summaries · 0:38 of audio · [\\d,]+ tokens · ${cost} ──\n$`))
        assert.notInclude(run.stdout, "\x1b[")
        assert.strictEqual(run.stderr, "")
        const lines = yield* decodeLog(readFileSync(output, "utf8"))
        assert.deepStrictEqual(lines.map((line) => line.type), [
          "start",
          "session",
          "summary",
          "summary",
          "summary",
          "session",
          "end"
        ])
        const usageLines = run.stdout.split("\n").filter((line) => line.includes(" tokens in ("))
        const summaries = lines.filter((line): line is EventLog.Summary => line.type === "summary")
        const n = (count: number) => count.toLocaleString("en-US")
        assert.deepStrictEqual(
          usageLines,
          summaries.map(({ cost, usage }) => {
            const input = usage!.input_token_details
            return `  ${n(usage!.input_tokens)} tokens in (${n(input.audio_tokens)} audio, ${
              n(input.text_tokens)
            } text, ${n(input.cached_tokens)} cached) · ${n(usage!.output_tokens)} out · $${cost!.toFixed(4)}`
          })
        )
        assert.notInclude(run.stdout + run.stderr + readFileSync(output, "utf8"), "sk-from-env")
      }))
  })

  layer(RealtimeTestServer.layer({ apiKey: "sk-the-right-key" }), { excludeTestServices: true })(
    "a refused key",
    (it) => {
      it.effect("an error line, then end with reason error; one line on stderr and exit 1", () =>
        Effect.gen(function*() {
          const server = yield* RealtimeTestServer.RealtimeTestServer
          const run = yield* runCli([
            "--url",
            speechSamplePath,
            "--base-url",
            server.baseUrl,
            "--format",
            "json",
            "--api-key",
            "sk-wrong"
          ])
          assert.strictEqual(run.code, 1)
          const lines = yield* decodeLog(run.stdout)
          assert.isTrue(isChronological(lines))
          assert.deepStrictEqual(lines.map((line) => line.type), ["start", "error", "end"])
          const error = lines[1] as EventLog.Failure
          assert.match(error.message, /refused the API key \(HTTP 401\)/)
          assert.match(error.error, /^Realtime/)
          assert.strictEqual(error.reason, "Unauthorized")
          assert.strictEqual((lines[2] as EventLog.End).reason, "error")
          assert.strictEqual(run.stderr, `realtime-summarize: ${error.message}\n`)
          assert.notInclude(run.stdout + run.stderr, "sk-wrong")
        }))
    }
  )
})

import { assert, describe, layer } from "@effect/vitest"
import * as RealtimeTestServer from "@pkg/realtime-testkit/RealtimeTestServer"
import { speechSamplePath } from "@pkg/realtime-testkit/SpeechSample"
import { Effect } from "effect"
import { decodeWithFfmpeg, runCli } from "./runCli.js"

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
    "the speech sample through the CLI, against the simulator",
    (it) => {
      it.effect("appends exactly the audio ffmpeg produced, commits every 3 s and prints every summary", () =>
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

          const received = yield* server.received
          const types = received.map((event) => event.type)
          assert.strictEqual(types[0], "session.update")
          const appended = yield* server.audio()
          assert.strictEqual(appended.length, expectedAudio.length)
          assert.deepStrictEqual(Buffer.from(appended).equals(Buffer.from(expectedAudio)), true)

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

          const lines = run.stdout.trim().split("\n")
          assert.strictEqual(lines.length, summaries)
          const parsed = lines.map((line) =>
            JSON.parse(line) as {
              type: string
              index: number
              start: number
              end: number
              text: string
              final: boolean
            }
          )
          parsed.forEach((summary, index) => {
            assert.strictEqual(summary.type, "summary")
            assert.strictEqual(summary.index, index)
            assert.strictEqual(summary.start, index * 15)
            assert.include(summary.text, "simulator")
            // each summary reads its own window's audio, never the whole stream
            assert.include(
              summary.text,
              `context holds ${(summary.end - summary.start).toFixed(1)} s of committed audio`
            )
          })
          assert.strictEqual(parsed[0]!.end, 15)
          assert.strictEqual(parsed.at(-1)!.end, Math.round((expectedAudio.length / 48_000) * 1000) / 1000)
          assert.isTrue(parsed.at(-1)!.final)
          assert.notInclude(run.stdout + run.stderr, "sk-test-e2e-secret")
        }))
    }
  )

  layer(RealtimeTestServer.layer(), { excludeTestServices: true })("text output", (it) => {
    it.effect("streams each summary under a heading with its time range", () =>
      Effect.gen(function*() {
        const server = yield* RealtimeTestServer.RealtimeTestServer
        const run = yield* runCli(["--url", speechSamplePath, "--base-url", server.baseUrl], {
          OPENAI_API_KEY: "sk-from-env"
        })
        assert.strictEqual(run.code, 0, run.stderr)
        assert.include(run.stdout, "── Summary 1 · 0:00–0:15 ──")
        assert.include(run.stdout, "── Summary 2 · 0:15–0:30 ──")
        assert.match(run.stdout, /── Summary 3 · 0:30–0:\d\d · end of input ──/)
        assert.include(run.stdout, "Local simulator summary")
        assert.notInclude(run.stdout + run.stderr, "sk-from-env")
      }))
  })
})

import { assert, describe, layer } from "@effect/vitest"
import * as RealtimeTestServer from "@pkg/realtime-testkit/RealtimeTestServer"
import { speechSamplePath } from "@pkg/realtime-testkit/SpeechSample"
import { Effect } from "effect"
import { fileURLToPath } from "node:url"
import { type CliRun, runCli } from "./runCli.js"

const notAudio = fileURLToPath(new URL("./fixtures/not-audio.txt", import.meta.url))
const SECRET = "sk-bad-input-secret-1234"

const assertOneLineFailure = (run: CliRun, pattern: RegExp) => {
  assert.notStrictEqual(run.code, 0, `expected a failure, stdout: ${run.stdout}`)
  const lines = run.stderr.trim().split("\n").filter((line) => line.trim() !== "")
  assert.strictEqual(lines.length, 1, `expected one line on stderr, got:\n${run.stderr}`)
  assert.match(lines[0]!, pattern)
  assert.notMatch(run.stderr, /\bat .+:\d+:\d+/)
  assert.strictEqual(run.stdout, "")
  assert.notInclude(run.stdout + run.stderr, SECRET)
}

// Problems found before anything starts are tested in process, in Cli.test.ts.
describe("bad input", () => {
  layer(RealtimeTestServer.layer({ apiKey: SECRET, models: ["gpt-realtime-2.1-mini"] }), { excludeTestServices: true })(
    "one line and a non-zero exit",
    (it) => {
      const withServer = (args: (baseUrl: string) => ReadonlyArray<string>, env: Record<string, string> = {}) =>
        Effect.flatMap(RealtimeTestServer.RealtimeTestServer, (server) => runCli(args(server.baseUrl), env))

      it.effect("an unreachable URL", () =>
        Effect.map(
          withServer((base) => ["--url", "http://127.0.0.1:9/stream.mp3", "--base-url", base, "--api-key", SECRET]),
          (run) => assertOneLineFailure(run, /unreachable|cannot reach|refused|could not/i)
        ))

      it.effect("a file that is not audio", () =>
        Effect.map(
          withServer((base) => ["--url", notAudio, "--base-url", base, "--api-key", SECRET]),
          (run) => assertOneLineFailure(run, /not audio/)
        ))

      it.effect("an endpoint that refuses the key", () =>
        Effect.map(
          withServer((base) => ["--url", speechSamplePath, "--base-url", base, "--api-key", "sk-wrong"]),
          (run) => assertOneLineFailure(run, /refused the API key \(HTTP 401\)/)
        ))

      it.effect("an endpoint that refuses the model", () =>
        Effect.map(
          withServer((base) => ["--url", speechSamplePath, "--model", "gpt-nonexistent", "--base-url", base], {
            OPENAI_API_KEY: SECRET
          }),
          (run) => assertOneLineFailure(run, /refused the session|model/)
        ))

      it.effect("an unreachable endpoint", () =>
        Effect.map(
          withServer(() => ["--url", speechSamplePath, "--base-url", "http://127.0.0.1:9/v1", "--api-key", SECRET]),
          (run) => assertOneLineFailure(run, /cannot reach/)
        ))

      it.effect("the key is never printed, even at debug level (given anywhere on the line)", () =>
        Effect.map(
          withServer((
            base
          ) => [
            "--url",
            speechSamplePath,
            "--base-url",
            base,
            "--api-key",
            SECRET,
            "--format",
            "json",
            "--log-level",
            "debug"
          ]),
          (run) => {
            assert.strictEqual(run.code, 0, run.stderr)
            assert.include(run.stderr, "realtime-summarize: debug: ")
            assert.notInclude(run.stdout + run.stderr, SECRET)
          }
        ))
    }
  )
})

import { assert, describe, layer } from "@effect/vitest"
import * as RealtimeTestServer from "@pkg/realtime-testkit/RealtimeTestServer"
import * as Selection from "@pkg/realtime-testkit/Selection"
import { speechSamplePath } from "@pkg/realtime-testkit/SpeechSample"
import { Effect } from "effect"
import type * as EventLog from "../src/EventLog.js"
import { decodeLog, runCli } from "./runCli.js"

// The whole CLI through faults of the service, with the speech sample read at its own pace: the first
// session is dropped mid-window and every session expires after 20 s. The run replaces its sessions, loses
// nothing and exits 0.
describe("realtime-summarize through faults of the service", () => {
  layer(
    RealtimeTestServer.layer({
      sessionLimit: "20 seconds",
      faults: [{ _tag: "DropConnection", after: "7 seconds", connections: Selection.first(1) }]
    }),
    { excludeTestServices: true }
  )("a dropped socket and sessions of 20 s", (it) => {
    it.effect(
      "every second of the file is in one summary, the sessions are replaced, exit 0",
      () =>
        Effect.gen(function*() {
          const server = yield* RealtimeTestServer.RealtimeTestServer
          const run = yield* runCli(
            ["--url", speechSamplePath, "--realtime", "--base-url", server.baseUrl, "--format", "json"],
            { OPENAI_API_KEY: "sk-faults" }
          )
          assert.strictEqual(run.code, 0, run.stderr)
          const lines = yield* decodeLog(run.stdout)
          const actions = lines.flatMap((line) => line.type === "session" ? [line.action] : [])
          assert.include(actions, "reconnecting")
          assert.include(actions, "rotated")
          const summaries = lines.filter((line): line is EventLog.Summary => line.type === "summary")
          assert.deepStrictEqual(summaries.map((summary) => summary.start), summaries.map((_, i) => i * 15))
          assert.isTrue(summaries.at(-1)!.final)
          assert.approximately(summaries.at(-1)!.end, 38.976, 0.05)
          assert.strictEqual(lines.filter((line) => line.type === "gap").length, 0)
          const end = lines.at(-1) as EventLog.End
          assert.strictEqual(end.reason, "eof")
          const connections = yield* server.connections
          assert.isAtLeast(connections.length, 3)
          assert.strictEqual(connections[0]!.closeCode, 1006)
        }),
      120_000
    )
  })
})

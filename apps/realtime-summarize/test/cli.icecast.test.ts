import * as NodeContext from "@effect/platform-node/NodeContext"
import { assert, describe, it } from "@effect/vitest"
import * as RealtimeTestServer from "@pkg/realtime-testkit/RealtimeTestServer"
import { Effect, Exit, Scope } from "effect"
// The Icecast server of the capture package's tests: one helper for a real icecast2, not two.
import * as Icecast from "../../../packages/audio-capture/test/utils/Icecast.js"
import type * as EventLog from "../src/EventLog.js"
import { decodeLog, eventually, startCli } from "./runCli.js"

// A real Icecast server (icecast2) fed by ffmpeg: the source client leaves for 10 s and comes back. The run
// goes on across the silence, reports it as one gap, and ends with exit 0 once its budget is spent.
describe("realtime-summarize on a real Icecast stream", () => {
  it.scopedLive(
    "the source leaves for 10 s and comes back: the run goes on, the silence is one gap, exit 0",
    () =>
      Effect.gen(function*() {
        const server = yield* RealtimeTestServer.make()
        const icecast = yield* Icecast.start
        const firstSource = yield* Scope.make()
        yield* Icecast.feed(icecast, "live.mp3").pipe(Scope.extend(firstSource))

        // a 4 s window costs about $0.0006 at the testkit's token counts: the budget ends the run a few
        // summaries after the source came back
        const cli = yield* startCli([
          ...["--url", icecast.listenUrl("live.mp3"), "--base-url", server.baseUrl, "--format", "json"],
          ...["--summary-interval", "4", "--commit-interval", "1", "--stall-timeout", "3", "--budget", "0.0025"]
        ], { OPENAI_API_KEY: "sk-icecast" })
        const summaries = Effect.map(
          Effect.sync(() => cli.stdout()),
          (text) => text.split("\n").filter((line) => line.includes("\"type\":\"summary\"")).length
        )
        yield* eventually(Effect.filterOrFail(summaries, (count) => count >= 1))
        yield* Scope.close(firstSource, Exit.void)
        yield* Effect.sleep("10 seconds")
        yield* Icecast.feed(icecast, "live.mp3")

        assert.strictEqual(yield* cli.exited.pipe(Effect.timeout("60 seconds")), 0, cli.stderr())
        const lines = yield* decodeLog(cli.stdout())
        const gaps = lines.filter((line): line is EventLog.Gap => line.type === "gap")
        assert.strictEqual(gaps.length, 1, "one gap for the whole silence")
        assert.include(["source-restarted", "source-stalled"], gaps[0]!.reason)
        const all = lines.filter((line): line is EventLog.Summary => line.type === "summary")
        const gapAt = lines.indexOf(gaps[0]!)
        assert.isAtLeast(all.filter((line) => lines.indexOf(line) < gapAt).length, 1, "summaries before the gap")
        assert.isAtLeast(all.filter((line) => lines.indexOf(line) > gapAt).length, 1, "summaries after it")
        assert.deepStrictEqual(all.map((summary) => summary.start), all.map((_, i) => i * 4))
        const end = lines.at(-1) as EventLog.End
        assert.strictEqual(end.type, "end")
        assert.strictEqual(end.reason, "budget")
      }).pipe(Effect.provide(NodeContext.layer)),
    120_000
  )
})

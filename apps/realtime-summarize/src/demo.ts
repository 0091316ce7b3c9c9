#!/usr/bin/env node
/**
 * `pnpm demo`: the whole pipeline with no key and no network. The local Realtime
 * simulator (@pkg/realtime-testkit) listens on loopback, the shipped speech sample
 * is the input, and the summaries printed come from the simulator, not a model.
 */
import * as RealtimeTestServer from "@pkg/realtime-testkit/RealtimeTestServer"
import { speechSamplePath } from "@pkg/realtime-testkit/SpeechSample"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { cli } from "./Cli.js"
import * as NodeMain from "./NodeMain.js"
import { StdStreams } from "./StdStreams.js"
import * as Stop from "./Stop.js"

const program = Effect.gen(function*() {
  const server = yield* RealtimeTestServer.RealtimeTestServer
  const streams = yield* StdStreams
  streams.stderr.write(
    [
      "realtime-summarize demo: LOCAL SIMULATOR, no key and no network needed.",
      `  input: ${speechSamplePath} (speech made with espeak-ng)`,
      `  endpoint: the fake Realtime server at ${server.baseUrl}`,
      "  The summaries below are produced by the simulator, not by a model.",
      "  With a key, run: OPENAI_API_KEY=sk-... pnpm -s realtime-summarize --url <stream>",
      ""
    ].join("\n")
  )
  return yield* cli([
    process.argv[0] ?? "node",
    "realtime-summarize",
    "--url",
    speechSamplePath,
    "--base-url",
    server.baseUrl,
    "--api-key",
    "local-simulator",
    ...process.argv.slice(2)
  ])
})

const controller = Stop.makeController()

NodeMain.runMain(
  program.pipe(
    Effect.provide(Layer.merge(NodeMain.layer(controller), RealtimeTestServer.layer({ deltaDelay: "15 millis" })))
  ),
  controller
)

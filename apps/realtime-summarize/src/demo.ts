#!/usr/bin/env node
/**
 * `pnpm demo`: the whole pipeline with no key and no network. The local Realtime
 * simulator (@pkg/realtime-testkit) listens on loopback, the shipped speech sample
 * is the input, and the summaries printed come from the simulator, not a model.
 */
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { RealtimeTestServer } from "@pkg/realtime-testkit/RealtimeTestServer"
import * as RealtimeTestServerModule from "@pkg/realtime-testkit/RealtimeTestServer"
import { speechSamplePath } from "@pkg/realtime-testkit/SpeechSample"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import { AppLayer, cli } from "./Cli.js"
import { describeFailure } from "./Errors.js"
import { teardown } from "./Teardown.js"

const program = Effect.gen(function*() {
  const server = yield* RealtimeTestServer
  process.stderr.write(
    [
      "realtime-summarize demo: LOCAL SIMULATOR, no key and no network needed.",
      `  input: ${speechSamplePath} (speech made with espeak-ng)`,
      `  endpoint: the fake Realtime server at ${server.baseUrl}`,
      "  The summaries below are produced by the simulator, not by a model.",
      "  With a key, run: OPENAI_API_KEY=sk-... pnpm realtime-summarize --url <stream>",
      ""
    ].join("\n")
  )
  yield* cli([
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

const MainLayer = Layer.mergeAll(
  AppLayer.pipe(Layer.provideMerge(NodeContext.layer)),
  RealtimeTestServerModule.layer({ deltaDelay: "15 millis" }),
  Logger.replace(Logger.defaultLogger, Logger.prettyLogger({ stderr: true, colors: "auto" }))
)

program.pipe(
  Effect.tapErrorCause((cause) =>
    Effect.sync(() => {
      const message = describeFailure(cause)
      if (message !== undefined) process.stderr.write(`realtime-summarize demo: ${message}\n`)
    })
  ),
  Effect.provide(MainLayer),
  NodeRuntime.runMain({ disableErrorReporting: true, disablePrettyLogger: true, teardown })
)

#!/usr/bin/env node
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import { AppLayer, cli } from "./Cli.js"
import { describeFailure } from "./Errors.js"
import { teardown } from "./Teardown.js"

const MainLayer = AppLayer.pipe(
  Layer.provideMerge(NodeContext.layer),
  Layer.merge(Logger.replace(Logger.defaultLogger, Logger.prettyLogger({ stderr: true, colors: "auto" })))
)

cli(process.argv).pipe(
  Effect.tapErrorCause((cause) =>
    Effect.sync(() => {
      const message = describeFailure(cause)
      if (message !== undefined) process.stderr.write(`realtime-summarize: ${message}\n`)
    })
  ),
  Effect.provide(MainLayer),
  NodeRuntime.runMain({ disableErrorReporting: true, disablePrettyLogger: true, teardown })
)

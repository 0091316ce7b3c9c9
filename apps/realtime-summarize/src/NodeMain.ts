/**
 * Runs the CLI as a Node process. Unlike `NodeRuntime.runMain`, which interrupts the program on the
 * first SIGINT or SIGTERM, signals go to {@link Stop}: the first asks a run to finish (final summary,
 * session closed), a second one interrupts. The exit code is the program's, or 130 / 143 when a
 * signal interrupted it.
 *
 * @since 0.1.0
 */
import * as NodeCommandExecutor from "@effect/platform-node/NodeCommandExecutor"
import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import * as NodePath from "@effect/platform-node/NodePath"
import * as NodeTerminal from "@effect/platform-node/NodeTerminal"
import * as Runtime from "@effect/platform/Runtime"
import * as AudioCapture from "@pkg/audio-capture/AudioCapture"
import * as RealtimeSocket from "@pkg/realtime-client/RealtimeSocket"
import * as Cause from "effect/Cause"
import type * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as Log from "./Log.js"
import * as StdStreams from "./StdStreams.js"
import * as Stop from "./Stop.js"

// NodeContext.layer without its worker manager, which the CLI has no use for and which every start would load.
const platform = Layer.mergeAll(NodePath.layer, NodeCommandExecutor.layer, NodeTerminal.layer).pipe(
  Layer.provideMerge(NodeFileSystem.layer)
)

/**
 * What the CLI gets from Node: the platform, ffmpeg, the WebSocket (`ws`), the standard streams,
 * signals and the logger.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (controller: Stop.Controller) =>
  Layer.mergeAll(
    AudioCapture.layerConfig(),
    RealtimeSocket.layerWs,
    StdStreams.layerNode,
    Stop.layer(controller),
    Logger.replace(Logger.defaultLogger, Log.logger)
  ).pipe(Layer.provideMerge(platform))

const exitCodeOf = (exit: Exit.Exit<number, unknown>, signal: Stop.Signal | undefined): number => {
  if (Exit.isSuccess(exit)) return exit.value
  if (Cause.isInterruptedOnly(exit.cause)) return signal === "SIGTERM" ? 143 : 130
  return 1
}

/**
 * Runs `program` (which succeeds with the exit code) and exits the process with its code.
 *
 * @since 0.1.0
 * @category execution
 */
export const runMain = (
  program: Effect.Effect<number, unknown>,
  controller: Stop.Controller
): void => {
  const run = Runtime.makeRunMain(({ fiber }) => {
    const keepAlive = setInterval(() => {}, 2 ** 31 - 1)
    const onSigint = () => controller.signal("SIGINT")
    const onSigterm = () => controller.signal("SIGTERM")
    process.on("SIGINT", onSigint)
    process.on("SIGTERM", onSigterm)
    controller.onAbort(() => fiber.unsafeInterruptAsFork(fiber.id()))
    fiber.addObserver((exit) => {
      clearInterval(keepAlive)
      process.removeListener("SIGINT", onSigint)
      process.removeListener("SIGTERM", onSigterm)
      process.exit(exitCodeOf(exit as Exit.Exit<number, unknown>, controller.received()))
    })
  })
  run(program, { disableErrorReporting: true, disablePrettyLogger: true })
}

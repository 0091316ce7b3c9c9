/**
 * The logger: one line per log on stderr, `realtime-summarize: warning: …`, written through the
 * screen while a run draws its status line (so that the two never mix).
 *
 * @since 0.1.0
 */
import * as Cause from "effect/Cause"
import * as Context from "effect/Context"
import * as FiberRef from "effect/FiberRef"
import * as FiberRefs from "effect/FiberRefs"
import * as HashMap from "effect/HashMap"
import * as Inspectable from "effect/Inspectable"
import * as Logger from "effect/Logger"
import * as Option from "effect/Option"
import { Screen } from "./Screen.js"
import { StdStreams } from "./StdStreams.js"

const hiddenAnnotations = new Set(["package", "module"])

/**
 * A log as one line.
 *
 * @since 0.1.0
 * @category formatting
 */
export const format = (options: Logger.Logger.Options<unknown>): string => {
  const messages = Array.isArray(options.message) ? options.message : [options.message]
  const text = messages.map((message) =>
    typeof message === "string" ? message : Inspectable.toStringUnknown(message, 0)
  )
  const annotations = HashMap.toEntries(options.annotations)
    .filter(([key]) => !hiddenAnnotations.has(key))
    .map(([key, value]) => `${key}=${typeof value === "string" ? value : Inspectable.toStringUnknown(value, 0)}`)
  const cause = Cause.isEmpty(options.cause) ? [] : [Cause.pretty(options.cause).split("\n")[0] ?? ""]
  return `realtime-summarize: ${options.logLevel.label.toLowerCase()}: ${[...text, ...cause, ...annotations].join(" ")}`
}

/**
 * @since 0.1.0
 * @category loggers
 */
export const logger: Logger.Logger<unknown, void> = Logger.make((options) => {
  const line = format(options)
  const services = FiberRefs.getOrDefault(options.context, FiberRef.currentContext)
  const screen = Context.getOption(services, Screen)
  if (Option.isSome(screen)) return screen.value.unsafeNotice(line)
  const streams = Context.getOption(services, StdStreams)
  if (Option.isSome(streams)) return streams.value.stderr.write(`${line}\n`)
})

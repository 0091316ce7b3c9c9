import { Effect, Logger } from "effect"

export interface Logged {
  readonly level: string
  readonly message: string
}

/** Runs `effect` with a logger that records every line (at the effect's minimum level) into `logs`. */
export const recordInto = (logs: Array<Logged>) => <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.provide(
    effect,
    Logger.replace(
      Logger.defaultLogger,
      Logger.make(({ logLevel, message }) => {
        logs.push({ level: logLevel.label, message: String(Array.isArray(message) ? message[0] : message) })
      })
    )
  )

export const warnings = (logs: ReadonlyArray<Logged>): ReadonlyArray<string> =>
  logs.filter((line) => line.level === "WARN").map((line) => line.message)

import type * as Effect from "effect/Effect"
import type { UsageTotals } from "../TestServer.js"

/** Sends one server event; the caller adds its `event_id`. @internal */
export type Send = (event: { readonly type: string; readonly [key: string]: unknown }) => Effect.Effect<void>

/** Adds a response's usage to the server's totals. @internal */
export type RecordUsage = (usage: Omit<UsageTotals, "responses">) => Effect.Effect<void>

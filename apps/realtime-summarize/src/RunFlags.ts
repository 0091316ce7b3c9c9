/**
 * The run of parsed flags: the settings checked, then the pipeline. The CLI loads this module only when it
 * runs the pipeline, so that `--help`, `--version` and the completions load none of the summariser, the
 * Realtime client and their Schemas.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Connect from "./Connect.js"
import type { Flags } from "./Flags.js"
import * as Run from "./Run.js"
import * as Settings from "./Settings.js"

/**
 * @since 0.1.0
 * @category execution
 */
export const runFlags = (flags: Flags) =>
  Effect.flatMap(Settings.fromFlags(flags), (settings) => Run.run(flags, settings, Connect.summariserLayer(settings)))

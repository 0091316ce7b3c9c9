/**
 * The CLI's program: what `launch.ts` runs from the bundle (`dist/bundle.cjs`), and what the tests
 * run from the sources.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import { cli } from "./Cli.js"
import * as NodeMain from "./NodeMain.js"
import * as Stop from "./Stop.js"

const controller = Stop.makeController()

NodeMain.runMain(cli(process.argv).pipe(Effect.provide(NodeMain.layer(controller))), controller)

#!/usr/bin/env node
import * as Effect from "effect/Effect"
import { cli } from "./Cli.js"
import * as NodeMain from "./NodeMain.js"
import * as Stop from "./Stop.js"

const controller = Stop.makeController()

NodeMain.runMain(cli(process.argv).pipe(Effect.provide(NodeMain.layer(controller))), controller)

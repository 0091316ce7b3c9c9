#!/usr/bin/env -S node --max-semi-space-size=4 --min-semi-space-size=4
// Semi-spaces of 4 MiB, fixed: the audio path allocates short-lived strings at a steady rate, and V8's default
// lets them grow to 16 MiB (35 MiB more peak RSS), while 1 MiB ones are collected four times as often. Measured
// on an hour of audio (with the replay buffer's segments and the reused burst buffers, without which the larger
// young generation only brought the full collections on sooner): 0.92x to 0.96x the CPU of 1 MiB, 9 MiB more
// peak RSS; 2 MiB took 2% more CPU than 4.
import * as Effect from "effect/Effect"
import { cli } from "./Cli.js"
import * as NodeMain from "./NodeMain.js"
import * as Stop from "./Stop.js"

const controller = Stop.makeController()

NodeMain.runMain(cli(process.argv).pipe(Effect.provide(NodeMain.layer(controller))), controller)

import * as NodeContext from "@effect/platform-node/NodeContext"
import { assert, describe, it } from "@effect/vitest"
import { Clock, Deferred, Effect, Exit, Fiber, Option, Ref, Schedule, Scope, Stream } from "effect"
import * as AudioCapture from "../src/AudioCapture.js"
import * as SourceOutage from "../src/SourceOutage.js"
import * as Icecast from "./utils/Icecast.js"
import * as Logs from "./utils/Logs.js"
import { tallyUntil } from "./utils/Tally.js"

const SECOND = AudioCapture.BYTES_PER_SECOND

// Real time: about 2 s of audio, 10 s of silence, a restart within 1 s, then 2 s of audio.
describe("AudioCapture.supervise on a real Icecast server (icecast2)", () => {
  it.scopedLive("the source client disconnects for 10 s and comes back: one outage, then audio again", () =>
    Effect.gen(function*() {
      const icecast = yield* Icecast.start
      const firstSource = yield* Scope.make()
      yield* Icecast.feed(icecast, "live.mp3").pipe(Scope.extend(firstSource))

      const capture = yield* AudioCapture.make()
      const logs: Array<Logs.Logged> = []
      const flowing = yield* Deferred.make<void>()
      const firstAudioAfterOutage = yield* Ref.make(Option.none<number>())
      const sawOutage = yield* Ref.make(false)
      const note = (element: Uint8Array | SourceOutage.SourceOutage) =>
        Effect.gen(function*() {
          if (SourceOutage.isSourceOutage(element)) return yield* Ref.set(sawOutage, true)
          yield* Deferred.succeed(flowing, undefined)
          if ((yield* Ref.get(sawOutage)) && Option.isNone(yield* Ref.get(firstAudioAfterOutage))) {
            yield* Ref.set(firstAudioAfterOutage, Option.some(yield* Clock.currentTimeMillis))
          }
        })
      const supervised = capture.supervise(icecast.listenUrl("live.mp3"), {
        stallTimeout: "3 seconds",
        restartSchedule: Schedule.spaced("1 second")
      }).pipe(Stream.tap(note))
      const listening = yield* tallyUntil(supervised, 2 * SECOND).pipe(Logs.recordInto(logs), Effect.fork)

      yield* Deferred.await(flowing)
      yield* Effect.sleep("2 seconds")
      yield* Scope.close(firstSource, Exit.void) // the source client disconnects
      yield* Effect.sleep("10 seconds")
      const sourceBackAt = yield* Clock.currentTimeMillis
      yield* Icecast.feed(icecast, "live.mp3") // and comes back, for the rest of the test

      const tally = yield* Fiber.join(listening)
      assert.isAtLeast(tally.before, SECOND, "audio before the disconnection")
      assert.strictEqual(tally.outages.length, 1, "one outage for the whole silence")
      assert.strictEqual(tally.outages[0].reason, "exited")
      assert.strictEqual(tally.outages[0].detail, `${icecast.listenUrl("live.mp3")} ended the stream; restarting`)
      assert.isAtLeast(tally.after, 2 * SECOND, "audio after the outage")
      const resumedAt = Option.getOrThrow(yield* Ref.get(firstAudioAfterOutage))
      assert.isAtLeast(resumedAt, sourceBackAt, "the audio after the outage comes from the returning source")
      const warnings = Logs.warnings(logs)
      assert.isAtLeast(warnings.length, 1, "the restarts during the silence failed, each with a warning")
      for (const warning of warnings) assert.include(warning, "(Server returned 404 Not Found)")
    }).pipe(Effect.provide(NodeContext.layer)))
})

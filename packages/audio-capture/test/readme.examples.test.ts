import * as NodeContext from "@effect/platform-node/NodeContext"
import { assert, describe, it } from "@effect/vitest"
import { AudioCapture, AudioSource, SourceOutage } from "@pkg/audio-capture"
import { Effect, Stream } from "effect"
import * as LiveServer from "./utils/LiveServer.js"
import * as Logs from "./utils/Logs.js"
import { sample } from "./utils/Media.js"

// The README's examples, kept compiling and passing.

const program = Effect.gen(function*() {
  const source = yield* AudioSource.parse(sample) // checks that the file exists
  const capture = yield* AudioCapture.AudioCapture
  const bytes = yield* Stream.runFold(capture.stream(source), 0, (n, chunk) => n + chunk.length)
  yield* Effect.log(`${bytes / AudioCapture.BYTES_PER_SECOND} s of audio`)
})

// The audio of a live stream, with a warning for each outage
const live = (url: string) =>
  Stream.unwrap(
    Effect.map(AudioCapture.AudioCapture, (capture) =>
      capture.supervise(url, { stallTimeout: "10 seconds" }).pipe(
        Stream.tap((element) => SourceOutage.isSourceOutage(element) ? Effect.logWarning(element.detail) : Effect.void),
        Stream.filter((element): element is Uint8Array => !SourceOutage.isSourceOutage(element))
      ))
  )

describe("README", () => {
  it.live("the file example logs the duration of the sample", () =>
    Effect.gen(function*() {
      const logs: Array<Logs.Logged> = []
      yield* program.pipe(Logs.recordInto(logs), Effect.provide(AudioCapture.layerConfig()))
      assert.match(logs.at(-1)?.message ?? "", /^38\.9\d* s of audio$/)
    }).pipe(Effect.provide(NodeContext.layer)))

  it.scopedLive("the live example warns once when the radio drops, and its audio goes on", () =>
    Effect.gen(function*() {
      const radio = yield* LiveServer.make(sample, (n) => n === 0 ? LiveServer.stream(500, "end") : LiveServer.stream())
      const logs: Array<Logs.Logged> = []
      const bytes = yield* live(radio.url).pipe(
        Stream.runFoldWhile(
          0,
          (n) => radio.connections() < 2 || n < 10 * AudioCapture.BYTES_PER_SECOND,
          (n, c) => n + c.length
        ),
        Logs.recordInto(logs),
        Effect.provide(AudioCapture.layer())
      )
      assert.isAtLeast(bytes, 10 * AudioCapture.BYTES_PER_SECOND)
      assert.deepStrictEqual(Logs.warnings(logs), [`${radio.url} ended the stream; restarting`])
      assert.strictEqual(radio.connections(), 2)
    }).pipe(Effect.provide(NodeContext.layer)))
})

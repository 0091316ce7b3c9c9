import { assert, describe, it } from "@effect/vitest"
import { RealtimeClient, RealtimeSocket } from "@pkg/realtime-client"
import { RealtimeTestServer } from "@pkg/realtime-testkit"
import { Summariser, SummaryEvent } from "@pkg/summariser"
import { Config, ConfigProvider, Console, Effect, Layer, Stream } from "effect"

// The README's example, kept compiling and passing against the local simulator.

const audio = Stream.range(1, 400).pipe(Stream.as(new Uint8Array(4_800)))

const program = Effect.gen(function*() {
  const summariser = yield* Summariser.Summariser
  yield* summariser.summarise(audio).pipe(
    Stream.runForEach((event) =>
      event._tag === "SummaryCompleted"
        ? Console.log(`${SummaryEvent.formatClock(event.start)}–${SummaryEvent.formatClock(event.end)} ${event.text}`)
        : Effect.void
    )
  )
})

const SummariserLive = Summariser.layer({ summaryIntervalSeconds: 15 }).pipe(
  Layer.provide(RealtimeClient.layerConfig({
    apiKey: Config.redacted("OPENAI_API_KEY"),
    baseUrl: Config.string("OPENAI_BASE_URL").pipe(Config.withDefault("https://api.openai.com/v1"))
  })),
  Layer.provide(RealtimeSocket.layerWs) // Node's ws
)

describe("README", () => {
  it.scopedLive("the example prints one line per window, against the testkit", () =>
    Effect.gen(function*() {
      const server = yield* RealtimeTestServer.make()
      const printed: Array<string> = []
      const console = yield* Console.consoleWith(Effect.succeed)
      yield* program.pipe(
        Effect.provide(SummariserLive),
        Effect.withConfigProvider(
          ConfigProvider.fromJson({ OPENAI_API_KEY: "sk-readme", OPENAI_BASE_URL: server.baseUrl })
        ),
        Effect.withConsole({ ...console, log: (line) => Effect.sync(() => printed.push(String(line))) })
      )
      assert.strictEqual(printed.length, 3)
      assert.match(printed[0]!, /^0:00–0:15 Local simulator summary #1/)
      assert.match(printed[1]!, /^0:15–0:30 /)
      assert.match(printed[2]!, /^0:30–0:40 /)
      assert.strictEqual((yield* server.audio()).length, 40 * 48_000)
    }))
})

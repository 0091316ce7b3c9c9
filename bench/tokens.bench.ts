/**
 * Input tokens per summary over hours of audio, the old strategy against the new one, in one run against
 * the same testkit server (which counts tokens as the service does: user audio at 10 tokens per second, text
 * by its length):
 *
 * - **whole conversation** (the summariser before the window design): every 15 s a `response.create` on the
 *   default conversation, whose context is all the audio committed so far and every earlier summary;
 * - **window** (`@pkg/summariser`): every 15 s an out-of-band response over the window's own items and the
 *   previous summary as text, the items deleted afterwards.
 *
 * Prints, for each, the input tokens of the first, second and last summary and the ratio last / second, then
 * what an hour of audio costs at each model of the price table with the window strategy.
 *
 *   pnpm build && node bench/dist/tokens.bench.js [--hours 2]
 */
import * as Pricing from "@pkg/realtime-client/Pricing"
import * as RealtimeClient from "@pkg/realtime-client/RealtimeClient"
import * as RealtimeSocket from "@pkg/realtime-client/RealtimeSocket"
import type { ResponseUsage } from "@pkg/realtime-client/Usage"
import * as RealtimeTestServer from "@pkg/realtime-testkit/RealtimeTestServer"
import { tone } from "@pkg/realtime-testkit/TestAudio"
import * as Summariser from "@pkg/summariser/Summariser"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import { parseArgs } from "node:util"

const BYTES_PER_SECOND = 48_000
const SUMMARY_SECONDS = 15
const COMMIT_SECONDS = 3
const FRAME_BYTES = 4_800

const { values: flags } = parseArgs({ options: { hours: { type: "string", default: "2" } } })
const hours = Number(flags.hours)

const instructions = "You summarise live audio. Summarise only what was said since your previous summary."

/** The old strategy, as the summariser did it: one default-conversation response per window, nothing deleted. */
const wholeConversation = (baseUrl: string) =>
  Effect.gen(function*() {
    const session = yield* RealtimeClient.connect({ apiKey: Redacted.make("bench"), baseUrl })
    yield* session.updateSession({
      type: "realtime",
      output_modalities: ["text"],
      instructions,
      audio: { input: { format: { type: "audio/pcm", rate: 24000 }, turn_detection: null } }
    })
    const usages: Array<ResponseUsage> = []
    let pending: Array<Uint8Array> = []
    let pendingBytes = 0
    let sinceSummary = 0
    yield* tone(hours * 3600).pipe(
      Stream.runForEach((chunk) =>
        Effect.gen(function*() {
          pending.push(chunk)
          pendingBytes += chunk.length
          while (pendingBytes >= COMMIT_SECONDS * BYTES_PER_SECOND) {
            const all = Buffer.concat(pending)
            const commit = all.subarray(0, COMMIT_SECONDS * BYTES_PER_SECOND)
            pending = [all.subarray(commit.length)]
            pendingBytes -= commit.length
            yield* session.appendAudio(commit, FRAME_BYTES)
            yield* session.commit
            sinceSummary += COMMIT_SECONDS
            if (sinceSummary >= SUMMARY_SECONDS) {
              sinceSummary = 0
              const response = yield* session.createResponse({ instructions })
              const done = yield* response.done
              if (done.usage !== undefined && done.usage !== null) usages.push(done.usage)
            }
          }
        })
      )
    )
    return usages
  }).pipe(Effect.scoped)

/** The new strategy: the summariser itself. */
const windows = (baseUrl: string) =>
  Effect.gen(function*() {
    const summariser = yield* Summariser.Summariser
    const events = yield* summariser.summarise(tone(hours * 3600)).pipe(
      Stream.runCollect,
      Effect.map(Chunk.toReadonlyArray)
    )
    return events.flatMap((event) =>
      event._tag === "SummaryCompleted" && event.usage !== undefined
        ? [
          {
            input_tokens: event.usage.inputTokens,
            output_tokens: event.usage.outputTokens,
            input_token_details: {
              text_tokens: event.usage.inputTextTokens,
              audio_tokens: event.usage.inputAudioTokens,
              cached_tokens: event.usage.cachedTokens
            },
            output_token_details: {
              text_tokens: event.usage.outputTextTokens,
              audio_tokens: event.usage.outputAudioTokens
            }
          } satisfies ResponseUsage
        ]
        : []
    )
  }).pipe(
    Effect.provide(
      Summariser.layer({ batchMillis: 100, model: "gpt-realtime-2.1-mini" }).pipe(
        Layer.provide(RealtimeClient.layer({ apiKey: Redacted.make("bench"), baseUrl })),
        Layer.provide(RealtimeSocket.layerWs)
      )
    )
  )

const report = (name: string, usages: ReadonlyArray<ResponseUsage>) => {
  const input = (usage: ResponseUsage | undefined) => usage?.input_tokens ?? 0
  const second = input(usages[1])
  const last = input(usages.at(-1))
  process.stdout.write(
    `${name}: ${usages.length} summaries, input tokens first ${input(usages[0])}, second ${second}, last ${last}, ` +
      `ratio last/second ${(last / second).toFixed(2)}x\n`
  )
}

const program = Effect.gen(function*() {
  const server = yield* RealtimeTestServer.make({
    sessionLimit: `${hours + 1} hours`,
    maxRecordedAudioBytes: 0,
    maxRecordedEvents: 0
  })
  process.stdout.write(`${hours} h of audio, a summary every ${SUMMARY_SECONDS} s, against the testkit\n`)
  const old = yield* wholeConversation(server.baseUrl).pipe(Effect.provide(RealtimeSocket.layerWs))
  const fresh = yield* windows(server.baseUrl)
  report("whole conversation", old)
  report("window            ", fresh)
  process.stdout.write("cost of one hour of audio (window strategy; list prices per 1M tokens):\n")
  for (const [family, prices] of Object.entries(Pricing.PRICES)) {
    const perHour = (usages: ReadonlyArray<ResponseUsage>) =>
      usages.reduce((sum, usage) => sum + Pricing.costAt(prices, usage), 0) / hours
    process.stdout.write(
      `  ${family.padEnd(22)} $${perHour(fresh).toFixed(3)} per hour` +
        ` (whole conversation: $${perHour(old).toFixed(2)} per hour over ${hours} h, and growing)\n`
    )
  }
})

Effect.runPromise(Effect.scoped(program)).catch((error) => {
  process.stderr.write(`tokens.bench: ${String(error)}\n`)
  process.exit(1)
})

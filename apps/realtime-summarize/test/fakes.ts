import * as AudioCapture from "@pkg/audio-capture/AudioCapture"
import * as AudioSource from "@pkg/audio-capture/AudioSource"
import * as SourceOutage from "@pkg/audio-capture/SourceOutage"
import * as AudioInput from "@pkg/summariser/AudioInput"
import * as Summariser from "@pkg/summariser/Summariser"
import type { SummariserError } from "@pkg/summariser/SummariserError"
import { SummaryEvent, type SummaryUsage } from "@pkg/summariser/SummaryEvent"
import { type Duration, Effect, Layer, Option, Redacted, Schedule, Stream } from "effect"
import type { Flags } from "../src/Flags.js"
import type { Settings } from "../src/Settings.js"
import { summariserOptions } from "../src/Settings.js"

/** 2026-01-01T12:00:00Z */
export const T0 = Date.UTC(2026, 0, 1, 12, 0, 0)

export const usage: SummaryUsage = {
  inputTokens: 300,
  outputTokens: 40,
  inputTextTokens: 150,
  inputAudioTokens: 150,
  cachedTokens: 64,
  cachedTextTokens: 64,
  cachedAudioTokens: 0,
  outputTextTokens: 40,
  outputAudioTokens: 0
}

const session = (
  action: "opened" | "rotated" | "reconnecting" | "closed",
  fields: Partial<{
    sessionId: string | null
    previousSessionId: string | null
    reason: string
    attempt: number | null
    retryInMillis: number | null
    expiresAt: number | null
  }> = {}
) =>
  SummaryEvent.Session({
    action,
    sessionId: "sess_1",
    previousSessionId: null,
    reason: "connected",
    attempt: null,
    retryInMillis: null,
    expiresAt: null,
    ...fields
  })

/** The window `index` of 15 s, from T0. */
const window = (index: number, final: boolean) => ({
  index,
  start: index * 15,
  end: index * 15 + 15,
  final,
  startedAt: T0 + index * 15_000,
  endedAt: T0 + index * 15_000 + 15_000
})

export const started = (index: number, options: { readonly final?: boolean; readonly attempt?: number } = {}) =>
  SummaryEvent.SummaryStarted({ ...window(index, options.final ?? false), attempt: options.attempt ?? 1 })

export const completed = (
  index: number,
  fields: {
    readonly text: string
    readonly final?: boolean
    readonly usage?: SummaryUsage | undefined
    readonly cost?: number | null
    readonly totalCost?: number | null
  }
) =>
  SummaryEvent.SummaryCompleted({
    ...window(index, fields.final ?? false),
    text: fields.text,
    model: "gpt-realtime-2.1-mini",
    usage: "usage" in fields ? fields.usage : usage,
    cost: fields.cost ?? null,
    totalCost: fields.totalCost ?? null
  })

/** One event of every kind the summariser yields, in an order a run could produce. */
export const everyEvent: ReadonlyArray<SummaryEvent> = [
  session("opened", { expiresAt: T0 + 3_600_000 }),
  SummaryEvent.Transcript({ start: 0, end: 3, text: "Good morning, this is the news." }),
  started(0),
  SummaryEvent.SummaryDelta({ index: 0, text: "The newsreader " }),
  SummaryEvent.Transcript({ start: 15, end: 18, text: "In other news." }),
  SummaryEvent.SummaryDelta({ index: 0, text: "greets the listeners." }),
  completed(0, { text: "The newsreader greets the listeners.", cost: 0.0012, totalCost: 0.0012 }),
  SummaryEvent.Warning({ code: "transcription-failed", message: "the transcript of 0:18–0:21 failed" }),
  session("reconnecting", { reason: "the server closed the connection (1006)", attempt: 1, retryInMillis: 500 }),
  session("opened", { sessionId: "sess_2", reason: "reconnected" }),
  SummaryEvent.Gap({
    start: 21,
    end: 21,
    reason: "source-stalled",
    detail: "no audio for 30 s, restarting the source"
  }),
  session("rotated", { sessionId: "sess_3", previousSessionId: "sess_2", reason: "expires soon" }),
  SummaryEvent.BudgetReached({ budget: 0.002, spent: 0.0024, audioSeconds: 30 }),
  started(1, { final: true }),
  SummaryEvent.SummaryDelta({ index: 1, text: "The weather follows." }),
  completed(1, { text: "The weather follows.", final: true, cost: 0.0012, totalCost: 0.0024 }),
  session("closed", { sessionId: "sess_3", reason: "end of input" })
]

/**
 * A summariser that yields `events`, then reads the input, reporting each source gap as a `Gap` where
 * it is (as the real one does), until the input ends or `stop` completes; with `finalAfterInput`, a final
 * summary of the audio it read follows the end of the input.
 */
export const scriptedSummariser = (
  events: ReadonlyArray<SummaryEvent>,
  options: { readonly finalAfterInput?: boolean; readonly failWith?: SummariserError } = {}
) =>
  Layer.succeed(Summariser.Summariser, {
    summarise: (audio, run) => {
      let bytes = 0
      const gaps = audio.pipe(
        Stream.interruptWhen(run?.stop ?? Effect.never),
        Stream.filterMap((item) => {
          if (!AudioInput.isSourceGap(item)) {
            bytes += item.length
            return Option.none()
          }
          const at = bytes / 48_000
          return Option.some(SummaryEvent.Gap({ start: at, end: at, reason: item.reason, detail: item.detail }))
        })
      )
      const ending = Stream.suspend(() => {
        if (options.failWith !== undefined) return Stream.fail(options.failWith)
        if (options.finalAfterInput !== true) return Stream.empty
        const final = { index: 0, start: 0, end: bytes / 48_000, final: true, startedAt: T0, endedAt: T0 }
        return Stream.make(
          SummaryEvent.SummaryStarted({ ...final, attempt: 1 }),
          SummaryEvent.SummaryCompleted({
            ...final,
            text: `heard ${bytes} bytes`,
            model: "m",
            usage,
            cost: null,
            totalCost: null
          })
        )
      })
      return Stream.fromIterable(events).pipe(Stream.concat(gaps), Stream.concat(ending))
    }
  })

/**
 * A source of one-second chunks (48,000 bytes): `chunks` of them, or forever; one every `pace`, or at
 * once; `onChunk` is told the count of each chunk as it is read. Supervised (a URL), it has an outage
 * (`stalled`) after each chunk count in `outagesAfter`.
 */
export const fakeCapture = (options: {
  readonly chunks?: number
  readonly pace?: Duration.DurationInput
  readonly onChunk?: (count: number) => void
  readonly outagesAfter?: ReadonlyArray<number>
} = {}) => {
  const chunks = () => {
    let count = 0
    const all = Stream.repeatValue(new Uint8Array(48_000))
    const counted = options.chunks === undefined ? all : Stream.take(all, options.chunks)
    const paced = options.pace === undefined ? counted : Stream.schedule(counted, Schedule.spaced(options.pace))
    return Stream.tap(paced, () => Effect.sync(() => options.onChunk?.(++count)))
  }
  return Layer.succeed(
    AudioCapture.AudioCapture,
    AudioCapture.AudioCapture.of({
      stream: chunks,
      supervise: () =>
        chunks().pipe(
          Stream.zipWithIndex,
          Stream.flatMap(([chunk, i]) =>
            options.outagesAfter?.includes(i + 1) === true
              ? Stream.make(chunk, SourceOutage.make("stalled", "no audio for 30 s from the source; restarting"))
              : Stream.make(chunk)
          )
        )
    })
  )
}

export const flags = (overrides: Partial<Flags> = {}): Flags => ({
  url: "episode.mp3",
  summaryInterval: 15,
  commitInterval: 3,
  batchMs: 20,
  model: "gpt-realtime-2.1-mini",
  instructions: Option.none(),
  language: Option.none(),
  reasoning: Option.none(),
  budget: Option.none(),
  transcript: false,
  transcriptionModel: "gpt-live-transcribe",
  sessionMaxMinutes: 55,
  stallTimeout: 30,
  realtime: false,
  format: "json",
  output: Option.none(),
  noColor: false,
  baseUrl: Option.none(),
  apiKey: Option.some(Redacted.make("sk-test")),
  config: Option.none(),
  ...overrides
})

export const settings = (from: Flags = flags()): Settings => {
  const source = /^https?:/.test(from.url) ? AudioSource.url(from.url) : AudioSource.file(from.url)
  return {
    source,
    apiKey: Redacted.make("sk-test"),
    baseUrl: "https://api.openai.com/v1",
    model: from.model,
    summariser: summariserOptions(from, source)
  }
}

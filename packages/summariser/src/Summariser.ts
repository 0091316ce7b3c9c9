/**
 * The orchestration: audio in, summaries out, over one Realtime session.
 *
 * @since 0.1.0
 */
import * as ByteBatcher from "@pkg/byte-batcher/ByteBatcher"
import * as RealtimeClient from "@pkg/realtime-client/RealtimeClient"
import type { RealtimeError } from "@pkg/realtime-client/RealtimeError"
import * as Context from "effect/Context"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Mailbox from "effect/Mailbox"
import * as Queue from "effect/Queue"
import * as Stream from "effect/Stream"
import { windowInstructions } from "./internal/prompt.js"
import { SummariserError } from "./SummariserError.js"
import type { Options, Plan } from "./SummariserOptions.js"
import { BYTES_PER_SECOND, defaultOptions, MIN_COMMIT_BYTES, plan } from "./SummariserOptions.js"
import { SummaryEvent, type SummaryUsage } from "./SummaryEvent.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /**
   * Configures the session, streams the audio into it and yields the summaries.
   * The audio is appended in frames, committed every commit interval, and a
   * summary is asked for every summary interval (counted in audio bytes). At the
   * end of the input the remainder is committed (when at least 100 ms), a final
   * summary is asked for, and the stream ends after it.
   */
  readonly summarise: <E, R>(
    audio: Stream.Stream<Uint8Array, E, R>
  ) => Stream.Stream<SummaryEvent, E | RealtimeError | SummariserError, R>
}

/**
 * @since 0.1.0
 * @category tags
 */
export class Summariser extends Context.Tag("@pkg/summariser/Summariser")<Summariser, Service>() {}

interface Window {
  readonly index: number
  readonly startedAt: number
  readonly endedAt: number
  readonly startByte: number
  readonly endByte: number
  readonly final: boolean
  /** Completed once the window's response exists: from then on, later audio may be committed. */
  readonly created: Deferred.Deferred<void, RealtimeError>
}

/**
 * The capacity of the summary event buffer between the session and the reader:
 * when the reader falls this far behind, the summariser waits (back-pressure).
 *
 * @since 0.1.0
 * @category constants
 */
export const OUTPUT_CAPACITY = 256

/**
 * @since 0.1.0
 * @category constructors
 */
export const make = (
  options: Partial<Options> = {}
): Effect.Effect<Service, SummariserError, RealtimeClient.RealtimeClient> =>
  Effect.gen(function*() {
    const settings: Options = { ...defaultOptions, ...options }
    const byteplan = yield* plan(settings)
    const client = yield* RealtimeClient.RealtimeClient
    return {
      summarise: (audio) => summarise(client, settings, byteplan, audio)
    }
  })

const summarise = <E, R>(
  client: RealtimeClient.Service,
  options: Options,
  byteplan: Plan,
  audio: Stream.Stream<Uint8Array, E, R>
): Stream.Stream<SummaryEvent, E | RealtimeError | SummariserError, R> =>
  Stream.unwrapScoped(Effect.gen(function*() {
    const session = yield* client.connect()
    const output = yield* Mailbox.make<SummaryEvent, E | RealtimeError | SummariserError>(OUTPUT_CAPACITY)
    const windows = yield* Queue.bounded<Window | null>(options.pendingWindows)

    yield* session.updateSession({
      type: "realtime",
      output_modalities: ["text"],
      instructions: options.instructions,
      audio: {
        input: {
          format: { type: "audio/pcm", rate: 24000 },
          turn_detection: null
        }
      }
    })

    const feed = feedAudio(session, byteplan, audio, windows)
    const answer = answerWindows(session, options, windows, output)
    yield* Effect.all([feed, answer], { concurrency: 2, discard: true }).pipe(
      Mailbox.into(output),
      Effect.forkScoped
    )
    return Mailbox.toStream(output)
  }))

const feedAudio = <E, R>(
  client: RealtimeClient.Session,
  byteplan: Plan,
  audio: Stream.Stream<Uint8Array, E, R>,
  windows: Queue.Enqueue<Window | null>
): Effect.Effect<void, E | RealtimeError | SummariserError, R> =>
  Effect.gen(function*() {
    let appended = 0
    let committed = 0
    let windowStart = 0
    let windowStartedAt = Date.now()
    let index = 0
    let lastWindowCreated: Deferred.Deferred<void, RealtimeError> | undefined

    // A response's context is the conversation when it is created: committing later
    // audio before then would let a window's summary hear past its end.
    const commitPending = Effect.suspend(() => {
      if (appended - committed < MIN_COMMIT_BYTES) return Effect.void
      const upTo = appended
      return Effect.zipRight(
        lastWindowCreated === undefined ? Effect.void : Deferred.await(lastWindowCreated),
        client.commit.pipe(Effect.tap(() => Effect.sync(() => (committed = upTo))))
      )
    })
    const closeWindow = (endByte: number, final: boolean) =>
      Effect.flatMap(Deferred.make<void, RealtimeError>(), (created) => {
        const now = Date.now()
        const window: Window = {
          index: index++,
          startByte: windowStart,
          endByte,
          final,
          created,
          startedAt: windowStartedAt,
          endedAt: now
        }
        windowStart = endByte
        windowStartedAt = now
        lastWindowCreated = created
        return Queue.offer(windows, window)
      })

    yield* audio.pipe(
      ByteBatcher.marked({
        frameBytes: byteplan.frameBytes,
        marks: { commit: byteplan.commitBytes, summary: byteplan.summaryBytes }
      }),
      Stream.runForEach((item) => {
        if (item._tag === "Frame") {
          return client.appendAudio(item.bytes).pipe(Effect.tap(() => Effect.sync(() => (appended = item.end))))
        }
        if (item.name === "commit") return commitPending
        return Effect.zipRight(commitPending, closeWindow(item.offset, false))
      })
    )

    yield* commitPending
    if (committed > windowStart) {
      yield* closeWindow(appended, true)
    } else if (index === 0) {
      return yield* new SummariserError({
        reason: "InputTooShort",
        message: `the input held ${(appended / BYTES_PER_SECOND).toFixed(3)} s of audio; at least 0.1 s is needed`
      })
    } else if (appended > windowStart) {
      yield* Effect.logDebug(`the last ${appended - windowStart} bytes (< 100 ms) were appended but not committed`)
    }
    yield* Queue.offer(windows, null)
  })

const answerWindows = <E>(
  client: RealtimeClient.Session,
  options: Options,
  windows: Queue.Dequeue<Window | null>,
  output: Mailbox.Mailbox<SummaryEvent, E | RealtimeError | SummariserError>
): Effect.Effect<void, RealtimeError> =>
  Effect.gen(function*() {
    while (true) {
      const window = yield* Queue.take(windows)
      if (window === null) return
      const start = window.startByte / BYTES_PER_SECOND
      const end = window.endByte / BYTES_PER_SECOND
      const times = { startedAt: window.startedAt, endedAt: window.endedAt }
      yield* output.offer(
        SummaryEvent.SummaryStarted({ index: window.index, start, end, final: window.final, ...times, attempt: 1 })
      )
      const response = yield* client.createResponse({
        instructions: windowInstructions(options.instructions, { start, end, final: window.final }),
        output_modalities: ["text"],
        metadata: { purpose: "summary", window: String(window.index) }
      }).pipe(Effect.exit, Effect.tap((exit) => Deferred.done(window.created, Exit.asVoid(exit))), Effect.flatten)
      yield* response.events.pipe(
        Stream.runForEach((event) =>
          event.type === "response.output_text.delta"
            ? output.offer(SummaryEvent.SummaryDelta({ index: window.index, text: event.delta }))
            : Effect.void
        )
      )
      const result = yield* response.done
      yield* output.offer(SummaryEvent.SummaryCompleted({
        index: window.index,
        start,
        end,
        final: window.final,
        ...times,
        text: result.text,
        model: options.model ?? client.session.model ?? "unknown",
        usage: usageOf(result.usage),
        cost: null,
        totalCost: null
      }))
    }
  })

const usageOf = (usage: RealtimeClient.ResponseResult["usage"]): SummaryUsage | undefined => {
  if (usage === undefined || usage === null) return undefined
  return {
    inputTokens: usage.input_tokens ?? 0,
    outputTokens: usage.output_tokens ?? 0,
    inputAudioTokens: usage.input_token_details?.audio_tokens ?? 0,
    inputTextTokens: usage.input_token_details?.text_tokens ?? 0,
    cachedTokens: usage.input_token_details?.cached_tokens ?? 0,
    cachedTextTokens: usage.input_token_details?.cached_tokens_details?.text_tokens ?? 0,
    cachedAudioTokens: usage.input_token_details?.cached_tokens_details?.audio_tokens ?? 0,
    outputTextTokens: usage.output_token_details?.text_tokens ?? 0,
    outputAudioTokens: usage.output_token_details?.audio_tokens ?? 0
  }
}

/**
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  options: Partial<Options> = {}
): Layer.Layer<Summariser, SummariserError, RealtimeClient.RealtimeClient> => Layer.effect(Summariser, make(options))

/**
 * The orchestration: audio in, summary events out, over as many Realtime sessions as it takes.
 *
 * The summary window is the unit of work and of durability. The run has three parts that a newcomer finds
 * in `internal/`:
 *
 * - the feed (`ingest.ts`, `feeder.ts`): the input is read into a bounded replay buffer and cut into windows
 *   at every summary interval (counted in audio bytes); the current session gets the audio in exact frames,
 *   committed at every commit interval and at every window's end, and each window records which committed
 *   items hold its bytes;
 * - the window answerer (`answerer.ts`): a complete window becomes an out-of-band response
 *   (`conversation: "none"`) whose input is the story so far as text plus a reference to each of the
 *   window's items; its text streams out, its usage and cost are reported, its items are deleted, so a
 *   summary costs the same in hour 30 as in minute 1;
 * - the run that wires them (`sessions.ts`): sessions are opened after the first audio, replaced after a
 *   fault with a backoff (the windows not yet summarised are replayed into the new one), and rotated before
 *   their deadline at a window boundary, make-before-break.
 *
 * @since 0.1.0
 */
import * as RealtimeClient from "@pkg/realtime-client/RealtimeClient"
import type { RealtimeError } from "@pkg/realtime-client/RealtimeError"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Mailbox from "effect/Mailbox"
import * as Stream from "effect/Stream"
import type { AudioInput } from "./AudioInput.js"
import { answer } from "./internal/answerer.js"
import { ingest } from "./internal/ingest.js"
import { superviseSessions } from "./internal/sessions.js"
import { RunState } from "./internal/state.js"
import { TranscriptOrder } from "./internal/transcripts.js"
import type { SummariserError } from "./SummariserError.js"
import type { Options, Plan } from "./SummariserOptions.js"
import { defaultOptions, plan } from "./SummariserOptions.js"
import type { SummaryEvent } from "./SummaryEvent.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /**
   * Summarises `audio` (PCM s16le, 24 kHz, mono, with `SourceGap` notices where a supervised source lost
   * audio) and yields the events of the run: each summary as it streams and once complete (with usage and
   * cost), transcripts when on, sessions opened, rotated, reconnecting and closed, gaps and warnings.
   *
   * The first session is opened once the first audio arrived. When the input ends (or is stopped, or the
   * budget is reached), the window in progress is committed and summarised as the final one, the sessions
   * are closed with 1000, and the stream ends. If the input fails after audio arrived, what was received is
   * summarised first and the stream then fails with the input's error. It fails at once with an error
   * that cannot pass (a refused key, an unknown model, an invalid request).
   */
  readonly summarise: <E, R>(
    audio: Stream.Stream<AudioInput, E, R>,
    options?: SummariseOptions
  ) => Stream.Stream<SummaryEvent, E | RealtimeError | SummariserError, R>
}

/**
 * @since 0.1.0
 * @category models
 */
export interface SummariseOptions {
  /**
   * Completes when the input should end early (a signal, a user's request): reading stops at once, what was
   * received is committed, the window in progress is summarised as the final one, and the stream ends as at
   * the end of the input. Cheaper than `Stream.interruptWhen` on the input, which races on every chunk.
   */
  readonly stop?: Effect.Effect<void> | undefined
  /**
   * Given each piece of audio of the input once the summariser has copied it into its replay buffer (it keeps no
   * reference to a piece it was given): the owner of the input's buffers may reuse or free them then. The CLI
   * frees the buffers of ffmpeg's output with `AudioCapture.release`.
   */
  readonly release?: ((bytes: Uint8Array) => void) | undefined
}

/**
 * @since 0.1.0
 * @category tags
 */
export class Summariser extends Context.Tag("@pkg/summariser/Summariser")<Summariser, Service>() {}

/**
 * The capacity of the event buffer between the run and its reader: when the reader falls this far behind,
 * the run waits (back-pressure).
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
    return Summariser.of({ summarise: (audio, run) => summarise(client, settings, byteplan, audio, run ?? {}) })
  })

const summarise = <E, R>(
  client: RealtimeClient.Service,
  options: Options,
  byteplan: Plan,
  audio: Stream.Stream<AudioInput, E, R>,
  input: SummariseOptions
): Stream.Stream<SummaryEvent, E | RealtimeError | SummariserError, R> =>
  Stream.unwrapScoped(
    Effect.gen(function*() {
      const output = yield* Mailbox.make<SummaryEvent, E | RealtimeError | SummariserError>(OUTPUT_CAPACITY)
      const state = yield* RunState.make(options, byteplan, output as Mailbox.Mailbox<SummaryEvent, unknown>)
      const transcripts = options.transcriptionModel === undefined ? undefined : new TranscriptOrder(state)
      const run = Effect.gen(function*() {
        let inputError: Either.Either<void, E> = Either.void
        yield* Effect.all([
          ingest(state, audio, input).pipe(Effect.tap((result) => Effect.sync(() => (inputError = result)))),
          superviseSessions(state, client, transcripts),
          answer(state)
        ], { concurrency: "unbounded", discard: true })
        if (Either.isLeft(inputError)) return yield* Effect.fail(inputError.left)
      })
      yield* run.pipe(
        Effect.mapError((error) => error as E | RealtimeError | SummariserError),
        Mailbox.into(output),
        Effect.forkScoped
      )
      return Mailbox.toStream(output)
    }).pipe(Effect.annotateLogs({ package: "@pkg/summariser", module: "Summariser" }))
  )

/**
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  options: Partial<Options> = {}
): Layer.Layer<Summariser, SummariserError, RealtimeClient.RealtimeClient> => Layer.effect(Summariser, make(options))

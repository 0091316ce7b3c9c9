/**
 * How a test server behaves: the response and transcript texts, the timings, the session limit and the
 * scripted faults. This module imports only `Selection` from the package, so that the server's internals and
 * its public module can both build on it.
 *
 * @since 0.2.0
 */
import type * as Duration from "effect/Duration"
import type { Selection } from "./Selection.js"

/**
 * What `Behaviour.summaryText` gets to build the text of one response.
 *
 * @since 0.1.0
 * @category models
 */
export interface SummaryRequest {
  readonly connection: number
  /** The response number in this connection, from 0. */
  readonly index: number
  /** The response's `instructions`, else the session's. */
  readonly instructions: string | undefined
  /** User audio bytes in the context of this response (the conversation, or the response's `input`). */
  readonly audioBytesCommitted: number
  /** User audio items in the context of this response. */
  readonly audioItemsCommitted: number
  /** Audio bytes appended so far on this connection. */
  readonly totalAudioBytes: number
  readonly metadata: Record<string, string> | undefined
}

/**
 * What `Behaviour.transcriptText` and `Behaviour.transcriptionDelay` get for one committed audio item.
 *
 * @since 0.2.0
 * @category models
 */
export interface TranscriptionRequest {
  readonly connection: number
  /** The committed audio item's number in this connection, from 0. */
  readonly index: number
  readonly itemId: string
  readonly audioBytes: number
  /** The session's `audio.input.transcription.model`. */
  readonly model: string
  /** The session's `audio.input.transcription.language`, when set. */
  readonly language: string | undefined
}

/**
 * The error of a scripted `error` event.
 *
 * @since 0.2.0
 * @category models
 */
export interface ErrorBody {
  readonly type: string
  readonly code: string | null
  readonly message: string
  readonly param?: string | null
}

/**
 * A scripted fault. The faults that act on a connection take an optional `connections` selection of the
 * accepted connections, counted from 0 (refused handshakes are not counted); without it they act on every
 * connection.
 *
 * - `RefuseHandshake`: the next `times` handshakes are refused with HTTP `status` and a JSON error body.
 * - `DropConnection`: `after` the connection opened, the socket is destroyed without a close frame (the
 *   client sees 1006).
 * - `CloseAfter`: `after` the connection opened, close with `code` and `reason`, optionally preceded by an
 *   `error` event `session_expired` (`sessionExpiredError`).
 * - `SendMalformed`: raw text `frames` sent right after `session.created`, or `after` a delay.
 * - `ErrorOn`: the next `times` client events of type `clientEventType` are answered with an `error` event
 *   naming their `event_id` instead of being handled; with `close`, the connection is then closed.
 * - `StallReading`: `after` the connection opened, stop reading the TCP socket `for` a while, so the client's
 *   `bufferedAmount` grows.
 * - `GoSilent`: `after` the connection opened, send nothing more and stop answering pings.
 * - `FailTranscription`: the input transcription of the selected committed audio `items` of a connection
 *   (counted from 0 in each connection) ends with `conversation.item.input_audio_transcription.failed`
 *   carrying `error` (by default `transcription_error` / `audio_unintelligible`).
 *
 * @since 0.1.0
 * @category models
 */
export type Fault =
  | { readonly _tag: "RefuseHandshake"; readonly status: number; readonly times: number }
  | {
    readonly _tag: "DropConnection"
    readonly after: Duration.DurationInput
    readonly connections?: Selection
  }
  | {
    readonly _tag: "CloseAfter"
    readonly after: Duration.DurationInput
    readonly code: number
    readonly reason: string
    readonly sessionExpiredError?: boolean
    readonly connections?: Selection
  }
  | {
    readonly _tag: "SendMalformed"
    readonly frames: ReadonlyArray<string>
    /** Sent this long after `session.created`; right after it when absent. */
    readonly after?: Duration.DurationInput
    readonly connections?: Selection
  }
  | {
    readonly _tag: "ErrorOn"
    readonly clientEventType: string
    readonly error: ErrorBody
    readonly times: number
    readonly close?: { readonly code: number; readonly reason: string }
    readonly connections?: Selection
  }
  | {
    readonly _tag: "StallReading"
    readonly after: Duration.DurationInput
    readonly for: Duration.DurationInput
    readonly connections?: Selection
  }
  | { readonly _tag: "GoSilent"; readonly after: Duration.DurationInput; readonly connections?: Selection }
  | {
    readonly _tag: "FailTranscription"
    readonly items: Selection
    readonly error?: ErrorBody
    readonly connections?: Selection
  }

/**
 * How the server behaves. Every field has a default in `RealtimeTestServer.defaultBehaviour`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Behaviour {
  /** The text of a response; the default is `RealtimeTestServer.defaultSummaryText`. */
  readonly summaryText: (request: SummaryRequest) => string
  /** Characters per `response.output_text.delta` (and per transcription delta), default 12. */
  readonly deltaSize: number
  /** Delay before `response.created`, default 0. */
  readonly responseDelay: Duration.DurationInput
  /** Delay between two deltas, default 0. */
  readonly deltaDelay: Duration.DurationInput
  /**
   * When set, a handshake must carry `Authorization: Bearer <apiKey>` (or, on the Azure path
   * `/openai/v1/realtime`, `api-key: <apiKey>`), else HTTP 401 with an OpenAI-style JSON error body. When
   * undefined (the default) any non-empty key is accepted. A handshake with no key at all always gets a 401.
   */
  readonly apiKey: string | undefined
  /** When set, a `?model=` outside this list is refused with HTTP 404 `model_not_found`, as OpenAI does. */
  readonly models: ReadonlyArray<string> | undefined
  readonly faults: ReadonlyArray<Fault>
  /**
   * The longest a session lives, default 60 minutes as on the service. `session.created` announces
   * `expires_at` (the connection's start plus the limit, in epoch seconds rounded down); at the limit the
   * server sends an `error` `session_expired` ("Your session hit the maximum duration of N minutes.") and
   * closes with 1001 and that message as the reason.
   */
  readonly sessionLimit: Duration.DurationInput
  /**
   * The text of the input transcription of a committed audio item (when the session's
   * `audio.input.transcription` is set); the default is `RealtimeTestServer.defaultTranscriptText`.
   */
  readonly transcriptText: (request: TranscriptionRequest) => string
  /**
   * How long after its commit the transcription of an item starts streaming, default 0. A delay that varies
   * by item makes completions arrive out of order, as on the service.
   */
  readonly transcriptionDelay: (request: TranscriptionRequest) => Duration.DurationInput
  /** Per connection, the recorded audio stops growing beyond this many bytes (default 64 MiB). */
  readonly maxRecordedAudioBytes: number
  /** The record of received events stops growing beyond this many events (default 100,000). */
  readonly maxRecordedEvents: number
}

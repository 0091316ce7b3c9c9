/**
 * A fake OpenAI Realtime server (GA protocol) on loopback: a real `ws` WebSocket server on `127.0.0.1` that
 * speaks the GA events like the real service, records everything it receives, and can be scripted with
 * faults. It never talks to a model: its summaries are deterministic text built from what it heard.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import type * as Duration from "effect/Duration"
import type * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import * as behaviour from "./internal/behaviour.js"
import * as server from "./internal/server.js"

/**
 * What a running test server offers: its URLs and what it recorded so far.
 *
 * @since 0.1.0
 * @category models
 */
export interface TestServer {
  /** `http://127.0.0.1:<port>/v1`: what a client takes as its OpenAI base URL. */
  readonly baseUrl: string
  /** `ws://127.0.0.1:<port>/v1/realtime`: the Realtime endpoint, without the `?model=` query. */
  readonly url: string
  /** Every client event received, in arrival order, across connections (see {@link ReceivedEvent}). */
  readonly received: Effect.Effect<ReadonlyArray<ReceivedEvent>>
  /** One entry per handshake, accepted or refused, in arrival order. */
  readonly connections: Effect.Effect<ReadonlyArray<ConnectionInfo>>
  /**
   * The concatenated bytes of every well-formed `input_audio_buffer.append` a connection sent (or all
   * connections, in connection order), including appends a fault answered with an error. Recording stops at
   * `Behaviour.maxRecordedAudioBytes` per connection.
   */
  readonly audio: (connection?: number) => Effect.Effect<Uint8Array>
  /** Totals of the token usage reported in every `response.done` so far. */
  readonly usage: Effect.Effect<UsageTotals>
  /**
   * Changes the behaviour at runtime. Fields given replace the current ones; a new `faults` list replaces the
   * old one and re-arms its counters. Connection faults apply to later connections, response settings to later
   * responses.
   */
  readonly script: (behaviour: Partial<Behaviour>) => Effect.Effect<void>
}

/**
 * One client event as the server received it.
 *
 * `event` is the parsed JSON, except that an `input_audio_buffer.append` is recorded as
 * `{ type, event_id, audioBytes }` (the decoded length instead of the base64) to keep memory small. A frame
 * that is not JSON is recorded with `type: "(unparsed)"` and its first 4 KiB of text; a binary frame with
 * `type: "(binary)"` and `{ bytes }`.
 *
 * @since 0.1.0
 * @category models
 */
export interface ReceivedEvent {
  /** The index of the connection (see {@link ConnectionInfo.index}). */
  readonly connection: number
  readonly type: string
  readonly event: unknown
  /** Arrival time, epoch milliseconds. */
  readonly at: number
}

/**
 * One handshake. `index` counts every handshake the server saw, refused ones included, from 0.
 *
 * `headers` are kept as the client sent them (names lower-cased, repeated headers joined with `", "`), the
 * `authorization` and `api-key` headers included, so that tests can assert a key was sent. The server never
 * logs them.
 *
 * @since 0.1.0
 * @category models
 */
export interface ConnectionInfo {
  readonly index: number
  readonly path: string
  readonly query: Readonly<Record<string, string>>
  readonly headers: Readonly<Record<string, string>>
  readonly status: ConnectionStatus
  /** The WebSocket close code once the connection closed (1006 when the socket was dropped). */
  readonly closeCode: number | undefined
  readonly closeReason: string | undefined
}

/**
 * Whether a handshake was upgraded to a WebSocket, or refused with an HTTP status.
 *
 * @since 0.1.0
 * @category models
 */
export type ConnectionStatus =
  | { readonly _tag: "Accepted" }
  | { readonly _tag: "Refused"; readonly status: number }

/**
 * Totals of the `usage` reported by every `response.done` (completed and cancelled responses).
 *
 * @since 0.1.0
 * @category models
 */
export interface UsageTotals {
  readonly responses: number
  readonly inputTokens: number
  readonly inputTextTokens: number
  readonly inputAudioTokens: number
  readonly outputTokens: number
  readonly outputTextTokens: number
  readonly totalTokens: number
}

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
 * How the server behaves. Every field has a default in {@link defaultBehaviour}.
 *
 * @since 0.1.0
 * @category models
 */
export interface Behaviour {
  /** The text of a response; the default is {@link defaultSummaryText}. */
  readonly summaryText: (request: SummaryRequest) => string
  /** Characters per `response.output_text.delta`, default 12. */
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
  /** Per connection, the recorded audio stops growing beyond this many bytes (default 64 MiB). */
  readonly maxRecordedAudioBytes: number
  /** The record of received events stops growing beyond this many events (default 100,000). */
  readonly maxRecordedEvents: number
}

/**
 * A scripted fault.
 *
 * - `RefuseHandshake`: the next `times` handshakes are refused with HTTP `status` and a JSON error body.
 * - `DropConnection`: `after` the connection opened, the socket is destroyed without a close frame (the
 *   client sees 1006). Once per connection.
 * - `CloseAfter`: `after` the connection opened, close with `code` and `reason`, optionally preceded by an
 *   `error` event `session_expired` (`sessionExpiredError`). Once per connection.
 * - `SendMalformed`: raw text `frames` sent right after `session.created`, or `after` a delay.
 * - `ErrorOn`: the next `times` client events of type `clientEventType` are answered with an `error` event
 *   naming their `event_id` instead of being handled; with `close`, the connection is then closed.
 * - `StallReading`: `after` the connection opened, stop reading the TCP socket `for` a while, so the client's
 *   `bufferedAmount` grows.
 * - `GoSilent`: `after` the connection opened, send nothing more and stop answering pings.
 *
 * @since 0.1.0
 * @category models
 */
export type Fault =
  | { readonly _tag: "RefuseHandshake"; readonly status: number; readonly times: number }
  | { readonly _tag: "DropConnection"; readonly after: Duration.DurationInput }
  | {
    readonly _tag: "CloseAfter"
    readonly after: Duration.DurationInput
    readonly code: number
    readonly reason: string
    readonly sessionExpiredError?: boolean
  }
  | {
    readonly _tag: "SendMalformed"
    readonly frames: ReadonlyArray<string>
    /** Sent this long after `session.created`; right after it when absent. */
    readonly after?: Duration.DurationInput
  }
  | {
    readonly _tag: "ErrorOn"
    readonly clientEventType: string
    readonly error: {
      readonly type: string
      readonly code: string | null
      readonly message: string
      readonly param?: string | null
    }
    readonly times: number
    readonly close?: { readonly code: number; readonly reason: string }
  }
  | { readonly _tag: "StallReading"; readonly after: Duration.DurationInput; readonly for: Duration.DurationInput }
  | { readonly _tag: "GoSilent"; readonly after: Duration.DurationInput }

/**
 * The service tag of a running test server.
 *
 * @since 0.1.0
 * @category tags
 */
export class RealtimeTestServer extends Context.Tag("@pkg/realtime-testkit/RealtimeTestServer")<
  RealtimeTestServer,
  TestServer
>() {}

/**
 * The default response text, e.g. `Local simulator summary #1: heard 15.0 s of audio (720000 bytes, 5
 * commits) in this window. This text comes from the local Realtime simulator, not from a model.`
 *
 * @since 0.1.0
 * @category constructors
 */
export const defaultSummaryText: (request: SummaryRequest) => string = behaviour.defaultSummaryText

/**
 * The default behaviour: any non-empty key, any model, immediate responses cut in 12-character deltas, no
 * faults.
 *
 * @since 0.1.0
 * @category constructors
 */
export const defaultBehaviour: Behaviour = behaviour.defaultBehaviour

/**
 * Starts a server on a free port of `127.0.0.1`. Closing the scope stops it and terminates its sockets.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: (behaviour?: Partial<Behaviour>) => Effect.Effect<TestServer, never, Scope.Scope> = server.make

/**
 * A layer running a server for the lifetime of the layer.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (behaviour?: Partial<Behaviour>): Layer.Layer<RealtimeTestServer> =>
  Layer.scoped(RealtimeTestServer, make(behaviour))

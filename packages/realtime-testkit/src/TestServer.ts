/**
 * What a running test server offers and records: its URLs, the events and handshakes it saw, the audio it
 * received and the usage it reported. This module imports only `Behaviour` from the package.
 *
 * @since 0.2.0
 */
import * as Data from "effect/Data"
import type * as Effect from "effect/Effect"
import type { Behaviour } from "./Behaviour.js"

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
 * One handshake. `index` counts every handshake the server saw, refused ones included, from 0; `session`
 * counts the accepted ones.
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
  /**
   * The accepted connection's number, from 0, counting accepted connections only: what a fault's
   * `connections` selection counts. Undefined for a refused handshake.
   */
  readonly session: number | undefined
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
 * Where and how a test server listens: by default on a free port of `127.0.0.1`, over plain `ws:`.
 *
 * @since 0.2.0
 * @category models
 */
export interface ServeOptions {
  /** The interface to bind, default `127.0.0.1`. */
  readonly host?: string
  /** The port, default 0: a free one. */
  readonly port?: number
  /**
   * Serve `https:`/`wss:` with this certificate and private key (PEM); the base URL becomes `https://…/v1`.
   * `RealtimeTestServer.selfSignedCertificate` makes one for `127.0.0.1` and `localhost`.
   */
  readonly tls?: Certificate
  /** Called with every WebSocket frame received and sent, as it happens (the bin's `--record`). */
  readonly onFrame?: (frame: Frame) => void
}

/**
 * A TLS certificate and its private key, in PEM.
 *
 * @since 0.2.0
 * @category models
 */
export interface Certificate {
  readonly cert: string
  readonly key: string
}

/**
 * One WebSocket frame as it crossed the wire: `in` from the client, `out` from the server. A binary frame has
 * no `text`.
 *
 * @since 0.2.0
 * @category models
 */
export interface Frame {
  /** Epoch milliseconds. */
  readonly at: number
  /** The index of the connection (see {@link ConnectionInfo.index}). */
  readonly connection: number
  readonly direction: "in" | "out"
  readonly text: string | undefined
  readonly bytes: number
}

/**
 * The server could not listen: the address is in use, not available on this machine, or not permitted, or
 * the TLS certificate or key is unusable.
 *
 * @since 0.2.0
 * @category errors
 */
export class ServeError extends Data.TaggedError("ServeError")<{
  readonly reason: "Listen" | "Tls"
  readonly message: string
  readonly cause?: unknown
}> {}

/**
 * A fake OpenAI Realtime server (GA protocol) on loopback: a real `ws` WebSocket server on `127.0.0.1` that
 * speaks the GA events like the real service, records everything it receives, and can be scripted with
 * faults. It never talks to a model: its summaries and transcripts are deterministic text built from what it
 * heard.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import type { Behaviour, SummaryRequest, TranscriptionRequest } from "./Behaviour.js"
import * as behaviour from "./internal/behaviour.js"
import * as certificate from "./internal/certificate.js"
import * as server from "./internal/server.js"
import type { Certificate, ServeError, ServeOptions, TestServer } from "./TestServer.js"

export type {
  /**
   * @since 0.1.0
   * @category models
   */
  Behaviour,
  /**
   * @since 0.2.0
   * @category models
   */
  ErrorBody,
  /**
   * @since 0.1.0
   * @category models
   */
  Fault,
  /**
   * @since 0.1.0
   * @category models
   */
  SummaryRequest,
  /**
   * @since 0.2.0
   * @category models
   */
  TranscriptionRequest
} from "./Behaviour.js"

export type {
  /**
   * @since 0.2.0
   * @category models
   */
  Selection
} from "./Selection.js"

export {
  /**
   * @since 0.2.0
   * @category errors
   */
  ServeError
} from "./TestServer.js"

export type {
  /**
   * @since 0.2.0
   * @category models
   */
  Certificate,
  /**
   * @since 0.1.0
   * @category models
   */
  ConnectionInfo,
  /**
   * @since 0.1.0
   * @category models
   */
  ConnectionStatus,
  /**
   * @since 0.2.0
   * @category models
   */
  Frame,
  /**
   * @since 0.1.0
   * @category models
   */
  ReceivedEvent,
  /**
   * @since 0.2.0
   * @category models
   */
  ServeOptions,
  /**
   * @since 0.1.0
   * @category models
   */
  TestServer,
  /**
   * @since 0.1.0
   * @category models
   */
  UsageTotals
} from "./TestServer.js"

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
 * The default response text, e.g. `Local simulator summary #1: this response's context holds 15.0 s of
 * committed audio (720000 bytes in 5 items). This text comes from the local Realtime simulator, not from a
 * model.`
 *
 * @since 0.1.0
 * @category constructors
 */
export const defaultSummaryText: (request: SummaryRequest) => string = behaviour.defaultSummaryText

/**
 * The default input transcript of a committed audio item, e.g. `Simulated transcript of 3.0 s of audio (item
 * item_4), from the local Realtime simulator.`
 *
 * @since 0.2.0
 * @category constructors
 */
export const defaultTranscriptText: (request: TranscriptionRequest) => string = behaviour.defaultTranscriptText

/**
 * The default behaviour: any non-empty key, any model, immediate responses cut in 12-character deltas, the
 * service's 60-minute session limit, immediate transcriptions, no faults.
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
export const make = (behaviour?: Partial<Behaviour>): Effect.Effect<TestServer, never, Scope.Scope> =>
  Effect.orDie(server.make(behaviour))

/**
 * Starts a server where and how `options` say: a host and port, TLS (`wss:`, with the base URL
 * `https://…/v1`, which OpenAI's SDKs need), a tap on every frame. Closing the scope stops it.
 *
 * @since 0.2.0
 * @category constructors
 */
export const serve: (
  behaviour: Partial<Behaviour>,
  options: ServeOptions
) => Effect.Effect<TestServer, ServeError, Scope.Scope> = server.make

/**
 * Makes a self-signed TLS certificate for `127.0.0.1`, `::1`, `localhost` and the `hosts` given, valid for a
 * day. A client trusts it by taking its `cert` as a CA (e.g. Node's `tls`/`https` option `ca`).
 *
 * @since 0.2.0
 * @category constructors
 */
export const selfSignedCertificate: (hosts?: ReadonlyArray<string>) => Effect.Effect<Certificate, ServeError> =
  certificate.selfSigned

/**
 * A layer running a server for the lifetime of the layer.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (behaviour?: Partial<Behaviour>): Layer.Layer<RealtimeTestServer> =>
  Layer.scoped(RealtimeTestServer, make(behaviour))

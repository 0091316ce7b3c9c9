/**
 * A connector to the Realtime API (GA protocol): `connect` opens one WebSocket session as a scoped
 * {@link Session} with typed events, correlated requests, one response at a time on the default
 * conversation, flow control and keepalive. A caller holds a session, ends it (close the scope) and opens
 * the next as often as needed; the WebSocket itself comes from the `WebSocketConstructor` in the
 * requirements (`RealtimeSocket.layerWs` for Node).
 *
 * @since 0.1.0
 */
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import type * as Stream from "effect/Stream"
import type { ClientEvent } from "./ClientEvent.js"
import { connect as openConnection } from "./internal/connection.js"
import type { ResponseResult } from "./internal/responses.js"
import * as internalSession from "./internal/session.js"
import type { Options } from "./RealtimeConfig.js"
import { isAzure, realtimeUrl } from "./RealtimeConfig.js"
import type { RealtimeError } from "./RealtimeError.js"
import { RealtimeConnectionError } from "./RealtimeError.js"
import { WebSocketConstructor } from "./RealtimeSocket.js"
import type { ServerEvent } from "./ServerEvent.js"

export type { ResponseResult } from "./internal/responses.js"

type SessionUpdate = Extract<ClientEvent, { readonly type: "session.update" }>
type ResponseCreate = Extract<ClientEvent, { readonly type: "response.create" }>
type ItemCreate = Extract<ClientEvent, { readonly type: "conversation.item.create" }>
type ResponseCreated = Extract<ServerEvent, { readonly type: "response.created" }>

/**
 * The server's `session.created` event.
 *
 * @since 0.1.0
 * @category models
 */
export type SessionCreated = Extract<ServerEvent, { readonly type: "session.created" }>

/**
 * The server's `session.updated` event.
 *
 * @since 0.1.0
 * @category models
 */
export type SessionUpdated = Extract<ServerEvent, { readonly type: "session.updated" }>

/**
 * The session configuration sent with `session.update`.
 *
 * @since 0.1.0
 * @category models
 */
export type SessionConfig = SessionUpdate["session"]

/**
 * The parameters of `response.create`.
 *
 * @since 0.1.0
 * @category models
 */
export type ResponseParams = NonNullable<ResponseCreate["response"]>

/**
 * A conversation item to create.
 *
 * @since 0.1.0
 * @category models
 */
export type ItemParams = ItemCreate["item"]

/**
 * A response that the server has created.
 *
 * @since 0.1.0
 * @category models
 */
export interface RealtimeResponse {
  /** The server's `response.created` payload. */
  readonly response: ResponseCreated["response"]
  readonly id: string
  /**
   * This response's events, from `response.created` to `response.done`. It can be run once; it fails with
   * the response's error.
   */
  readonly events: Stream.Stream<ServerEvent, RealtimeError>
  /**
   * The pull that `events` is made of: the events waiting (waits for at least one), and `true` once
   * `response.done` was among them (then with what was left, possibly nothing). It fails with the response's
   * error. For a reader that takes the events in batches without a stream's machinery; read the events with
   * `events` or with `takeEvents`, not both.
   */
  readonly takeEvents: Effect.Effect<readonly [events: ReadonlyArray<ServerEvent>, done: boolean], RealtimeError>
  /** Completes with the text and usage on `response.done`, or fails on a failed, cancelled or incomplete status. */
  readonly done: Effect.Effect<ResponseResult, RealtimeError>
}

/**
 * Counters of a session, for logs and tests.
 *
 * @since 0.1.0
 * @category models
 */
export interface RealtimeStats {
  readonly eventsReceived: number
  readonly unknownEvents: number
  readonly invalidEvents: number
  readonly bufferedAmount: number
  readonly pendingRequests: number
  readonly audioBytesSent: number
}

/**
 * One Realtime session over one WebSocket, open while the scope it was connected in is open.
 *
 * @since 0.1.0
 * @category models
 */
export interface Session {
  /** The session as announced by the server in `session.created` (its `id`, `model`, `expires_at`…). */
  readonly session: SessionCreated["session"]
  /** Sends any client event (an `event_id` is added when missing) and yields its `event_id`. */
  readonly send: (event: ClientEvent) => Effect.Effect<string, RealtimeError>
  /**
   * Every server event from the moment the stream starts, decoded with Schema; unknown events pass through
   * as `UnknownServerEvent`. It ends when the client closes the session and fails when the connection is lost.
   */
  readonly events: Stream.Stream<ServerEvent, RealtimeError>
  /** Completes when the session ends: succeeds when the client closed it, fails with what ended it otherwise. */
  readonly ended: Effect.Effect<void, RealtimeError>
  /** Sends `session.update` and waits for `session.updated` (or the error naming it). */
  readonly updateSession: (session: SessionConfig) => Effect.Effect<SessionUpdated["session"], RealtimeError>
  /**
   * Appends PCM audio with `input_audio_buffer.append`: one event, or one per `frameBytes` bytes when given
   * (the last one shorter). The frames are written in one pass while the socket's buffer is below the
   * high-water mark, and the call waits for it to drain when it is above. Nothing of `audio` is kept once
   * the call completes (its bytes are framed as they are sent): the caller may reuse its buffer.
   */
  readonly appendAudio: (audio: Uint8Array, frameBytes?: number) => Effect.Effect<void, RealtimeError>
  /** Commits the input audio buffer and yields the id of the user item it created. */
  readonly commit: Effect.Effect<string, RealtimeError>
  /** Clears the input audio buffer. */
  readonly clearAudio: Effect.Effect<void, RealtimeError>
  /**
   * Creates a response. Responses on the default conversation run one at a time (a call waits for the
   * previous one to finish); out-of-band responses (`conversation: "none"`) run in parallel. The response's
   * events are matched to it by response id, and its `response.created` by a `client_request_id` the client
   * adds to `metadata` (echoed by the service), never by arrival order.
   */
  readonly createResponse: (params?: ResponseParams) => Effect.Effect<RealtimeResponse, RealtimeError>
  /** Creates a conversation item and yields its id. */
  readonly createItem: (item: ItemParams, previousItemId?: string) => Effect.Effect<string, RealtimeError>
  /** Deletes a conversation item (an unknown id fails with the server's error). */
  readonly deleteItem: (itemId: string) => Effect.Effect<void, RealtimeError>
  /**
   * Deletes conversation items, every request in flight at once (one round trip), and waits for every
   * reply; it then fails with the first failure, if any (the other items are deleted all the same).
   */
  readonly deleteItems: (itemIds: ReadonlyArray<string>) => Effect.Effect<void, RealtimeError>
  /** Cancels a response (the active default-conversation one when no id is given) and waits for its end. */
  readonly cancelResponse: (responseId?: string) => Effect.Effect<void, RealtimeError>
  /** Closes the session with 1000 and waits for the close. */
  readonly close: Effect.Effect<void>
  readonly stats: Effect.Effect<RealtimeStats>
}

/**
 * The connector: each `connect` opens a new session.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /**
   * Opens a session: the WebSocket handshake, then `session.created`. The session stays open while the
   * scope is open (closing the scope closes it with 1000). `overrides` replace the connector's options for
   * this session (another model, extra headers).
   */
  readonly connect: (overrides?: Partial<Options>) => Effect.Effect<Session, RealtimeError, Scope.Scope>
}

/**
 * The tag of the Realtime connector.
 *
 * @since 0.1.0
 * @category tags
 */
export class RealtimeClient extends Context.Tag("@pkg/realtime-client/RealtimeClient")<RealtimeClient, Service>() {}

/**
 * The tag of one session, for programs that hold a single session for their whole life (see
 * {@link layerSession}).
 *
 * @since 0.1.0
 * @category tags
 */
export class RealtimeSession extends Context.Tag("@pkg/realtime-client/RealtimeSession")<RealtimeSession, Session>() {}

/**
 * The capacity of a session's `events` broadcast: a subscriber that falls this far behind holds up the broadcast,
 * and once `inboundHighWaterMark` events wait for it, the socket (nothing is dropped).
 *
 * @since 0.1.0
 * @category constants
 */
export const EVENTS_CAPACITY: number = internalSession.EVENTS_CAPACITY

const handshakeHeaders = (options: Options, url: URL): Record<string, string> => {
  const key = Redacted.value(options.apiKey)
  const auth: Record<string, string> = isAzure(options.provider, url)
    ? { "api-key": key }
    : { Authorization: `Bearer ${key}` }
  return { ...options.headers, ...auth }
}

/**
 * Opens one session with `options`, using the `WebSocketConstructor` of the requirements.
 *
 * @since 0.1.0
 * @category constructors
 */
export const connect = (
  options: Options
): Effect.Effect<Session, RealtimeError, Scope.Scope | WebSocketConstructor> =>
  Effect.gen(function*() {
    const open = yield* WebSocketConstructor
    const url = yield* Either.match(realtimeUrl(options), { onLeft: Effect.fail, onRight: Effect.succeed })
    if (Redacted.value(options.apiKey).trim() === "") {
      return yield* new RealtimeConnectionError({
        reason: "Unauthorized",
        message: "no API key: set OPENAI_API_KEY or pass one",
        disposition: "fatal"
      })
    }
    const openTimeout = Duration.decode(options.openTimeout ?? "10 seconds")
    const requestTimeout = Duration.decode(options.requestTimeout ?? "30 seconds")
    const connection = yield* openConnection(open, {
      url,
      headers: handshakeHeaders(options, url),
      openTimeout,
      pingInterval: Duration.decode(options.pingInterval ?? "15 seconds"),
      livenessTimeout: Duration.decode(options.livenessTimeout ?? "45 seconds"),
      highWaterMark: options.highWaterMark ?? 1024 * 1024
    })
    return yield* internalSession.makeSession(connection, {
      openTimeout,
      requestTimeout,
      inboundHighWaterMark: options.inboundHighWaterMark ?? 1024
    })
  }).pipe(Effect.annotateLogs({ package: "@pkg/realtime-client", module: "RealtimeClient" }))

/**
 * A connector whose sessions use `options` (each `connect` may override them).
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options): Effect.Effect<Service, never, WebSocketConstructor> =>
  Effect.map(WebSocketConstructor, (open) =>
    RealtimeClient.of({
      connect: (overrides) =>
        connect({ ...options, ...overrides }).pipe(Effect.provideService(WebSocketConstructor, open))
    }))

/**
 * The connector as a layer.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options): Layer.Layer<RealtimeClient, never, WebSocketConstructor> =>
  Layer.effect(RealtimeClient, make(options))

/**
 * The connector with its options read from `Config` (for example
 * `{ apiKey: Config.redacted("OPENAI_API_KEY") }`).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  config: Config.Config.Wrap<Options>
): Layer.Layer<RealtimeClient, ConfigError.ConfigError, WebSocketConstructor> =>
  Layer.effect(RealtimeClient, Effect.flatMap(Config.unwrap(config), make))

/**
 * One session for the lifetime of the layer, opened with the connector of the requirements.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerSession = (
  overrides?: Partial<Options>
): Layer.Layer<RealtimeSession, RealtimeError, RealtimeClient> =>
  Layer.scoped(RealtimeSession, Effect.flatMap(RealtimeClient, (client) => client.connect(overrides)))

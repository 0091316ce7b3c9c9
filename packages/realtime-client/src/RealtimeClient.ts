/**
 * A Realtime API session over one WebSocket (GA protocol): typed events,
 * correlated requests, one response at a time on the default conversation,
 * flow control and keepalive.
 *
 * @since 0.1.0
 */
import * as Cause from "effect/Cause"
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Mailbox from "effect/Mailbox"
import * as Option from "effect/Option"
import * as PubSub from "effect/PubSub"
import * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import * as Take from "effect/Take"
import type { ClientEvent } from "./ClientEvent.js"
import { encodeClientEvent } from "./ClientEvent.js"
import { connect, type Connection } from "./internal/connection.js"
import { makeEventIds } from "./internal/eventIds.js"
import { type ResponseResult, ResponseTracker } from "./internal/responses.js"
import { serverErrorOf, type Waiter, Waiters } from "./internal/waiters.js"
import type { Options } from "./RealtimeConfig.js"
import { isAzure, realtimeUrl } from "./RealtimeConfig.js"
import type { RealtimeError } from "./RealtimeError.js"
import { RealtimeConnectionError, RealtimeProtocolError } from "./RealtimeError.js"
import type { ServerEvent } from "./ServerEvent.js"
import { decodeServerEvent, isUnknownServerEvent, serverEventIssue } from "./ServerEvent.js"

export type { ResponseResult } from "./internal/responses.js"

type SessionUpdate = Extract<ClientEvent, { readonly type: "session.update" }>
type ResponseCreate = Extract<ClientEvent, { readonly type: "response.create" }>
type ItemCreate = Extract<ClientEvent, { readonly type: "conversation.item.create" }>
type SessionCreated = Extract<ServerEvent, { readonly type: "session.created" }>
type SessionUpdated = Extract<ServerEvent, { readonly type: "session.updated" }>
type ResponseCreated = Extract<ServerEvent, { readonly type: "response.created" }>

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
   * This response's events, from `response.created` to `response.done`. It can be
   * run once; it fails with the response's error.
   */
  readonly events: Stream.Stream<ServerEvent, RealtimeError>
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
 * The service of one Realtime session.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** The session as announced by the server in `session.created`. */
  readonly session: SessionCreated["session"]
  /** Sends any client event (an `event_id` is added when missing). */
  readonly send: (event: ClientEvent) => Effect.Effect<string, RealtimeError>
  /**
   * Every server event from the moment the stream starts, decoded with Schema;
   * unknown events pass through as `UnknownServerEvent`. It ends when the client
   * closes the session and fails when the connection is lost.
   */
  readonly events: Stream.Stream<ServerEvent, RealtimeError>
  /** Sends `session.update` and waits for `session.updated` (or the error naming it). */
  readonly updateSession: (session: SessionConfig) => Effect.Effect<SessionUpdated["session"], RealtimeError>
  /** Appends PCM audio; waits while the socket's buffer is above the high-water mark. */
  readonly appendAudio: (audio: Uint8Array) => Effect.Effect<void, RealtimeError>
  /** Commits the input audio buffer and yields the id of the user item it created. */
  readonly commit: Effect.Effect<string, RealtimeError>
  /** Clears the input audio buffer. */
  readonly clearAudio: Effect.Effect<void, RealtimeError>
  /**
   * Creates a response. Responses on the default conversation run one at a time
   * (a call waits for the previous one to finish); out-of-band responses
   * (`conversation: "none"`) run in parallel.
   */
  readonly createResponse: (params?: ResponseParams) => Effect.Effect<RealtimeResponse, RealtimeError>
  /** Creates a conversation item and yields its id. */
  readonly createItem: (item: ItemParams, previousItemId?: string) => Effect.Effect<string, RealtimeError>
  /** Deletes a conversation item. */
  readonly deleteItem: (itemId: string) => Effect.Effect<void, RealtimeError>
  /** Cancels a response (the active default-conversation one when no id is given) and waits for its end. */
  readonly cancelResponse: (responseId?: string) => Effect.Effect<void, RealtimeError>
  /** Closes the session with 1000 and waits for the close. */
  readonly close: Effect.Effect<void>
  readonly stats: Effect.Effect<RealtimeStats>
}

/**
 * The tag of the Realtime client service.
 *
 * @since 0.1.0
 * @category tags
 */
export class RealtimeClient extends Context.Tag("@pkg/realtime-client/RealtimeClient")<RealtimeClient, Service>() {}

/**
 * The capacity of the `events` broadcast: a subscriber that falls this far behind
 * back-pressures the dispatcher, and so the socket (nothing is dropped).
 *
 * @since 0.1.0
 * @category constants
 */
export const EVENTS_CAPACITY = 4096

const handshakeHeaders = (options: Options, url: URL): Record<string, string> => {
  const key = Redacted.value(options.apiKey)
  const auth: Record<string, string> = isAzure(options.provider, url)
    ? { "api-key": key }
    : { Authorization: `Bearer ${key}` }
  return { ...options.headers, ...auth }
}

/**
 * Connects a session: opens the WebSocket, waits for `session.created`, and
 * keeps the session open while the scope is open.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options): Effect.Effect<Service, RealtimeError, Scope.Scope> =>
  Effect.gen(function*() {
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
    const connection = yield* connect({
      url,
      headers: handshakeHeaders(options, url),
      openTimeout,
      pingInterval: Duration.decode(options.pingInterval ?? "15 seconds"),
      livenessTimeout: Duration.decode(options.livenessTimeout ?? "45 seconds"),
      highWaterMark: options.highWaterMark ?? 1024 * 1024,
      inboundHighWaterMark: options.inboundHighWaterMark ?? 1024
    })
    return yield* makeSession(connection, { openTimeout, requestTimeout })
  }).pipe(Effect.annotateLogs({ package: "@pkg/realtime-client", module: "RealtimeClient" }))

const makeSession = (
  connection: Connection,
  timeouts: { readonly openTimeout: Duration.Duration; readonly requestTimeout: Duration.Duration }
): Effect.Effect<Service, RealtimeError, Scope.Scope> =>
  Effect.gen(function*() {
    const ids = makeEventIds()
    const waiters = new Waiters()
    const awaitingCreation: Array<ResponseTracker> = []
    const responses = new Map<string, ResponseTracker>()
    const pubsub = yield* PubSub.bounded<Take.Take<ServerEvent, RealtimeError>>(EVENTS_CAPACITY)
    const sessionCreated = yield* Deferred.make<SessionCreated["session"], RealtimeError>()
    const sequencer = yield* Effect.makeSemaphore(1)
    const ended = yield* Deferred.make<void, RealtimeError>()
    const counters = { eventsReceived: 0, unknownEvents: 0, invalidEvents: 0, audioBytesSent: 0 }

    const failEverything = (error: RealtimeError) => {
      waiters.failAll(error)
      for (const tracker of awaitingCreation.splice(0)) tracker.fail(error)
      for (const tracker of responses.values()) tracker.fail(error)
      responses.clear()
      Deferred.unsafeDone(sessionCreated, Exit.fail(error))
    }

    const routeResponseEvent = (event: ServerEvent) => {
      if (event.type === "response.created") {
        const tracker = awaitingCreation.shift()
        if (tracker === undefined) return
        responses.set(event.response.id, tracker)
        tracker.onCreated(event)
        return
      }
      const responseId = event.type === "response.done"
        ? event.response.id
        : "response_id" in event && typeof event.response_id === "string"
        ? event.response_id
        : undefined
      if (responseId === undefined) return
      const tracker = responses.get(responseId)
      if (tracker === undefined) return
      tracker.onEvent(event)
      if (event.type === "response.done") responses.delete(responseId)
    }

    const failRequestedResponse = (event: Extract<ServerEvent, { readonly type: "error" }>): boolean => {
      const eventId = event.error.event_id
      if (eventId === undefined || eventId === null) return false
      const index = awaitingCreation.findIndex((tracker) => tracker.requestId === eventId)
      if (index < 0) return false
      const [tracker] = awaitingCreation.splice(index, 1)
      tracker!.fail(serverErrorOf(event))
      return true
    }

    const handle = (text: string) =>
      Effect.gen(function*() {
        const event = decodeServerEvent(text)
        counters.eventsReceived++
        if (isUnknownServerEvent(event)) {
          if (event.reason === "InvalidEvent") {
            counters.invalidEvents++
            yield* Effect.logDebug("server event failed its schema; passed through as unknown").pipe(
              Effect.annotateLogs({
                type: event.originalType,
                issue: Option.getOrElse(serverEventIssue(text), () => "not JSON")
              })
            )
          } else {
            counters.unknownEvents++
            yield* Effect.logDebug("unknown server event type; passed through").pipe(
              Effect.annotateLogs({ type: event.originalType })
            )
          }
        } else if (event.type === "session.created") {
          Deferred.unsafeDone(sessionCreated, Exit.succeed(event.session))
        } else if (event.type === "error") {
          const consumed = failRequestedResponse(event) || waiters.dispatch(event)
          if (!consumed) {
            Deferred.unsafeDone(sessionCreated, Exit.fail(serverErrorOf(event)))
            yield* Effect.logWarning(`server error: ${event.error.message}`).pipe(
              Effect.annotateLogs({ code: event.error.code ?? "none", type: event.error.type })
            )
          }
        } else {
          routeResponseEvent(event)
          waiters.dispatch(event)
        }
        yield* PubSub.publish(pubsub, Take.of(event))
      })

    const finish = Effect.gen(function*() {
      const exit = yield* Effect.exit(Deferred.await(connection.closed))
      const failure = Exit.isFailure(exit) ? firstFailure(exit.cause) : undefined
      failEverything(failure ?? closedByClient())
      yield* PubSub.publish(pubsub, failure === undefined ? Take.end : Take.fail(failure))
      yield* Deferred.done(ended, failure === undefined ? Exit.void : Exit.fail(failure))
    })

    const dispatcher = Effect.gen(function*() {
      while (true) {
        const frame = yield* connection.take
        if (frame === null) return yield* finish
        yield* handle(frame)
      }
    })
    yield* Effect.forkScoped(dispatcher)

    const session = yield* Deferred.await(sessionCreated).pipe(
      Effect.timeoutFail({
        duration: timeouts.openTimeout,
        onTimeout: () =>
          new RealtimeConnectionError({
            reason: "OpenTimeout",
            message: `no session.created within ${Duration.format(timeouts.openTimeout)}`,
            disposition: "retryable"
          })
      })
    )

    const writeEvent = (event: ClientEvent): Effect.Effect<string, RealtimeError> =>
      Effect.gen(function*() {
        const eventId = event.event_id ?? ids.next()
        const text = yield* Effect.try({
          try: () => encodeClientEvent({ ...event, event_id: eventId } as ClientEvent),
          catch: (cause) =>
            new RealtimeProtocolError({
              reason: "Encode",
              message: `invalid ${event.type} event: ${cause instanceof Error ? cause.message : String(cause)}`,
              disposition: "fatal",
              cause
            })
        })
        yield* connection.send(text)
        return eventId
      })

    const request = <R extends ServerEvent, A>(
      event: ClientEvent,
      match: (event: ServerEvent) => event is R,
      extract: (reply: R) => A
    ): Effect.Effect<A, RealtimeError> =>
      Effect.gen(function*() {
        const eventId = event.event_id ?? ids.next()
        const deferred = yield* Deferred.make<ServerEvent, RealtimeError>()
        const waiter: Waiter = { eventId, match, deferred }
        yield* waiters.register(waiter)
        return yield* writeEvent({ ...event, event_id: eventId } as ClientEvent).pipe(
          Effect.zipRight(Deferred.await(deferred)),
          Effect.timeoutFail({
            duration: timeouts.requestTimeout,
            onTimeout: () => replyTimeout(event.type, timeouts.requestTimeout)
          }),
          Effect.map((reply) => extract(reply as R)),
          Effect.ensuring(waiters.remove(waiter))
        )
      })

    const events: Stream.Stream<ServerEvent, RealtimeError> = Stream.unwrapScoped(
      Effect.gen(function*() {
        const subscription = yield* PubSub.subscribe(pubsub)
        const end = yield* Deferred.poll(ended)
        if (Option.isSome(end)) return Stream.drain(Stream.fromEffect(end.value))
        return Stream.fromQueue(subscription).pipe(Stream.flattenTake)
      })
    )

    const createResponse = (params: ResponseParams = {}): Effect.Effect<RealtimeResponse, RealtimeError> =>
      Effect.gen(function*() {
        const requestId = ids.next()
        const outOfBand = params.conversation === "none"
        const tracker = yield* ResponseTracker.make(requestId)
        const lifecycle = Effect.gen(function*() {
          awaitingCreation.push(tracker)
          const sent = yield* writeEvent({ type: "response.create", event_id: requestId, response: params }).pipe(
            Effect.exit
          )
          if (Exit.isFailure(sent)) {
            const index = awaitingCreation.indexOf(tracker)
            if (index >= 0) awaitingCreation.splice(index, 1)
            const error = firstFailure(sent.cause)
            if (error !== undefined) tracker.fail(error)
            return
          }
          yield* Deferred.await(tracker.done).pipe(Effect.ignore)
        })
        const fiber = yield* Effect.forkDaemon(outOfBand ? lifecycle : sequencer.withPermits(1)(lifecycle))
        const response = yield* Deferred.await(tracker.created).pipe(
          Effect.onInterrupt(() => Fiber.interrupt(fiber))
        )
        return {
          response,
          id: response.id,
          events: Mailbox.toStream(tracker.events),
          done: Deferred.await(tracker.done)
        } satisfies RealtimeResponse
      })

    const closeSession = Effect.gen(function*() {
      yield* connection.close()
      yield* Deferred.await(ended).pipe(Effect.timeout("3 seconds"), Effect.ignore)
    })
    // Runs before the dispatcher is interrupted and the socket closed, so nothing
    // that waits on this session (requests, responses, subscribers) is left hanging.
    yield* Effect.addFinalizer(() =>
      Effect.sync(() => {
        failEverything(closedByClient())
        pubsub.unsafeOffer(Take.end)
      })
    )

    return {
      session,
      send: writeEvent,
      events,
      updateSession: (config) =>
        request(
          { type: "session.update", session: config },
          isType("session.updated"),
          (reply) => reply.session
        ),
      appendAudio: (audio) =>
        Effect.suspend(() => {
          counters.audioBytesSent += audio.byteLength
          const base64 = Buffer.from(audio.buffer, audio.byteOffset, audio.byteLength).toString("base64")
          return connection.sendWithBackpressure(
            `{"type":"input_audio_buffer.append","event_id":"${ids.next()}","audio":"${base64}"}`
          )
        }),
      commit: request(
        { type: "input_audio_buffer.commit" },
        isType("input_audio_buffer.committed"),
        (reply) => reply.item_id
      ),
      clearAudio: request(
        { type: "input_audio_buffer.clear" },
        isType("input_audio_buffer.cleared"),
        () => undefined
      ),
      createResponse,
      createItem: (item, previousItemId) => {
        const id = item.id ?? ids.item()
        return request(
          {
            type: "conversation.item.create",
            item: { ...item, id } as ItemParams,
            ...(previousItemId === undefined ? {} : { previous_item_id: previousItemId })
          },
          (event): event is ItemAdded =>
            (event.type === "conversation.item.added" || event.type === "conversation.item.created") &&
            event.item.id === id,
          () => id
        )
      },
      deleteItem: (itemId) =>
        request(
          { type: "conversation.item.delete", item_id: itemId },
          (event): event is ServerEventOf<"conversation.item.deleted"> =>
            event.type === "conversation.item.deleted" && event.item_id === itemId,
          () => undefined
        ),
      cancelResponse: (responseId) =>
        request(
          { type: "response.cancel", ...(responseId === undefined ? {} : { response_id: responseId }) },
          (event): event is ServerEventOf<"response.done"> =>
            event.type === "response.done" && (responseId === undefined || event.response.id === responseId),
          () => undefined
        ),
      close: closeSession,
      stats: Effect.sync(() => ({
        ...counters,
        bufferedAmount: connection.bufferedAmount(),
        pendingRequests: waiters.size + awaitingCreation.length + responses.size
      }))
    } satisfies Service
  })

type ServerEventOf<T extends ServerEvent["type"]> = Extract<ServerEvent, { readonly type: T }>
type ItemAdded = ServerEventOf<"conversation.item.added" | "conversation.item.created">

const isType = <T extends ServerEvent["type"]>(type: T) => (event: ServerEvent): event is ServerEventOf<T> =>
  event.type === type

const closedByClient = () =>
  new RealtimeConnectionError({
    reason: "Closed",
    message: "the session was closed by the client",
    disposition: "user"
  })

const replyTimeout = (type: string, timeout: Duration.Duration) =>
  new RealtimeProtocolError({
    reason: "ReplyTimeout",
    message: `no reply to ${type} within ${Duration.format(timeout)}`,
    disposition: "retryable"
  })

const firstFailure = <E>(cause: Cause.Cause<E>): E | undefined => Option.getOrUndefined(Cause.failureOption(cause))

/**
 * A layer of one session, closed when the layer is released.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options): Layer.Layer<RealtimeClient, RealtimeError> =>
  Layer.scoped(RealtimeClient, make(options))

/**
 * The same layer, with its options read from `Config` (for example
 * `{ apiKey: Config.redacted("OPENAI_API_KEY") }`).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  config: Config.Config.Wrap<Options>
): Layer.Layer<RealtimeClient, RealtimeError | ConfigError.ConfigError> =>
  Layer.scoped(RealtimeClient, Effect.flatMap(Config.unwrap(config), make))

import * as Cause from "effect/Cause"
import * as Chunk from "effect/Chunk"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as FiberId from "effect/FiberId"
import * as Mailbox from "effect/Mailbox"
import * as Option from "effect/Option"
import * as PubSub from "effect/PubSub"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import * as Take from "effect/Take"
import type { ClientEvent } from "../ClientEvent.js"
import { encodeClientEvent } from "../ClientEvent.js"
import type {
  ItemParams,
  RealtimeResponse,
  ResponseParams,
  Session,
  SessionCreated,
  SessionUpdated
} from "../RealtimeClient.js"
import type { RealtimeError } from "../RealtimeError.js"
import { RealtimeConnectionError, RealtimeProtocolError } from "../RealtimeError.js"
import type { ServerEvent } from "../ServerEvent.js"
import { decodeServerEvent, isUnknownServerEvent, serverEventIssue } from "../ServerEvent.js"
import { frameStep } from "./audioFrames.js"
import type { Connection } from "./connection.js"
import { makeEventIds } from "./eventIds.js"
import { ResponseTracker } from "./responses.js"
import { armTimer } from "./timer.js"
import { serverErrorOf, type Waiter, Waiters } from "./waiters.js"

/** @internal */
export const EVENTS_CAPACITY = 4096

/**
 * The metadata key with which the client finds the `response.created` of its own `response.create`: the
 * service echoes `metadata` on the response, so overlapping out-of-band responses are matched by id, never
 * by arrival order.
 *
 * @internal
 */
export const REQUEST_METADATA_KEY = "client_request_id"

const MAX_METADATA_PAIRS = 16

type ServerEventOf<T extends ServerEvent["type"]> = Extract<ServerEvent, { readonly type: T }>
type ItemAdded = ServerEventOf<"conversation.item.added" | "conversation.item.created">
type ErrorEvent = ServerEventOf<"error">

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

const withRequestId = (params: ResponseParams, requestId: string): ResponseParams => {
  const metadata = params.metadata ?? {}
  if (Object.keys(metadata).length >= MAX_METADATA_PAIRS || REQUEST_METADATA_KEY in metadata) return params
  return { ...params, metadata: { ...metadata, [REQUEST_METADATA_KEY]: requestId } }
}

/**
 * One session over an open connection: decodes and dispatches server events, correlates requests with
 * their replies and responses with their `response.create`, and fails everything that waits when the
 * connection ends.
 *
 * @internal
 */
export const makeSession = (
  connection: Connection,
  timeouts: { readonly openTimeout: Duration.Duration; readonly requestTimeout: Duration.Duration }
): Effect.Effect<Session, RealtimeError, Scope.Scope> =>
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

    const claimCreated = (event: ServerEventOf<"response.created">): ResponseTracker | undefined => {
      const requestId = event.response.metadata?.[REQUEST_METADATA_KEY]
      const index = requestId === undefined
        ? awaitingCreation.findIndex((tracker) => !tracker.tagged)
        : awaitingCreation.findIndex((tracker) => tracker.requestId === requestId)
      if (index < 0) return undefined
      return awaitingCreation.splice(index, 1)[0]
    }

    const routeResponseEvent = (event: ServerEvent) => {
      if (event.type === "response.created") {
        const tracker = claimCreated(event)
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

    const failRequestedResponse = (event: ErrorEvent): boolean => {
      const eventId = event.error.event_id
      if (eventId === undefined || eventId === null) return false
      const index = awaitingCreation.findIndex((tracker) => tracker.requestId === eventId)
      if (index < 0) return false
      const [tracker] = awaitingCreation.splice(index, 1)
      tracker!.fail(serverErrorOf(event))
      return true
    }

    // Frames are handled in a plain loop, a batch at a time: a session receives tens of events per second
    // (hundreds in a burst of deltas), and an effect per frame would cost more than decoding it. Only what
    // must wait (logs, the broadcast to `events` subscribers) is collected as effects.
    let subscribers = 0
    const handle = (text: string, after: Array<Effect.Effect<void>>) => {
      const event = decodeServerEvent(text)
      counters.eventsReceived++
      if (isUnknownServerEvent(event)) {
        if (event.reason === "InvalidEvent") {
          counters.invalidEvents++
          after.push(
            Effect.logDebug("server event failed its schema; passed through as unknown").pipe(
              Effect.annotateLogs({
                type: event.originalType,
                issue: Option.getOrElse(serverEventIssue(text), () => "not JSON")
              })
            )
          )
        } else {
          counters.unknownEvents++
          after.push(
            Effect.logDebug("unknown server event type; passed through").pipe(
              Effect.annotateLogs({ type: event.originalType })
            )
          )
        }
      } else if (event.type === "session.created") {
        Deferred.unsafeDone(sessionCreated, Exit.succeed(event.session))
      } else if (event.type === "error") {
        const consumed = failRequestedResponse(event) || waiters.dispatch(event)
        if (!consumed) {
          Deferred.unsafeDone(sessionCreated, Exit.fail(serverErrorOf(event)))
          after.push(
            Effect.logWarning(`server error: ${event.error.message}`).pipe(
              Effect.annotateLogs({ code: event.error.code ?? "none", type: event.error.type })
            )
          )
        }
      } else {
        routeResponseEvent(event)
        waiters.dispatch(event)
      }
      if (subscribers > 0) after.push(PubSub.publish(pubsub, Take.of(event)))
    }

    const finish = Effect.gen(function*() {
      const exit = yield* Effect.exit(Deferred.await(connection.closed))
      const failure = Exit.isFailure(exit) ? firstFailure(exit.cause) : undefined
      failEverything(failure ?? closedByClient())
      yield* PubSub.publish(pubsub, failure === undefined ? Take.end : Take.fail(failure))
      yield* Deferred.done(ended, failure === undefined ? Exit.void : Exit.fail(failure))
    })

    const dispatcher = Effect.gen(function*() {
      while (true) {
        const frames = yield* connection.takeAll
        const after: Array<Effect.Effect<void>> = []
        let ended = false
        for (const frame of frames) {
          if (frame === null) {
            ended = true
            break
          }
          handle(frame, after)
        }
        if (after.length > 0) yield* Effect.forEach(after, (effect) => effect, { discard: true })
        if (ended) return yield* finish
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

    const encodeFailed = (event: ClientEvent, cause: unknown) =>
      new RealtimeProtocolError({
        reason: "Encode",
        message: `invalid ${event.type} event: ${cause instanceof Error ? cause.message : String(cause)}`,
        disposition: "fatal",
        cause
      })

    const writeEvent = (event: ClientEvent): Effect.Effect<string, RealtimeError> =>
      Effect.suspend((): Effect.Effect<string, RealtimeError> => {
        const eventId = event.event_id ?? ids.next()
        let text: string
        try {
          text = encodeClientEvent({ ...event, event_id: eventId } as ClientEvent)
        } catch (cause) {
          return Effect.fail(encodeFailed(event, cause))
        }
        return Effect.as(connection.send(text), eventId)
      })

    /** Registers the waiter of a request, then sends it; a request that could not be sent waits for nothing. */
    const startRequest = (
      event: ClientEvent,
      match: (event: ServerEvent) => boolean
    ): Effect.Effect<Waiter, RealtimeError> =>
      Effect.suspend(() => {
        const eventId = event.event_id ?? ids.next()
        const waiter: Waiter = {
          eventId,
          match,
          deferred: Deferred.unsafeMake<ServerEvent, RealtimeError>(FiberId.none),
          timeout: {
            millis: Duration.toMillis(timeouts.requestTimeout),
            error: () => replyTimeout(event.type, timeouts.requestTimeout)
          }
        }
        waiters.add(waiter)
        return writeEvent({ ...event, event_id: eventId } as ClientEvent).pipe(
          Effect.as(waiter),
          Effect.onError(() => Effect.sync(() => waiters.forget(waiter)))
        )
      })

    const request = <R extends ServerEvent, A>(
      event: ClientEvent,
      match: (event: ServerEvent) => event is R,
      extract: (reply: R) => A
    ): Effect.Effect<A, RealtimeError> =>
      Effect.flatMap(startRequest(event, match), (waiter) =>
        Deferred.await(waiter.deferred).pipe(
          Effect.map((reply) => extract(reply as R)),
          Effect.ensuring(Effect.sync(() => waiters.forget(waiter)))
        ))

    const isDeletionOf = (itemId: string) => (event: ServerEvent): boolean =>
      event.type === "conversation.item.deleted" && event.item_id === itemId

    // All the requests are sent before any reply is awaited, so they share one round trip without a fiber each.
    const deleteItems = (itemIds: ReadonlyArray<string>): Effect.Effect<void, RealtimeError> =>
      Effect.suspend(() => {
        const started: Array<Waiter> = []
        const awaitAll = Effect.suspend(() => {
          let firstError: RealtimeError | undefined
          return Effect.forEach(started, (waiter) =>
            Effect.catchAll(Deferred.await(waiter.deferred), (error) =>
              Effect.sync(() => {
                firstError ??= error
              })), { discard: true }).pipe(
              Effect.zipRight(Effect.suspend(() => firstError === undefined ? Effect.void : Effect.fail(firstError)))
            )
        })
        return Effect.forEach(itemIds, (itemId) =>
          Effect.map(
            startRequest({ type: "conversation.item.delete", item_id: itemId }, isDeletionOf(itemId)),
            (waiter) =>
              started.push(waiter)
          ), { discard: true }).pipe(
            Effect.zipRight(awaitAll),
            Effect.ensuring(Effect.sync(() =>
              started.forEach((waiter) => waiters.forget(waiter))
            ))
          )
      })

    const events: Stream.Stream<ServerEvent, RealtimeError> = Stream.unwrapScoped(
      Effect.gen(function*() {
        const subscription = yield* PubSub.subscribe(pubsub)
        subscribers++
        yield* Effect.addFinalizer(() => Effect.sync(() => subscribers--))
        const end = yield* Deferred.poll(ended)
        if (Option.isSome(end)) return Stream.drain(Stream.fromEffect(end.value))
        return Stream.fromQueue(subscription).pipe(Stream.flattenTake)
      })
    )

    const responseOf = (tracker: ResponseTracker, response: RealtimeResponse["response"]): RealtimeResponse => ({
      response,
      id: response.id,
      events: Mailbox.toStream(tracker.events),
      takeEvents: Effect.map(
        tracker.events.takeAll,
        ([events, done]) => [Chunk.toReadonlyArray(events), done] as const
      ),
      done: Deferred.await(tracker.done)
    })

    const createResponse = (params: ResponseParams = {}): Effect.Effect<RealtimeResponse, RealtimeError> =>
      Effect.gen(function*() {
        const requestId = ids.next()
        const tagged = withRequestId(params, requestId)
        const tracker = yield* ResponseTracker.make(requestId, tagged !== params)
        const unclaim = () => {
          const index = awaitingCreation.indexOf(tracker)
          if (index >= 0) awaitingCreation.splice(index, 1)
        }
        const send = Effect.suspend(() => {
          awaitingCreation.push(tracker)
          return writeEvent({ type: "response.create", event_id: requestId, response: tagged }).pipe(
            Effect.tapErrorCause((cause) =>
              Effect.sync(() => {
                unclaim()
                const error = firstFailure(cause)
                if (error !== undefined) tracker.fail(error)
              })
            )
          )
        })
        if (params.conversation === "none") {
          // Out of band: nothing to wait for before sending, so no fiber; the creation times out by a timer.
          yield* Effect.ignore(send)
          const timer = armTimer(Duration.toMillis(timeouts.requestTimeout), () => {
            unclaim()
            tracker.fail(replyTimeout("response.create", timeouts.requestTimeout))
          })
          const response = yield* Deferred.await(tracker.created).pipe(
            Effect.ensuring(Effect.sync(() => clearTimeout(timer))),
            Effect.onInterrupt(() => Effect.sync(unclaim))
          )
          return responseOf(tracker, response)
        }
        // On the default conversation, one response at a time: the request waits for the previous one's end.
        const lifecycle = Effect.zipRight(
          Effect.exit(send),
          Deferred.await(tracker.done).pipe(Effect.ignore)
        )
        const fiber = yield* Effect.forkDaemon(sequencer.withPermits(1)(lifecycle))
        const response = yield* Deferred.await(tracker.created).pipe(
          Effect.timeoutFail({
            duration: timeouts.requestTimeout,
            onTimeout: () => replyTimeout("response.create", timeouts.requestTimeout)
          }),
          Effect.tapErrorCause(() => Effect.sync(unclaim).pipe(Effect.zipRight(Fiber.interrupt(fiber)))),
          Effect.onInterrupt(() => Fiber.interrupt(fiber))
        )
        return responseOf(tracker, response)
      })

    const closeSession = Effect.gen(function*() {
      yield* connection.close()
      yield* Deferred.await(ended).pipe(Effect.timeout("3 seconds"), Effect.ignore)
    })
    // Runs before the dispatcher is interrupted and the socket closed, so nothing that waits on this
    // session (requests, responses, subscribers) is left hanging.
    yield* Effect.addFinalizer(() =>
      Effect.sync(() => {
        failEverything(closedByClient())
        pubsub.unsafeOffer(Take.end)
        Deferred.unsafeDone(ended, Exit.void)
      })
    )

    const appendAudio = (audio: Uint8Array, frameBytes?: number): Effect.Effect<void, RealtimeError> =>
      Effect.suspend(() => {
        counters.audioBytesSent += audio.byteLength
        return connection.sendAudio(audio, frameStep(frameBytes ?? audio.byteLength))
      })

    return {
      session,
      send: writeEvent,
      events,
      ended: Deferred.await(ended),
      updateSession: (config) =>
        request(
          { type: "session.update", session: config },
          isType("session.updated"),
          (reply): SessionUpdated["session"] => reply.session
        ),
      appendAudio,
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
          (event): event is ServerEventOf<"conversation.item.deleted"> => isDeletionOf(itemId)(event),
          () => undefined
        ),
      deleteItems,
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
    } satisfies Session
  })

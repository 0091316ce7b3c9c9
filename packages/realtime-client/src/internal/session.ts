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
  options: {
    readonly openTimeout: Duration.Duration
    readonly requestTimeout: Duration.Duration
    /** Reading from the socket pauses while this many received events wait for their effects (logs, subscribers). */
    readonly inboundHighWaterMark: number
  }
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

    // Frames are handled as they arrive, in the socket's callback: decoded, and routed to the requests and
    // responses that wait for them, without an effect (a session receives tens of events per second, hundreds
    // in a burst of deltas). Only what must wait (logs, the broadcast to `events` subscribers, the end) is
    // queued, for one fiber; reading from the socket pauses while `inboundHighWaterMark` of those wait.
    const queued: Array<Effect.Effect<void>> = []
    let queueWoken: Deferred.Deferred<void> | undefined
    let readingPaused = false
    const later = (effect: Effect.Effect<void>) => {
      queued.push(effect)
      if (queueWoken !== undefined) {
        Deferred.unsafeDone(queueWoken, Exit.void)
        queueWoken = undefined
      }
      if (!readingPaused && queued.length >= options.inboundHighWaterMark) {
        readingPaused = true
        connection.pause()
      }
    }

    let subscribers = 0
    const handle = (text: string) => {
      const event = decodeServerEvent(text)
      counters.eventsReceived++
      if (isUnknownServerEvent(event)) {
        if (event.reason === "InvalidEvent") {
          counters.invalidEvents++
          later(
            Effect.logDebug("server event failed its schema; passed through as unknown").pipe(
              Effect.annotateLogs({
                type: event.originalType,
                issue: Option.getOrElse(serverEventIssue(text), () => "not JSON")
              })
            )
          )
        } else {
          counters.unknownEvents++
          later(
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
          later(
            Effect.logWarning(`server error: ${event.error.message}`).pipe(
              Effect.annotateLogs({ code: event.error.code ?? "none", type: event.error.type })
            )
          )
        }
      } else {
        routeResponseEvent(event)
        waiters.dispatch(event)
      }
      if (subscribers > 0) later(PubSub.publish(pubsub, Take.of(event)))
    }

    const finish = Effect.gen(function*() {
      const exit = yield* Effect.exit(Deferred.await(connection.closed))
      const failure = Exit.isFailure(exit) ? firstFailure(exit.cause) : undefined
      failEverything(failure ?? closedByClient())
      yield* PubSub.publish(pubsub, failure === undefined ? Take.end : Take.fail(failure))
      yield* Deferred.done(ended, failure === undefined ? Exit.void : Exit.fail(failure))
    })

    /** Runs what `handle` queued, in order, until the connection's end has run. */
    const runQueued: Effect.Effect<void> = Effect.suspend(() => {
      if (queued.length === 0) {
        queueWoken ??= Deferred.unsafeMake<void>(FiberId.none)
        return Effect.zipRight(Deferred.await(queueWoken), runQueued)
      }
      const effects = queued.splice(0)
      const last = effects.at(-1)
      return Effect.zipRight(
        Effect.forEach(effects, (effect) => effect, { discard: true }),
        Effect.suspend(() => {
          if (readingPaused && queued.length < options.inboundHighWaterMark) {
            readingPaused = false
            connection.resume()
          }
          return last === finish ? Effect.void : runQueued
        })
      )
    })
    yield* Effect.forkScoped(runQueued)
    connection.receive((frame) => frame === null ? later(finish) : handle(frame))

    const session = yield* Deferred.await(sessionCreated).pipe(
      Effect.timeoutFail({
        duration: options.openTimeout,
        onTimeout: () =>
          new RealtimeConnectionError({
            reason: "OpenTimeout",
            message: `no session.created within ${Duration.format(options.openTimeout)}`,
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

    /** The text of `event`, Schema-encoded, or why it could not be. */
    const encodeEvent = (event: ClientEvent): string | RealtimeProtocolError => {
      try {
        return encodeClientEvent(event)
      } catch (cause) {
        return encodeFailed(event, cause)
      }
    }

    const writeEvent = (event: ClientEvent): Effect.Effect<string, RealtimeError> =>
      Effect.suspend((): Effect.Effect<string, RealtimeError> => {
        const eventId = event.event_id ?? ids.next()
        const text = encodeEvent({ ...event, event_id: eventId } as ClientEvent)
        return typeof text === "string" ? Effect.as(connection.send(text), eventId) : Effect.fail(text)
      })

    /**
     * Sends requests and waits for their replies: each request's waiter is registered before the request is
     * written, every request is in flight at once, and the effect succeeds with `onReplies` of the replies (in
     * the requests' order) once every one came, or fails with the first failure once every request is settled.
     * Interrupted, it forgets its waiters. One `Effect.async` for the whole exchange, settled by the waiters'
     * callbacks: a Deferred per request, its await and the cleanup around them cost tens of effects, and a
     * session makes a request or two every second (commits, deletions).
     */
    const exchange = <A>(
      requests: ReadonlyArray<{ readonly event: ClientEvent; readonly match: (event: ServerEvent) => boolean }>,
      onReplies: (replies: ReadonlyArray<ServerEvent>) => A
    ): Effect.Effect<A, RealtimeError> =>
      requests.length === 0 ? Effect.sync(() => onReplies([])) : Effect.async<A, RealtimeError>((resume) => {
        const replies = new Array<ServerEvent>(requests.length)
        const started: Array<Waiter> = []
        let pending = requests.length
        let failure: Effect.Effect<never, RealtimeError> | undefined
        const settled = () => {
          if (--pending === 0) resume(failure ?? Effect.sync(() => onReplies(replies)))
        }
        for (let index = 0; index < requests.length; index++) {
          const { event, match } = requests[index]!
          const eventId = event.event_id ?? ids.next()
          const text = encodeEvent({ ...event, event_id: eventId } as ClientEvent)
          if (typeof text !== "string") {
            failure ??= Effect.fail(text)
            settled()
            continue
          }
          const waiter: Waiter = {
            eventId,
            match,
            settle: (exit) => {
              if (Exit.isSuccess(exit)) replies[index] = exit.value
              else failure ??= Effect.failCause(exit.cause)
              settled()
            },
            timeout: {
              millis: Duration.toMillis(options.requestTimeout),
              error: () => replyTimeout(event.type, options.requestTimeout)
            }
          }
          waiters.add(waiter)
          const failed = connection.trySend(text)
          if (failed === undefined) {
            started.push(waiter)
            continue
          }
          waiters.forget(waiter)
          failure ??= failed === "closed" ? connection.closedError : Effect.fail(failed)
          settled()
        }
        return Effect.sync(() => started.forEach((waiter) => waiters.forget(waiter)))
      })

    const request = <R extends ServerEvent, A>(
      event: ClientEvent,
      match: (event: ServerEvent) => event is R,
      extract: (reply: R) => A
    ): Effect.Effect<A, RealtimeError> => exchange([{ event, match }], ([reply]) => extract(reply as R))

    const isDeletionOf = (itemId: string) => (event: ServerEvent): boolean =>
      event.type === "conversation.item.deleted" && event.item_id === itemId

    const deleteItems = (itemIds: ReadonlyArray<string>): Effect.Effect<void, RealtimeError> =>
      exchange(
        itemIds.map((itemId) => ({
          event: { type: "conversation.item.delete", item_id: itemId } as const,
          match: isDeletionOf(itemId)
        })),
        () => undefined
      )

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
          const timer = armTimer(Duration.toMillis(options.requestTimeout), () => {
            unclaim()
            tracker.fail(replyTimeout("response.create", options.requestTimeout))
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
            duration: options.requestTimeout,
            onTimeout: () => replyTimeout("response.create", options.requestTimeout)
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
    // Runs before the fiber of queued effects is interrupted and the socket closed, so nothing that waits on this
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

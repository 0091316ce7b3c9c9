import { assert, describe, it } from "@effect/vitest"
import { Cause, Deferred, Effect, Exit, Option } from "effect"
import { type Waiter, Waiters } from "../src/internal/waiters.js"
import { type RealtimeError, RealtimeProtocolError } from "../src/RealtimeError.js"
import type { ServerEvent } from "../src/ServerEvent.js"

const timedOut = () =>
  new RealtimeProtocolError({ reason: "ReplyTimeout", message: "no reply", disposition: "retryable" })

/** A waiter, and the Deferred its settlement completes. */
const waiterFor = (eventId: string, itemId: string, millis: number) =>
  Effect.map(Deferred.make<ServerEvent, RealtimeError>(), (deferred) => {
    const waiter: Waiter = {
      eventId,
      match: (event) => event.type === "conversation.item.deleted" && event.item_id === itemId,
      settle: (exit) => Deferred.unsafeDone(deferred, exit),
      timeout: { millis, error: timedOut }
    }
    return { waiter, deferred }
  })

const activeTimers = () => process.getActiveResourcesInfo().filter((resource) => resource === "Timeout").length

const deleted = (itemId: string) =>
  ({ type: "conversation.item.deleted", event_id: "event_9", item_id: itemId }) as ServerEvent

describe("Waiters", () => {
  it.live("a request with no reply fails with its timeout error once its time has passed, and is forgotten", () =>
    Effect.gen(function*() {
      const waiters = new Waiters()
      const { deferred, waiter } = yield* waiterFor("evt_1", "item_1", 30)
      waiters.add(waiter)
      const exit = yield* Effect.exit(Deferred.await(deferred))
      assert.isTrue(Exit.isFailure(exit))
      if (Exit.isFailure(exit)) {
        assert.deepStrictEqual(
          Option.map(Cause.failureOption(exit.cause), (error) => error.reason),
          Option.some("ReplyTimeout")
        )
      }
      assert.strictEqual(waiters.size, 0)
      assert.isFalse(waiters.dispatch(deleted("item_1")))
    }))

  it.live("a reply in time completes the request, and its timer is disarmed", () =>
    Effect.gen(function*() {
      const waiters = new Waiters()
      const { deferred, waiter } = yield* waiterFor("evt_1", "item_1", 60_000)
      const before = activeTimers()
      waiters.add(waiter)
      assert.strictEqual(activeTimers(), before + 1)
      assert.isTrue(waiters.dispatch(deleted("item_1")))
      assert.deepStrictEqual(yield* Deferred.await(deferred), deleted("item_1"))
      assert.strictEqual(activeTimers(), before)
      assert.strictEqual(waiters.size, 0)
    }))

  it.live("an infinite timeout arms no timer", () =>
    Effect.gen(function*() {
      const waiters = new Waiters()
      const { deferred, waiter } = yield* waiterFor("evt_1", "item_1", Number.POSITIVE_INFINITY)
      const before = activeTimers()
      waiters.add(waiter)
      assert.strictEqual(activeTimers(), before)
      yield* Effect.sleep("20 millis")
      assert.isFalse(yield* Deferred.isDone(deferred))
      waiters.forget(waiter)
      assert.strictEqual(waiters.size, 0)
    }))
})

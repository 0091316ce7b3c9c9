import { assert, describe, it } from "@effect/vitest"
import { Effect, Fiber, Option } from "effect"
import { Signal, waitFor } from "../../src/internal/signal.js"

describe("the run's wake-up signal", () => {
  it.effect("next taken before a notify completes, even when awaited after it", () =>
    Effect.gen(function*() {
      const signal = new Signal()
      const next = signal.next
      signal.notify()
      yield* next
    }))

  it.effect("next taken after a notify waits for the one after; one notify wakes every waiter", () =>
    Effect.gen(function*() {
      const signal = new Signal()
      signal.notify()
      const first = yield* Effect.fork(signal.next)
      const second = yield* Effect.fork(signal.next)
      yield* Effect.yieldNow()
      assert.isTrue(Option.isNone(yield* Fiber.poll(first)))
      assert.isTrue(Option.isNone(yield* Fiber.poll(second)))
      signal.notify()
      yield* Fiber.join(first)
      yield* Fiber.join(second)
    }))

  it.effect("an interrupted waiter does not keep the next waiter from being woken", () =>
    Effect.gen(function*() {
      const signal = new Signal()
      const interrupted = yield* Effect.fork(signal.next)
      yield* Effect.yieldNow()
      yield* Fiber.interrupt(interrupted)
      const waiter = yield* Effect.fork(signal.next)
      yield* Effect.yieldNow()
      signal.notify()
      yield* Fiber.join(waiter)
    }))

  it.effect("waitFor looks again at every notify until the state is ready", () =>
    Effect.gen(function*() {
      const signal = new Signal()
      let value: number | undefined = undefined
      const waiting = yield* Effect.fork(waitFor(signal, () => value))
      yield* Effect.yieldNow()
      signal.notify()
      yield* Effect.yieldNow()
      assert.isTrue(Option.isNone(yield* Fiber.poll(waiting)))
      value = 7
      signal.notify()
      assert.strictEqual(yield* Fiber.join(waiting), 7)
    }))
})

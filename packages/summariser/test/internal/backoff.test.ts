import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { makeBackoff } from "../../src/internal/backoff.js"

describe("the reconnect backoff", () => {
  it.effect("exponential from 0.5 s with jitter, capped near 10 s, no limit; reset starts again", () =>
    Effect.gen(function*() {
      const backoff = yield* makeBackoff()
      const delays: Array<number> = []
      for (let i = 0; i < 12; i++) delays.push((yield* backoff.next).delay)
      assert.isAtLeast(delays[0]!, 400)
      assert.isAtMost(delays[0]!, 600)
      assert.isAtLeast(delays[3]!, 3_200)
      assert.isAtMost(delays[3]!, 4_800)
      assert.isTrue(delays.slice(6).every((delay) => delay >= 8_000 && delay <= 12_000))
      backoff.reset()
      const again = yield* backoff.next
      assert.strictEqual(again.attempt, 1)
      assert.isAtMost(again.delay, 600)
    }))
})

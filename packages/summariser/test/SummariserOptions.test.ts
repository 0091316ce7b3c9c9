import { assert, describe, it } from "@effect/vitest"
import { defaultOptions, plan } from "@pkg/summariser/SummariserOptions"
import { Effect } from "effect"

describe("SummariserOptions.plan", () => {
  it.effect("the defaults are the reference numbers: 960-byte frames, commits every 144,000, summaries every 720,000", () =>
    Effect.gen(function*() {
      assert.deepStrictEqual(yield* plan(defaultOptions), {
        frameBytes: 960,
        commitBytes: 144_000,
        summaryBytes: 720_000
      })
    }))

  it.effect("decimal intervals count whole 16-bit samples", () =>
    Effect.gen(function*() {
      const result = yield* plan({
        ...defaultOptions,
        commitIntervalSeconds: 0.1,
        summaryIntervalSeconds: 7.5,
        batchMillis: 9
      })
      assert.deepStrictEqual(result, { frameBytes: 432, commitBytes: 4_800, summaryBytes: 360_000 })
    }))

  it.effect("refuses what cannot work, with a message that names the flag", () =>
    Effect.gen(function*() {
      const message = (options: Partial<typeof defaultOptions>) =>
        Effect.map(Effect.flip(plan({ ...defaultOptions, ...options })), (error) => error.message)
      assert.include(yield* message({ summaryIntervalSeconds: 0 }), "--summary-interval must be a positive number")
      assert.include(
        yield* message({ summaryIntervalSeconds: Number.NaN }),
        "--summary-interval must be a positive number"
      )
      assert.include(yield* message({ commitIntervalSeconds: -1 }), "--commit-interval must be a positive number")
      assert.include(yield* message({ commitIntervalSeconds: 0.05 }), "at least 0.1 s")
      assert.include(yield* message({ commitIntervalSeconds: 20 }), "must not be above --summary-interval")
      assert.include(yield* message({ batchMillis: 0 }), "--batch-ms must be a positive number")
      assert.include(yield* message({ batchMillis: 0.01 }), "--batch-ms:")
      assert.include(yield* message({ batchMillis: 5_000 }), "--batch-ms (5000 ms) must not be above --commit-interval")
    }))
})

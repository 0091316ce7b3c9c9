import { assert, describe, it } from "@effect/vitest"
import { defaultOptions, languageName, plan } from "@pkg/summariser/SummariserOptions"
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

  it.effect("refuses what cannot work, with a message and an option field that name the option", () =>
    Effect.gen(function*() {
      const refusal = (options: Partial<typeof defaultOptions>) => Effect.flip(plan({ ...defaultOptions, ...options }))
      const message = (options: Partial<typeof defaultOptions>) =>
        Effect.map(refusal(options), (error) => error.message)
      assert.include(yield* message({ summaryIntervalSeconds: 0 }), "summaryIntervalSeconds must be a positive number")
      assert.strictEqual((yield* refusal({ summaryIntervalSeconds: 0 })).option, "summaryIntervalSeconds")
      assert.include(
        yield* message({ summaryIntervalSeconds: Number.NaN }),
        "summaryIntervalSeconds must be a positive number"
      )
      assert.include(yield* message({ commitIntervalSeconds: -1 }), "commitIntervalSeconds must be a positive number")
      assert.include(yield* message({ commitIntervalSeconds: 0.05 }), "at least 0.1 s")
      assert.include(yield* message({ commitIntervalSeconds: 20 }), "must not be above summaryIntervalSeconds")
      assert.include(yield* message({ batchMillis: 0 }), "batchMillis must be a positive number")
      assert.include(yield* message({ batchMillis: 0.01 }), "batchMillis:")
      assert.include(
        yield* message({ batchMillis: 5_000 }),
        "batchMillis (5000 ms) must not be above commitIntervalSeconds"
      )
      assert.include(yield* message({ budgetUsd: 0 }), "budgetUsd must be a positive number")
      assert.include(yield* message({ budgetUsd: -2 }), "budgetUsd must be a positive number")
      assert.strictEqual((yield* refusal({ language: "xx" })).option, "language")
      assert.include(yield* message({ language: "english" }), "ISO 639 language code")
      assert.include(
        yield* message({ reasoningEffort: "extreme" as never }),
        "reasoningEffort must be one of minimal, low, medium, high, xhigh"
      )
      assert.include(yield* message({ sessionMaxMinutes: 0 }), "sessionMaxMinutes must be a positive number")
      assert.include(yield* message({ maxBufferedBytes: 1000 }), "must hold at least one summary window")
    }))

  it.effect("accepts language codes with a region, and names them", () =>
    Effect.gen(function*() {
      yield* plan({ ...defaultOptions, language: "pt-BR", budgetUsd: 0.5, reasoningEffort: "low" })
      assert.strictEqual(languageName("fr"), "French")
      assert.strictEqual(languageName("pt-BR"), "Brazilian Portuguese")
      assert.isUndefined(languageName("zz"))
    }))
})

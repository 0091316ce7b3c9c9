import { assert, describe, it } from "@effect/vitest"
import * as Pricing from "@pkg/realtime-client/Pricing"
import { Effect, Option } from "effect"

const usage = {
  input_tokens: 1_000_000 + 100_000,
  output_tokens: 50_000,
  input_token_details: {
    text_tokens: 100_000,
    audio_tokens: 1_000_000,
    cached_tokens: 20_000,
    cached_tokens_details: { text_tokens: 20_000, audio_tokens: 0 }
  },
  output_token_details: { text_tokens: 50_000, audio_tokens: 0 }
}

describe("Pricing", () => {
  it.effect("prices each part of the usage at its rate (gpt-realtime-2.1-mini)", () =>
    Effect.sync(() => {
      // 80k text × 0.60 + 20k cached text × 0.06 + 1M audio × 10 + 50k output × 2.40, per 1M
      const expected = (80_000 * 0.6 + 20_000 * 0.06 + 1_000_000 * 10 + 50_000 * 2.4) / 1_000_000
      assert.closeTo(Pricing.costOf("gpt-realtime-2.1-mini", usage)!, expected, 1e-12)
    }))

  it.effect("the families of the table, and dated snapshots priced as their family", () =>
    Effect.sync(() => {
      const outputOnly = { output_tokens: 1_000_000, output_token_details: { text_tokens: 1_000_000 } }
      assert.strictEqual(Pricing.costOf("gpt-realtime-2.1", outputOnly), 24)
      assert.strictEqual(Pricing.costOf("gpt-realtime-2", outputOnly), 24)
      assert.strictEqual(Pricing.costOf("gpt-realtime-2.1-mini-2026-09-30", outputOnly), 2.4)
      assert.strictEqual(Pricing.costOf("gpt-realtime-1.5", outputOnly), 16)
      assert.strictEqual(Pricing.costOf("gpt-realtime-2025-08-28", outputOnly), 16)
    }))

  it.effect("a model not in the table has no price, never a wrong one", () =>
    Effect.sync(() => {
      assert.isUndefined(Pricing.costOf("gpt-realtime-mini", usage))
      assert.isUndefined(Pricing.costOf("my-azure-deployment", usage))
      assert.isTrue(Option.isNone(Pricing.pricesOf("gpt-realtime-2.1-mini-preview")))
      assert.isTrue(Option.isNone(Pricing.pricesOf("toString")))
    }))

  it.effect("without a breakdown the cost errs high: input as audio, output as text", () =>
    Effect.sync(() => {
      const bare = { input_tokens: 1_000_000, output_tokens: 1_000_000 }
      assert.strictEqual(Pricing.costOf("gpt-realtime-2.1-mini", bare), 10 + 2.4)
    }))
})

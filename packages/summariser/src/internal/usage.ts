import * as Pricing from "@pkg/realtime-client/Pricing"
import type { ResponseUsage } from "@pkg/realtime-client/Usage"
import type { SummaryUsage } from "../SummaryEvent.js"

/**
 * A response's usage with the breakdown the service sent (zero where it sent none).
 *
 * @internal
 */
export const summaryUsage = (usage: ResponseUsage): SummaryUsage => ({
  inputTokens: usage.input_tokens ?? 0,
  outputTokens: usage.output_tokens ?? 0,
  inputTextTokens: usage.input_token_details?.text_tokens ?? 0,
  inputAudioTokens: usage.input_token_details?.audio_tokens ?? 0,
  cachedTokens: usage.input_token_details?.cached_tokens ?? 0,
  cachedTextTokens: usage.input_token_details?.cached_tokens_details?.text_tokens ?? 0,
  cachedAudioTokens: usage.input_token_details?.cached_tokens_details?.audio_tokens ?? 0,
  outputTextTokens: usage.output_token_details?.text_tokens ?? 0,
  outputAudioTokens: usage.output_token_details?.audio_tokens ?? 0
})

/**
 * The cost of a response in US dollars, `null` when the model has no price.
 *
 * @internal
 */
export const summaryCost = (model: string, usage: ResponseUsage | null | undefined): number | null => {
  if (usage === null || usage === undefined) return Pricing.pricesOf(model)._tag === "Some" ? 0 : null
  return Pricing.costOf(model, usage) ?? null
}

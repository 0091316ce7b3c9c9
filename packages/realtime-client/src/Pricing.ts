/**
 * List prices of the Realtime models and the cost of a response's usage, in US dollars. One table, per
 * 1M tokens; a dated snapshot (`gpt-realtime-2.1-mini-2026-09-30`) is priced as its family. A model that is
 * not in the table has no price: its cost is `undefined`, never a guess.
 *
 * @since 0.1.0
 */
import * as Option from "effect/Option"
import type { ResponseUsage } from "./Usage.js"

/**
 * US dollars per 1M tokens.
 *
 * @since 0.1.0
 * @category models
 */
export interface Prices {
  readonly textInput: number
  readonly textCachedInput: number
  readonly textOutput: number
  readonly audioInput: number
  readonly audioCachedInput: number
  readonly audioOutput: number
}

const realtime2: Prices = {
  textInput: 4,
  textCachedInput: 0.4,
  textOutput: 24,
  audioInput: 32,
  audioCachedInput: 0.4,
  audioOutput: 64
}

const realtime2Mini: Prices = {
  textInput: 0.6,
  textCachedInput: 0.06,
  textOutput: 2.4,
  audioInput: 10,
  audioCachedInput: 0.3,
  audioOutput: 20
}

const realtime1: Prices = {
  textInput: 4,
  textCachedInput: 0.4,
  textOutput: 16,
  audioInput: 32,
  audioCachedInput: 0.4,
  audioOutput: 64
}

/**
 * The price table, by model family (developers.openai.com model pages, late 2026).
 *
 * @since 0.1.0
 * @category constants
 */
export const PRICES: Readonly<Record<string, Prices>> = {
  "gpt-realtime-2.1": realtime2,
  "gpt-realtime-2": realtime2,
  "gpt-realtime-2.1-mini": realtime2Mini,
  "gpt-realtime-1.5": realtime1,
  "gpt-realtime": realtime1
}

const snapshot = /^(.+)-\d{4}-\d{2}-\d{2}$/

/**
 * The family a model id is priced as: the id itself, or the id without its `-YYYY-MM-DD` snapshot date.
 *
 * @since 0.1.0
 * @category pricing
 */
export const familyOf = (model: string): string => snapshot.exec(model)?.[1] ?? model

/**
 * The prices of a model, if the table knows its family.
 *
 * @since 0.1.0
 * @category pricing
 */
export const pricesOf = (model: string): Option.Option<Prices> =>
  Option.fromNullable(Object.hasOwn(PRICES, familyOf(model)) ? PRICES[familyOf(model)] : undefined)

/**
 * The cost of one response's usage in US dollars, or `undefined` when the model has no price.
 *
 * Cached tokens are a subset of the input tokens of their modality. When the service leaves out a breakdown,
 * the cost errs high: input without a text/audio split is priced as audio, cached tokens without a split are
 * counted against audio first, output without a split is priced as text.
 *
 * @since 0.1.0
 * @category pricing
 */
export const costOf = (model: string, usage: ResponseUsage): number | undefined =>
  Option.getOrUndefined(Option.map(pricesOf(model), (prices) => costAt(prices, usage)))

/**
 * The cost of one response's usage at the given prices, in US dollars.
 *
 * @since 0.1.0
 * @category pricing
 */
export const costAt = (prices: Prices, usage: ResponseUsage): number => {
  const input = usage.input_tokens ?? 0
  const details = usage.input_token_details
  const text = details?.text_tokens ?? 0
  const audio = details?.audio_tokens ?? (details?.text_tokens === undefined ? input : input - text)
  const cached = details?.cached_tokens ?? 0
  const cachedAudio = Math.min(audio, details?.cached_tokens_details?.audio_tokens ?? cached)
  const cachedText = Math.min(text, details?.cached_tokens_details?.text_tokens ?? cached - cachedAudio)
  const output = usage.output_tokens ?? 0
  const outputAudio = usage.output_token_details?.audio_tokens ?? 0
  const outputText = usage.output_token_details?.text_tokens ?? output - outputAudio
  const dollars = (text - cachedText) * prices.textInput +
    cachedText * prices.textCachedInput +
    (audio - cachedAudio) * prices.audioInput +
    cachedAudio * prices.audioCachedInput +
    outputText * prices.textOutput +
    outputAudio * prices.audioOutput
  return dollars / 1_000_000
}

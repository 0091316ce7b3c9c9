import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import { textTokens } from "./audio.js"
import type { Conversation, StoredItem } from "./conversation.js"
import type { RecordUsage, Send } from "./send.js"

/**
 * Everything a response will send, fixed when `response.create` is accepted.
 *
 * @internal
 */
export interface ResponsePlan {
  readonly id: string
  readonly itemId: string
  /** The default conversation, when the response writes to it (`conversation: "auto"`). */
  readonly conversation: Conversation | undefined
  readonly conversationId: string | null
  readonly modality: "text" | "audio"
  readonly metadata: Readonly<Record<string, string>> | null
  readonly maxOutputTokens: unknown
  readonly chunks: ReadonlyArray<string>
  readonly inputTextTokens: number
  readonly inputAudioTokens: number
  readonly responseDelay: Duration.Duration
  readonly deltaDelay: Duration.Duration
}

/**
 * How far a response got: the cancellation of a response sends what completes it from there.
 *
 * @internal
 */
export interface Progress {
  created: boolean
  itemAdded: boolean
  partAdded: boolean
  partDone: boolean
  sent: string
}

/** @internal */
export const initialProgress = (): Progress => ({
  created: false,
  itemAdded: false,
  partAdded: false,
  partDone: false,
  sent: ""
})

/** Cuts `text` in pieces of `size` code points (at least one). @internal */
export const chunk = (text: string, size: number): ReadonlyArray<string> => {
  const points = Array.from(text)
  const step = Math.max(1, Math.floor(size))
  const chunks: Array<string> = []
  for (let i = 0; i < points.length; i += step) chunks.push(points.slice(i, i + step).join(""))
  return chunks
}

const usageOf = (plan: ResponsePlan, outputText: string) => {
  const output = textTokens(outputText)
  const input = plan.inputTextTokens + plan.inputAudioTokens
  return {
    total_tokens: input + output,
    input_tokens: input,
    output_tokens: output,
    input_token_details: {
      text_tokens: plan.inputTextTokens,
      audio_tokens: plan.inputAudioTokens,
      image_tokens: 0,
      cached_tokens: 0,
      cached_tokens_details: { text_tokens: 0, audio_tokens: 0, image_tokens: 0 }
    },
    output_token_details: { text_tokens: output, audio_tokens: 0 }
  }
}

const TOKENS_PER_MINUTE = 40_000
const REQUESTS_PER_MINUTE = 5_000

const rateLimits = (plan: ResponsePlan) => {
  const reserved = plan.inputTextTokens + plan.inputAudioTokens + textTokens(plan.chunks.join(""))
  const remaining = Math.max(0, TOKENS_PER_MINUTE - reserved)
  return [
    { name: "requests", limit: REQUESTS_PER_MINUTE, remaining: REQUESTS_PER_MINUTE - 1, reset_seconds: 0.012 },
    {
      name: "tokens",
      limit: TOKENS_PER_MINUTE,
      remaining,
      reset_seconds: Math.round(((TOKENS_PER_MINUTE - remaining) / TOKENS_PER_MINUTE) * 60_000) / 1000
    }
  ]
}

const responseObject = (
  plan: ResponsePlan,
  status: string,
  statusDetails: unknown,
  output: ReadonlyArray<unknown>,
  usage: unknown
) => ({
  object: "realtime.response",
  id: plan.id,
  status,
  status_details: statusDetails,
  output,
  conversation_id: plan.conversationId,
  output_modalities: [plan.modality],
  max_output_tokens: plan.maxOutputTokens,
  audio: { output: { format: { type: "audio/pcm", rate: 24000 }, voice: "alloy" } },
  usage,
  metadata: plan.metadata
})

const part = (plan: ResponsePlan, text: string) =>
  plan.modality === "text" ? { type: "text", text } : { type: "audio", transcript: text }

const content = (plan: ResponsePlan, text: string) =>
  plan.modality === "text" ? { type: "output_text", text } : { type: "output_audio", transcript: text }

const assistantItem = (plan: ResponsePlan, status: string, text: string | undefined) => ({
  id: plan.itemId,
  type: "message",
  object: "realtime.item",
  status,
  role: "assistant",
  content: text === undefined ? [] : [content(plan, text)]
})

const stored = (plan: ResponsePlan, wire: Record<string, unknown>, text: string): StoredItem => ({
  id: plan.itemId,
  wire,
  audioBytes: 0,
  textTokens: textTokens(text)
})

/**
 * Sends `response.created` and `rate_limits.updated`. Called by the connection right away when there is no
 * response delay, so that `response.created` precedes the answers to later client events.
 *
 * @internal
 */
export const announce = (plan: ResponsePlan, progress: Progress, send: Send) =>
  Effect.gen(function*() {
    yield* send({ type: "response.created", response: responseObject(plan, "in_progress", null, [], null) })
    progress.created = true
    yield* send({ type: "rate_limits.updated", rate_limits: rateLimits(plan) })
  })

/** Sends the text (or transcript) done and `response.content_part.done` of the part, with what was sent. */
const closePart = (plan: ResponsePlan, progress: Progress, send: Send) =>
  Effect.gen(function*() {
    const ids = { response_id: plan.id, item_id: plan.itemId, output_index: 0, content_index: 0 }
    const text = progress.sent
    if (plan.modality === "text") {
      yield* send({ type: "response.output_text.done", ...ids, text })
    } else {
      yield* send({ type: "response.output_audio.done", ...ids })
      yield* send({ type: "response.output_audio_transcript.done", ...ids, transcript: text })
    }
    yield* send({ type: "response.content_part.done", ...ids, part: part(plan, text) })
    progress.partDone = true
  })

const finish = (
  plan: ResponsePlan,
  progress: Progress,
  outcome: { readonly status: "completed" | "cancelled"; readonly details: unknown },
  send: Send,
  recordUsage: RecordUsage
) =>
  Effect.gen(function*() {
    const output: Array<unknown> = []
    if (progress.itemAdded) {
      const text = progress.partAdded ? progress.sent : undefined
      const item = assistantItem(plan, outcome.status === "completed" ? "completed" : "incomplete", text)
      yield* send({ type: "response.output_item.done", response_id: plan.id, output_index: 0, item })
      if (plan.conversation !== undefined) {
        plan.conversation.replace(stored(plan, item, text ?? ""))
        yield* send({
          type: "conversation.item.done",
          previous_item_id: plan.conversation.previousOf(plan.itemId),
          item
        })
      }
      output.push(item)
    }
    const usage = usageOf(plan, progress.sent)
    yield* recordUsage({
      inputTokens: usage.input_tokens,
      inputTextTokens: usage.input_token_details.text_tokens,
      inputAudioTokens: usage.input_token_details.audio_tokens,
      outputTokens: usage.output_tokens,
      outputTextTokens: usage.output_token_details.text_tokens,
      totalTokens: usage.total_tokens
    })
    yield* send({
      type: "response.done",
      response: responseObject(plan, outcome.status, outcome.details, output, usage)
    })
  })

/**
 * Streams a response: `response.created` → `rate_limits.updated` → `response.output_item.added` →
 * (`conversation.item.added`) → `response.content_part.added` → deltas → text done → `response.content_part.done`
 * → `response.output_item.done` → (`conversation.item.done`) → `response.done`. The conversation events only
 * for a default-conversation response. Interruptible only while waiting, so `progress` always tells what was
 * sent.
 *
 * @internal
 */
export const stream = (plan: ResponsePlan, progress: Progress, send: Send, recordUsage: RecordUsage) =>
  Effect.uninterruptibleMask((restore) =>
    Effect.gen(function*() {
      const pause = (delay: Duration.Duration) => Duration.isZero(delay) ? Effect.void : restore(Effect.sleep(delay))
      const ids = { response_id: plan.id, item_id: plan.itemId, output_index: 0, content_index: 0 }
      const deltaType = plan.modality === "text"
        ? "response.output_text.delta"
        : "response.output_audio_transcript.delta"

      if (!progress.created) {
        yield* pause(plan.responseDelay)
        yield* announce(plan, progress, send)
      }

      const item = assistantItem(plan, "in_progress", undefined)
      yield* send({ type: "response.output_item.added", response_id: plan.id, output_index: 0, item })
      if (plan.conversation !== undefined) {
        const previous = plan.conversation.append(stored(plan, item, ""))
        yield* send({ type: "conversation.item.added", previous_item_id: previous, item })
      }
      progress.itemAdded = true
      yield* send({ type: "response.content_part.added", ...ids, part: part(plan, "") })
      progress.partAdded = true

      for (const [index, delta] of plan.chunks.entries()) {
        if (index > 0) yield* pause(plan.deltaDelay)
        yield* send({ type: deltaType, ...ids, delta })
        progress.sent += delta
      }

      yield* closePart(plan, progress, send)
      yield* finish(plan, progress, { status: "completed", details: null }, send, recordUsage)
    })
  )

/**
 * Completes an interrupted response as cancelled by the client: `response.created` if it was not sent yet,
 * the text done and `response.content_part.done` of a part already started (with the text sent so far), the
 * incomplete output item, then `response.done` with `status: "cancelled"`.
 *
 * @internal
 */
export const cancelled = (plan: ResponsePlan, progress: Progress, send: Send, recordUsage: RecordUsage) =>
  Effect.gen(function*() {
    if (!progress.created) yield* announce(plan, progress, send)
    if (progress.partAdded && !progress.partDone) yield* closePart(plan, progress, send)
    yield* finish(
      plan,
      progress,
      { status: "cancelled", details: { type: "cancelled", reason: "client_cancelled" } },
      send,
      recordUsage
    )
  })

import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as FiberMap from "effect/FiberMap"
import type { SummaryRequest } from "../Behaviour.js"
import { textTokens } from "./audio.js"
import type { ClientEvent, Item } from "./clientEvents.js"
import type { ConnectionState } from "./connectionState.js"
import { activeDefault } from "./connectionState.js"
import type { StoredItem } from "./conversation.js"
import { fromClientItem, weigh } from "./conversation.js"
import type { EventRejected } from "./eventRejected.js"
import { invalidRequest } from "./eventRejected.js"
import * as Response from "./response.js"
import * as Session from "./session.js"

type Event<T extends ClientEvent["type"]> = Extract<ClientEvent, { readonly type: T }>

type InputEntry = NonNullable<NonNullable<Event<"response.create">["response"]>["input"]>[number]

const isReference = (entry: InputEntry): entry is { readonly type: "item_reference"; readonly id: string } =>
  entry.type === "item_reference"

/** The id a client gave an item, else a new `item_<n>`. @internal */
export const itemId = (state: ConnectionState, item: Item): Effect.Effect<string> =>
  item.id !== undefined ? Effect.succeed(item.id) : state.server.nextId("item")

const resolveInput = (state: ConnectionState, input: ReadonlyArray<InputEntry>) =>
  Effect.forEach(input, (entry, position): Effect.Effect<StoredItem, EventRejected> => {
    if (!isReference(entry)) return Effect.map(itemId(state, entry), (id) => fromClientItem(id, entry))
    const found = state.conversation.get(entry.id)
    return found !== undefined ? Effect.succeed(found) : Effect.fail(invalidRequest(
      "invalid_value",
      `Error creating response: the item with id '${entry.id}' does not exist.`,
      `response.input[${position}].id`
    ))
  })

/**
 * `response.create`: refused while another default-conversation response is active (out-of-band ones run in
 * parallel); otherwise the response is planned from its context (the conversation, or `response.input`) and
 * streamed on a fiber of its own.
 *
 * @internal
 */
export const create = (state: ConnectionState, event: Event<"response.create">) =>
  Effect.gen(function*() {
    if (state.model === undefined) {
      return yield* invalidRequest(null, "Responses are not supported in transcription sessions.")
    }
    const params = event.response ?? {}
    const mode = params.conversation ?? "auto"
    if (mode !== "auto" && mode !== "none") {
      return yield* invalidRequest(
        "invalid_value",
        `Invalid value: '${mode}'. Supported values are: 'auto' and 'none'.`,
        "response.conversation"
      )
    }
    const running = mode === "auto" ? activeDefault(state) : undefined
    if (running !== undefined) {
      return yield* invalidRequest(
        "conversation_already_has_active_response",
        `Conversation already has an active response in progress: ${running.plan.id}. ` +
          "Wait until the response is finished before creating a new one."
      )
    }
    const context = params.input === undefined ? state.conversation.all() : yield* resolveInput(state, params.input)
    const behaviour = yield* state.server.behaviour
    const instructions = params.instructions ?? Session.instructionsOf(state.sessionConfig)
    const weight = weigh(context)
    const request: SummaryRequest = {
      connection: state.index,
      index: state.responseCount++,
      instructions,
      audioBytesCommitted: weight.audioBytes,
      audioItemsCommitted: weight.audioItems,
      totalAudioBytes: state.totalAudioBytes,
      metadata: params.metadata ?? undefined
    }
    const text = behaviour.summaryText(request)
    const modalities = params.output_modalities ?? Session.outputModalitiesOf(state.sessionConfig)
    const plan: Response.ResponsePlan = {
      id: yield* state.server.nextId("resp"),
      itemId: yield* state.server.nextId("item"),
      conversation: mode === "auto" ? state.conversation : undefined,
      conversationId: mode === "auto" ? state.conversation.id : null,
      modality: modalities.includes("text") ? "text" : "audio",
      metadata: params.metadata ?? null,
      maxOutputTokens: params.max_output_tokens ?? state.sessionConfig.max_output_tokens ?? "inf",
      chunks: Response.chunk(text, behaviour.deltaSize),
      inputTextTokens: weight.textTokens + textTokens(instructions ?? ""),
      inputAudioTokens: weight.audioTokens,
      responseDelay: Duration.decode(behaviour.responseDelay),
      deltaDelay: Duration.decode(behaviour.deltaDelay)
    }
    const progress = Response.initialProgress()
    state.active.set(plan.id, { plan, progress })
    if (Duration.isZero(plan.responseDelay)) yield* Response.announce(plan, progress, state.send)
    yield* FiberMap.run(
      state.responses,
      plan.id,
      Response.stream(plan, progress, state.send, state.recordUsage).pipe(
        Effect.ensuring(Effect.sync(() => state.active.delete(plan.id)))
      )
    )
  })

/**
 * `response.cancel`: stops the named response (else the default-conversation one) and completes it as
 * cancelled; with nothing to cancel, `response_cancel_not_active`.
 *
 * @internal
 */
export const cancel = (state: ConnectionState, event: Event<"response.cancel">) =>
  Effect.gen(function*() {
    const target = event.response_id !== undefined ? state.active.get(event.response_id) : activeDefault(state)
    if (target === undefined) {
      return yield* invalidRequest("response_cancel_not_active", "Cancellation failed: no active response found")
    }
    yield* FiberMap.remove(state.responses, target.plan.id)
    yield* Response.cancelled(target.plan, target.progress, state.send, state.recordUsage)
  })

import * as Effect from "effect/Effect"
import { millis, MIN_COMMIT_BYTES } from "./audio.js"
import type { ClientEvent } from "./clientEvents.js"
import type { ConnectionState } from "./connectionState.js"
import type { StoredItem } from "./conversation.js"
import { committedAudio, fromClientItem } from "./conversation.js"
import type { EventRejected } from "./eventRejected.js"
import { invalidRequest } from "./eventRejected.js"
import * as ResponseControl from "./responseControl.js"
import * as Session from "./session.js"
import * as Transcription from "./transcription.js"

const addItem = (state: ConnectionState, item: StoredItem, previous: string | null) =>
  Effect.zipRight(
    state.send({ type: "conversation.item.added", previous_item_id: previous, item: item.wire }),
    state.send({ type: "conversation.item.done", previous_item_id: previous, item: item.wire })
  )

const commit = (state: ConnectionState) =>
  Effect.gen(function*() {
    if (state.bufferBytes < MIN_COMMIT_BYTES) {
      return yield* invalidRequest(
        "input_audio_buffer_commit_empty",
        "Error committing input audio buffer: buffer too small. Expected at least 100ms of audio, but buffer only " +
          `has ${millis(state.bufferBytes).toFixed(2)}ms of audio.`
      )
    }
    const item = committedAudio(yield* state.server.nextId("item"), state.bufferBytes)
    state.bufferBytes = 0
    const previous = state.conversation.append(item)
    yield* state.send({ type: "input_audio_buffer.committed", previous_item_id: previous, item_id: item.id })
    yield* addItem(state, item, previous)
    yield* Transcription.start(state, item)
  })

/**
 * Handles one decoded client event. A refusal fails with {@link EventRejected}, which the connection answers
 * with an `error` event naming the client's `event_id`.
 *
 * @internal
 */
export const handle = (state: ConnectionState, event: ClientEvent): Effect.Effect<void, EventRejected> => {
  switch (event.type) {
    case "session.update":
      return Effect.flatMap(Session.update(state.sessionConfig, event.session), (session) => {
        state.sessionConfig = session
        return state.send({ type: "session.updated", session })
      })
    case "input_audio_buffer.append":
      return Effect.sync(() => {
        state.bufferBytes += event.audio.length
        state.totalAudioBytes += event.audio.length
      })
    case "input_audio_buffer.commit":
      return commit(state)
    case "input_audio_buffer.clear":
      return Effect.suspend(() => {
        state.bufferBytes = 0
        return state.send({ type: "input_audio_buffer.cleared" })
      })
    case "conversation.item.create":
      return Effect.gen(function*() {
        const item = fromClientItem(yield* ResponseControl.itemId(state, event.item), event.item)
        const previous = yield* state.conversation.insert(item, event.previous_item_id)
        yield* addItem(state, item, previous)
      })
    case "conversation.item.retrieve": {
      const item = state.conversation.get(event.item_id)
      return item !== undefined
        ? state.send({ type: "conversation.item.retrieved", item: item.wire })
        : invalidRequest(
          "item_retrieve_invalid_item_id",
          `Error retrieving item: the item with id '${event.item_id}' does not exist.`
        )
    }
    case "conversation.item.delete":
      return state.conversation.delete(event.item_id)
        ? state.send({ type: "conversation.item.deleted", item_id: event.item_id })
        : invalidRequest(
          "item_delete_invalid_item_id",
          `Error deleting item: the item with id '${event.item_id}' does not exist.`
        )
    case "conversation.item.truncate":
      return state.conversation.get(event.item_id) === undefined
        ? invalidRequest(
          "item_truncate_invalid_item_id",
          `Error truncating item: the item with id '${event.item_id}' does not exist.`
        )
        : invalidRequest(
          "invalid_value",
          "Error truncating item: only assistant messages with audio output can be truncated.",
          "item_id"
        )
    case "output_audio_buffer.clear":
      return invalidRequest(null, "output_audio_buffer.clear is only supported on WebRTC and SIP connections.")
    case "response.create":
      return ResponseControl.create(state, event)
    case "response.cancel":
      return ResponseControl.cancel(state, event)
  }
}

import * as Either from "effect/Either"
import { audioTokens, textTokens } from "./audio.js"
import type { ContentPart, Item } from "./clientEvents.js"
import type { EventRejected } from "./eventRejected.js"
import { invalidRequest } from "./eventRejected.js"

/**
 * A conversation item as the server keeps it: its wire form (never with audio bytes) and what it weighs in a
 * response's context.
 *
 * @internal
 */
export interface StoredItem {
  readonly id: string
  readonly wire: Readonly<Record<string, unknown>>
  readonly audioBytes: number
  readonly textTokens: number
}

const TEXT_PARTS = ["input_text", "output_text", "text"]

const wirePart = (part: ContentPart): Record<string, unknown> => {
  const { audioBytes: _audioBytes, ...rest } = part
  return part.type === "input_audio" ? { ...rest, transcript: part.transcript ?? null } : rest
}

/** An item sent by the client (`conversation.item.create` or inside `response.input`). @internal */
export const fromClientItem = (id: string, item: Item): StoredItem => {
  const content = item.content ?? []
  return {
    id,
    wire: {
      ...item,
      id,
      object: "realtime.item",
      status: "completed",
      ...(item.content === undefined ? {} : { content: content.map(wirePart) })
    },
    audioBytes: content.reduce((sum, part) => sum + (part.audioBytes ?? 0), 0),
    textTokens: content.reduce(
      (sum, part) => sum + (TEXT_PARTS.includes(part.type) && part.text !== undefined ? textTokens(part.text) : 0),
      0
    )
  }
}

/** The user item created by `input_audio_buffer.commit`. @internal */
export const committedAudio = (id: string, audioBytes: number): StoredItem => ({
  id,
  wire: {
    id,
    type: "message",
    object: "realtime.item",
    status: "completed",
    role: "user",
    content: [{ type: "input_audio", transcript: null }]
  },
  audioBytes,
  textTokens: 0
})

/** The tokens a list of items weighs as input. @internal */
export const weigh = (items: ReadonlyArray<StoredItem>) => {
  let audio = 0
  let text = 0
  let audioBytes = 0
  let audioItems = 0
  for (const item of items) {
    audio += audioTokens(item.audioBytes)
    text += item.textTokens
    audioBytes += item.audioBytes
    if (item.audioBytes > 0) audioItems++
  }
  return { audioTokens: audio, textTokens: text, audioBytes, audioItems }
}

/**
 * The default conversation of one connection: an ordered list of items. Owned by the connection's fibers.
 *
 * @internal
 */
export class Conversation {
  private items: Array<StoredItem> = []

  constructor(readonly id: string) {}

  all(): ReadonlyArray<StoredItem> {
    return this.items
  }

  get(id: string): StoredItem | undefined {
    return this.items.find((item) => item.id === id)
  }

  /** Appends at the end and returns the id of the item before it. */
  append(item: StoredItem): string | null {
    const previous = this.items.length > 0 ? this.items[this.items.length - 1].id : null
    this.items.push(item)
    return previous
  }

  /**
   * Inserts after `previousItemId` (`"root"` = at the start; absent, `null` or `""` = at the end) and returns
   * the id of the item before it.
   */
  insert(item: StoredItem, previousItemId: string | null | undefined): Either.Either<string | null, EventRejected> {
    if (this.get(item.id) !== undefined) {
      return Either.left(invalidRequest(
        "invalid_value",
        `Error adding item: an item with id '${item.id}' already exists.`,
        "item.id"
      ))
    }
    if (previousItemId === undefined || previousItemId === null || previousItemId === "") {
      return Either.right(this.append(item))
    }
    if (previousItemId === "root") {
      this.items.unshift(item)
      return Either.right(null)
    }
    const index = this.items.findIndex((existing) => existing.id === previousItemId)
    if (index < 0) {
      return Either.left(invalidRequest(
        "invalid_value",
        `Error adding item: the previous item with id '${previousItemId}' does not exist.`,
        "previous_item_id"
      ))
    }
    this.items.splice(index + 1, 0, item)
    return Either.right(previousItemId)
  }

  replace(item: StoredItem): void {
    const index = this.items.findIndex((existing) => existing.id === item.id)
    if (index >= 0) this.items[index] = item
  }

  /** Fills in the transcript of an item's `input_audio` content, when the item is still there. */
  setTranscript(id: string, transcript: string): void {
    const item = this.get(id)
    if (item === undefined || !Array.isArray(item.wire.content)) return
    const content = item.wire.content.map((part: Readonly<Record<string, unknown>>) =>
      part.type === "input_audio" ? { ...part, transcript } : part
    )
    this.replace({ ...item, wire: { ...item.wire, content } })
  }

  delete(id: string): boolean {
    const index = this.items.findIndex((item) => item.id === id)
    if (index < 0) return false
    this.items.splice(index, 1)
    return true
  }

  previousOf(id: string): string | null {
    const index = this.items.findIndex((item) => item.id === id)
    return index > 0 ? this.items[index - 1].id : null
  }
}

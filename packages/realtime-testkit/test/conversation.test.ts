import { assert, describe, it, layer } from "@effect/vitest"
import { RealtimeTestServer } from "@pkg/realtime-testkit"
import { Effect } from "effect"
import type { TestClient } from "./client.js"
import { connect } from "./client.js"

const textItem = (text: string, id?: string) => ({
  type: "message",
  role: "user",
  ...(id === undefined ? {} : { id }),
  content: [{ type: "input_text", text }]
})

const create = (client: TestClient, item: Record<string, unknown>, previous_item_id?: string) =>
  Effect.gen(function*() {
    yield* client.send({
      type: "conversation.item.create",
      ...(previous_item_id === undefined ? {} : { previous_item_id }),
      item
    })
    const added = yield* client.next
    if (added.type === "error") return { added, done: added }
    return { added, done: yield* client.next }
  })

layer(RealtimeTestServer.layer(), { excludeTestServices: true })("conversation items", (it) => {
  const open = Effect.gen(function*() {
    const server = yield* RealtimeTestServer.RealtimeTestServer
    const client = yield* connect(`${server.url}?model=gpt-realtime`)
    yield* client.next
    return client
  })

  it.scoped("conversation.item.create answers added then done, with the item completed and its id", () =>
    Effect.gen(function*() {
      const client = yield* open
      const { added, done } = yield* create(client, textItem("hello", "note_1"))
      const item = {
        type: "message",
        role: "user",
        id: "note_1",
        content: [{ type: "input_text", text: "hello" }],
        object: "realtime.item",
        status: "completed"
      }
      assert.deepStrictEqual(added, {
        type: "conversation.item.added",
        event_id: added.event_id,
        previous_item_id: null,
        item
      })
      assert.deepStrictEqual(done, {
        type: "conversation.item.done",
        event_id: done.event_id,
        previous_item_id: null,
        item
      })
    }))

  it.scoped("places items at the end, at the root, or after a given item", () =>
    Effect.gen(function*() {
      const client = yield* open
      const a = yield* create(client, textItem("a"))
      assert.match(a.added.item.id, /^item_\d+$/)
      const b = yield* create(client, textItem("b"))
      assert.strictEqual(b.added.previous_item_id, a.added.item.id)
      const root = yield* create(client, textItem("root"), "root")
      assert.isNull(root.added.previous_item_id)
      const middle = yield* create(client, textItem("middle"), a.added.item.id)
      assert.strictEqual(middle.added.previous_item_id, a.added.item.id)
    }))

  it.scoped("refuses an unknown previous_item_id and a duplicate id", () =>
    Effect.gen(function*() {
      const client = yield* open
      const unknown = yield* create(client, textItem("x"), "nope")
      assert.strictEqual(unknown.added.type, "error")
      assert.strictEqual(unknown.added.error.param, "previous_item_id")
      yield* create(client, textItem("first", "dup"))
      const duplicate = yield* create(client, textItem("second", "dup"))
      assert.strictEqual(duplicate.added.type, "error")
      assert.strictEqual(duplicate.added.error.param, "item.id")
    }))

  it.scoped("retrieves an item, or refuses an unknown id with item_retrieve_invalid_item_id", () =>
    Effect.gen(function*() {
      const client = yield* open
      const { done } = yield* create(client, textItem("keep"))
      yield* client.send({ type: "conversation.item.retrieve", event_id: "r_1", item_id: done.item.id })
      const retrieved = yield* client.next
      assert.strictEqual(retrieved.type, "conversation.item.retrieved")
      assert.deepStrictEqual(retrieved.item, done.item)
      yield* client.send({ type: "conversation.item.retrieve", event_id: "r_2", item_id: "missing" })
      const error = yield* client.next
      assert.deepStrictEqual(error.error, {
        type: "invalid_request_error",
        code: "item_retrieve_invalid_item_id",
        message: "Error retrieving item: the item with id 'missing' does not exist.",
        param: null,
        event_id: "r_2"
      })
    }))

  it.scoped("deletes an item once; a second delete is refused with item_delete_invalid_item_id", () =>
    Effect.gen(function*() {
      const client = yield* open
      const { done } = yield* create(client, textItem("gone"))
      const id = done.item.id
      yield* client.send({ type: "conversation.item.delete", event_id: "d_1", item_id: id })
      const deleted = yield* client.next
      assert.deepStrictEqual(deleted, { type: "conversation.item.deleted", event_id: deleted.event_id, item_id: id })
      yield* client.send({ type: "conversation.item.delete", event_id: "d_2", item_id: id })
      const error = yield* client.next
      assert.strictEqual(error.error.code, "item_delete_invalid_item_id")
      assert.strictEqual(error.error.message, `Error deleting item: the item with id '${id}' does not exist.`)
      assert.strictEqual(error.error.event_id, "d_2")
    }))

  it.scoped("records the events of every connection of the shared server", () =>
    Effect.gen(function*() {
      const server = yield* RealtimeTestServer.RealtimeTestServer
      const before = (yield* server.connections).length
      const client = yield* open
      yield* create(client, textItem("seen"))
      const mine = (yield* server.received).filter((event) => event.connection === before)
      assert.deepStrictEqual(mine.map((event) => event.type), ["conversation.item.create"])
    }))
})

describe("conversation items in a transcription session", () => {
  it.scopedLive("a commit still creates the user item", () =>
    Effect.gen(function*() {
      const server = yield* RealtimeTestServer.make()
      const client = yield* connect(`${server.url}?intent=transcription`)
      yield* client.next
      yield* client.send({ type: "input_audio_buffer.append", audio: Buffer.alloc(4_800).toString("base64") })
      yield* client.send({ type: "input_audio_buffer.commit" })
      const events = yield* client.until("conversation.item.done")
      assert.deepStrictEqual(events.map((event) => event.type), [
        "input_audio_buffer.committed",
        "conversation.item.added",
        "conversation.item.done"
      ])
    }))
})

import { assert, describe, it } from "@effect/vitest"
import { RealtimeTestServer } from "@pkg/realtime-testkit"
import { FastCheck as fc } from "effect"

describe("defaultSummaryText", () => {
  it("names the response number, the seconds, bytes and commits, and says it is not from a model", () => {
    assert.strictEqual(
      RealtimeTestServer.defaultSummaryText({
        connection: 0,
        index: 0,
        instructions: undefined,
        audioBytesCommitted: 720_000,
        audioItemsCommitted: 5,
        totalAudioBytes: 720_000,
        metadata: undefined
      }),
      "Local simulator summary #1: this response's context holds 15.0 s of committed audio (720000 bytes in 5 items). " +
        "This text comes from the local Realtime simulator, not from a model."
    )
  })

  it.prop(
    "is deterministic and carries the numbers of its request",
    { index: fc.nat({ max: 10_000 }), bytes: fc.nat({ max: 1e9 }), items: fc.nat({ max: 1_000 }) },
    ({ bytes, index, items }) => {
      const request = {
        connection: 3,
        index,
        instructions: "anything",
        audioBytesCommitted: bytes,
        audioItemsCommitted: items,
        totalAudioBytes: bytes,
        metadata: { window: "x" }
      }
      const text = RealtimeTestServer.defaultSummaryText(request)
      assert.strictEqual(text, RealtimeTestServer.defaultSummaryText({ ...request }))
      assert.include(text, `#${index + 1}:`)
      assert.include(text, `holds ${(bytes / 48_000).toFixed(1)} s of committed audio (${bytes} bytes in ${items} item`)
      assert.include(text, "not from a model")
    }
  )

  it("is the summaryText of the default behaviour", () => {
    assert.strictEqual(RealtimeTestServer.defaultBehaviour.summaryText, RealtimeTestServer.defaultSummaryText)
    assert.strictEqual(RealtimeTestServer.defaultBehaviour.deltaSize, 12)
    assert.deepStrictEqual(RealtimeTestServer.defaultBehaviour.faults, [])
  })
})

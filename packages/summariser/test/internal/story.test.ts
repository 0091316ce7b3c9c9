import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { Story, STORY_MAX_CHARS } from "../../src/internal/story.js"

describe("Story (the story so far)", () => {
  it.effect("is the previous summary, so its size does not grow with the run", () =>
    Effect.sync(() => {
      const story = new Story()
      assert.strictEqual(story.current, "")
      story.add("  The council approved a footbridge. ")
      story.add("Rain is expected on Thursday.")
      assert.strictEqual(story.current, "Rain is expected on Thursday.")
    }))

  it.effect("a summary longer than the cap is cut at a word", () =>
    Effect.sync(() => {
      const story = new Story()
      story.add("word ".repeat(1_000))
      assert.isAtMost(story.current.length, STORY_MAX_CHARS)
      assert.match(story.current, /word…$/)
    }))
})

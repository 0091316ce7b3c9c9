import { assert, describe, it } from "@effect/vitest"
import * as Status from "../src/Status.js"
import { completed, everyEvent, T0 } from "./fakes.js"

const second = 48_000

describe("Status", () => {
  it("connecting, then listening with the audio heard and the time to the next summary", () => {
    const start = Status.initial(15)
    assert.strictEqual(Status.render(start, T0), "connecting…")
    const heard = Status.onAudio(start, 42 * second)
    assert.strictEqual(Status.render(heard, T0), "listening · 0:42 heard · next summary in 0:03")
  })

  it("the session's age, the phase of the summariser and the cost so far follow its events", () => {
    const [opened, , started, , , , completed, , reconnecting, reopened, gap] = everyEvent
    let status = Status.onAudio(Status.initial(15), 16 * second)
    status = Status.onEvent(status, opened!, T0)
    assert.strictEqual(
      Status.render(status, T0 + 65_000),
      "listening · 0:16 heard · next summary in 0:14 · session 1:05"
    )
    status = Status.onEvent(status, started!, T0)
    assert.strictEqual(status.phase, "summarising")
    status = Status.onEvent(status, completed!, T0)
    assert.strictEqual(
      Status.render(status, T0 + 65_000),
      "listening · 0:16 heard · next summary in 0:14 · session 1:05 · $0.0012 so far"
    )
    status = Status.onEvent(status, reconnecting!, T0 + 70_000)
    assert.strictEqual(status.phase, "reconnecting")
    assert.notInclude(Status.render(status, T0 + 71_000), "session")
    status = Status.onEvent(status, reopened!, T0 + 72_000)
    assert.strictEqual(Status.render(status, T0 + 75_000).split(" · ")[3], "session 0:03")
    status = Status.onEvent(status, gap!, T0 + 80_000)
    assert.strictEqual(status.phase, "stalled")
    status = Status.onAudio(status, second)
    assert.strictEqual(status.phase, "listening")
  })

  it("after a signal it says that it is finishing, whatever comes", () => {
    const status = Status.onEvent(Status.onStop(Status.onAudio(Status.initial(15), second)), everyEvent[2]!, T0)
    assert.strictEqual(Status.render(status, T0), "finishing: summarising what was heard · 0:01 heard")
  })

  it("an unknown price hides the cost", () => {
    const unpriced = completed(0, { text: "", usage: undefined })
    const status = Status.onEvent(Status.onAudio(Status.initial(15), second), unpriced, T0)
    assert.notInclude(Status.render(status, T0), "$")
  })
})

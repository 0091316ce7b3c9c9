import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { readFileSync } from "node:fs"
import * as EventLog from "../src/EventLog.js"
import * as Flags from "../src/Flags.js"

const readme = readFileSync(new URL("../../../README.md", import.meta.url), "utf8")

describe("README", () => {
  it.effect("its event log examples are valid lines, one of each type", () =>
    Effect.gen(function*() {
      const section = readme.split("<!-- event-log-examples -->")[1]?.split("<!-- /event-log-examples -->")[0] ?? ""
      const lines = section.split("\n").filter((line) => line.startsWith("{"))
      const decoded = yield* Effect.forEach(lines, (line) => EventLog.decode(line))
      assert.deepStrictEqual(
        [...new Set(decoded.map((line) => line.type))].sort(),
        ["end", "error", "gap", "session", "start", "summary", "transcript", "warning"]
      )
    }))

  it("its table of flags names every flag of the command", () => {
    for (const doc of Flags.docs) assert.include(readme, `--${doc.name}`)
  })
})

import { assert, describe, it } from "@effect/vitest"
import { readdirSync, readFileSync } from "node:fs"
import { dirname, join, relative, resolve } from "node:path"
import { fileURLToPath } from "node:url"

// The house reads top-down: the public modules sit on the internals, the internals on the leaf modules of
// types, and no module imports itself back through a circle, type imports included.

const src = resolve(dirname(fileURLToPath(import.meta.url)), "../src")

const sources = (dir: string): Array<string> =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith(".ts") ? [join(dir, entry.name)] : []
  )

const IMPORT = /(?:import|export)\s[^"';]*?from\s+"(\.{1,2}\/[^"]+)"/g

const graph = new Map(
  sources(src).map((file) => {
    const text = readFileSync(file, "utf8")
    const targets = [...text.matchAll(IMPORT)].map((match) => resolve(dirname(file), match[1].replace(/\.js$/, ".ts")))
    return [relative(src, file), targets.map((target) => relative(src, target))]
  })
)

const cycles = (): Array<Array<string>> => {
  const found: Array<Array<string>> = []
  const state = new Map<string, "visiting" | "done">()
  const visit = (node: string, path: Array<string>) => {
    if (state.get(node) === "done") return
    if (state.get(node) === "visiting") {
      found.push([...path.slice(path.indexOf(node)), node])
      return
    }
    state.set(node, "visiting")
    for (const next of graph.get(node) ?? []) visit(next, [...path, node])
    state.set(node, "done")
  }
  for (const node of graph.keys()) visit(node, [])
  return found
}

describe("module graph", () => {
  it("sees every source module and its relative imports", () => {
    assert.include([...graph.keys()], "RealtimeTestServer.ts")
    assert.include(graph.get("RealtimeTestServer.ts") ?? [], "internal/server.ts")
    for (const targets of graph.values()) for (const target of targets) assert.isTrue(graph.has(target), target)
  })

  it("has no import cycle", () => {
    assert.deepStrictEqual(cycles(), [])
  })

  it("keeps the shared types in modules that build on nothing but each other", () => {
    assert.deepStrictEqual(graph.get("Selection.ts"), [])
    assert.deepStrictEqual(graph.get("Behaviour.ts"), ["Selection.ts"])
    assert.deepStrictEqual(graph.get("TestServer.ts"), ["Behaviour.ts"])
    assert.deepStrictEqual(graph.get("internal/send.ts"), ["TestServer.ts"])
  })

  it("keeps the internals below the public modules", () => {
    const publicModules = ["RealtimeTestServer.ts", "index.ts", "bin.ts", "Cli.ts"]
    for (const [file, targets] of graph) {
      if (file.startsWith("internal/")) {
        for (const target of targets) assert.notInclude(publicModules, target, `${file} imports ${target}`)
      }
    }
  })
})

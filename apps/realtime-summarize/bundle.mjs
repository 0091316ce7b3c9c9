/**
 * Bundles the CLI into one ES module, `dist/realtime-summarize.js`, that plain `node` runs: every
 * dependency inlined and tree-shaken, nothing compiled at start. The workspace packages are read from
 * their sources (the `@pkg/source` condition), so the bundle does not depend on their `dist/`.
 */
import * as esbuild from "esbuild"
import { fileURLToPath, URL } from "node:url"

const here = (path) => fileURLToPath(new URL(path, import.meta.url))

await esbuild.build({
  entryPoints: [here("src/bin.ts")],
  outfile: here("dist/realtime-summarize.js"),
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  conditions: ["@pkg/source"],
  minify: true,
  // ws loads these optional native add-ons inside a try/catch: not bundled, used when installed.
  external: ["bufferutil", "utf-8-validate"],
  // The CommonJS dependencies (ws) `require` Node's built-ins, which an ES module must create.
  banner: {
    js:
      "import { createRequire as __createRequire } from \"node:module\"; const require = __createRequire(import.meta.url);"
  },
  logLevel: "warning"
})

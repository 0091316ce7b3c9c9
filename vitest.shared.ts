import type { ViteUserConfig } from "vitest/config"

/**
 * The workspace packages export `dist/` to Node and to consumers, and their TypeScript sources under the
 * `@pkg/source` condition. Tests run on the sources, with no build step in between: vitest resolves with the
 * condition, and the child processes tests spawn (the CLI through tsx, fixtures) get it through NODE_OPTIONS.
 */
const conditions = ["@pkg/source"]

const config: ViteUserConfig = {
  esbuild: {
    target: "es2022"
  },
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    setupFiles: [new URL("./vitest.setup.ts", import.meta.url).pathname],
    fakeTimers: {
      toFake: undefined
    },
    include: ["test/**/*.test.ts"],
    env: {
      NODE_OPTIONS: [process.env.NODE_OPTIONS, ...conditions.map((c) => `--conditions=${c}`)].filter(Boolean).join(" ")
    },
    testTimeout: 60_000,
    hookTimeout: 60_000
  }
}

export default config

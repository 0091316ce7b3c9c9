/**
 * `pnpm bench`: runs every compiled `*.bench.js` beside this file (bench/dist, built by `pnpm build`), one
 * after the other, each in its own Node process so that one does not warm or load the next.
 */
import { spawnSync } from "node:child_process"
import { readdirSync } from "node:fs"
import { fileURLToPath } from "node:url"

const dir = fileURLToPath(new URL(".", import.meta.url))
const only = process.argv.slice(2)
const benches = readdirSync(dir)
  .filter((name) => name.endsWith(".bench.js"))
  .filter((name) => only.length === 0 || only.some((filter) => name.includes(filter)))
  .sort()

let failed = 0
for (const bench of benches) {
  process.stdout.write(`\n# ${bench}\n`)
  const result = spawnSync(process.execPath, [`${dir}${bench}`], { stdio: "inherit" })
  if (result.status !== 0) failed++
}
process.exit(failed === 0 ? 0 : 1)

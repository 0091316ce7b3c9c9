/**
 * The app's version, from its package.json (one directory above this module, both in `src/` and in
 * the bundled `dist/`).
 *
 * @since 0.1.0
 */
import { readFileSync } from "node:fs"

const read = (): string => {
  try {
    const manifest: unknown = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"))
    return typeof manifest === "object" && manifest !== null && "version" in manifest &&
        typeof manifest.version === "string"
      ? manifest.version
      : "unknown"
  } catch {
    return "unknown"
  }
}

/**
 * @since 0.1.0
 * @category constants
 */
export const version: string = read()

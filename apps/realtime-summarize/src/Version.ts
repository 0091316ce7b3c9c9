/**
 * The app's version: stamped into the bundle when it is built (`bundle.mjs`), else read from the package.json
 * one directory above this module (in `src/` and in `dist/`).
 *
 * @since 0.1.0
 */
import { readFileSync } from "node:fs"

declare const REALTIME_SUMMARIZE_VERSION: string | undefined

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
export const version: string = typeof REALTIME_SUMMARIZE_VERSION === "string" ? REALTIME_SUMMARIZE_VERSION : read()

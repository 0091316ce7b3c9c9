/**
 * A short recording of speech shipped with the testkit, for demos and end-to-end tests that run real audio
 * through ffmpeg.
 *
 * @since 0.1.0
 */
import { fileURLToPath } from "node:url"

/**
 * The absolute path of `assets/speech-sample.mp3` in this package.
 *
 * @since 0.1.0
 * @category constants
 */
export const speechSamplePath: string = fileURLToPath(new URL("../assets/speech-sample.mp3", import.meta.url))

/**
 * @since 0.1.0
 */

/**
 * A fake OpenAI Realtime server (GA protocol) on loopback, scriptable with faults, recording what it receives.
 *
 * @since 0.1.0
 */
export * as RealtimeTestServer from "./RealtimeTestServer.js"

/**
 * Selections of connections or items that a fault targets (`Selection.first(1)`: only the first connection).
 *
 * @since 0.2.0
 */
export * as Selection from "./Selection.js"

/**
 * The path of the speech sample shipped with the testkit.
 *
 * @since 0.1.0
 */
export * as SpeechSample from "./SpeechSample.js"

/**
 * Long audio for tests and benchmarks: a tone made by ffmpeg.
 *
 * @since 0.2.0
 */
export * as TestAudio from "./TestAudio.js"

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
 * The path of the speech sample shipped with the testkit.
 *
 * @since 0.1.0
 */
export * as SpeechSample from "./SpeechSample.js"

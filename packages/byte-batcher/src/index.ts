/**
 * @since 0.1.0
 */

/**
 * Byte framing, byte-count marks and byte/time constants for PCM s16le 24 kHz mono streams.
 *
 * @since 0.1.0
 */
export * as ByteBatcher from "./ByteBatcher.js"

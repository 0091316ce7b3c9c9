/**
 * @since 0.1.0
 */
export * as AudioCapture from "./AudioCapture.js"

/**
 * @since 0.1.0
 */
export * as AudioCaptureError from "./AudioCaptureError.js"

/**
 * @since 0.1.0
 */
export * as AudioSource from "./AudioSource.js"

/**
 * @since 0.1.0
 */
export * as FfmpegArgs from "./FfmpegArgs.js"

/**
 * @since 0.1.0
 */
export * as SourceOutage from "./SourceOutage.js"

/**
 * @since 0.1.0
 */
export * as AudioInput from "./AudioInput.js"

/**
 * @since 0.1.0
 */
export * as Summariser from "./Summariser.js"

/**
 * @since 0.1.0
 */
export * as SummariserError from "./SummariserError.js"

/**
 * @since 0.1.0
 */
export * as SummariserOptions from "./SummariserOptions.js"

/**
 * @since 0.1.0
 */
export * as SummaryEvent from "./SummaryEvent.js"

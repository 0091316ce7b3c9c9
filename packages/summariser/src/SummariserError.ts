/**
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * The summariser's own failures: options that cannot work, or an input too short
 * to summarise.
 *
 * @since 0.1.0
 * @category errors
 */
export class SummariserError extends Schema.TaggedError<SummariserError>("@pkg/summariser/SummariserError")(
  "SummariserError",
  {
    reason: Schema.Literal("InvalidOptions", "InputTooShort"),
    /** With `InvalidOptions`: the option at fault, by its name in `SummariserOptions.Options`. */
    option: Schema.optional(Schema.String),
    message: Schema.String
  }
) {}

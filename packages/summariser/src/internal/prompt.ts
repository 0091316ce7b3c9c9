import type * as RealtimeClient from "@pkg/realtime-client/RealtimeClient"
import { languageName } from "../SummariserOptions.js"
import { formatClock } from "../SummaryEvent.js"
import type { CommittedItem } from "./windows.js"

/**
 * The instructions of a summary response: the summarising prompt, and the language to write in when one
 * was asked for.
 *
 * @internal
 */
export const summaryInstructions = (instructions: string, language: string | undefined): string => {
  const name = language === undefined ? undefined : languageName(language)
  return name === undefined ? instructions : `${instructions}\n\nWrite the summary in ${name}.`
}

/**
 * The input of a window's out-of-band response: one text message with the story so far and the window's
 * time range, then a reference to each of the window's audio items. Nothing else of the conversation is read.
 *
 * @internal
 */
export const summaryInput = (
  story: string,
  window: { readonly start: number; readonly end: number; readonly final: boolean },
  items: ReadonlyArray<CommittedItem>
): NonNullable<RealtimeClient.ResponseParams["input"]> => {
  const before = story === ""
    ? "This is the start of the stream: nothing was summarised before."
    : `The story so far (the summary of the part of the stream just before):\n${story}`
  const request = `Summarise the audio that follows: the stream from ${formatClock(window.start)} to ${
    formatClock(window.end)
  }. Only what is said in this part.${window.final ? " This is the end of the stream." : ""}`
  return [
    { type: "message", role: "user", content: [{ type: "input_text", text: `${before}\n\n${request}` }] },
    ...items.map((item) => ({ type: "item_reference" as const, id: item.id }))
  ]
}

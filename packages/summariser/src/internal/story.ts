/**
 * The story so far: the previous summary, cut to a fixed size, sent as text with every window's request so
 * that a summary knows what came just before without reading any earlier audio. Its size does not grow with
 * the run, so neither does the cost of a summary; it lives outside any session, so a new session needs no
 * re-seeding.
 *
 * @internal
 */
export const STORY_MAX_CHARS = 1_200

/** @internal */
export class Story {
  private text = ""

  get current(): string {
    return this.text
  }

  add(summary: string): void {
    const text = summary.trim()
    if (text.length <= STORY_MAX_CHARS) {
      this.text = text
      return
    }
    const cut = text.lastIndexOf(" ", STORY_MAX_CHARS - 1)
    this.text = `${text.slice(0, cut > STORY_MAX_CHARS / 2 ? cut : STORY_MAX_CHARS - 1)}…`
  }
}

/**
 * The story so far: the latest summaries, kept under a fixed size, sent as text with every window's
 * request so that a summary knows what came before without reading any earlier audio. It lives outside any
 * session, so a new session needs no re-seeding.
 *
 * @internal
 */
export const STORY_MAX_CHARS = 2_000

/** @internal */
export class Story {
  private text = ""

  get current(): string {
    return this.text
  }

  add(summary: string): void {
    const combined = this.text === "" ? summary.trim() : `${this.text}\n${summary.trim()}`
    if (combined.length <= STORY_MAX_CHARS) {
      this.text = combined
      return
    }
    const tail = combined.slice(combined.length - STORY_MAX_CHARS)
    const cut = tail.search(/[\n.!?]\s/)
    this.text = (cut >= 0 && cut < tail.length / 2 ? tail.slice(cut + 1) : tail).trim()
  }
}

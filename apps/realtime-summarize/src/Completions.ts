/**
 * `--completions <shell>`: @effect/cli's completion scripts, with the values of a choice offered as
 * separate words in bash (its script joins them with commas, as one word).
 *
 * @since 0.1.0
 */
import * as Command from "@effect/cli/Command"
import * as Effect from "effect/Effect"
import type { Shell } from "./Argv.js"

/**
 * `compgen -W "text,json"` becomes `compgen -W "text json"`.
 *
 * @since 0.1.0
 * @category utils
 */
export const separateBashChoices = (script: string): string =>
  script.replace(/compgen -W "([^"]*)"/g, (_, words: string) => `compgen -W "${words.split(",").join(" ")}"`)

/**
 * The completion script of `command` for `shell`.
 *
 * @since 0.1.0
 * @category rendering
 */
export const script = <Name extends string, R, E, A>(
  command: Command.Command<Name, R, E, A>,
  name: string,
  shell: Shell
): Effect.Effect<string> => {
  switch (shell) {
    case "bash":
      return Effect.map(Command.getBashCompletions(command, name), (lines) => separateBashChoices(lines.join("\n")))
    case "zsh":
      return Effect.map(Command.getZshCompletions(command, name), (lines) => lines.join("\n"))
    case "fish":
      return Effect.map(Command.getFishCompletions(command, name), (lines) => lines.join("\n"))
  }
}

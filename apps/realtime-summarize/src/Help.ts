/**
 * `--help`: every flag with its default and its environment variable, built from the same
 * definitions as the parser.
 *
 * @since 0.1.0
 */
import type { FlagDoc } from "./Flags.js"
import type * as Style from "./Style.js"
import * as Wrap from "./Wrap.js"

const builtIns: ReadonlyArray<FlagDoc> = [
  {
    name: "log-level",
    placeholder: "level",
    description: "all, trace, debug, info, warning, error, fatal or none; anywhere on the line (logs go to stderr)",
    defaultText: "warning",
    env: ["REALTIME_SUMMARIZE_LOG_LEVEL"]
  },
  {
    name: "completions",
    placeholder: "bash|zsh|fish",
    description: "print a completion script for the shell",
    env: []
  },
  { name: "wizard", description: "build the command step by step, then run it or not", env: [] },
  { name: "version", description: "print the version", env: [] },
  { name: "help", alias: "h", description: "print this help", env: [] }
]

const label = (doc: FlagDoc) =>
  `${doc.alias === undefined ? "" : `-${doc.alias}, `}--${doc.name}${
    doc.placeholder === undefined ? "" : ` <${doc.placeholder}>`
  }`

const facts = (doc: FlagDoc) =>
  [
    ...(doc.defaultText === undefined ? [] : [`default: ${doc.defaultText}`]),
    ...(doc.env.length === 0 ? [] : [`env: ${doc.env.join(", then ")}`])
  ].join(" · ")

/**
 * The help text.
 *
 * @since 0.1.0
 * @category rendering
 */
export const render = (
  docs: ReadonlyArray<FlagDoc>,
  options: { readonly version: string; readonly style: Style.Style; readonly width: number }
): string => {
  const { style } = options
  const width = Math.max(60, Math.min(options.width, 110))
  const all = [...docs, ...builtIns]
  const column = Math.min(34, Math.max(...all.map((doc) => label(doc).length)) + 4)
  const indent = " ".repeat(column)
  const entry = (doc: FlagDoc) => {
    const name = `  ${label(doc)}`
    const first = name.length + 2 > column ? `${name}\n${indent}` : name.padEnd(column)
    const more = facts(doc)
    const description = Wrap.wrap(doc.description, width, indent, column)
    return `${style.bold(first)}${description}${
      more === "" ? "" : `\n${indent}${style.dim(Wrap.wrap(more, width, indent))}`
    }`
  }
  return [
    `${style.bold("realtime-summarize")} ${options.version}`,
    "Summarise live audio (a radio HLS stream, an Icecast MP3 feed, a file, stdin) with the OpenAI Realtime API.",
    "",
    `${style.bold("Usage:")} realtime-summarize --url <url|path|-> [options]`,
    "",
    `${style.bold("Options")} (each also from its environment variable, or from a --config file):`,
    ...docs.map(entry),
    "",
    style.bold("Built-in:"),
    ...builtIns.map(entry),
    "",
    style.bold("Examples:"),
    "  realtime-summarize --url https://stream.example.org/live.m3u8",
    "  realtime-summarize --url episode.mp3 --summary-interval 60 --format json > summaries.jsonl",
    "  curl -s https://example.org/live.mp3 | realtime-summarize --url - --output run.jsonl",
    "",
    "Ctrl-C (or SIGTERM) ends the input, prints a final summary of what was heard and exits 130 (143); a second",
    "Ctrl-C ends at once. Exit status: 0 at the end of the input or the budget, 1 on an error.",
    ""
  ].join("\n")
}

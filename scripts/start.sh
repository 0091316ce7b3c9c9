#!/usr/bin/env bash
# The main job: summarise a stream with the Realtime API. Without an API key
# (and so without network) it runs the demo against the local simulator.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f apps/realtime-summarize/dist/bundle.cjs ] || [ ! -f apps/realtime-summarize/dist/demo.js ]; then
  echo "start: building first (pnpm build)" >&2
  pnpm --silent build
fi
if [ -z "${OPENAI_API_KEY:-}" ] && ! printf '%s\n' "$@" | grep -q -- '^--api-key'; then
  echo "start: OPENAI_API_KEY is not set; running the demo against the local simulator instead." >&2
  echo "start: with a key: OPENAI_API_KEY=sk-... pnpm start --url <stream>" >&2
  exec pnpm --silent demo
fi
if [ "$#" -eq 0 ]; then
  echo "start: pass a source, e.g. pnpm start --url https://example.org/live.m3u8 (see README)" >&2
  exit 2
fi
exec pnpm --silent realtime-summarize "$@"

#!/usr/bin/env bash
# Sets up a fresh machine for realtime-summarize: ffmpeg (a system program),
# icecast2 (for the tests), pnpm 10 and the workspace's dependencies, then builds
# every package (dist/) and the CLI bundle. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
apt_install() {
  echo "setup: installing $1 (apt-get)" >&2
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "$1" >/dev/null
}

if ! command -v node >/dev/null 2>&1; then
  echo "setup: Node.js 20 or newer is required (https://nodejs.org)" >&2
  exit 1
fi
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" -lt 20 ]; then
  echo "setup: Node.js 20 or newer is required, found $(node --version)" >&2
  exit 1
fi

if [ -n "${FFMPEG_PATH:-}" ] && [ -x "${FFMPEG_PATH}" ]; then
  :
elif ! command -v ffmpeg >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1; then
    apt_install ffmpeg
  else
    echo "setup: ffmpeg is missing; install it (e.g. brew install ffmpeg) or set FFMPEG_PATH" >&2
    exit 1
  fi
fi

# icecast2: the real Icecast server of the audio-capture tests (each test starts its own; never a service)
if ! command -v icecast2 >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1; then
    apt_install icecast2
  else
    echo "setup: icecast2 is missing; the tests need it (e.g. brew install icecast)" >&2
  fi
fi

if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version | cut -d. -f1)" != "10" ]; then
  echo "setup: installing pnpm 10 (npm)" >&2
  npm install -g pnpm@10 >/dev/null 2>&1 || as_root npm install -g pnpm@10 >/dev/null
fi

pnpm install --frozen-lockfile --reporter=silent
pnpm --silent build

#!/usr/bin/env bash
# Builds packages/realtime-testkit/assets/speech-sample.mp3: about 40 s of synthetic English speech
# (a made-up local news bulletin with five topics, one every ~8 s, so each 15 s summary window has
# something coherent to summarise). Mono MP3, 24 kHz, 48 kbit/s CBR.
#
# Requires espeak-ng and ffmpeg (Debian: apt-get install espeak-ng ffmpeg). Run from anywhere:
#   bash scripts/make-speech-sample.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/packages/realtime-testkit/assets/speech-sample.mp3"
voice="en-us"
words_per_minute=165
pause_seconds=0.6

for tool in espeak-ng ffmpeg ffprobe; do
  command -v "$tool" >/dev/null || { echo "make-speech-sample: $tool not found on PATH" >&2; exit 1; }
done

topics=(
  "Good evening, this is the Millbrook news. The town council has approved a new footbridge over the river Arden. Work starts in March."
  "The weather. Heavy rain is expected on Thursday, with a risk of flooding near the harbour. The weekend should be dry and sunny."
  "The public library on Church Lane reopens on Monday after a year of repairs, with a larger reading room for children."
  "In sport, Millbrook Rovers won the county cup final last night, beating Eastfield two goals to one."
  "And finally, road works on the High Street begin next week. Buses will use Station Road until the end of the month."
)

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

list="$work/list.txt"
: >"$list"
ffmpeg -nostdin -hide_banner -loglevel error -f lavfi -i "anullsrc=r=22050:cl=mono" -t "$pause_seconds" \
  -c:a pcm_s16le "$work/pause.wav"
for i in "${!topics[@]}"; do
  espeak-ng -v "$voice" -s "$words_per_minute" -w "$work/topic-$i.wav" "${topics[$i]}"
  printf "file '%s'\nfile '%s'\n" "$work/topic-$i.wav" "$work/pause.wav" >>"$list"
done

mkdir -p "$(dirname "$out")"
ffmpeg -nostdin -hide_banner -loglevel error -y -f concat -safe 0 -i "$list" \
  -map_metadata -1 -ac 1 -ar 24000 -c:a libmp3lame -b:a 48k -write_xing 0 -id3v2_version 0 -bitexact "$out"

duration="$(ffprobe -v error -show_entries format=duration -of default=noprint_wrappers=1:nokey=1 "$out")"
echo "wrote $out (${duration} s, $(wc -c <"$out") bytes)"

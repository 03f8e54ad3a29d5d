#!/usr/bin/env bash
# Runs DramaGen on its embedded defaults: local directory store (./data), local providers, jobs in ./jobs.
# The local video provider needs ffmpeg and the image provider a font: installed here when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
command -v ffmpeg >/dev/null || need+=(ffmpeg)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "Missing ${need[*]}: install them (sudo apt-get install ${need[*]}) and run again." >&2
    exit 1
  fi
fi
export STORAGE_DIR="${STORAGE_DIR:-$(pwd)/data}" JOBS_DIR="${JOBS_DIR:-$(pwd)/jobs}"
exec dotnet run --project src/DramaGen.Api -c Release "$@"

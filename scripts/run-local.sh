#!/usr/bin/env bash
# Runs DramaGen on its embedded defaults: local directory store (./data), local providers, jobs in ./jobs.
# The local video provider needs ffmpeg, the speech provider espeak-ng and the image provider a font: installed here when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/ensure-packages.sh
ensure_packages ffmpeg espeak-ng fonts-dejavu-core
export STORAGE_DIR="${STORAGE_DIR:-$(pwd)/data}" JOBS_DIR="${JOBS_DIR:-$(pwd)/jobs}"
exec dotnet run --project src/DramaGen.Api -c Release "$@"

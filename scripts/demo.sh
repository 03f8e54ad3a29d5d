#!/usr/bin/env bash
# DramaGen demo against a running service (scripts/run-local.sh starts one on http://localhost:8000):
# writes a drama from a premise, generates all of its media, follows the run live in the terminal
# (the SSE stream, or polling if that fails) and prints where every portrait, storyboard and clip is.
#
#   scripts/demo.sh ["premise"]
#   env: BASE_URL (http://localhost:8000), API_KEY (when the service sets API_KEYS),
#        EPISODES (1), SCENES (2), STORAGE_DIR (the service's, default ./data: local file paths are shown)
# Needs bash and curl; reads JSON with jq or python3 when present, with grep/sed otherwise.
set -euo pipefail

BASE_URL="${BASE_URL:-http://localhost:8000}"
BASE_URL="${BASE_URL%/}"
default_premise="A lighthouse keeper's daughter finds a lantern that shows the storm before it comes."
PREMISE="${1:-$default_premise}"
EPISODES="${EPISODES:-1}"
SCENES="${SCENES:-2}"
STORAGE_DIR="${STORAGE_DIR:-$(cd "$(dirname "$0")/.." && pwd)/data}"

command -v curl >/dev/null || { echo "demo.sh needs curl (apt-get install curl)." >&2; exit 1; }
auth=()
[ -n "${API_KEY:-}" ] && auth=(-H "X-API-Key: ${API_KEY}")

# json_get FIELD: a top-level string/number field of the JSON on stdin (the first occurrence for grep).
json_get() {
  if command -v jq >/dev/null; then
    jq -r --arg f "$1" '.[$f] // empty'
  elif command -v python3 >/dev/null; then
    python3 -c 'import json,sys; v=json.load(sys.stdin).get(sys.argv[1]); print("" if v is None else v)' "$1"
  else
    grep -o "\"$1\":\(\"[^\"]*\"\|[^,}]*\)" | head -1 | sed -e "s/^\"$1\"://" -e 's/^"//' -e 's/"$//' -e 's/^null$//'
  fi
}

# api METHOD PATH [JSON]: prints the body; fails with the problem details on an HTTP error.
api() {
  local body status send=()
  [ $# -ge 3 ] && send=(-H "Content-Type: application/json" --data "$3")
  body=$(curl -sS -X "$1" "${auth[@]}" "${send[@]}" -H "Accept: application/json" -w '\n%{http_code}' "$BASE_URL$2") \
    || { echo "Cannot reach $BASE_URL (is the service running? scripts/run-local.sh)" >&2; exit 1; }
  status="${body##*$'\n'}"
  body="${body%$'\n'*}"
  if [ "$status" -ge 400 ]; then
    echo "$1 $2 failed with HTTP $status: $body" >&2
    [ "$status" = 401 ] && echo "Set API_KEY to one of the service's API_KEYS." >&2
    exit 1
  fi
  printf '%s' "$body"
}

json_string() { # a JSON string literal of $1
  local s=${1//\\/\\\\}
  s=${s//\"/\\\"}
  s=${s//$'\n'/\\n}
  printf '"%s"' "$s"
}

# wait_job DRAMA JOB: polls the job every second until it is final; prints its counts on the way.
wait_job() {
  local job status line last=""
  while :; do
    job=$(api GET "/dramas/$1/jobs/$2")
    status=$(json_get status <<<"$job")
    line="$status"
    if [ -n "$(json_get total_jobs <<<"$job")" ]; then
      line="$status: $(json_get completed_jobs <<<"$job")/$(json_get total_jobs <<<"$job") completed, $(json_get running_jobs <<<"$job") running, $(json_get failed_jobs <<<"$job") failed, $(json_get skipped_jobs <<<"$job") skipped"
    fi
    [ "$line" != "$last" ] && echo "  $line"
    last="$line"
    case "$status" in
      completed) return 0 ;;
      failed | skipped) echo "  error: $(json_get error <<<"$job")" >&2; return 1 ;;
    esac
    sleep 1
  done
}

# follow_events DRAMA JOB: prints node and progress events from the SSE stream until the end event.
follow_events() {
  local event="" data status counts last=""
  while IFS= read -r line; do
    line="${line%$'\r'}"
    case "$line" in
      event:*) event="${line#event: }" ;;
      data:*) data="${line#data: }" ;;
      "")
        case "$event" in
          node)
            status=$(json_get status <<<"$data")
            [ "$status" != pending ] && printf '  %-10s %s %s\n' "$status" "$(json_get node_id <<<"$data")" "$(json_get error <<<"$data")" ;;
          progress | end)
            status=$(json_get status <<<"$data")
            counts="$(json_get completed_jobs <<<"$data")/$(json_get total_jobs <<<"$data") completed, $(json_get running_jobs <<<"$data") running, $(json_get failed_jobs <<<"$data") failed, $(json_get skipped_jobs <<<"$data") skipped"
            [ "$status $counts" != "$last" ] && echo "  == $status: $counts"
            last="$status $counts"
            if [ "$event" = end ]; then
              [ "$status" = completed ]
              return
            fi ;;
        esac
        event="" ;;
    esac
  done < <(curl -sSN "${auth[@]}" -H "Accept: text/event-stream" "$BASE_URL/dramas/$1/jobs/$2/events")
  return 2 # the stream ended without an end event
}

echo "DramaGen at $BASE_URL: $(api GET / | json_get mode)"
echo
echo "1. Writing a drama ($EPISODES episode(s), $SCENES scene(s) each) from the premise:"
echo "   \"$PREMISE\""
created=$(api POST /dramas "{\"premise\":$(json_string "$PREMISE"),\"episodes\":$EPISODES,\"scenesPerEpisode\":$SCENES}")
drama_id=$(json_get dramaId <<<"$created")
wait_job "$drama_id" "$(json_get jobId <<<"$created")"
echo "   drama $drama_id: \"$(api GET "/dramas/$drama_id" | json_get title)\""
echo
echo "2. Generating every portrait, storyboard and clip (live from the event stream):"
run=$(api POST "/dramas/$drama_id/generate" '{"force":false}')
run_id=$(json_get jobId <<<"$run")
set +e
follow_events "$drama_id" "$run_id"
outcome=$?
set -e
if [ "$outcome" = 2 ]; then
  echo "  (the event stream ended early; polling the run instead)"
  wait_job "$drama_id" "$run_id" && outcome=0 || outcome=1
fi
echo
echo "3. Where the files are:"
drama=$(api GET "/dramas/$drama_id")
urls=$(grep -o '"\(imageUrl\|url\)":"[^"]*"' <<<"$drama" | sed 's/^"[a-zA-Z]*":"//; s/"$//' || true)
if [ -z "$urls" ]; then
  echo "   no files (the run generated nothing)"
fi
while IFS= read -r url; do
  [ -z "$url" ] && continue
  case "$url" in
    /*) full="$BASE_URL$url" ;;
    *) full="$url" ;;
  esac
  case "${url##*/}" in
    char_asset_*) what="character video" ;;
    char_*) what="portrait" ;;
    scene_asset_*) what="scene clip" ;;
    scene_*) what="storyboard" ;;
    *) what="file" ;;
  esac
  where=""
  if [[ "$url" == *"/files/"* ]]; then
    key="${url#*/files/}"
    key="${key%%\?*}"
    path="$STORAGE_DIR/$(printf '%b' "${key//%/\\x}")"
    [ -f "$path" ] && where="  ->  $path" || where="  (file not under STORAGE_DIR=$STORAGE_DIR)"
  fi
  printf '   %-16s %s%s\n' "$what" "$full" "$where"
done <<<"$urls"
echo
echo "Open $BASE_URL/viewer/#/dramas/$drama_id to watch it in the browser."
exit "$outcome"

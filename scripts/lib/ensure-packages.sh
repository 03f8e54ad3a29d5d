# Sourced by the scripts: installs the Debian packages named in "$@" that are missing (root only).
ensure_packages() {
  local need=() package
  for package in "$@"; do
    case "$package" in
      fonts-dejavu-core) [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=("$package") ;;
      *) command -v "$package" >/dev/null || need+=("$package") ;;
    esac
  done
  [ ${#need[@]} -eq 0 ] && return 0
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "Missing ${need[*]}: install them (sudo apt-get install ${need[*]}) and run again." >&2
    return 1
  fi
}

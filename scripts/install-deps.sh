#!/usr/bin/env bash
# Installs the Debian packages sitrep builds and tests with. Idempotent: when
# everything is present it prints nothing and exits 0. As root it runs apt-get;
# otherwise it prints the command to run.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  libicu-dev libgumbo-dev libsqlite3-dev zlib1g-dev libxxhash-dev
  libfmt-dev libspdlog-dev libcli11-dev nlohmann-json3-dev libsimdjson-dev
  libcld2-dev libpugixml-dev iso-codes libgtest-dev libgmock-dev libbenchmark-dev
  libcpp-httplib-dev
  # the browser the web app's tests drive (never a downloaded one), and the
  # HTTP load generator of bench/serve.sh
  chromium wrk
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
# Commands that may come from elsewhere (nodejs from NodeSource ships its own
# npm): installed from Debian only when the command is missing. npm fetches
# the GeoNames city list, the web app's packages (esbuild, d3, world-atlas),
# playwright-core and the wink-nlp benchmark; python3 formats the demo.
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
command -v python3 >/dev/null || missing+=(python3)
[ ${#missing[@]} -eq 0 ] && exit 0

echo "sitrep: installing missing packages: ${missing[*]}" >&2
if [ "$(id -u)" -eq 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null || true
  apt-get install -y -q --no-install-recommends "${missing[@]}"
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "sitrep: run as root:  apt-get install -y ${missing[*]}" >&2
  exit 1
fi

#!/usr/bin/env bash
# Installs, from Debian's archive, what the observability module's tests run besides the JDK:
#   docker-compose                -> ComposeConfigTest (`docker-compose config` validates without an engine)
#   prometheus (prometheus, promtool)
#   prometheus-blackbox-exporter  -> PrometheusIntegrationTest
# Idempotent: does nothing when all three commands are present. Without recommends, so no Docker
# engine or node exporter comes along. Needs root (or sudo).
set -euo pipefail

missing=()
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
{ [ -x /usr/bin/prometheus ] && [ -x /usr/bin/promtool ]; } || missing+=(prometheus)
[ -x /usr/bin/prometheus-blackbox-exporter ] || missing+=(prometheus-blackbox-exporter)

if [ ${#missing[@]} -eq 0 ]; then
  echo "observability tools present: $(docker-compose version --short 2>/dev/null || echo docker-compose)," \
       "$(/usr/bin/prometheus --version 2>&1 | head -n 1)"
  exit 0
fi

SUDO=
if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
fi
echo "installing ${missing[*]}"
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"

#!/usr/bin/env bash
# Installs the Debian packages the PyTorch fixture generator (benchmark/python) needs.
# Debian's packages only: PyPI is not reachable from the build machines, so pip is never used.
# Idempotent: returns at once when everything is already installed.
set -euo pipefail

required=(python3-torch python3-numpy libopenblas0-pthread)
# python3-onnx is optional: it lets make_fixtures.py check and describe the exported graph.
optional=(python3-onnx)

is_installed() {
  [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" == "install ok installed" ]]
}

has_candidate() {
  local candidate
  candidate="$(apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ {print $2}')"
  [[ -n "$candidate" && "$candidate" != "(none)" ]]
}

missing=()
for pkg in "${required[@]}"; do
  is_installed "$pkg" || missing+=("$pkg")
done
missing_optional=()
for pkg in "${optional[@]}"; do
  is_installed "$pkg" || missing_optional+=("$pkg")
done

if [[ ${#missing[@]} -eq 0 && ${#missing_optional[@]} -eq 0 ]]; then
  echo "install-python-deps: all packages present (${required[*]} ${optional[*]})"
else
  if [[ $(id -u) -eq 0 ]]; then
    SUDO=()
  elif command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
  else
    echo "install-python-deps: missing ${missing[*]} ${missing_optional[*]}; run as root" >&2
    exit 1
  fi

  # Refresh the package lists once, and only when a package we want has no candidate yet.
  updated=no
  for pkg in "${missing[@]}" "${missing_optional[@]}"; do
    if ! has_candidate "$pkg"; then
      "${SUDO[@]}" apt-get update -q
      updated=yes
      break
    fi
  done

  to_install=("${missing[@]}")
  for pkg in "${missing_optional[@]}"; do
    if has_candidate "$pkg"; then
      to_install+=("$pkg")
    else
      echo "install-python-deps: optional $pkg is not in this Debian release; skipping it"
    fi
  done
  for pkg in "${missing[@]}"; do
    if ! has_candidate "$pkg"; then
      echo "install-python-deps: required $pkg has no apt candidate (lists refreshed: $updated)" >&2
      exit 1
    fi
  done

  if [[ ${#to_install[@]} -gt 0 ]]; then
    echo "install-python-deps: installing ${to_install[*]}"
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
      apt-get install -y -q --no-install-recommends "${to_install[@]}"
  fi
fi

# torch in Debian calls the system libblas.so.3; make sure it resolves to OpenBLAS, not the
# single-threaded reference BLAS that would make PyTorch look several times slower than it is.
blas="$(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 2>/dev/null || true)"
echo "install-python-deps: libblas.so.3 -> ${blas:-unknown}"
case "$blas" in
  *openblas*) ;;
  *) echo "install-python-deps: warning: libblas.so.3 is not OpenBLAS;" \
          "select it with: update-alternatives --config libblas.so.3-x86_64-linux-gnu" >&2 ;;
esac

/usr/bin/python3 -c 'import torch, numpy; print("install-python-deps: torch", torch.__version__, "numpy", numpy.__version__)'

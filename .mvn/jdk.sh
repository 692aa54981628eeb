# Sourced by ./mvnw and ./run: exports JAVA_HOME pointing at a JDK >= 25.
# The machine's default java is older, and the Vector API kernels, FFM mapping and the
# build itself need 25, so every entry point chooses the JDK here instead of trusting PATH.
distilbertj_required_jdk=25

distilbertj_jdk_major() {
  # Reads the JDK's own release file (no JVM start); falls back to `java -version`.
  _v=""
  if [ -f "$1/release" ]; then
    _v=$(sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$1/release")
  fi
  if [ -z "$_v" ] && [ -x "$1/bin/java" ]; then
    _v=$("$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9][0-9]*\).*/\1/p' | head -n 1)
  fi
  echo "${_v:-0}"
}

distilbertj_find_jdk() {
  _path_java=$(command -v java 2>/dev/null || true)
  _path_home=""
  if [ -n "$_path_java" ]; then
    _path_home=$(dirname "$(dirname "$(readlink -f "$_path_java")")")
  fi
  for _c in "${DISTILBERTJ_JAVA_HOME:-}" "${JAVA_HOME:-}" "$_path_home" /usr/lib/jvm/* /opt/java/* /opt/jdk*; do
    [ -n "$_c" ] && [ -x "$_c/bin/java" ] && [ -x "$_c/bin/javac" ] || continue
    if [ "$(distilbertj_jdk_major "$_c")" -ge "$distilbertj_required_jdk" ]; then
      echo "$_c"
      return 0
    fi
  done
  return 1
}

if _jdk=$(distilbertj_find_jdk); then
  JAVA_HOME="$_jdk"
  export JAVA_HOME
  PATH="$JAVA_HOME/bin:$PATH"
  export PATH
else
  echo "DistilBERT-J needs a JDK $distilbertj_required_jdk or newer, and none was found in DISTILBERTJ_JAVA_HOME, JAVA_HOME, PATH or /usr/lib/jvm: install one (for example Temurin $distilbertj_required_jdk) or point JAVA_HOME at it." >&2
  exit 1
fi

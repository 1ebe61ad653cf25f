# shellcheck shell=bash
# Sourced (not run) by ./mvnw and bin/opensearch-node so both pick the same JDK.
# OpenSearch 3.x needs Java 21+, and the machine's default java may be older (17 here).
# Rule: keep JAVA_HOME if it is already a 21+ JDK, else take the newest 21+ JDK
# under /usr/lib/jvm, /opt/java or ~/.jdks. Nobody has to export JAVA_HOME by hand.

# Prints the major version of the JDK in $1 ("21", "25"), or nothing if its java cannot run.
java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n 1
}

# Prints the chosen JDK home. On failure prints "<$1>: no Java 21+ JDK found ..." to stderr
# and returns 1 (callers use it as `x=$(find_jdk name)`, which fails the assignment under set -e).
find_jdk() {
  local who="${1:-find-jdk}" major
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/javac" ]]; then
    major=$(java_major "$JAVA_HOME") || major=""
    if [[ "$major" =~ ^[0-9]+$ ]] && (( major >= 21 )); then
      echo "$JAVA_HOME"; return 0
    fi
  fi
  local best="" best_major=0 dir
  for dir in /usr/lib/jvm/*/ /opt/java/*/ "$HOME"/.jdks/*/; do
    dir="${dir%/}"
    # skip symlinks (Debian's java-1.17.0-openjdk-amd64 style aliases) so the real path is reported
    [[ -x "$dir/bin/javac" && ! -L "$dir" ]] || continue
    major=$(java_major "$dir") || continue
    if [[ "$major" =~ ^[0-9]+$ ]] && (( major >= 21 && major > best_major )); then
      best="$dir"; best_major=$major
    fi
  done
  if [[ -z "$best" ]]; then
    echo "$who: no Java 21+ JDK found (JAVA_HOME, /usr/lib/jvm, /opt/java, ~/.jdks)" >&2
    return 1
  fi
  echo "$best"
}

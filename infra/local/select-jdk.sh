# Sourced by ./mvnw and infra/local/run.sh: exports JAVA_HOME pointing at a JDK >= 21.
# Honours a JAVA_HOME that is new enough; else takes the newest JDK under /usr/lib/jvm.
LATCHKEY_MIN_JAVA=21

latchkey_java_major() { # feature version of the java binary $1, or 0
  local v
  v=$("$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}')
  echo "${v%%.*}" | grep -E '^[0-9]+$' || echo 0
}

latchkey_select_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] \
      && [ "$(latchkey_java_major "$JAVA_HOME/bin/java")" -ge "$LATCHKEY_MIN_JAVA" ]; then
    return 0
  fi
  local candidate best="" best_version=0 version
  for candidate in /usr/lib/jvm/*; do
    [ -x "$candidate/bin/javac" ] || continue
    version=$(latchkey_java_major "$candidate/bin/java")
    if [ "$version" -ge "$LATCHKEY_MIN_JAVA" ] && [ "$version" -gt "$best_version" ]; then
      best="$candidate"; best_version="$version"
    fi
  done
  if [ -z "$best" ]; then
    echo "Latchkey needs a JDK >= $LATCHKEY_MIN_JAVA: set JAVA_HOME to one (none found in JAVA_HOME or /usr/lib/jvm)." >&2
    return 1
  fi
  if [ -n "${JAVA_HOME:-}" ]; then
    echo "JAVA_HOME=$JAVA_HOME is older than Java $LATCHKEY_MIN_JAVA; using $best" >&2
  fi
  export JAVA_HOME="$best"
}

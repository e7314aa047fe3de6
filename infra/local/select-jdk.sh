# Sourced by ./mvnw and infra/local/run.sh: exports JAVA_HOME pointing at a JDK >= 21.
# Honours a JAVA_HOME that is new enough; else takes the newest JDK >= 21 among the usual places on Linux
# (/usr/lib/jvm), macOS (/Library/Java/JavaVirtualMachines), SDKMAN and the java on the PATH.
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
  local candidate best="" best_version=0 version on_path=""
  if command -v java >/dev/null 2>&1; then
    # the JDK home of the java on the PATH (java.home is the JDK itself since Java 9)
    on_path=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.home/ {print $2; exit}')
  fi
  for candidate in /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home \
      "${SDKMAN_CANDIDATES_DIR:-$HOME/.sdkman/candidates}"/java/* ${on_path:+"$on_path"}; do
    [ -x "$candidate/bin/javac" ] || continue
    version=$(latchkey_java_major "$candidate/bin/java")
    if [ "$version" -ge "$LATCHKEY_MIN_JAVA" ] && [ "$version" -gt "$best_version" ]; then
      best="$candidate"; best_version="$version"
    fi
  done
  if [ -z "$best" ]; then
    echo "Latchkey needs a JDK >= $LATCHKEY_MIN_JAVA: set JAVA_HOME to one (none in JAVA_HOME, on the PATH or in the usual places)." >&2
    return 1
  fi
  if [ -n "${JAVA_HOME:-}" ]; then
    echo "JAVA_HOME=$JAVA_HOME is older than Java $LATCHKEY_MIN_JAVA; using $best" >&2
  fi
  export JAVA_HOME="$best"
}

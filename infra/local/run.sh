#!/usr/bin/env bash
# Runs the whole Latchkey platform on this machine: a Kafka broker (KRaft) and an embedded
# PostgreSQL as processes (or external ones from the environment), every service, and the
# gateway on one base URL. Ctrl-C or SIGTERM stops everything it started.
#
#   infra/local/run.sh              build what is missing, start, wait until ready, run until stopped
#   infra/local/run.sh --build      rebuild the services first
#   infra/local/run.sh --smoke-test start, check one Authy call through the gateway, stop, exit 0/1
#   infra/local/run.sh --supervise  restart a process that dies (kill -9 one to see what a restart does)
#                                   instead of stopping everything, which is the default
#   LATCHKEY_REPLICAS=2 infra/local/run.sh   two instances of each service behind the gateway
#
# Configuration (environment): see README "Configuration".
set -euo pipefail

ROOT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=select-jdk.sh
. "$ROOT_DIR/infra/local/select-jdk.sh"
latchkey_select_jdk
JAVA="$JAVA_HOME/bin/java"
JAVA_MAJOR=$(latchkey_java_major "$JAVA")

STATE_DIR=${LATCHKEY_STATE_DIR:-$ROOT_DIR/.latchkey}
LOG_DIR="$STATE_DIR/logs"
HTTP_PORT=${LATCHKEY_HTTP_PORT:-8080}
POSTGRES_PORT=${LATCHKEY_POSTGRES_PORT:-54329}
KAFKA_PORT=${LATCHKEY_KAFKA_PORT:-9092}
KAFKA_CONTROLLER_PORT=${LATCHKEY_KAFKA_CONTROLLER_PORT:-9093}
DB_USER=${LATCHKEY_POSTGRES_USER:-latchkey}
DB_PASSWORD=${LATCHKEY_POSTGRES_PASSWORD:-latchkey}
READY_TIMEOUT=${LATCHKEY_READY_TIMEOUT:-180}
SERVICE_HEAP=${LATCHKEY_SERVICE_HEAP:-256m}
# more JVM options for the four services, split at spaces (docs/performance.md "Memory"), e.g. "-XX:+UseSerialGC"
read -r -a SERVICE_JAVA_OPTIONS <<< "${LATCHKEY_SERVICE_JAVA_OPTIONS:-}"
OUTBOX_FILE=${LATCHKEY_OUTBOX_FILE:-$STATE_DIR/outbox.jsonl}
AOT_DIR=$STATE_DIR/aot
KEYCLOAK_PORT=${LATCHKEY_KEYCLOAK_PORT:-8180}
KEYCLOAK_MANAGEMENT_PORT=${LATCHKEY_KEYCLOAK_MANAGEMENT_PORT:-9180}

# name:port:management port:directory of each service; health and metrics are on the management port only
SERVICES=(
  "user:${LATCHKEY_USER_SERVICE_PORT:-8081}:${LATCHKEY_USER_SERVICE_MANAGEMENT_PORT:-9081}:user-service"
  "token:${LATCHKEY_TOKEN_SERVICE_PORT:-8082}:${LATCHKEY_TOKEN_SERVICE_MANAGEMENT_PORT:-9082}:token-service"
  "push:${LATCHKEY_PUSH_SERVICE_PORT:-8083}:${LATCHKEY_PUSH_SERVICE_MANAGEMENT_PORT:-9083}:push-service"
  "notifier:${LATCHKEY_NOTIFIER_SERVICE_PORT:-8084}:${LATCHKEY_NOTIFIER_SERVICE_MANAGEMENT_PORT:-9084}:notifier-service"
)
GATEWAY_MANAGEMENT_PORT=${LATCHKEY_GATEWAY_MANAGEMENT_PORT:-9080}
CONSOLE_PORT=${LATCHKEY_CONSOLE_PORT:-8085}
CONSOLE_MANAGEMENT_PORT=${LATCHKEY_CONSOLE_MANAGEMENT_PORT:-9085}
# instances of each service behind the gateway; instance n listens on the ports above + 100 * (n - 1)
REPLICAS=${LATCHKEY_REPLICAS:-1}

# LATCHKEY_SERVICES=user,token runs a subset (default: all)
if [ -n "${LATCHKEY_SERVICES:-}" ]; then
  selected=()
  for entry in "${SERVICES[@]}"; do
    case ",$LATCHKEY_SERVICES," in *",${entry%%:*},"*) selected+=("$entry") ;; esac
  done
  SERVICES=("${selected[@]}")
fi

MODE=run
for arg in "$@"; do
  case "$arg" in
    --build) FORCE_BUILD=1 ;;
    --smoke-test) MODE=smoke ;;
    --supervise) SUPERVISE=1 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument $arg (try --help)" >&2; exit 2 ;;
  esac
done

mkdir -p "$LOG_DIR"
PIDS=()
NAMES=()
COMMANDS=() # each process's command line, quoted, so that --supervise can start it again
LOGS=()

say() { printf '[latchkey] %s\n' "$*"; }

is_infrastructure() { case "$1" in keycloak|postgres|kafka) return 0 ;; *) return 1 ;; esac; }

stop_all() {
  local i
  trap - INT TERM EXIT
  if [ ${#PIDS[@]} -gt 0 ]; then
    say "stopping ${NAMES[*]}"
    # the services and the gateway together; the identity provider, the broker and the database after them
    for i in "${!PIDS[@]}"; do
      is_infrastructure "${NAMES[$i]}" || kill -TERM "${PIDS[$i]}" 2>/dev/null || true
    done
    for i in "${!PIDS[@]}"; do
      is_infrastructure "${NAMES[$i]}" || wait "${PIDS[$i]}" 2>/dev/null || true
    done
    for ((i=${#PIDS[@]}-1; i>=0; i--)); do
      if is_infrastructure "${NAMES[$i]}"; then
        kill -TERM "${PIDS[$i]}" 2>/dev/null || true
        wait "${PIDS[$i]}" 2>/dev/null || true
      fi
    done
    say "stopped"
  fi
}
trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM
trap 'stop_all' EXIT

start_process() { # name, log file, command...
  local name=$1 log=$2; shift 2
  "$@" >"$log" 2>&1 &
  PIDS+=($!)
  NAMES+=("$name")
  COMMANDS+=("$(printf '%q ' "$@")")
  LOGS+=("$log")
}

wait_for() { # description, timeout seconds, command...
  local what=$1 timeout=$2 waited=0; shift 2
  until "$@" >/dev/null 2>&1; do
    if [ "$waited" -ge "$timeout" ]; then
      say "$what did not become ready within ${timeout}s; see $LOG_DIR"
      return 1
    fi
    if [ "$waited" -gt 0 ] && [ $((waited % 15)) -eq 0 ]; then
      say "still waiting for $what (${waited}s of at most ${timeout}s)"
    fi
    for pid in "${PIDS[@]}"; do
      if ! kill -0 "$pid" 2>/dev/null; then
        say "a process exited while waiting for $what; see $LOG_DIR"
        return 1
      fi
    done
    sleep 1; waited=$((waited + 1))
  done
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

build_if_needed() {
  local missing=0 entry dir
  for entry in "${SERVICES[@]}"; do
    dir=${entry##*:}
    [ -f "$ROOT_DIR/$dir/target/quarkus-app/quarkus-run.jar" ] || missing=1
  done
  [ -f "$ROOT_DIR/infra/gateway/target/quarkus-app/quarkus-run.jar" ] || missing=1
  [ -f "$ROOT_DIR/infra/console/target/quarkus-app/quarkus-run.jar" ] || missing=1
  [ -f "$ROOT_DIR/infra/local/target/runtime-classpath.txt" ] || missing=1
  [ -f "$ROOT_DIR/infra/local/target/keycloak/keycloak-quarkus-dist.tar.gz" ] || missing=1
  if [ "$missing" = 1 ] || [ -n "${FORCE_BUILD:-}" ]; then
    say "building (./mvnw package -DskipTests); logs in $LOG_DIR/build.log"
    (cd "$ROOT_DIR" && ./mvnw -B -ntp package -DskipTests >"$LOG_DIR/build.log" 2>&1) \
      || { say "build failed, see $LOG_DIR/build.log"; exit 1; }
  fi
  CLASSPATH_LOCAL="$ROOT_DIR/infra/local/target/classes:$(cat "$ROOT_DIR/infra/local/target/runtime-classpath.txt")"
}

start_postgres() {
  if [ -n "${LATCHKEY_POSTGRES_URL:-}" ]; then
    POSTGRES_URL=$LATCHKEY_POSTGRES_URL
    say "using PostgreSQL at $POSTGRES_URL (databases latchkey_user, latchkey_token, latchkey_push, latchkey_notifier must exist)"
    return
  fi
  POSTGRES_URL="jdbc:postgresql://localhost:$POSTGRES_PORT"
  start_process postgres "$LOG_DIR/postgres.log" "$JAVA" -Xmx128m -cp "$CLASSPATH_LOCAL" io.latchkey.local.LocalPostgres \
    "$STATE_DIR/postgres" "$POSTGRES_PORT" "$DB_USER" "$DB_PASSWORD" \
    latchkey_user latchkey_token latchkey_push latchkey_notifier
  wait_for "PostgreSQL" 120 grep -q "PostgreSQL ready" "$LOG_DIR/postgres.log"
  say "PostgreSQL on port $POSTGRES_PORT, data in $STATE_DIR/postgres"
}

start_kafka() {
  if [ -n "${KAFKA_BOOTSTRAP_SERVERS:-}" ]; then
    say "using Kafka at $KAFKA_BOOTSTRAP_SERVERS"
    return
  fi
  KAFKA_BOOTSTRAP_SERVERS="localhost:$KAFKA_PORT"
  local dir="$STATE_DIR/kafka"
  mkdir -p "$dir/data"
  cat >"$dir/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@localhost:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://localhost:$KAFKA_PORT,CONTROLLER://localhost:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://localhost:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$dir/data
num.partitions=3
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
# a single broker has no replica to fall back on: each append reaches the disk before it is acknowledged, so a
# power cut loses no event the outbox already counts as sent (docs/operations.md "Durability")
log.flush.interval.messages=1
PROPS
  if [ ! -f "$dir/data/meta.properties" ]; then
    local cluster_id
    cluster_id=$("$JAVA" -cp "$CLASSPATH_LOCAL" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n1)
    "$JAVA" -cp "$CLASSPATH_LOCAL" kafka.tools.StorageTool format -t "$cluster_id" -c "$dir/server.properties" \
      >"$LOG_DIR/kafka-format.log" 2>&1 || { say "formatting Kafka storage failed, see $LOG_DIR/kafka-format.log"; exit 1; }
  fi
  start_process kafka "$LOG_DIR/kafka.log" "$JAVA" -Xmx512m -cp "$CLASSPATH_LOCAL" kafka.Kafka "$dir/server.properties"
  wait_for "Kafka" 120 port_open "$KAFKA_PORT"
  say "Kafka on $KAFKA_BOOTSTRAP_SERVERS, data in $dir/data"
}

# The operators' identity provider: Keycloak's distribution (from Maven Central, unpacked once into the state
# dir) with the committed realm infra/local/keycloak/latchkey-realm.json, unless one is configured
# (LATCHKEY_OIDC_AUTH_SERVER_URL) or OIDC is switched off (LATCHKEY_OIDC_ENABLED=false: admin APIs answer 401).
# The operator console logs operators in at that provider as the client latchkey-console; it starts only when the
# client's secret is known (generated for the Keycloak started here, else LATCHKEY_CONSOLE_CLIENT_SECRET).
start_keycloak() {
  OIDC_ENABLED=${LATCHKEY_OIDC_ENABLED:-true}
  CONSOLE_CLIENT_SECRET=""
  if [ "$OIDC_ENABLED" != true ]; then
    OIDC_URL=""
    say "no OIDC provider (LATCHKEY_OIDC_ENABLED=$OIDC_ENABLED): the admin APIs answer 401, no console"
    return
  fi
  if [ -n "${LATCHKEY_OIDC_AUTH_SERVER_URL:-}" ]; then
    OIDC_URL=$LATCHKEY_OIDC_AUTH_SERVER_URL
    CONSOLE_CLIENT_SECRET=${LATCHKEY_CONSOLE_CLIENT_SECRET:-}
    say "using the OIDC provider at $OIDC_URL"
    [ -n "$CONSOLE_CLIENT_SECRET" ] || say "no console: set LATCHKEY_CONSOLE_CLIENT_SECRET (client latchkey-console)"
    return
  fi
  OIDC_URL="http://localhost:$KEYCLOAK_PORT/realms/latchkey"
  KEYCLOAK_ADMIN_PASSWORD=$(installation_secret LATCHKEY_KEYCLOAK_ADMIN_PASSWORD keycloak-admin-password random_api_key)
  CONSOLE_CLIENT_SECRET=$(installation_secret LATCHKEY_CONSOLE_CLIENT_SECRET console-client-secret random_api_key)
  local home="$STATE_DIR/keycloak" dist="$ROOT_DIR/infra/local/target/keycloak/keycloak-quarkus-dist.tar.gz"
  if [ ! -x "$home/bin/kc.sh" ]; then
    say "unpacking Keycloak into $home"
    mkdir -p "$home"
    tar -xzf "$dist" -C "$home" --strip-components=1
  fi
  mkdir -p "$home/data/import"
  cp "$ROOT_DIR/infra/local/keycloak/latchkey-realm.json" "$home/data/import/latchkey-realm.json"
  # Keycloak's own JVM settings: a bounded heap (its default is a share of the machine's memory)
  local kc_env=(JAVA_HOME="$JAVA_HOME" JAVA_OPTS_KC_HEAP="-Xms64m -Xmx${LATCHKEY_KEYCLOAK_HEAP:-512m}")
  # the server is built (optimised) once per unpacked distribution; later starts skip that step
  if [ ! -f "$home/.latchkey-built" ]; then
    say "preparing Keycloak once (kc.sh build; log in $LOG_DIR/keycloak-build.log)"
    env "${kc_env[@]}" "$home/bin/kc.sh" build --db=dev-file --health-enabled=true >"$LOG_DIR/keycloak-build.log" 2>&1 \
      || { say "kc.sh build failed, see $LOG_DIR/keycloak-build.log"; exit 1; }
    touch "$home/.latchkey-built"
  fi
  KEYCLOAK_STARTED_AT=$SECONDS
  # the realm file's admin password comes from the environment (Keycloak substitutes ${...} on import);
  # the same password is the master realm's first administrator (Keycloak's console)
  start_process keycloak "$LOG_DIR/keycloak.log" env "${kc_env[@]}" \
    LATCHKEY_KEYCLOAK_ADMIN_PASSWORD="$KEYCLOAK_ADMIN_PASSWORD" \
    LATCHKEY_CONSOLE_CLIENT_SECRET="$CONSOLE_CLIENT_SECRET" \
    LATCHKEY_CONSOLE_BASE_URL="${LATCHKEY_PUBLIC_BASE_URL:-http://localhost:$HTTP_PORT}" \
    KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD="$KEYCLOAK_ADMIN_PASSWORD" \
    "$home/bin/kc.sh" start --optimized --http-enabled=true --hostname-strict=false \
    --http-host=127.0.0.1 --http-port="$KEYCLOAK_PORT" --http-management-port="$KEYCLOAK_MANAGEMENT_PORT" --import-realm
}

await_keycloak() {
  [ -n "${KEYCLOAK_STARTED_AT:-}" ] || return 0
  wait_for "Keycloak" "$READY_TIMEOUT" curl -fsS "$OIDC_URL/.well-known/openid-configuration"
  say "Keycloak ready on port $KEYCLOAK_PORT, $((SECONDS - KEYCLOAK_STARTED_AT))s after it was started (realm latchkey)"
}

# A secret of this installation: from the environment, else generated once and kept in the state dir (mode 600).
installation_secret() { # env var name, file name, generator command...
  local var=$1 file="$STATE_DIR/$2"; shift 2
  if [ -n "${!var:-}" ]; then
    printf '%s' "${!var}"
    return
  fi
  if [ ! -s "$file" ]; then
    (umask 077 && "$@" >"$file")
  fi
  cat "$file"
}

random_api_key() {
  local random
  random=$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
  printf '%s' "${random:0:40}"
}

random_base64_key() { head -c 32 /dev/urandom | base64 | tr -d '\n'; }

# The master key list for secrets at rest (latchkey-crypto): id:base64, the first one seals.
random_crypto_keys() { printf 'k1:%s' "$(random_base64_key)"; }

start_services() {
  local entry name port management_port dir n instance instance_port instance_management_port
  local gateway_env=(QUARKUS_HTTP_PORT="$HTTP_PORT" QUARKUS_MANAGEMENT_PORT="$GATEWAY_MANAGEMENT_PORT")
  READY_CHECKS=()
  for entry in "${SERVICES[@]}"; do
    IFS=: read -r name port management_port dir <<<"$entry"
    local urls=()
    for ((n = 1; n <= REPLICAS; n++)); do
      instance="$name-service"; [ "$n" -eq 1 ] || instance="$name-service-$n"
      instance_port=$((port + 100 * (n - 1)))
      instance_management_port=$((management_port + 100 * (n - 1)))
      aot_cache_options "$dir" "$n"
      start_process "$instance" "$LOG_DIR/$instance.log" env \
        QUARKUS_HTTP_PORT="$instance_port" \
        QUARKUS_MANAGEMENT_PORT="$instance_management_port" \
        KAFKA_BOOTSTRAP_SERVERS="$KAFKA_BOOTSTRAP_SERVERS" \
        QUARKUS_DATASOURCE_JDBC_URL="$POSTGRES_URL/latchkey_$name" \
        QUARKUS_DATASOURCE_USERNAME="$DB_USER" \
        QUARKUS_DATASOURCE_PASSWORD="$DB_PASSWORD" \
        LATCHKEY_BOOTSTRAP_API_KEY="$BOOTSTRAP_API_KEY" \
        LATCHKEY_BOOTSTRAP_CALLBACK_URL="${LATCHKEY_BOOTSTRAP_CALLBACK_URL:-}" \
        LATCHKEY_OUTBOX_FILE="$OUTBOX_FILE" \
        LATCHKEY_NOTIFIER_PROVIDER="${LATCHKEY_NOTIFIER_PROVIDER:-local}" \
        LATCHKEY_CODE_HMAC_KEY="$CODE_HMAC_KEY" \
        LATCHKEY_CRYPTO_KEYS="$CRYPTO_KEYS" \
        LATCHKEY_PUBLIC_BASE_URL="${LATCHKEY_PUBLIC_BASE_URL:-http://localhost:$HTTP_PORT}" \
        LATCHKEY_CRYPTO_ACTIVE_KEY_ID="${LATCHKEY_CRYPTO_ACTIVE_KEY_ID:-}" \
        LATCHKEY_OUTBOUND_ALLOW_PRIVATE_NETWORKS="${LATCHKEY_OUTBOUND_ALLOW_PRIVATE_NETWORKS:-true}" \
        LATCHKEY_OIDC_ENABLED="$OIDC_ENABLED" \
        LATCHKEY_OIDC_AUTH_SERVER_URL="$OIDC_URL" \
        LATCHKEY_OIDC_CLIENT_ID="${LATCHKEY_OIDC_CLIENT_ID:-latchkey}" \
        "$JAVA" "-Xmx$SERVICE_HEAP" ${SERVICE_JAVA_OPTIONS[@]+"${SERVICE_JAVA_OPTIONS[@]}"} \
        ${AOT_OPTIONS[@]+"${AOT_OPTIONS[@]}"} -jar "$ROOT_DIR/$dir/target/quarkus-app/quarkus-run.jar"
      urls+=("http://localhost:$instance_port")
      READY_CHECKS+=("$instance:$instance_port:$instance_management_port")
    done
    gateway_env+=("LATCHKEY_$(echo "$name" | tr '[:lower:]' '[:upper:]')_SERVICE_URL=$(IFS=,; echo "${urls[*]}")")
  done
  if [ -n "$CONSOLE_CLIENT_SECRET" ]; then
    gateway_env+=("LATCHKEY_CONSOLE_URL=http://localhost:$CONSOLE_PORT")
    aot_cache_options infra/console 1
    start_process console "$LOG_DIR/console.log" env \
      QUARKUS_HTTP_PORT="$CONSOLE_PORT" \
      QUARKUS_MANAGEMENT_PORT="$CONSOLE_MANAGEMENT_PORT" \
      LATCHKEY_OIDC_ENABLED="$OIDC_ENABLED" \
      LATCHKEY_OIDC_AUTH_SERVER_URL="$OIDC_URL" \
      LATCHKEY_CONSOLE_CLIENT_ID="${LATCHKEY_CONSOLE_CLIENT_ID:-latchkey-console}" \
      LATCHKEY_CONSOLE_CLIENT_SECRET="$CONSOLE_CLIENT_SECRET" \
      LATCHKEY_CONSOLE_API_URL="http://localhost:$HTTP_PORT" \
      "$JAVA" -Xmx128m ${AOT_OPTIONS[@]+"${AOT_OPTIONS[@]}"} -jar "$ROOT_DIR/infra/console/target/quarkus-app/quarkus-run.jar"
    READY_CHECKS+=("console:$CONSOLE_PORT:$CONSOLE_MANAGEMENT_PORT")
  fi
  aot_cache_options infra/gateway 1
  start_process gateway "$LOG_DIR/gateway.log" env "${gateway_env[@]}" \
    "$JAVA" -Xmx128m ${AOT_OPTIONS[@]+"${AOT_OPTIONS[@]}"} -jar "$ROOT_DIR/infra/gateway/target/quarkus-app/quarkus-run.jar"

  for entry in "${READY_CHECKS[@]}"; do
    IFS=: read -r instance instance_port instance_management_port <<<"$entry"
    wait_for "$instance" "$READY_TIMEOUT" curl -fsS "http://localhost:$instance_management_port/q/health/ready"
    say "$instance ready on port $instance_port (health and metrics on $instance_management_port)"
  done
  wait_for "gateway" "$READY_TIMEOUT" curl -fsS "http://localhost:$GATEWAY_MANAGEMENT_PORT/q/health/ready"
}

# JDK 25's AOT cache (JEP 483/514): a JVM started with -XX:AOTCacheOutput records what it loads and links and
# writes the cache when it exits; later starts map it (-XX:AOTCache) and start in about half the time
# (docs/performance.md "Start-up"). One cache per build of a module, named after a checksum of its jars (the JVM
# refuses, with a warning, a cache whose class path changed, and starts without it); recording a new one removes
# the module's older ones. Only the first instance of a module records. LATCHKEY_AOT_CACHE=off, or a JDK before
# 25, starts without one.
aot_cache_options() { # module directory, instance number; sets AOT_OPTIONS
  local app="$ROOT_DIR/$1/target/quarkus-app" build cache
  AOT_OPTIONS=()
  [ "${LATCHKEY_AOT_CACHE:-on}" != off ] && [ "$JAVA_MAJOR" -ge 25 ] || return 0
  build=$(cd "$app" && find . -type f \( -name '*.jar' -o -name '*.dat' \) -exec cksum {} + | sort | cksum | cut -d' ' -f1)
  cache="$AOT_DIR/$(basename "$1")-$build.aot"
  if [ -f "$cache" ]; then
    AOT_OPTIONS=("-XX:AOTCache=$cache")
  elif [ "$2" -eq 1 ] && [ "$MODE" != smoke ]; then # a smoke test stops at once: not worth a recording
    mkdir -p "$AOT_DIR"
    rm -f "$AOT_DIR/$(basename "$1")"-*.aot
    AOT_OPTIONS=("-XX:AOTCacheOutput=$cache")
  fi
}

sms_count() { # grep -c prints 0 for a file without matches, nothing for a missing file
  if [ -f "$OUTBOX_FILE" ]; then grep -c '"to":"+17754615609"' "$OUTBOX_FILE" || true; else echo 0; fi
}
more_sms_than() { [ "$(sms_count)" -gt "$1" ]; }

# An operator logs in to the console as a browser would: the console sends them to Keycloak's login form, the form
# sends them back with a code, and the page they asked for lists the applications (through the gateway throughout).
console_smoke_test() { # base URL
  local jar="$STATE_DIR/console-cookies.txt" page action
  [ -n "$CONSOLE_CLIENT_SECRET" ] || return 0
  rm -f "$jar"
  page=$(curl -fsS -L -c "$jar" -b "$jar" "$1/console/applications")
  action=$(printf '%s' "$page" | grep -o 'action="[^"]*"' | head -n1 | sed -E 's/action="([^"]*)"/\1/; s/&amp;/\&/g')
  [ -n "$action" ] || { say "the console did not lead to the identity provider's login form"; return 1; }
  page=$(curl -fsS -L -c "$jar" -b "$jar" --data-urlencode username=admin \
    --data-urlencode "password=$KEYCLOAK_ADMIN_PASSWORD" "$action")
  printf '%s' "$page" | grep -q '<h1>Applications</h1>' \
    || { say "after the login the console did not show the applications"; return 1; }
  printf '%s' "$page" | grep -q '>Smoke test</a>' \
    || { say "the console does not list the application just created"; return 1; }
  rm -f "$jar"
  echo "an operator logged in to the console through Keycloak and saw the applications"
}

smoke_test() {
  local base="http://localhost:$HTTP_PORT" key_header="X-Authy-API-Key: $BOOTSTRAP_API_KEY"
  # the bootstrap application reaches every service through Kafka; its key then works through the gateway
  wait_for "the bootstrap application" 60 curl -fsS -H "$key_header" "$base/protected/json/app/details"
  curl -fsS -H "$key_header" "$base/protected/json/app/details"; echo
  # across services: token-service -> deliveries.requested -> notifier-service -> outbox file; the code then checks
  local sent_before
  sent_before=$(sms_count)
  wait_for "token-service to know the application" 60 curl -fsS -H "$key_header" \
    -d via=sms -d country_code=1 -d phone_number=775-461-5609 "$base/protected/json/phones/verification/start"
  wait_for "the SMS in $OUTBOX_FILE" 60 more_sms_than "$sent_before"
  local code
  # the last run of 4-10 digits in the newest message to that number, whatever the template's wording
  code=$(grep '"to":"+17754615609"' "$OUTBOX_FILE" | tail -n1 | sed -E 's/.*"text":"([^"]*)".*/\1/' | grep -oE '[0-9]{4,10}' | tail -n1)
  curl -fsS -H "$key_header" \
    "$base/protected/json/phones/verification/check?country_code=1&phone_number=7754615609&verification_code=$code"
  echo
  # the users API: a user created through the gateway, then its status
  local user_id
  user_id=$(curl -fsS -H "$key_header" -d 'user[email]=smoke@example.com' -d 'user[cellphone]=775-461-5609' \
    -d 'user[country_code]=1' -d send_install_link_via_sms=false "$base/protected/json/users/new" \
    | sed -E 's/.*"id":([0-9]+).*/\1/')
  curl -fsS -H "$key_header" "$base/protected/json/users/$user_id/status" | grep -q '"phone_number":"XXX-XXX-5609"'
  echo "user $user_id created and its status read"
  # user-service -> users -> token-service: an SMS code for that user, read from the outbox file, verifies once
  sent_before=$(sms_count)
  # at once, as an integration calls: the 200 of users/new means token-service knows the user (read your writes)
  curl -fsS -H "$key_header" "$base/protected/json/sms/$user_id?force=true" >/dev/null
  wait_for "the OTP SMS in $OUTBOX_FILE" 60 more_sms_than "$sent_before"
  code=$(grep '"to":"+17754615609"' "$OUTBOX_FILE" | tail -n1 | sed -E 's/.*"text":"([^"]*)".*/\1/' | grep -oE '[0-9]{6,8}' | tail -n1)
  curl -fsS -H "$key_header" "$base/protected/json/verify/$code/$user_id?force=true" | grep -q '"message":"Token is valid."'
  echo "SMS code for user $user_id verified"
  if [ -n "${KEYCLOAK_STARTED_AT:-}" ]; then
    # operators: a token from the identity provider (the README's one-liner) creates an application whose key works
    local token app_key
    token=$(LATCHKEY_STATE_DIR="$STATE_DIR" LATCHKEY_KEYCLOAK_ADMIN_PASSWORD="$KEYCLOAK_ADMIN_PASSWORD" \
      LATCHKEY_KEYCLOAK_PORT="$KEYCLOAK_PORT" "$ROOT_DIR/infra/local/admin-token.sh")
    app_key=$(curl -fsS -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
      -d '{"name":"Smoke test"}' "$base/admin/applications" | sed -E 's/.*"api_key":"([^"]+)".*/\1/')
    curl -fsS -H "X-Authy-API-Key: $app_key" "$base/protected/json/app/details" | grep -q '"name":"Smoke test"'
    echo "an application created through the admin API with a token from Keycloak answers with its own key"
    console_smoke_test "$base"
  fi
  say "smoke test passed"
}

build_if_needed
start_keycloak
start_postgres
start_kafka
BOOTSTRAP_API_KEY=$(installation_secret LATCHKEY_BOOTSTRAP_API_KEY bootstrap-api-key random_api_key)
CODE_HMAC_KEY=$(installation_secret LATCHKEY_CODE_HMAC_KEY code-hmac-key random_base64_key)
CRYPTO_KEYS=$(installation_secret LATCHKEY_CRYPTO_KEYS crypto-keys random_crypto_keys)
start_services
await_keycloak

if [ -n "${KEYCLOAK_STARTED_AT:-}" ]; then
  OPERATORS="Operators (console, admin APIs):         http://localhost:$HTTP_PORT/console, user admin, password $KEYCLOAK_ADMIN_PASSWORD
                                             (kept in $STATE_DIR/keycloak-admin-password; a token: infra/local/admin-token.sh)"
elif [ -n "$OIDC_URL" ]; then
  OPERATORS="Operators (admin APIs):                  tokens from $OIDC_URL"
else
  OPERATORS="Operators (admin APIs):                  none (LATCHKEY_OIDC_ENABLED=false)"
fi

cat <<INFO

  Latchkey is running.
    Base URL (give it to your Authy client): http://localhost:$HTTP_PORT
    API key of the bootstrap application:    $BOOTSTRAP_API_KEY  (kept in $STATE_DIR/bootstrap-api-key)
    Messages that would go by SMS/voice:     $OUTBOX_FILE
    $OPERATORS
    Logs:                                    $LOG_DIR/{keycloak,postgres,kafka,user-service,token-service,push-service,notifier-service,gateway,console}.log
  Stop with Ctrl-C (or SIGTERM to this script, pid $$).

INFO

if [ "$MODE" = smoke ]; then
  smoke_test
  exit 0
fi

# run until stopped; if any process dies, stop the rest rather than leave a half platform, or, with
# --supervise, start it again with the same command, port and data, as an orchestrator would
while true; do
  for i in "${!PIDS[@]}"; do
    if ! kill -0 "${PIDS[$i]}" 2>/dev/null; then
      if [ -z "${SUPERVISE:-}" ]; then
        say "${NAMES[$i]} exited; see ${LOGS[$i]}"
        exit 1
      fi
      say "${NAMES[$i]} exited; starting it again (log appended to ${LOGS[$i]})"
      eval "${COMMANDS[$i]}" >>"${LOGS[$i]}" 2>&1 &
      PIDS[$i]=$!
    fi
  done
  sleep 2
done

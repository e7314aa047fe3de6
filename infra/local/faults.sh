#!/usr/bin/env bash
# The fault matrix (docs/operations.md "Fault matrix"): starts the platform (the packaged services, the
# gateway and a Kafka broker as processes, an embedded PostgreSQL) and, for each fault (kill -9 of each
# service in turn, the broker stopped and killed, PostgreSQL restarted), drives users/new, sms, verify,
# phone verifications and approval requests through the gateway, heals the fault and checks the
# invariants. Prints one line per scenario and "N passed, N failed"; exits 0 only when all pass.
#
#   infra/local/faults.sh           every fault, 40 s of traffic each (about 15 minutes with 2 vCPUs)
#   infra/local/faults.sh --short   the three faults CI runs, 12 s each
set -euo pipefail

ROOT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
MODE=full
case "${1:-}" in
  --short) MODE=short ;;
  "") ;;
  -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "faults.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
esac

cd "$ROOT_DIR"
echo "[faults] packaging the services (./mvnw install -DskipTests)"
./mvnw -B -ntp -q install -DskipTests
echo "[faults] running the $MODE matrix; logs in infra/system-tests/target/system-logs/"
set +e
./mvnw -B -ntp verify -pl infra/system-tests -Dtest=FaultMatrixTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dlatchkey.faults="$MODE" | tee infra/system-tests/target/faults.log | grep -E '^(PASS|FAIL) |[0-9]+ passed, [0-9]+ failed'
status=${PIPESTATUS[0]}
exit "$status"

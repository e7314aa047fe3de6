#!/usr/bin/env bash
# Lists and replays the platform's dead letters through the admin API (docs/events.md "Dead letters").
#
#   infra/local/dead-letters.sh list [TOPIC]     newest first; TOPIC e.g. users.dead-letter (default: all)
#   infra/local/dead-letters.sh replay ID        ID as listed: TOPIC/PARTITION/OFFSET
#
# Environment: LATCHKEY_BASE_URL (default http://localhost:8080, the gateway of infra/local/run.sh) and
# LATCHKEY_ADMIN_TOKEN, an OIDC access token with the latchkey-admin role.
set -euo pipefail

BASE_URL=${LATCHKEY_BASE_URL:-http://localhost:8080}
usage() { sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
[ -n "${LATCHKEY_ADMIN_TOKEN:-}" ] || { echo "dead-letters.sh: set LATCHKEY_ADMIN_TOKEN (an admin access token)" >&2; exit 2; }
auth=(-H "Authorization: Bearer $LATCHKEY_ADMIN_TOKEN")

case "${1:-}" in
  list)
    query="limit=${LATCHKEY_LIMIT:-100}"
    [ -n "${2:-}" ] && query="$query&topic=$2"
    curl -fsS "${auth[@]}" "$BASE_URL/admin/dead-letters?$query"
    echo ;;
  replay)
    [ -n "${2:-}" ] || usage
    curl -fsS -X POST "${auth[@]}" "$BASE_URL/admin/dead-letters/$2/replay"
    echo ;;
  *) usage ;;
esac

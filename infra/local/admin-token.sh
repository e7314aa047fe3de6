#!/usr/bin/env bash
# Prints an operator's access token (roles latchkey-admin, -operator, -viewer) from the identity provider
# that infra/local/run.sh started, for the admin APIs:
#
#   ADMIN_TOKEN=$(infra/local/admin-token.sh)
#   curl -H "Authorization: Bearer $ADMIN_TOKEN" http://localhost:8080/admin/applications
#
# The token lives 5 minutes (the realm's setting); ask again when it has expired.
set -euo pipefail
ROOT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
STATE_DIR=${LATCHKEY_STATE_DIR:-$ROOT_DIR/.latchkey}
PASSWORD=${LATCHKEY_KEYCLOAK_ADMIN_PASSWORD:-$(cat "$STATE_DIR/keycloak-admin-password")}
curl -fsS -d grant_type=password -d client_id=latchkey-cli -d username=admin --data-urlencode "password=$PASSWORD" \
  "http://localhost:${LATCHKEY_KEYCLOAK_PORT:-8180}/realms/latchkey/protocol/openid-connect/token" \
  | sed -E 's/.*"access_token":"([^"]+)".*/\1/'

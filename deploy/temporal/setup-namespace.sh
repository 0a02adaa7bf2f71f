#!/bin/sh
# Creates the namespace and registers the search attributes that agreementWorkflow upserts
# (an unregistered one fails the workflow task). Idempotent: runs on every `up`.
# Reads TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_RETENTION and SEARCH_ATTRIBUTES
# ("Name=Type ..."; the list in src/infra/search-attributes.ts).
set -eu

ns=${TEMPORAL_NAMESPACE:-default}

# A new namespace takes a few seconds to reach every service's cache: retry, then give up.
retry() {
  n=0
  until "$@"; do
    n=$((n + 1))
    [ "$n" -lt 30 ] || { echo "giving up: $*" >&2; return 1; }
    sleep 2
  done
}

retry temporal operator cluster health
temporal operator namespace describe --namespace "$ns" >/dev/null 2>&1 ||
  retry temporal operator namespace create --namespace "$ns" \
    --retention "${TEMPORAL_RETENTION:-720h}"

for pair in $SEARCH_ATTRIBUTES; do
  name=${pair%%=*}
  type=${pair#*=}
  if temporal operator search-attribute list --namespace "$ns" | grep -qw "$name"; then
    echo "search attribute $name already registered"
    continue
  fi
  retry temporal operator search-attribute create --namespace "$ns" \
    --name "$name" --type "$type"
done
echo "namespace $ns is ready"

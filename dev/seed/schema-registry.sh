#!/bin/sh
# Two Avro subjects (one with two compatible versions) and a per-subject compatibility level.
# Registering an identical schema again returns the existing id, so re-runs are harmless.
set -eu
SR="${SCHEMA_REGISTRY_URL:?}"
CT="Content-Type: application/vnd.schemaregistry.v1+json"

register() { # subject escaped-avro-schema
  curl -fsS -X POST -H "$CT" --data "{\"schema\": \"$2\"}" "$SR/subjects/$1/versions"
  echo
}

register orders-value \
  '{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"demo\",\"fields\":[{\"name\":\"id\",\"type\":\"long\"},{\"name\":\"amount\",\"type\":\"int\"}]}'
register orders-value \
  '{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"demo\",\"fields\":[{\"name\":\"id\",\"type\":\"long\"},{\"name\":\"amount\",\"type\":\"int\"},{\"name\":\"currency\",\"type\":\"string\",\"default\":\"EUR\"}]}'
register customers-value \
  '{\"type\":\"record\",\"name\":\"Customer\",\"namespace\":\"demo\",\"fields\":[{\"name\":\"id\",\"type\":\"long\"},{\"name\":\"rev\",\"type\":\"int\"}]}'
register customers-key '\"string\"'

curl -fsS -X PUT -H "$CT" --data '{"compatibility": "FULL"}' "$SR/config/customers-value"
echo
curl -fsS "$SR/subjects"
echo
echo "schema registry seed done"

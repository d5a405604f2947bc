#!/bin/sh
# The artifact bucket the worker writes to (KCRAWLER_S3_BUCKET).
set -eu
mc alias set local http://minio:9000 "${MINIO_ROOT_USER:?}" "${MINIO_ROOT_PASSWORD:?}"
mc mb --ignore-existing "local/${BUCKET:?}"
echo "minio seed done"

#!/bin/bash
# Demo topics (one compacted), records, and consumer groups with committed offsets and lag.
# Idempotent: re-running it leaves the same topics and groups.
set -euo pipefail
BIN=/opt/kafka/bin
B="${BOOTSTRAP:?}"

topic() { # name partitions [extra kafka-topics args]
  local name=$1 partitions=$2
  shift 2
  "$BIN/kafka-topics.sh" --bootstrap-server "$B" --create --if-not-exists \
    --topic "$name" --partitions "$partitions" --replication-factor 1 "$@"
}

topic orders 3 --config retention.ms=604800000
topic payments 2
topic customers 1 --config cleanup.policy=compact --config min.cleanable.dirty.ratio=0.1
topic audit.log 1 --config retention.bytes=104857600

# Only produce once, so offsets and lag stay the same across re-runs.
if [ "$("$BIN/kafka-get-offsets.sh" --bootstrap-server "$B" --topic orders | awk -F: '{s+=$3} END {print s+0}')" -eq 0 ]; then
  seq 1 300 | awk '{printf "order-%d:{\"id\":%d,\"amount\":%d}\n", $1 % 50, $1, $1 * 3}' |
    "$BIN/kafka-console-producer.sh" --bootstrap-server "$B" --topic orders \
      --property parse.key=true --property key.separator=:
  seq 1 120 | awk '{printf "{\"payment\":%d}\n", $1}' |
    "$BIN/kafka-console-producer.sh" --bootstrap-server "$B" --topic payments
  # Same keys written twice: compaction keeps the latest value per customer.
  for round in 1 2; do
    seq 1 40 | awk -v r="$round" '{printf "customer-%d:{\"id\":%d,\"rev\":%d}\n", $1, $1, r}' |
      "$BIN/kafka-console-producer.sh" --bootstrap-server "$B" --topic customers \
        --property parse.key=true --property key.separator=:
  done
fi

# A group that has read everything (no lag).
"$BIN/kafka-console-consumer.sh" --bootstrap-server "$B" --topic payments --group billing \
  --from-beginning --timeout-ms 10000 > /dev/null || true

# A group with committed offsets behind the end (lag): commit, then move back 50 per partition.
"$BIN/kafka-console-consumer.sh" --bootstrap-server "$B" --topic orders --group order-analytics \
  --from-beginning --timeout-ms 10000 > /dev/null || true
"$BIN/kafka-consumer-groups.sh" --bootstrap-server "$B" --group order-analytics \
  --topic orders --reset-offsets --shift-by -50 --execute

# A group with offsets on two topics, committed without consuming: all of customers behind,
# orders caught up.
"$BIN/kafka-consumer-groups.sh" --bootstrap-server "$B" --group customer-sync \
  --topic customers --reset-offsets --to-earliest --execute
"$BIN/kafka-consumer-groups.sh" --bootstrap-server "$B" --group customer-sync \
  --topic orders --reset-offsets --to-latest --execute

"$BIN/kafka-consumer-groups.sh" --bootstrap-server "$B" --describe --all-groups
echo "kafka seed done"

#!/bin/sh
# The demo Kafka credential, read by the worker through a vault: reference such as
# vault:secret/kafka#password. The local broker is PLAINTEXT: this exercises the lookup only.
set -eu
vault kv put secret/kafka username=kcrawler password=kcrawler-demo-password
vault kv put secret/schema-registry username=kcrawler password=kcrawler-demo-sr-password
vault kv get secret/kafka > /dev/null
echo "vault seed done"

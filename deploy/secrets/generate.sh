#!/usr/bin/env bash
# Makes the secrets deploy/docker-compose.yml and deploy/node/docker-compose.yml mount (run it
# once, as root, from anywhere): random tokens and keys, Kafka's TLS key (a self-signed
# certificate for KAFKA_EXTERNAL_HOST) and SASL users, and for the nodes the gateway's properties
# and the certificate to trust. Existing files are kept: delete one to make it again.
# Each file is readable only by the user its container runs as (10001 for Switchboard's images
# and Kamailio, 472 for Grafana, 1000 for Kafka).
set -euo pipefail
umask 077
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
[ -f ../.env ] && set -a && . ../.env && set +a
host="${KAFKA_EXTERNAL_HOST:?set KAFKA_EXTERNAL_HOST in deploy/.env (the name the nodes reach Kafka by)}"
port="${KAFKA_EXTERNAL_PORT:-9094}"

random() { openssl rand -base64 "${1:-32}" | tr -d '\n'; }
token() { openssl rand -hex 24; }
make() { # make FILE CONTENT: writes FILE atomically unless it exists
  [ -e "$1" ] && { echo "kept $1"; return; }
  printf '%s\n' "$2" > "$1.tmp" && mv "$1.tmp" "$1" && echo "made $1"
}
owner() { [ "$(id -u)" = 0 ] && chown -R "$1" "$2" || true; }

admin_token="$(token)"
seal_key="$(random 32)"
registrar_secret="$(token)"
gateway_password="$(token)"

make balancer-service.properties "BALANCER_SECRET=$(token)
BALANCER_STATE_KEY=$(random 32)
ADMIN_TOKEN=$admin_token"
make registration-service.properties "REGISTRAR_SECRET=$registrar_secret
COMMAND_SEAL_KEY=$seal_key
ADMIN_TOKEN=$admin_token"
make provisioning-service.properties "ADMIN_TOKEN=$admin_token"
# Kamailio's auth_ephemeral secret must be the registration service's REGISTRAR_SECRET.
registrar_secret="$(sed -n 's/^REGISTRAR_SECRET=//p' registration-service.properties)"
make registrar-secret.cfg "#!define AUTH_SECRET \"$registrar_secret\""
make grafana-admin-password "$(token)"

mkdir -p kafka node
if [ ! -e kafka/kafka.keystore.p12 ]; then
  keystore_password="$(token)"
  openssl req -x509 -newkey rsa:3072 -sha256 -days 825 -nodes -subj "/CN=$host" \
    -addext "subjectAltName=DNS:$host" -keyout kafka/key.pem -out kafka/cert.pem 2>/dev/null
  openssl pkcs12 -export -name kafka -inkey kafka/key.pem -in kafka/cert.pem \
    -out kafka/kafka.keystore.p12 -passout "pass:$keystore_password"
  printf '%s' "$keystore_password" > kafka/keystore_password
  cp kafka/cert.pem node/kafka-ca.pem
  rm kafka/key.pem
  echo "made kafka/kafka.keystore.p12 for $host and node/kafka-ca.pem"
fi
make kafka/broker_jaas.conf "KafkaServer {
  org.apache.kafka.common.security.plain.PlainLoginModule required
  user_gateway=\"$gateway_password\";
};"
gateway_password="$(sed -n 's/.*user_gateway="\(.*\)";/\1/p' kafka/broker_jaas.conf)"
seal_key="$(sed -n 's/^COMMAND_SEAL_KEY=//p' registration-service.properties)"
# Copy node/ to every FreeSWITCH node (deploy/node/secrets/), then set ESL_URL there.
make node/esl-gateway.properties "ESL_URL=fs://CHANGE-ME-FSESL_PASSWORD@10.7.7.1:8021
KAFKA_SASL_JAAS_CONFIG=org.apache.kafka.common.security.plain.PlainLoginModule required username=\"gateway\" password=\"$gateway_password\";
COMMAND_SEAL_KEY=$seal_key
ADMIN_TOKEN=$(token)"

owner 10001:10001 balancer-service.properties
owner 10001:10001 registration-service.properties
owner 10001:10001 provisioning-service.properties
owner 10001:10001 registrar-secret.cfg
owner 472:472 grafana-admin-password
owner 1000:1000 kafka
owner 10001:10001 node
chmod 0644 node/kafka-ca.pem 2>/dev/null || true
[ "$(id -u)" = 0 ] || echo "not root: give each file to the user its container runs as (see the top of $0)"
echo "Kafka for the nodes: SASL_SSL://$host:$port, user gateway"

#!/usr/bin/env bash
# Does the gateway survive one big MQTT message? (docs/BENCHMARKS.md, "The largest MQTT message")
#
#   docs/bench/largest-message.sh JAR VERSION MEGABYTES [MAX_MESSAGE_BYTES]
#
# Runs JAR (e.g. app/target/rivulet.jar) with the systemd unit's JVM flags (RIVULET_JAVA_OPTS from
# systemd/rivulet.service: -Xmx48m ...), an MQTT source on a mosquitto of its own with no size limit and a
# persistent session (MQTT VERSION: 5 or 3.1.1), publishes a valid reading, one message of MEGABYTES MB at
# QoS 1 (mosquitto_pub -f), then another valid reading, and prints one line: whether the gateway was still up
# 20 s later and had both valid readings. MAX_MESSAGE_BYTES sets sources.doors.max-message-bytes (a jar
# older than that key refuses it: leave it out there). Needs mosquitto, mosquitto_pub, curl and python3.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
jar=$(realpath "$1")
version=$2
megabytes=$3
limit=${4:-}

java_opts=$(sed -n 's/^Environment="RIVULET_JAVA_OPTS=\(.*\)"$/\1/p' "$here/systemd/rivulet.service")
work=$(mktemp -d)
mosquitto_pid=
gateway_pid=
cleanup() {
  if [ -n "$gateway_pid" ]; then kill -9 "$gateway_pid" 2>/dev/null || true; fi
  if [ -n "$mosquitto_pid" ]; then kill "$mosquitto_pid" 2>/dev/null || true; fi
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
broker_port=$(free_port)
status_port=$(free_port)

cat >"$work/mosquitto.conf" <<CONF
listener $broker_port 127.0.0.1
allow_anonymous true
persistence true
persistence_location $work/
max_queued_messages 100000
user $(id -un)
CONF
mosquitto_bin=$(command -v mosquitto || echo /usr/sbin/mosquitto)
"$mosquitto_bin" -c "$work/mosquitto.conf" >"$work/mosquitto.log" 2>&1 &
mosquitto_pid=$!

cat >"$work/rivulet.yaml" <<YAML
gateway: {id: bench}
batch: {interval: 500ms}
storage: {directory: '$work/state'}
status: {address: 127.0.0.1, port: $status_port}
brokers:
  local: {url: 'tcp://127.0.0.1:$broker_port', version: $version, client-id: rivulet-bench}
sources:
  doors:
    type: mqtt
    broker: local
    topics: [buses/door]
    qos: 1
${limit:+    max-message-bytes: $limit}
    decoder: {format: json, key: bus, fields: [in, out]}
pipelines:
  occupancy: {type: bus-occupancy, source: doors, capacity: 60}
YAML

# shellcheck disable=SC2086
java $java_opts -Dorg.sqlite.tmpdir="$work" -jar "$jar" run --config "$work/rivulet.yaml" >"$work/gateway.log" 2>&1 &
gateway_pid=$!

records() { curl -sf "http://127.0.0.1:$status_port/api/status" | python3 -c 'import json,sys; print(json.load(sys.stdin)["metrics"]["recordsIn"])' 2>/dev/null || echo -1; }
for _ in $(seq 600); do
  curl -sf "http://127.0.0.1:$status_port/health" >/dev/null 2>&1 && break
  kill -0 "$gateway_pid" 2>/dev/null || { echo "the gateway did not start:"; cat "$work/gateway.log"; exit 1; }
  sleep 0.1
done

pub() { mosquitto_pub -h 127.0.0.1 -p "$broker_port" -q 1 -t buses/door "$@"; }
pub -m '{"bus":"bus-1","in":3,"out":0}'
head -c $((megabytes * 1024 * 1024)) /dev/zero | tr '\0' 'x' >"$work/big"
pub -f "$work/big"
pub -m '{"bus":"bus-1","in":0,"out":1}'

outcome=
for _ in $(seq 200); do
  if ! kill -0 "$gateway_pid" 2>/dev/null; then
    wait "$gateway_pid" && status=0 || status=$?
    gateway_pid=
    outcome="died (exit status $status$(grep -q OutOfMemoryError "$work/gateway.log" && echo ', OutOfMemoryError'))"
    break
  fi
  sleep 0.1
done
if [ -z "$outcome" ]; then
  outcome="survived, $(records) valid readings in (of 2)"
fi
printf 'MQTT %s, %s MB message, max-message-bytes %s: %s\n' "$version" "$megabytes" "${limit:-default}" "$outcome"
grep -h "WARN\|ERROR\|OutOfMemory\|Terminating" "$work/gateway.log" | head -5 | sed 's/^/    /'

#!/usr/bin/env bash
# A backlog of large messages, each within max-message-bytes, after an outage (docs/BENCHMARKS.md, "A backlog
# of large messages").
#
#   docs/bench/large-backlog.sh JAR [MESSAGES] [BYTES] [MQTT_VERSION]
#
# Starts a mosquitto of its own (max_queued_messages raised, max_inflight_messages 1000 for a 3.1.1 client), runs
# the gateway once with the unit's JVM flags so that its persistent session exists, stops it, publishes MESSAGES
# (default 10,000) JSON door readings padded to about BYTES (default 60,000; the default max-message-bytes is
# 65,536) at QoS 1 with mosquitto_pub -l, then starts the gateway again and prints, each second, the readings it
# counted (/metrics) and its VmHWM, until it has them all, exits, or 120 s pass. Needs mosquitto, mosquitto_pub,
# curl and python3.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
jar=$(realpath "$1")
messages=${2:-10000}
bytes=${3:-60000}
version=${4:-5}
work=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port=$(free_port)
status=$(free_port)
cat >"$work/mosquitto.conf" <<CONF
listener $port 127.0.0.1
allow_anonymous true
persistence false
max_queued_messages 1000000
max_inflight_messages 1000
CONF
/usr/sbin/mosquitto -c "$work/mosquitto.conf" >"$work/mosquitto.log" 2>&1 & pids+=("$!")
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
cat >"$work/rivulet.yaml" <<YAML
gateway: {id: large-backlog}
batch: {interval: 1s}
storage: {directory: '$work/state'}
status: {address: 127.0.0.1, port: $status}
brokers:
  local: {url: 'tcp://127.0.0.1:$port', client-id: large-backlog, version: '$version'}
sources:
  doors:
    type: mqtt
    broker: local
    topics: ['doors/#']
    qos: 1
    decoder: {format: json, key: bus, fields: [in, out]}
pipelines:
  occupancy: {type: bus-occupancy, source: doors, capacity: 60}
YAML
java_opts=$(sed -n 's/^Environment="RIVULET_JAVA_OPTS=\(.*\)"$/\1/p' "$here/systemd/rivulet.service" \
  | sed "s|-Dorg.sqlite.tmpdir=[^ ]*|-Dorg.sqlite.tmpdir=$work|")
metric() { curl -s --max-time 2 "http://127.0.0.1:$status/metrics" 2>/dev/null | sed -n "s/^$1 \\([0-9]*\\)\$/\\1/p"; }
gateway() {
  # shellcheck disable=SC2086 # the unit's flags are words
  java $java_opts -jar "$jar" run --config "$work/rivulet.yaml" >>"$work/gateway.log" 2>&1 &
  gateway_pid=$!
  pids+=("$gateway_pid")
}

gateway
until [ "$(metric rivulet_ready)" = 1 ]; do kill -0 "$gateway_pid" || { tail "$work/gateway.log"; exit 1; }; sleep 0.2; done
kill "$gateway_pid"; wait "$gateway_pid" || true
python3 - "$messages" "$bytes" >"$work/backlog.txt" <<'PY'
import sys
n, size = int(sys.argv[1]), int(sys.argv[2])
pad = "x" * size
for i in range(n):
    print('{"bus":"b%d","in":1,"out":0,"note":"%s"}' % (i % 40, pad))
PY
mosquitto_pub -p "$port" -q 1 -t doors/x -l <"$work/backlog.txt"
echo "published $messages messages of about $bytes bytes (MQTT $version); the gateway with: $java_opts"
start=$(date +%s%3N)
gateway
for second in $(seq 120); do
  sleep 1
  if ! kill -0 "$gateway_pid" 2>/dev/null; then
    status_code=0; wait "$gateway_pid" || status_code=$?
    echo "the gateway exited with status $status_code after $second s: $(grep -m1 -o 'OutOfMemoryError.*' "$work/gateway.log" || tail -n 1 "$work/gateway.log")"
    exit 1
  fi
  taken=$(metric rivulet_records_in_total)
  echo "$second s: ${taken:-?} readings, $(grep VmHWM "/proc/$gateway_pid/status" | tr -s ' \t' ' ')"
  if [ "${taken:-0}" -ge "$messages" ]; then
    echo "all $messages readings in $(( $(date +%s%3N) - start )) ms from the gateway's launch; warnings: $(grep -c WARN "$work/gateway.log" || true)"
    exit 0
  fi
done
echo "not all readings after 120 s"
exit 1

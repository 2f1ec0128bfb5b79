#!/usr/bin/env bash
# How many distinct keys (buses) a gateway with the unit's JVM flags holds (docs/BENCHMARKS.md, "Many keys").
#
#   docs/bench/many-keys.sh JAR [KEYS]
#
# Starts a mosquitto of its own and the gateway (an MQTT source of JSON door readings, the bus-occupancy pipeline),
# publishes one reading for each of KEYS distinct buses (default 20,000) at QoS 1 with mosquitto_pub -l in chunks,
# and prints each 5 s the readings the gateway counted and its VmHWM, until it has them all (then its VmHWM 5 s
# later), exits, or 90 s pass. Needs mosquitto, mosquitto_pub, curl and python3.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
jar=$(realpath "$1")
keys=${2:-20000}
work=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port=$(free_port)
status=$(free_port)
printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\nmax_queued_messages 10000000\n' "$port" \
  >"$work/mosquitto.conf"
/usr/sbin/mosquitto -c "$work/mosquitto.conf" >"$work/mosquitto.log" 2>&1 & pids+=("$!")
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
cat >"$work/rivulet.yaml" <<YAML
gateway: {id: many-keys}
batch: {interval: 1s}
storage: {directory: '$work/state'}
status: {address: 127.0.0.1, port: $status}
brokers:
  local: {url: 'tcp://127.0.0.1:$port', client-id: many-keys}
sources:
  doors:
    type: mqtt
    broker: local
    topics: ['doors/#']
    decoder: {format: json, key: bus, fields: [in, out]}
pipelines:
  occupancy: {type: bus-occupancy, source: doors, capacity: 60}
YAML
java_opts=$(sed -n 's/^Environment="RIVULET_JAVA_OPTS=\(.*\)"$/\1/p' "$here/systemd/rivulet.service" \
  | sed "s|-Dorg.sqlite.tmpdir=[^ ]*|-Dorg.sqlite.tmpdir=$work|")
metric() { curl -s --max-time 2 "http://127.0.0.1:$status/metrics" 2>/dev/null | sed -n "s/^$1 \\([0-9]*\\)\$/\\1/p"; }
# shellcheck disable=SC2086 # the unit's flags are words
java $java_opts -jar "$jar" run --config "$work/rivulet.yaml" >"$work/gateway.log" 2>&1 &
gateway_pid=$!
pids+=("$gateway_pid")
until [ "$(metric rivulet_ready)" = 1 ]; do kill -0 "$gateway_pid" || { tail "$work/gateway.log"; exit 1; }; sleep 0.2; done
python3 -c "
for i in range($keys): print('{\"bus\":\"k%d\",\"in\":1,\"out\":0}' % i)" >"$work/readings.txt"
split -l 50000 "$work/readings.txt" "$work/chunk."
for chunk in "$work"/chunk.*; do mosquitto_pub -p "$port" -q 1 -t doors/x -l <"$chunk"; done
echo "published one reading for each of $keys buses; the gateway with: $java_opts"
for second in $(seq 90); do
  sleep 1
  if ! kill -0 "$gateway_pid" 2>/dev/null; then
    code=0; wait "$gateway_pid" || code=$?
    echo "the gateway exited with status $code after $second s: $(grep -m1 -o 'OutOfMemoryError.*' "$work/gateway.log" || tail -n 1 "$work/gateway.log")"
    exit 1
  fi
  taken=$(metric rivulet_records_in_total)
  if [ "${taken:-0}" -ge "$keys" ]; then
    sleep 5
    echo "all $keys readings taken; 5 s later $(grep VmHWM "/proc/$gateway_pid/status" | tr -s ' \t' ' ')"
    exit 0
  fi
  [ $(( second % 5 )) -ne 0 ] || echo "$second s: ${taken:-?} readings, $(grep VmHWM "/proc/$gateway_pid/status" | tr -s ' \t' ' ')"
done
echo "not all readings after 90 s"
exit 1

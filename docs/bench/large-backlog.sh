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
# shellcheck source=docs/bench/gateway-lib.sh
. "$here/docs/bench/gateway-lib.sh"
port=$(free_port)
status=$(free_port)
start_mosquitto 'max_inflight_messages 1000'
write_config large-backlog "$version" 'qos: 1'

start_gateway "$jar"
await_ready
kill "$gateway_pid"; wait "$gateway_pid" || true
python3 - "$messages" "$bytes" >"$work/backlog.txt" <<'PY'
import sys
n, size = int(sys.argv[1]), int(sys.argv[2])
pad = "x" * size
for i in range(n):
    print('{"bus":"b%d","in":1,"out":0,"note":"%s"}' % (i % 40, pad))
PY
mosquitto_pub -p "$port" -q 1 -t doors/x -l <"$work/backlog.txt"
echo "published $messages messages of about $bytes bytes (MQTT $version); the gateway with: $(unit_java_opts)"
start=$(date +%s%3N)
start_gateway "$jar"
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

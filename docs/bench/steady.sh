#!/usr/bin/env bash
# The gateway's memory at a steady 1,000 readings/s from mosquitto with upstream on (issue 24), with the systemd
# unit's JVM flags (docs/BENCHMARKS.md, "Footprint").
#
#   docs/bench/steady.sh JAR [SECONDS] [RATE] [EXTRA_JVM_FLAGS...]
#
# Starts a mosquitto (max_queued_messages raised: the default 1000 drops QoS 1 messages to a slow subscriber),
# the gateway with an MQTT source (JSON door counts of 40 buses), the bus-occupancy pipeline, a capacity alert to
# an MQTT display and upstream, summaries upstream every 10 s to the same broker; publishes RATE readings/s
# (default 1,000) at QoS 1 for SECONDS (default 120) with mosquitto_pub, in chunks of one minute (mosquitto_pub -l
# stops early past 65,535 lines at QoS 1). Prints VmHWM and VmRSS every 10 s and at the end, the gateway's CPU
# time, the readings the gateway counted (its /metrics) and the summaries that arrived upstream. Needs mosquitto,
# mosquitto_pub/sub, python3, curl.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
jar=$(realpath "$1")
seconds=${2:-120}
rate=${3:-1000}
shift $(( $# < 3 ? $# : 3 ))
work=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
status=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > "$work/mosquitto.conf" <<CONF
listener $port 127.0.0.1
allow_anonymous true
max_queued_messages 1000000
persistence false
CONF
/usr/sbin/mosquitto -c "$work/mosquitto.conf" > "$work/mosquitto.log" 2>&1 & pids+=("$!")
sleep 1
cat > "$work/rivulet.yaml" <<YAML
gateway: {id: steady}
batch: {interval: 1s}
storage: {directory: '$work/state'}
status: {port: $status}
brokers:
  local: {url: 'tcp://127.0.0.1:$port', client-id: steady-local}
  central: {url: 'tcp://127.0.0.1:$port', client-id: steady-central}
sources:
  doors:
    type: mqtt
    broker: local
    topics: [buses/door]
    decoder: {format: json, key: bus, fields: [in, out], labels: [stop]}
pipelines:
  occupancy:
    type: bus-occupancy
    source: doors
    where: [in >= 0, out >= 0]
    capacity: 60
    window: 10s
    slide: 1s
alerts:
  crowded:
    type: capacity
    pipeline: occupancy
    high: 90%
    low: 80%
    consecutive: 2
    outputs: [display, upstream]
outputs:
  display: {type: mqtt, broker: local, topic: 'buses/{key}/display'}
  upstream: {type: upstream}
upstream:
  broker: central
  period: 10s
YAML
java_opts=$(sed -n 's/^Environment="RIVULET_JAVA_OPTS=\(.*\)"$/\1/p' "$here/systemd/rivulet.service" \
  | sed "s|-Dorg.sqlite.tmpdir=[^ ]*|-Dorg.sqlite.tmpdir=$work|")
mosquitto_sub -p "$port" -q 1 -t 'rivulet/#' -v > "$work/upstream.txt" & pids+=("$!")
# shellcheck disable=SC2086 # the unit's flags are words
java $java_opts "$@" -jar "$jar" run --config "$work/rivulet.yaml" > "$work/gateway.log" 2>&1 & gateway=$!; pids+=("$gateway")
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$status/health" > /dev/null && break; sleep 0.2; done
python3 - "$seconds" "$rate" "$port" <<'PY' & pids+=("$!")
import random, subprocess, sys, time
seconds, rate, port = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
random.seed(24)
start = time.monotonic()
sent = 0
while time.monotonic() - start < seconds:
    chunk = min(60, seconds - int(time.monotonic() - start))
    pub = subprocess.Popen(["mosquitto_pub", "-p", port, "-q", "1", "-t", "buses/door", "-l"], stdin=subprocess.PIPE)
    chunk_start = time.monotonic()
    for second in range(chunk):
        lines = "".join('{"bus":"bus-%02d","in":%d,"out":%d,"stop":"s%d"}\n'
                        % (random.randrange(40), random.randrange(3), random.randrange(3), random.randrange(30))
                        for _ in range(rate))
        pub.stdin.write(lines.encode()); pub.stdin.flush()
        sent += rate
        time.sleep(max(0, chunk_start + second + 1 - time.monotonic()))
    pub.stdin.close(); pub.wait()
print(f"published {sent} readings", flush=True)
PY
publisher=${pids[-1]}
# VmHWM and VmRSS as /proc says them (kB, which are KiB there) and in MiB, as footprint.sh and drain.sh print
# them and as -Xmx48m counts.
memory() {
  awk '/^VmHWM|^VmRSS/ {printf "%s %d kB (%.1f MiB) ", $1, $2, $2 / 1024}' "/proc/$gateway/status"
}
elapsed=0
while kill -0 "$publisher" 2>/dev/null; do
  sleep 10; elapsed=$((elapsed + 10))
  echo "$elapsed s: $(memory)"
done
sleep 5
readings=$(curl -sf "http://127.0.0.1:$status/metrics" | grep -E '^rivulet_records_in_total|^rivulet_dead_letters_total|^jvm_memory_used_bytes|^rivulet_outbox_messages|^rivulet_database_written_bytes_total' | tr '\n' ' ' || true)
if [[ " $* " == *NativeMemoryTracking* ]]; then
  jcmd "$gateway" VM.native_memory summary | grep -E '^-|committed=' | grep -E '^-' | sed 's/^-  *//'
fi
echo "end: $(memory)"
# CPU time of the whole JVM since its launch (user + system, fields 14 and 15 of /proc/PID/stat, in clock ticks)
echo "gateway CPU: $(awk -v hz="$(getconf CLK_TCK)" '{print int(($14 + $15) * 1000 / hz)}' "/proc/$gateway/stat") ms"
echo "gateway metrics: $readings"
echo "upstream messages: $(wc -l < "$work/upstream.txt")"

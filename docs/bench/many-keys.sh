#!/usr/bin/env bash
# How many distinct keys (buses) a gateway with the unit's JVM flags holds (docs/BENCHMARKS.md, "Many keys").
#
#   docs/bench/many-keys.sh JAR [KEYS [MAX_KEYS]]
#
# Starts a mosquitto of its own and the gateway (an MQTT source of JSON door readings, the bus-occupancy pipeline,
# the source's max-keys MAX_KEYS when given, else its default), publishes one reading for each of KEYS distinct buses
# (default 20,000) at QoS 1 with mosquitto_pub -l in chunks, and prints each 5 s the readings the gateway took and
# refused (past max-keys) and its VmHWM, until it has handled them all (then the seconds that took, counted from the
# first publish, and its VmHWM 5 s later), exits, or 90 s pass. Needs mosquitto, mosquitto_pub, curl and python3.
# KEY_CHARS=N in the environment makes each bus id N characters long ('k' repeated, then its number).
# BY_STOP=1 keys the state by a label instead: ten buses, each reading with a stop of its own (label `stop`), and a
# running total of boardings per stop (an aggregate with `key: label:stop`, a threshold alert on it) beside the
# bus-occupancy pipeline.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
jar=$(realpath "$1")
keys=${2:-20000}
KEY_CHARS=${KEY_CHARS:-1}
max_keys=${3:-}
work=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
# shellcheck source=docs/bench/gateway-lib.sh
. "$here/docs/bench/gateway-lib.sh"
port=$(free_port)
status=$(free_port)
# shellcheck disable=SC2119 # no configuration lines to add
start_mosquitto
if [ -n "$max_keys" ]; then write_config many-keys 5 "max-keys: $max_keys"; else write_config many-keys 5; fi
BY_STOP=${BY_STOP:-0}
if [ "$BY_STOP" = 1 ]; then
  sed -i 's/fields: \[in, out\]}/fields: [in, out], labels: [stop]}/' "$work/rivulet.yaml"
  printf '  stops: {type: aggregate, source: doors, key: "label:stop", value: in, aggregate: sum, running: true}\n' \
    >>"$work/rivulet.yaml"
  printf 'alerts:\n  busy-stop: {type: threshold, pipeline: stops, high: 100}\n' >>"$work/rivulet.yaml"
fi
start_gateway "$jar"
await_ready
python3 -c "
for i in range($keys):
    if $BY_STOP: print('{\"bus\":\"k%d\",\"in\":1,\"out\":0,\"stop\":\"s%d\"}' % (i % 10, i))
    else: print('{\"bus\":\"%s%d\",\"in\":1,\"out\":0}' % ('k' * ${KEY_CHARS:-1}, i))" >"$work/readings.txt"
split -l "$(( KEY_CHARS > 1000 ? 500 : 50000 ))" "$work/readings.txt" "$work/chunk."
started=$(date +%s.%N)
for chunk in "$work"/chunk.*; do mosquitto_pub -p "$port" -q 1 -t doors/x -l <"$chunk"; done
echo "published one reading for each of $keys buses; the gateway with: $(unit_java_opts)"
for second in $(seq 90); do
  sleep 1
  if ! kill -0 "$gateway_pid" 2>/dev/null; then
    code=0; wait "$gateway_pid" || code=$?
    echo "the gateway exited with status $code after $second s: $(grep -m1 -o 'OutOfMemoryError.*' "$work/gateway.log" || tail -n 1 "$work/gateway.log")"
    exit 1
  fi
  taken=$(metric rivulet_records_in_total)
  refused=$(metric 'rivulet_source_keys_refused_total{source="doors"}')
  # Dead letters: those past max-keys and, with long ids, those the decoder refused.
  lettered=$(metric rivulet_dead_letters_total)
  if [ $(( ${taken:-0} + ${lettered:-0} )) -ge "$keys" ]; then
    took=$(python3 -c "import time; print('%.1f' % (time.time() - $started))")
    sleep 5
    echo "all $keys readings handled within $took s: ${taken} taken, ${refused:-0} refused past max-keys," \
      "$(( ${lettered:-0} - ${refused:-0} )) refused by the decoder;" \
      "5 s later $(grep VmHWM "/proc/$gateway_pid/status" | tr -s ' \t' ' ')"
    exit 0
  fi
  [ $(( second % 5 )) -ne 0 ] || echo "$second s: ${taken:-?} taken, ${refused:-0} refused, $(grep VmHWM "/proc/$gateway_pid/status" | tr -s ' \t' ' ')"
done
echo "not all readings after 90 s"
exit 1

#!/usr/bin/env bash
# An MQTT gateway's start (issue 24): the gateway (`run`, one MQTT 5 source of JSON door counts, the bus-occupancy
# pipeline, a state directory kept between starts) against a mosquitto on a free port, with the service's JVM
# flags, without and with a class data archive made for the jar as install.sh makes it (`train-archive`, or the
# 3 s demo for a jar older than that command). RUNS rounds; in each, every JAR starts once each way, jars taking
# turns. Prints the gateway's own "running N ms after the JVM started" per start, then the medians.
#   docs/bench/start-mqtt.sh RUNS JAR [JAR...]
# Needs mosquitto and python3.
set -euo pipefail
runs=${1:?usage: start-mqtt.sh RUNS JAR [JAR...]}
shift
[ "$#" -ge 1 ] || { echo "usage: start-mqtt.sh RUNS JAR [JAR...]" >&2; exit 2; }
work=$(mktemp -d)
broker=
cleanup() {
  if [ -n "$broker" ]; then kill "$broker" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
here=$(cd "$(dirname "$0")/../.." && pwd)
# The unit's flags, as the other benchmarks read them, with SQLite's native folder in this run's directory.
opts=$(sed -n 's/^Environment="RIVULET_JAVA_OPTS=\(.*\)"$/\1/p' "$here/systemd/rivulet.service" \
  | sed "s|-Dorg.sqlite.tmpdir=[^ ]*|-Dorg.sqlite.tmpdir=$work|")
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
printf 'listener %s 127.0.0.1\nallow_anonymous true\n' "$port" >"$work/mosquitto.conf"
mosquitto -c "$work/mosquitto.conf" 2>"$work/mosquitto.log" &
broker=$!
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done

start() { # start N JAR [FLAGS...]: the gateway of jar N until it says it runs; prints its milliseconds
  local n=$1 jar=$2
  shift 2
  # shellcheck disable=SC2086 # the unit's flags are words
  java $opts "$@" -jar "$jar" run --config "$work/$n.yaml" >"$work/run.log" 2>&1 &
  local pid=$! i=0
  until grep -q "running [0-9]* ms after" "$work/run.log" || [ "$i" -ge 600 ]; do sleep 0.1; i=$((i + 1)); done
  kill "$pid"; wait "$pid" 2>/dev/null || true
  grep -o "running [0-9]* ms after" "$work/run.log" | grep -o "[0-9][0-9]*" || echo "none"
}

n=0
for jar in "$@"; do
  n=$((n + 1))
  cat >"$work/$n.yaml" <<YAML
gateway: {id: start-$n}
batch: {interval: 1s}
storage: {directory: '$work/state-$n'}
status: {address: 127.0.0.1, port: 0}
brokers:
  local: {url: 'tcp://127.0.0.1:$port', client-id: start-$n}
sources:
  doors: {type: mqtt, broker: local, topics: ['doors/#'], qos: 1, decoder: {format: json, key: bus, fields: [in, out]}}
pipelines:
  occupancy: {type: bus-occupancy, source: doors, capacity: 60}
YAML
  training=(train-archive)
  java -jar "$jar" train-archive --help >/dev/null 2>&1 || training=(demo --seconds 3 --port 0)
  # shellcheck disable=SC2086
  java $opts -XX:ArchiveClassesAtExit="$work/$n.jsa" -jar "$jar" "${training[@]}" >"$work/archive-$n.log" 2>&1
  start "$n" "$jar" >/dev/null # the state directory made, and SQLite's library unpacked, once
done

for round in $(seq "$runs"); do
  n=0
  for jar in "$@"; do
    n=$((n + 1))
    echo "round $round $jar plain $(start "$n" "$jar") archive $(start "$n" "$jar" -XX:SharedArchiveFile="$work/$n.jsa")"
  done
done | tee "$work/starts.txt"

n=0
for jar in "$@"; do
  n=$((n + 1))
  python3 - "$work/starts.txt" "$jar" <<'PY'
import statistics, sys
plain, archive = [], []
for line in open(sys.argv[1]):
    words = line.split()
    if words[2] == sys.argv[2] and words[4] != "none" and words[6] != "none":
        plain.append(int(words[4])); archive.append(int(words[6]))
print(f"{sys.argv[2]}: median {statistics.median(plain):.0f} ms without the archive, "
      f"{statistics.median(archive):.0f} ms with it ({len(plain)} starts each)")
PY
done

#!/usr/bin/env bash
# Replay speed on one core (issue 22): a recording of N door readings, one a millisecond, 40 buses, replayed
# with the configuration of ReplayIT (JSON decoder, bus-occupancy pipeline with a 10 s window sliding every 1 s,
# a capacity alert, summaries upstream every 10 s), batches of 1 s, JSON decoding included.
#   docs/bench/replay.sh [READINGS] [ROUNDS]
# Needs app/target/rivulet.jar (mvn -pl app -am package -DskipTests) and python3.
set -euo pipefail
readings=${1:-1000000}
rounds=${2:-3}
jar=$(cd "$(dirname "$0")/../.." && pwd)/app/target/rivulet.jar
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$readings" > "$work/big.jsonl" <<'PY'
import random, sys
random.seed(22)
start = 1796104800000
out = sys.stdout
for i in range(int(sys.argv[1])):
    bus = random.randrange(40)
    out.write('{"time":%d,"topic":"buses/door","payload":"{\\"bus\\":\\"bus-%02d\\",\\"in\\":%d,\\"out\\":%d,\\"stop\\":\\"s%d\\"}"}\n'
              % (start + i, bus, random.randrange(4), random.randrange(3), random.randrange(30)))
PY
cat > "$work/cfg.yaml" <<YAML
gateway: {id: replayed}
batch: {interval: 1s}
storage: {directory: '$work/state'}
status: {port: 0}
brokers:
  local: {url: 'tcp://127.0.0.1:1', client-id: replay-local}
  central: {url: 'tcp://127.0.0.1:1', client-id: replay-central}
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
    capacity: 1000
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
echo "recording: $readings readings, $(du -m "$work/big.jsonl" | cut -f1) MB of JSON Lines"
for round in $(seq "$rounds"); do
  /usr/bin/time -f "round $round: wall %e s, user %U s, sys %S s, max RSS %M kB" \
    taskset -c 0 java -Xmx64m -XX:+UseSerialGC -jar "$jar" replay --config "$work/cfg.yaml" "$work/big.jsonl" \
    2> "$work/err" > "$work/out" || { cat "$work/err"; exit 1; }
  grep -h "lines written\|^round" "$work/err" | tail -2
done

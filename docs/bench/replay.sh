#!/usr/bin/env bash
# Replay speed on one core (issue 22): a recording of N door readings, one a millisecond (REPLAY_RATE readings a
# second of recorded time, 1000 by default: 40 gives every 1 s batch one reading of each bus), 40 buses, replayed
# with the configuration of ReplayIT (JSON decoder, bus-occupancy pipeline with a 10 s window sliding every 1 s,
# a capacity alert, summaries upstream every 10 s), batches of 1 s, JSON decoding included.
#   docs/bench/replay.sh [READINGS] [ROUNDS] [JAR...]
# Each round runs every JAR given, in turn (before and after alternating); app/target/rivulet.jar when none is
# (mvn -pl app -am package -DskipTests). JVM flags: REPLAY_JAVA_OPTS, by default -Xmx64m -XX:+UseSerialGC.
# Besides the whole replay's figures, "after warm-up" is the rate from the replay's last progress line (about
# 2 s from the start for a million readings a second) to its end. Needs python3.
set -euo pipefail
readings=${1:-1000000}
rounds=${2:-3}
shift $(( $# < 2 ? $# : 2 ))
if [ $# -eq 0 ]; then
  set -- "$(cd "$(dirname "$0")/../.." && pwd)/app/target/rivulet.jar"
fi
read -r -a java_opts <<< "${REPLAY_JAVA_OPTS:--Xmx64m -XX:+UseSerialGC}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$readings" "${REPLAY_RATE:-1000}" > "$work/big.jsonl" <<'PY'
import random, sys
random.seed(22)
start = 1796104800000
rate = int(sys.argv[2])
out = sys.stdout
for i in range(int(sys.argv[1])):
    # One reading a millisecond: buses at random. Fewer: each bus in turn, so every batch has every bus.
    bus = random.randrange(40) if rate == 1000 else i % 40
    out.write('{"time":%d,"topic":"buses/door","payload":"{\\"bus\\":\\"bus-%02d\\",\\"in\\":%d,\\"out\\":%d,\\"stop\\":\\"s%d\\"}"}\n'
              % (start + i * 1000 // rate, bus, random.randrange(4), random.randrange(3), random.randrange(30)))
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
  for jar in "$@"; do
    echo "== $jar"
    /usr/bin/time -f "round $round: wall %e s, user %U s, sys %S s, max RSS %M kB" \
      taskset -c 0 java "${java_opts[@]}" -jar "$jar" replay --config "$work/cfg.yaml" "$work/big.jsonl" \
      2> "$work/err" > "$work/out" || { cat "$work/err"; exit 1; }
    grep -h "lines written\|^round" "$work/err" | tail -2
    # Progress lines say readings so far and readings/s so far: their time is the one over the other.
    python3 - "$work/err" <<'PY'
import re, sys
progress = []
for line in open(sys.argv[1]):
    m = re.search(r'replay: ([\d,]+) readings, ([\d,]+) readings/s', line)
    if m:
        progress.append(tuple(float(x.replace(',', '')) for x in m.groups()))
    m = re.search(r'replay: [\d,]+ messages, ([\d,]+) readings .* s \(([\d,]+) readings/s\)', line)
    if m:
        total, total_rate = (float(x.replace(',', '')) for x in m.groups())
        seconds = total / total_rate
if progress:
    done, rate = progress[-1]
    print("after warm-up: %.0f readings/s (the last %.1f M readings, after %.1f s)"
          % ((total - done) / (seconds - done / rate), (total - done) / 1e6, done / rate))
PY
    echo "output: $(md5sum < "$work/out" | cut -c1-12)"
  done
done

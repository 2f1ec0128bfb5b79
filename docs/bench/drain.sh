#!/usr/bin/env bash
# The appliance at the broker's speed? (docs/BENCHMARKS.md, "Backlog drain: the appliance against bare Paho")
#
#   docs/bench/drain.sh [READINGS] [ROUNDS]
#
# Needs app/target/rivulet.jar and app/target/test-classes (mvn -pl app -am package -DskipTests), mosquitto,
# curl and python3. Starts a mosquitto of its own on a free loopback port, then per round (default 3 rounds of
# 200,000 readings), one after the other on the same broker:
# - bare: a persistent MQTT 5 session, READINGS door-counter readings published into it at QoS 1 while it is
#   offline, then a bare Paho subscriber (dev.rivulet.bench.DrainBenchmark drain: automatic acknowledgements,
#   counting in the callback) resumes it; timed from the JVM's launch to the last message;
# - appliance: the same backlog for the gateway's own session, then `java $RIVULET_JAVA_OPTS -jar rivulet.jar run`
#   (the unit's flags) with an MQTT source, a bus-occupancy pipeline, storage synchronous: full and a checkpoint
#   per 1 s batch, on a fresh state directory; timed from the JVM's launch until /metrics counts every reading
#   into the engine. Its CPU time (user + system) and VmHWM then are printed too.
# Each round prints both times and the appliance's speed as a share of bare Paho's; the last line the median.
# RIVULET_EXTRA_OPTS adds JVM flags to the gateway's (to try one before it goes into the unit). DRAIN_MQTT=3.1.1
# has the gateway speak MQTT 3.1.1 (its session then made by a first short run of the gateway), and
# DRAIN_INFLIGHT=N sets mosquitto's max_inflight_messages (default here 1000; mosquitto's own default is 20), the
# window a 3.1.1 client gets. Bare Paho stays on MQTT 5. DRAIN_JAR=PATH runs another build of the gateway;
# DRAIN_BUFFER=N sets the source's buffer (and so, at most 65,535, the Receive Maximum it announces).
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
readings=${1:-200000}
rounds=${2:-3}
mqtt_version=${DRAIN_MQTT:-5}
inflight=${DRAIN_INFLIGHT:-1000}
jar=${DRAIN_JAR:-"$here/app/target/rivulet.jar"}
# Bare Paho is Paho as released: its own jars ahead of rivulet.jar, whose copies of two Paho classes are patched
# (sensors/README.md, "Paho, patched"). DRAIN_BARE=patched puts rivulet.jar's first, to see what the patch does
# for a bare subscriber.
paho_version=$(sed -n 's|.*<paho.version>\(.*\)</paho.version>.*|\1|p' "$here/pom.xml")
paho_jars="$HOME/.m2/repository/org/eclipse/paho/org.eclipse.paho.mqttv5.client/$paho_version/org.eclipse.paho.mqttv5.client-$paho_version.jar"
if [ ! -f "$paho_jars" ]; then
  echo "Paho $paho_version is not in ~/.m2: build first (mvn -pl app -am package -DskipTests)" >&2
  exit 1
fi
if [ "${DRAIN_BARE:-stock}" = patched ]; then
  classpath="$jar:$here/app/target/test-classes"
else
  classpath="$paho_jars:$jar:$here/app/target/test-classes"
fi
if [ ! -f "$jar" ] || [ ! -f "$here/app/target/test-classes/dev/rivulet/bench/DrainBenchmark.class" ]; then
  echo "build first: mvn -pl app -am package -DskipTests" >&2
  exit 1
fi
mosquitto_bin=$(command -v mosquitto || echo /usr/sbin/mosquitto)
work=$(mktemp -d)
java_opts=$(sed -n 's/^Environment="RIVULET_JAVA_OPTS=\(.*\)"$/\1/p' "$here/systemd/rivulet.service" \
  | sed "s|-Dorg.sqlite.tmpdir=[^ ]*|-Dorg.sqlite.tmpdir=$work|")
java_opts="$java_opts ${RIVULET_EXTRA_OPTS:-}"
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
now_ms() { date +%s%3N; }
bench() { java -Xmx128m -cp "$classpath" dev.rivulet.bench.DrainBenchmark "$@"; }
broker_port=$(free_port)
status_port=$(free_port)
url="tcp://127.0.0.1:$broker_port"

cat >"$work/mosquitto.conf" <<CONF
listener $broker_port 127.0.0.1
allow_anonymous true
persistence false
max_queued_messages 10000000
max_inflight_messages $inflight
CONF
"$mosquitto_bin" -c "$work/mosquitto.conf" 2>"$work/mosquitto.log" &
mosquitto_pid=$!
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$broker_port") 2>/dev/null && break; sleep 0.1; done

cat >"$work/rivulet.yaml" <<YAML
gateway: {id: drain}
batch: {interval: 1s}
storage: {directory: '$work/state', synchronous: full, checkpoint-every: 1}
status: {address: 127.0.0.1, port: $status_port}
logging: {level: info, levels: {org.eclipse.paho: warn}}
brokers:
  local: {url: '$url', client-id: rivulet-drain, version: '$mqtt_version'}
sources:
  doors:
    type: mqtt
    broker: local
    topics: ['doors/#']
    qos: 1
    ${DRAIN_BUFFER:+buffer: $DRAIN_BUFFER}
    decoder: {format: json, key: bus, fields: [in, out]}
pipelines:
  occupancy: {type: bus-occupancy, source: doors, capacity: 60}
YAML

# Whole numbers are written without a fraction or exponent (PrometheusText.format); -1 while not answering.
metric() { # metric NAME: its value in /metrics, -1 while the gateway does not answer
  local value
  value=$(curl -s --max-time 2 "http://127.0.0.1:$status_port/metrics" 2>/dev/null \
    | sed -n "s/^$1 \\([0-9]*\\)\$/\\1/p")
  echo "${value:--1}"
}
records_in() { metric rivulet_records_in_total; }
start_gateway() { # the shipped jar with the unit's flags, in the background (gateway_pid)
  # shellcheck disable=SC2086 # the unit's flags are words
  java $java_opts -jar "$jar" run --config "$work/rivulet.yaml" >"$work/gateway.log" 2>&1 &
  gateway_pid=$!
}

echo "backlog of $readings QoS 1 readings, $rounds rounds; the gateway with: $java_opts"
ratios=()
for round in $(seq "$rounds"); do
  bench session "$url" bare-drain
  bench publish "$url" "$readings"
  start=$(now_ms)
  bench drain "$url" bare-drain "$readings" >"$work/bare.out"
  bare_ms=$(( $(now_ms) - start ))

  rm -rf "$work/state"
  if [ "$mqtt_version" = 5 ]; then
    bench session "$url" rivulet-drain-doors
  else
    start_gateway
    # Ready: a batch done and every source connected and subscribed (its persistent session made).
    until [ "$(metric rivulet_ready)" = 1 ]; do sleep 0.2; done
    kill "$gateway_pid"; wait "$gateway_pid" 2>/dev/null || true
    gateway_pid=
    rm -rf "$work/state"
  fi
  bench publish "$url" "$readings"
  start=$(now_ms)
  start_gateway
  hwm=0
  until [ "$(records_in)" -ge "$readings" ]; do
    kill -0 "$gateway_pid" 2>/dev/null || { echo "the gateway stopped:"; tail -n 20 "$work/gateway.log"; exit 1; }
    hwm=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$gateway_pid/status")
    [ $(( $(now_ms) - start )) -lt 600000 ] || { echo "the gateway took more than 10 minutes"; exit 1; }
    sleep 0.25
  done
  appliance_ms=$(( $(now_ms) - start ))
  hwm=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$gateway_pid/status")
  # CPU time of the whole JVM (user + system, fields 14 and 15 of /proc/PID/stat, in clock ticks): steadier than
  # the wall time on a shared machine.
  cpu_ms=$(awk -v hz="$(getconf CLK_TCK)" '{print int(($14 + $15) * 1000 / hz)}' "/proc/$gateway_pid/stat")
  kill "$gateway_pid"; wait "$gateway_pid" 2>/dev/null || true
  gateway_pid=
  ratio=$(( 100 * bare_ms / appliance_ms ))
  ratios+=("$ratio")
  echo "round $round: bare Paho $bare_ms ms ($(( readings * 1000 / bare_ms ))/s; $(cat "$work/bare.out")), appliance $appliance_ms ms ($(( readings * 1000 / appliance_ms ))/s, CPU $cpu_ms ms, VmHWM $(( hwm / 1024 )) MB): appliance at $ratio % of bare Paho's speed"
done
median=$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
echo "median: the appliance drains at $median % of bare Paho's speed (both timed from the JVM's launch)"

# shellcheck shell=bash disable=SC2154 # $here, $work, $port and $status are the sourcing script's
# Shared by the benchmarks that run the shipped jar as the unit does against a mosquitto of their own
# (large-backlog.sh, many-keys.sh); sourced, never run. Needs $here (the repository) and $work (a temporary
# folder); fills $pids (what the EXIT trap stops), $port (the broker's), $status (the gateway's status page).

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# start_mosquitto [CONFIG LINE...]: a mosquitto on $port (queued QoS 1 messages not limited), the lines added.
start_mosquitto() {
  printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\nmax_queued_messages 10000000\n' "$port" \
    >"$work/mosquitto.conf"
  printf '%s\n' "$@" >>"$work/mosquitto.conf"
  /usr/sbin/mosquitto -c "$work/mosquitto.conf" >"$work/mosquitto.log" 2>&1 & pids+=("$!")
  for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
}

# write_config ID MQTT_VERSION [SOURCE_LINE...]: $work/rivulet.yaml, a gateway ID with one MQTT source `doors` on
# `doors/#` of JSON door readings (the lines added to it) from the broker on $port, and the bus-occupancy pipeline,
# state in $work/state.
write_config() {
  local id="$1" version="$2"
  shift 2
  {
    printf 'gateway: {id: %s}\nbatch: {interval: 1s}\nstorage: {directory: %s}\n' "$id" "'$work/state'"
    printf 'status: {address: 127.0.0.1, port: %s}\n' "$status"
    printf 'brokers:\n  local: {url: %s, client-id: %s, version: %s}\n' "'tcp://127.0.0.1:$port'" "$id" "'$version'"
    printf 'sources:\n  doors:\n    type: mqtt\n    broker: local\n    topics: [%s]\n' "'doors/#'"
    printf '    decoder: {format: json, key: bus, fields: [in, out]}\n'
    [ "$#" -eq 0 ] || printf '    %s\n' "$@"
    printf 'pipelines:\n  occupancy: {type: bus-occupancy, source: doors, capacity: 60}\n'
  } >"$work/rivulet.yaml"
}

# The systemd unit's JVM flags, SQLite's native library unpacked into $work.
unit_java_opts() {
  sed -n 's/^Environment="RIVULET_JAVA_OPTS=\(.*\)"$/\1/p' "$here/systemd/rivulet.service" \
    | sed "s|-Dorg.sqlite.tmpdir=[^ ]*|-Dorg.sqlite.tmpdir=$work|"
}

# metric NAME: its value in the gateway's /metrics, empty while it does not answer.
metric() { curl -s --max-time 2 "http://127.0.0.1:$status/metrics" 2>/dev/null | sed -n "s/^$1 \\([0-9]*\\)\$/\\1/p"; }

# start_gateway JAR: the jar with the unit's flags, in the background ($gateway_pid), its output added to gateway.log.
start_gateway() {
  # shellcheck disable=SC2046 # the unit's flags are words
  java $(unit_java_opts) -jar "$1" run --config "$work/rivulet.yaml" >>"$work/gateway.log" 2>&1 &
  gateway_pid=$!
  pids+=("$gateway_pid")
}

# await_ready: until the gateway says it is ready; its log's end and exit 1 if it ends first.
await_ready() {
  until [ "$(metric rivulet_ready)" = 1 ]; do
    kill -0 "$gateway_pid" 2>/dev/null || { tail "$work/gateway.log"; exit 1; }
    sleep 0.2
  done
}

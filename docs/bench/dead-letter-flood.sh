#!/usr/bin/env bash
# A flood of payloads the decoder refuses, beside good readings (docs/BENCHMARKS.md, "A flood of bad payloads").
#
#   docs/bench/dead-letter-flood.sh JAR [BAD [GOOD]]
#
# Starts a mosquitto of its own and the gateway with the unit's JVM flags (an MQTT source of JSON door readings,
# the bus-occupancy pipeline), then publishes at QoS 1, with mosquitto_pub -l in chunks, BAD payloads that are not
# JSON (default 20,000; a sensor whose firmware changed its format) and, once they are sent, GOOD readings (default
# 1,000). Prints each 5 s how many the gateway has dead-lettered (the database's last dead letter id) and taken, until it has handled them all (then the
# seconds that took from the first publish, the dead letters a second, when the last good reading was taken, and
# the rows the database kept), exits, or 120 s pass. Needs mosquitto, mosquitto_pub, curl, sqlite3 and python3.
#
# BACKLOG=1 in the environment stops the gateway (SIGTERM) before publishing and starts it again after, so the
# payloads wait at the broker and the times count from that start: the gateway's own pace, not the publisher's.
# DIRECTORY=1 reads them from one file dropped into a directory source instead (BACKLOG does not apply).
# SYNC_MS=N in the environment makes each of the gateway's disk syncs (fsync, fdatasync) take N ms longer, as on an
# SD card (a preloaded shim compiled with cc): this machine's disk syncs in well under a millisecond.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
jar=$(realpath "$1")
bad=${2:-20000}
good=${3:-1000}
work=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
# shellcheck source=docs/bench/gateway-lib.sh
. "$here/docs/bench/gateway-lib.sh"
port=$(free_port)
status=$(free_port)
# shellcheck disable=SC2119 # no configuration lines to add
start_mosquitto
write_config flood 5
if [ -n "${DIRECTORY:-}" ]; then
  # The same gateway reading files dropped into a directory instead of the broker.
  mkdir -p "$work/incoming"
  python3 - "$work/rivulet.yaml" "$work/incoming" <<'PY'
import re, sys
path, incoming = sys.argv[1], sys.argv[2]
text = open(path).read()
source = ("sources:\n  doors:\n    type: directory\n    path: '%s'\n"
          "    decoder: {format: json, key: bus, fields: [in, out]}\n" % incoming)
open(path, "w").write(re.sub(r"sources:\n(?:    .*\n|  doors:\n)*", source, text))
PY
fi
launch() {
  if [ -n "${SYNC_MS:-}" ]; then
    LD_PRELOAD="$work/slow-sync.so" start_gateway "$jar"
  else
    start_gateway "$jar"
  fi
}
if [ -n "${SYNC_MS:-}" ]; then
  cat >"$work/slow-sync.c" <<'C'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <unistd.h>
static void slow(void) { static long us = -1; if (us < 0) us = atol(getenv("SYNC_MS")) * 1000; usleep(us); }
int fsync(int fd) { static int (*real)(int); if (!real) real = dlsym(RTLD_NEXT, "fsync"); slow(); return real(fd); }
int fdatasync(int fd) { static int (*real)(int); if (!real) real = dlsym(RTLD_NEXT, "fdatasync"); slow(); return real(fd); }
C
  cc -shared -fPIC -O2 -o "$work/slow-sync.so" "$work/slow-sync.c" -ldl
fi
launch
await_ready
if [ -n "${BACKLOG:-}" ]; then
  kill -TERM "$gateway_pid"
  wait "$gateway_pid" || true
fi
python3 -c "
for i in range($bad): print('door %d: in=1 out=0' % i)" >"$work/bad.txt"
python3 -c "
for i in range($good): print('{\"bus\":\"b%d\",\"in\":1,\"out\":0}' % (i % 40))" >"$work/good.txt"
split -l 50000 "$work/bad.txt" "$work/chunk."
started=$(date +%s.%N)
if [ -n "${DIRECTORY:-}" ]; then
  cat "$work/bad.txt" "$work/good.txt" >"$work/readings.json"
  mv "$work/readings.json" "$work/incoming/"
else
  for chunk in "$work"/chunk.*; do mosquitto_pub -p "$port" -q 1 -t doors/x -l <"$chunk"; done
  mosquitto_pub -p "$port" -q 1 -t doors/y -l <"$work/good.txt"
fi
published=$(python3 -c "import time; print('%.1f' % (time.time() - $started))")
if [ -n "${BACKLOG:-}" ]; then
  started=$(date +%s.%N)
  launch
fi
echo "published $bad bad payloads, then $good good readings, in $published s${BACKLOG:+ while the gateway was stopped (times from its start)}; the gateway with: $(unit_java_opts)${SYNC_MS:+, each disk sync $SYNC_MS ms longer}"
since="first publish"
[ -z "${BACKLOG:-}" ] || since="gateway's start"
[ -z "${DIRECTORY:-}" ] || since="file's arrival"
good_at=
for tenth in $(seq 1200); do
  sleep 0.1
  if ! kill -0 "$gateway_pid" 2>/dev/null; then
    echo "the gateway exited: $(tail -n 1 "$work/gateway.log")"
    exit 1
  fi
  lettered=$(sqlite3 -cmd '.timeout 2000' "$work/state/rivulet.db" 'SELECT COALESCE(MAX(id), 0) FROM dead_letter' 2>/dev/null || true)
  taken=$(metric rivulet_records_in_total || true)
  if [ -z "$good_at" ] && [ "${taken:-0}" -ge "$good" ]; then
    good_at=$(python3 -c "import time; print('%.1f' % (time.time() - $started))")
  fi
  if [ "${lettered:-0}" -ge "$bad" ] && [ -n "$good_at" ]; then
    took=$(python3 -c "import time; print('%.1f' % (time.time() - $started))")
    echo "all handled within $took s of the $since: $lettered dead-lettered ($(python3 -c "print(round($lettered / $took))") a second)," \
      "$taken good readings taken, the last of them $good_at s after the $since;" \
      "$(sqlite3 "$work/state/rivulet.db" 'SELECT COUNT(*) FROM dead_letter') dead letters kept;" \
      "$(grep VmHWM "/proc/$gateway_pid/status" | tr -s ' \t' ' ')"
    exit 0
  fi
  [ $(( tenth % 50 )) -ne 0 ] || echo "$(( tenth / 10 )) s: ${lettered:-?} dead-lettered, ${taken:-?} taken"
done
echo "not all handled after 120 s"
exit 1

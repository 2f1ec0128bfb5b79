#!/usr/bin/env bash
# Memory and start-up of the demo with the systemd unit's JVM flags (docs/BENCHMARKS.md, "Footprint").
#
#   docs/bench/footprint.sh JAR [RUNS] [SECONDS] [EXTRA_JVM_FLAGS...]
#
# Runs `java $RIVULET_JAVA_OPTS EXTRA_JVM_FLAGS -jar JAR demo --seconds SECONDS --port 0` RUNS times (default 3
# runs of 10 s), RIVULET_JAVA_OPTS as systemd/rivulet.service sets it (-Xmx48m ..., with
# -Dorg.sqlite.tmpdir pointed at a temporary directory). Per run it prints the process's VmHWM (peak resident
# set) read from /proc/PID/status just before it exits, and the "running N ms after the JVM started" and
# "first batch ... completed N ms after the JVM started" figures the gateway logs. Needs python3.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
jar=$(realpath "$1")
runs=${2:-3}
seconds=${3:-10}
shift $(( $# < 3 ? $# : 3 ))
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
java_opts=$(sed -n 's/^Environment="RIVULET_JAVA_OPTS=\(.*\)"$/\1/p' "$here/systemd/rivulet.service" \
  | sed "s|-Dorg.sqlite.tmpdir=[^ ]*|-Dorg.sqlite.tmpdir=$work|")
for _ in $(seq "$runs"); do
  # shellcheck disable=SC2086 # the unit's flags are words
  python3 - "$work/run.log" java $java_opts "$@" -jar "$jar" demo --seconds "$seconds" --port 0 <<'PY'
import re, subprocess, sys, time
log = open(sys.argv[1], "w")
p = subprocess.Popen(sys.argv[2:], stdout=log, stderr=subprocess.STDOUT)
hwm = rss = 0
while p.poll() is None:
    try:
        with open(f"/proc/{p.pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    hwm = int(line.split()[1])
                elif line.startswith("VmRSS:"):
                    rss = int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        break
    time.sleep(0.05)
log.close()
text = open(sys.argv[1]).read()
running = re.search(r"running (\d+) ms after the JVM started", text)
first = re.search(r"first batch \(\d+ ms\) completed (\d+) ms after the JVM started", text)
print(f"VmHWM {hwm / 1024:.1f} MB, last VmRSS {rss / 1024:.1f} MB, running after {running.group(1) if running else '?'} ms,"
      f" first batch after {first.group(1) if first else '?'} ms, exit {p.returncode}")
PY
done

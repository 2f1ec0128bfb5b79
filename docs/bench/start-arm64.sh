#!/usr/bin/env bash
# Start-up on arm64 under qemu-user against this machine (issue 24): the gateway (`run`, a simulator of 3 buses,
# the bus-occupancy pipeline, batches of 200 ms, a state directory kept between starts) with the service's JVM
# flags, with and without a class data archive made for the jar, RUNS times each, alternating; here first, then
# in the Debian bookworm arm64 root that .ci/platforms/arm.sh caches (run that once first). Prints the gateway's
# own "start running N ms after the JVM started" per start and the medians, and the ratio arm64 / here.
#   sudo docs/bench/start-arm64.sh [RUNS]
# Needs root (binfmt_misc, chroot), qemu-user-static and app/target/rivulet.jar.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
runs=${1:-5}
root=${RIVULET_CI_CACHE:-/var/cache/rivulet-ci}/bookworm-arm64-java
[ -x "$root/usr/bin/java" ] || { echo "no arm64 root at $root: run .ci/platforms/arm.sh arm64 first" >&2; exit 1; }
work=$(mktemp -d)
binfmt=/proc/sys/fs/binfmt_misc
registered=no
mounted=no
cleanup() {
  if [ "$registered" = yes ]; then echo -1 >"$binfmt/qemu-aarch64" 2>/dev/null || true; fi
  if [ "$mounted" = yes ]; then umount "$binfmt" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
if ! mountpoint -q "$binfmt"; then mount -t binfmt_misc binfmt_misc "$binfmt"; mounted=yes; fi
if [ ! -e "$binfmt/qemu-aarch64" ]; then cat /usr/lib/binfmt.d/qemu-aarch64.conf >"$binfmt/register"; registered=yes; fi

# The script both sides run: the archive made once (as install.sh makes it), then RUNS starts each way.
cat >"$work/starts.sh" <<'SH'
#!/bin/sh
# starts.sh DIR RUNS: prints "plain N" and "archive N" lines, N the gateway's "start running" milliseconds.
dir="$1" runs="$2"
opts="UNIT_OPTS"
cat >"$dir/start.yaml" <<YAML
gateway: {id: start}
batch: {interval: 200ms}
storage: {directory: '$dir/state'}
status: {port: 0}
sources:
  fleet: {type: simulator, buses: 3}
pipelines:
  occupancy: {type: bus-occupancy, source: fleet, boardings: boardings, alightings: alightings}
YAML
# shellcheck disable=SC2086 # the unit's flags are words
java $opts -XX:ArchiveClassesAtExit="$dir/rivulet.jsa" -jar "$dir/rivulet.jar" train-archive >"$dir/archive.log" 2>&1
start() {
    # shellcheck disable=SC2086
    java $opts "$@" -jar "$dir/rivulet.jar" run --config "$dir/start.yaml" >"$dir/run.log" 2>&1 &
    pid=$!
    i=0
    until grep -q "start running" "$dir/run.log" || [ "$i" -ge 1200 ]; do sleep 0.1; i=$((i + 1)); done
    kill "$pid"; wait "$pid" 2>/dev/null
    grep -o "start running [0-9]* ms" "$dir/run.log" | grep -o "[0-9][0-9]*"
}
start >/dev/null # the state directory made, and SQLite's library unpacked, once
n=0
while [ "$n" -lt "$runs" ]; do
    echo "plain $(start)"
    echo "archive $(start -XX:SharedArchiveFile="$dir/rivulet.jsa")"
    n=$((n + 1))
done
SH
# The service's JVM flags, read from the unit, SQLite's library unpacked into the run's state directory ($dir is
# starts.sh's own variable, written into it as it is).
# shellcheck disable=SC2016
unit_opts=$(sed -n 's/^Environment="RIVULET_JAVA_OPTS=\(.*\)"$/\1/p' "$here/systemd/rivulet.service" \
  | sed 's|-Dorg.sqlite.tmpdir=[^ ]*|-Dorg.sqlite.tmpdir=$dir/state|')
sed -i "s|UNIT_OPTS|$unit_opts|" "$work/starts.sh"
chmod +x "$work/starts.sh"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
mkdir -p "$work/x86"
cp "$here/app/target/rivulet.jar" "$work/x86/"
"$work/starts.sh" "$work/x86" "$runs" >"$work/x86.out"
# shellcheck disable=SC2016 # expanded by the inner shell
unshare --mount --propagation private -- /bin/sh -ec '
    root="$1" jar="$2" script="$3" runs="$4"
    mount -t proc proc "$root/proc"
    mount --rbind /dev "$root/dev"
    mount -t tmpfs -o size=512m,mode=1777 tmpfs "$root/tmp"
    mkdir "$root/tmp/start"
    cp "$jar" "$root/tmp/start/rivulet.jar"
    cp "$script" "$root/tmp/start/starts.sh"
    chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/tmp LANG=C.UTF-8 \
        /bin/sh /tmp/start/starts.sh /tmp/start "$runs"
    ' start-arm64 "$root" "$here/app/target/rivulet.jar" "$work/starts.sh" "$runs" >"$work/arm64.out"

for side in x86 arm64; do
  for way in plain archive; do
    values=$(awk -v w="$way" '$1 == w {print $2}' "$work/$side.out" | tr '\n' ' ')
    m=$(awk -v w="$way" '$1 == w {print $2}' "$work/$side.out" | median)
    echo "$side $way: $values-> median $m ms"
    eval "${side}_${way}=$m"
  done
done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }
# shellcheck disable=SC2154 # set by the eval above
echo "arm64 under qemu / this machine: $(ratio "$arm64_plain" "$x86_plain")x without the archive, $(ratio "$arm64_archive" "$x86_archive")x with it"

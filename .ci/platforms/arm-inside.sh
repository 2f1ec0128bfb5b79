#!/bin/sh
# Runs inside an ARM root under qemu-user (arm.sh copies it to /tmp/rivulet with the jar and the sample):
# what a user does first with the jar on a Pi. Prints PASS/FAIL per step; exits 1 on any failure.
# Usage: arm-inside.sh OS_ARCH NATIVE_NAME NATIVE_SHA256
#   OS_ARCH        the JVM's os.arch expected here (aarch64, arm)
#   NATIVE_NAME    the sqlite-jdbc native expected (a folder under org/sqlite/native/Linux/ in the jar)
#   NATIVE_SHA256  that native library's checksum, taken from the jar by arm.sh
set -u
OS_ARCH="$1"
NATIVE_NAME="$2"
NATIVE_SHA="$3"
DIR=/tmp/rivulet
DEMO_WAIT="${RIVULET_CI_DEMO_WAIT:-300}"
failures=0

pass() { echo "PASS  $*"; }
fail() { echo "FAIL  $*"; failures=$((failures + 1)); }
show() { tail -n 30 "$1" | sed 's/^/      | /'; }

cd "$DIR" || exit 2
timeout 300 java -XshowSettings:properties -version >jvm.out 2>&1
if grep -q "os.arch = $OS_ARCH\$" jvm.out && grep -q 'java.specification.version = 17' jvm.out; then
    pass "Java 17 runs as $OS_ARCH"
else
    fail "Java 17 runs as $OS_ARCH"; grep -E 'os.arch|java.specification.version|rror' jvm.out | sed 's/^/      | /'
fi

if timeout 300 java -jar rivulet.jar --version >version.out 2>&1; then
    pass "rivulet --version: $(head -n 1 version.out)"
else
    fail "rivulet --version"; show version.out
fi

if timeout 300 java -jar rivulet.jar check-config rivulet.yaml >check.out 2>&1; then
    pass "rivulet check-config on the sample"
else
    fail "rivulet check-config on the sample"; show check.out
fi

# The demo: real pipeline, real SQLite in a temporary directory under /tmp. The status page is off so
# that nothing listens on the host's network.
java -jar rivulet.jar demo --seconds 3600 --port 0 >demo.out 2>&1 &
demo=$!
waited=0
while [ "$waited" -lt "$DEMO_WAIT" ] && kill -0 "$demo" 2>/dev/null && ! grep -q 'ALERT RAISED' demo.out; do
    sleep 2
    waited=$((waited + 2))
done
if grep -q 'ALERT RAISED' demo.out; then
    pass "rivulet demo raises alerts (after ${waited}s): $(grep -m 1 'ALERT RAISED' demo.out | sed 's/.*ALERT/ALERT/')"
else
    fail "rivulet demo raises alerts within ${DEMO_WAIT}s"; show demo.out
fi

# The store unpacks the native library sqlite-jdbc chooses into the state directory (the demo's is
# /tmp/rivulet-demo-*, native/sqlite-jdbc-VERSION-OS-ARCH/); should that fail, sqlite-jdbc unpacks its own into
# java.io.tmpdir (/tmp) while the database is open. Either is the library for this architecture.
found=""
for lib in /tmp/rivulet-demo-*/native/*/libsqlitejdbc.so /tmp/sqlite-*libsqlitejdbc.so; do
    [ -f "$lib" ] || continue
    found="$found $(basename "$lib")=$(sha256sum "$lib" | cut -d' ' -f1)"
done
case "$found" in
    *"=$NATIVE_SHA"*) pass "SQLite opened through its $NATIVE_NAME native library (org/sqlite/native/Linux/$NATIVE_NAME)" ;;
    "") fail "SQLite native library: none unpacked in the demo's state directory or /tmp while the demo ran" ;;
    *) fail "SQLite native library: the one unpacked is not Linux/$NATIVE_NAME's:$found" ;;
esac

kill -TERM "$demo" 2>/dev/null
waited=0
while kill -0 "$demo" 2>/dev/null && [ "$waited" -lt 60 ]; do sleep 1; waited=$((waited + 1)); done
if kill -0 "$demo" 2>/dev/null; then
    fail "rivulet demo stops on SIGTERM (still running after 60 s)"
    kill -KILL "$demo" 2>/dev/null
else
    pass "rivulet demo stops on SIGTERM"
fi
wait "$demo" 2>/dev/null
left="$(find /tmp -maxdepth 1 \( -name 'rivulet-demo-*' -o -name 'sqlite-*libsqlitejdbc.so*' \) | tr '\n' ' ')"
if [ -z "$left" ]; then
    pass "the demo leaves nothing behind in /tmp"
else
    fail "the demo leaves nothing behind in /tmp: found $left"
fi

[ "$failures" -eq 0 ]

#!/usr/bin/env bash
# Rivulet as a user installs it, in a booted Debian bookworm with systemd: a cached amd64 root (systemd,
# dbus, mosquitto, Java 17) booted with systemd-nspawn, the repository bound in read-only at
# /home/pi/rivulet, then install.sh, the service, an MQTT door reading raising a retained alert, restart,
# kill -9, the service switched to the Zero VM and back as README says, a GPIO configuration without a GPIO chip,
# a second install and --uninstall --purge.
# Each step prints PASS or FAIL; exits 1 on any failure and always stops the container.
# Needs root; run alone with:  sudo .ci/platforms/systemd.sh
# Roots are cached in $RIVULET_CI_CACHE (default /var/cache/rivulet-ci); see lib.sh. With --roots-only, it only
# builds the root if it is not cached (.ci/run does that while Maven runs) and needs no jar.
# Commands for inside the container are single-quoted on purpose: they expand there.
# shellcheck disable=SC2016
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

NAME=bookworm-amd64-systemd
PACKAGES=systemd,systemd-sysv,dbus,passwd,procps,mosquitto,mosquitto-clients,openjdk-17-jre-headless,openjdk-17-jre-zero,curl
CLONE=/home/pi/rivulet
STARTED=$SECONDS

ROOTS_ONLY=no
[ "${1:-}" != --roots-only ] || ROOTS_ONLY=yes

need_root
[ "$ROOTS_ONLY" = yes ] || need_jar
need_tools mmdebstrap:mmdebstrap systemd-nspawn:systemd-container
hold_lock systemd
# /etc/hosts as every installed Debian has it (mmdebstrap writes none): mosquitto_pub's default host is
# "localhost".
ensure_root "$NAME" amd64 minbase "$PACKAGES" \
    --customize-hook='printf "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n" >"$1/etc/hosts"'
[ "$ROOTS_ONLY" = no ] || exit 0
ROOT="$(root_dir "$NAME")"

# The container: booted from the cached root with a tmpfs overlay (--volatile=overlay), so every run starts
# from the same clean system and the cache is never written. --register=no --keep-unit: this machine's
# init is not systemd, so nspawn cannot ask machined for a scope. --private-network: its own loopback,
# so its mosquitto (1883) and status page (9780) cannot meet anything on this machine.
CONSOLE_LOG="$(mktemp /tmp/rivulet-ci-console.XXXXXX)"
NSPAWN=""
LEADER=""
stop_container() {
    if [ -n "$NSPAWN" ] && kill -0 "$NSPAWN" 2>/dev/null; then
        # nspawn turns SIGTERM into an orderly shutdown of the container's systemd.
        kill -TERM "$NSPAWN" 2>/dev/null || true
        local waited=0
        while kill -0 "$NSPAWN" 2>/dev/null && [ "$waited" -lt 30 ]; do sleep 1; waited=$((waited + 1)); done
        if kill -0 "$NSPAWN" 2>/dev/null; then
            say "the container did not stop within 30 s: killing it"
            kill -KILL "$NSPAWN" 2>/dev/null || true
        fi
        wait "$NSPAWN" 2>/dev/null || true
    fi
    NSPAWN=""
    rm -f "$CONSOLE_LOG"
}
trap stop_container EXIT

say "booting $ROOT"
systemd-nspawn --quiet -b --register=no --keep-unit --private-network --volatile=overlay \
    --machine="rivulet-ci-$$" --hostname=raspberrypi --console=read-only \
    --bind-ro="$REPO:$CLONE" -D "$ROOT" </dev/null >"$CONSOLE_LOG" 2>&1 &
NSPAWN=$!

# The container's init: the child of nspawn running systemd.
for _ in $(seq 100); do
    for child in $(ps -o pid= --ppid "$NSPAWN" 2>/dev/null); do
        [ "$(cat "/proc/$child/comm" 2>/dev/null)" = systemd ] && LEADER="$child"
    done
    [ -n "$LEADER" ] && break
    kill -0 "$NSPAWN" 2>/dev/null || break
    sleep 0.2
done
if [ -z "$LEADER" ]; then
    fail "the container boots"
    sed 's/^/      | /' "$CONSOLE_LOG" | tail -n 40
    exit 1
fi

# inside SECONDS COMMAND: runs a bash command inside the container as root, with a time limit.
inside() {
    local limit="$1"
    shift
    nsenter --target "$LEADER" --mount --uts --ipc --net --pid --cgroup --root --wd -- \
        /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 TERM=dumb \
        timeout --kill-after=5 "$limit" /bin/bash -o pipefail -c "cd $CLONE && $*"
}

# until_true SECONDS COMMAND: retries a command inside the container each second until it succeeds.
until_true() {
    local limit="$1" started=$SECONDS
    shift
    until inside 30 "$@" >/dev/null 2>&1; do
        [ $((SECONDS - started)) -lt "$limit" ] || { inside 30 "$@"; return 1; }
        sleep 1
    done
}

# systemctl cannot ask before the container's systemd has opened its private socket: early in the boot it
# answers "Failed to connect to bus" at once instead of waiting, so wait for the socket first (a slow or
# busy machine reaches it seconds after nspawn starts).
booted() {
    local state
    until_true 120 'test -S /run/systemd/private' || { echo "systemd never opened /run/systemd/private"; return 1; }
    state="$(inside 120 'systemctl is-system-running --wait' 2>&1)" || true
    echo "system state: $state"
    case "$state" in
        running) ;;
        degraded) inside 10 'systemctl --failed --no-legend' ;;
        *) return 1 ;;
    esac
}
check "the container boots systemd (is-system-running)" booted
[ "$FAILURES" -eq 0 ] || { sed 's/^/      | /' "$CONSOLE_LOG" | tail -n 40; exit 1; }
check "mosquitto runs in the container" inside 10 'systemctl is-active mosquitto'

# --- install and start ---------------------------------------------------------------------------------
install_first() {
    local out
    out="$(inside 180 './install.sh' 2>&1)" || { echo "$out"; return 1; }
    echo "$out"
    grep -q 'installed  /usr/lib/rivulet/rivulet.jar' <<<"$out" && grep -q 'started    rivulet.service' <<<"$out"
}
check "./install.sh installs and starts the service" install_first
check "systemctl start rivulet; is-active: active" inside 150 'systemctl start rivulet && systemctl is-active rivulet'

ready_by_notify() {
    local show
    show="$(inside 10 'systemctl show -p Type -p NotifyAccess -p ActiveState -p SubState rivulet')"
    echo "$show"
    grep -qx 'Type=notify' <<<"$show" && grep -qx 'ActiveState=active' <<<"$show" && grep -qx 'SubState=running' <<<"$show"
}
check "readiness through Type=notify (active/running)" ready_by_notify

# The class data archive install.sh made for the installed jar and Java: the service maps it. Before each start
# the service makes it again if it is missing or Java changed since (an apt upgrade; here libjvm.so's time), and
# leaves it alone otherwise; if it cannot be made, the service starts without it.
archive_inode() {
    inside 10 'stat -c %i /usr/lib/rivulet/rivulet.jsa'
}
mapped_archive() {
    local pid
    pid="$(inside 10 'systemctl show -p MainPID --value rivulet')"
    inside 10 "grep -q /usr/lib/rivulet/rivulet.jsa /proc/$pid/maps" || { echo "the service does not map rivulet.jsa"; return 1; }
}
class_archive() {
    local made
    inside 10 'test -s /usr/lib/rivulet/rivulet.jsa && test -s /usr/lib/rivulet/rivulet.jsa.for' \
        || { echo "install.sh made no /usr/lib/rivulet/rivulet.jsa (and rivulet.jsa.for)"; return 1; }
    mapped_archive || return 1
    made="$(archive_inode)"
    inside 150 'systemctl restart rivulet && systemctl is-active rivulet' || return 1
    [ "$(archive_inode)" = "$made" ] || { echo "a restart made the archive again though nothing had changed"; return 1; }
    inside 150 'touch "$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")/lib/server/libjvm.so" \
        && systemctl restart rivulet && systemctl is-active rivulet' || return 1
    [ "$(archive_inode)" != "$made" ] || { echo "Java changed and the archive was not made again"; return 1; }
    inside 10 'journalctl -u rivulet | grep -q "built      /usr/lib/rivulet/rivulet.jsa"' \
        || { echo "the journal does not say the archive was made again"; return 1; }
    mapped_archive || return 1
    inside 150 'rm /usr/lib/rivulet/rivulet.jsa && systemctl restart rivulet && systemctl is-active rivulet \
        && test -s /usr/lib/rivulet/rivulet.jsa' || { echo "a missing archive was not made again"; return 1; }
    # An archive that cannot be made (its temporary file's name taken by a directory): the service starts without.
    inside 150 'rm /usr/lib/rivulet/rivulet.jsa && mkdir -p /usr/lib/rivulet/rivulet.jsa.new/taken \
        && systemctl restart rivulet && systemctl is-active rivulet && test ! -e /usr/lib/rivulet/rivulet.jsa' \
        || { echo "without an archive the service did not start"; return 1; }
    inside 10 'rm -r /usr/lib/rivulet/rivulet.jsa.new'
}
check "the service uses the class data archive, makes it again after a Java upgrade, and starts without it" class_archive

hardened() {
    inside 10 'pid=$(systemctl show -p MainPID --value rivulet); grep -E "^(Seccomp|CapEff|CapBnd|NoNewPrivs):" /proc/$pid/status' \
        | tee /dev/stderr | awk '/^Seccomp:/ {s = $2} /^CapEff:/ {e = $2} /^CapBnd:/ {b = $2} /^NoNewPrivs:/ {n = $2}
            END {exit !(s == 2 && e == "0000000000000000" && b == "0000000000000000" && n == 1)}'
}
check "the hardening is applied (seccomp filter, no capabilities, no new privileges)" hardened
# Not a check: whether MemoryMax= binds depends on the host kernel's memory cgroup (a Pi kernel may lack it).
say "memory limit of the service here: $(inside 10 'for f in /sys/fs/cgroup/system.slice/rivulet.service/memory.max \
        /sys/fs/cgroup/memory/system.slice/rivulet.service/memory.limit_in_bytes; do
        [ -r "$f" ] && { echo "$(cat "$f") ($f)"; exit; }; done; echo "none: no memory cgroup controller here"' 2>&1)"
check "rivulet status: ready" inside 30 'rivulet status | tee /dev/stderr | grep -q ": ready"'
check "no warning about ConfigurationDirectory's mode in the journal" \
    inside 10 '! journalctl -u rivulet --no-pager | grep "already exists but the mode is different"'

# --- an MQTT door reading raises a retained alert --------------------------------------------------------
# The sample: topic buses/+/door, JSON {in, out}, capacity 60, raised at 90 % for 2 batches in a row.
check "a door reading (58 boarding bus-7) is accepted by the broker" \
    inside 10 "mosquitto_pub -q 1 -t buses/bus-7/door -m '{\"in\": 58, \"out\": 0, \"stop\": \"Central\"}'"
check "the alert is raised and retained on buses/bus-7/alert" \
    until_true 30 'mosquitto_sub -t buses/bus-7/alert -C 1 -W 3 | tee /dev/stderr | grep -q "\"state\":\"raised\""'
check "rivulet status shows bus-7 at 58 and the open alert" \
    until_true 15 'rivulet status | tee /dev/stderr | grep -Eq "bus-7 +58" && rivulet status | grep -q "Open alerts: 1"'

# --- restart: the checkpoint and the open alert survive --------------------------------------------------
check "systemctl restart rivulet" inside 150 'systemctl restart rivulet && systemctl is-active rivulet'
check "after the restart rivulet status still shows bus-7 at 58 and the open alert" \
    until_true 15 'rivulet status | tee /dev/stderr | grep -Eq "bus-7 +58" && rivulet status | grep -q "Open alerts: 1"'

# --- kill -9: Restart=on-failure brings it back, nothing piles up ----------------------------------------
killed_and_back() {
    local old new
    old="$(inside 10 'systemctl show -p MainPID --value rivulet')"
    [ "$old" -gt 0 ] || { echo "no main process"; return 1; }
    # The start after a kill removes native copies older than a minute (a younger one may be another
    # process's, still unpacking): make this run's copy look like one of a run that lived longer.
    inside 10 'find /var/lib/rivulet -name "sqlite-*libsqlitejdbc.so*" -exec touch -d "-2 min" {} + -printf "aged %f\n"'
    inside 10 "kill -9 $old"
    echo "killed $old"
    until_true 60 "pid=\$(systemctl show -p MainPID --value rivulet); [ \"\$pid\" -gt 0 ] && [ \"\$pid\" != $old ] && systemctl is-active rivulet" || return 1
    new="$(inside 10 'systemctl show -p MainPID --value rivulet')"
    echo "back as $new: $(inside 10 'systemctl show -p NRestarts rivulet')"
}
check "kill -9: systemd restarts the service (Restart=on-failure)" killed_and_back
check "after kill -9 the state is kept (bus-7 at 58)" \
    until_true 15 'rivulet status | tee /dev/stderr | grep -Eq "bus-7 +58"'
# SQLite's native library is unpacked once into the state directory and loaded from there: no copy per
# process (sqlite-jdbc's own unpacking) may pile up on the card, however often the service is killed.
check "after kill -9 SQLite's native library is the one copy in /var/lib/rivulet/native, none per process" \
    inside 10 'ls -la /var/lib/rivulet; [ "$(find /var/lib/rivulet -maxdepth 1 -name "sqlite-*" | wc -l)" -eq 0 ] && [ "$(find /var/lib/rivulet/native -name "libsqlitejdbc.so" | wc -l)" -eq 1 ]'

# --- the Zero VM, as README's "Less memory, more CPU: the Zero VM" sets it, and back --------------------------
# The drop-in is README's own line (the repository is bound in at $CLONE), so the two cannot part.
on_zero() {
    local pid
    inside 10 'mkdir -p /etc/systemd/system/rivulet.service.d && { echo "[Service]";
            grep -m 1 "^Environment=\"RIVULET_JAVA_OPTS=-zero " README.md; } > /etc/systemd/system/rivulet.service.d/zero.conf
        cat /etc/systemd/system/rivulet.service.d/zero.conf; grep -q -- "-zero" /etc/systemd/system/rivulet.service.d/zero.conf' \
        || { echo "README has no Zero VM drop-in line"; return 1; }
    inside 150 'systemctl daemon-reload && systemctl restart rivulet && systemctl is-active rivulet' || return 1
    pid="$(inside 10 'systemctl show -p MainPID --value rivulet')"
    inside 10 "grep -q /lib/zero/libjvm.so /proc/$pid/maps" || { echo "the service does not run on the Zero VM"; return 1; }
    inside 10 'test ! -e /usr/lib/rivulet/rivulet.jsa' || { echo "the class data archive was left for the Zero VM"; return 1; }
    echo "note: on the Zero VM, $(inside 10 "grep VmHWM /proc/$pid/status")"
}
check "the service on the Zero VM (README's drop-in): it runs there and has no class data archive" on_zero
check "on the Zero VM the state is kept (bus-7 at 58)" until_true 30 'rivulet status | tee /dev/stderr | grep -Eq "bus-7 +58"'
check "on the Zero VM a door reading (58 boarding bus-9) is accepted by the broker" \
    inside 10 "mosquitto_pub -q 1 -t buses/bus-9/door -m '{\"in\": 58, \"out\": 0, \"stop\": \"Central\"}'"
check "the alert is raised and retained on buses/bus-9/alert" \
    until_true 60 'mosquitto_sub -t buses/bus-9/alert -C 1 -W 3 | tee /dev/stderr | grep -q "\"state\":\"raised\""'
off_zero() {
    local pid
    inside 150 'systemctl revert rivulet && systemctl restart rivulet && systemctl is-active rivulet' || return 1
    pid="$(inside 10 'systemctl show -p MainPID --value rivulet')"
    inside 10 "grep -q /lib/server/libjvm.so /proc/$pid/maps" || { echo "the service is not back on the server VM"; return 1; }
    mapped_archive
}
check "systemctl revert rivulet: back on the server VM, with the archive made again and mapped" off_zero

# --- a GPIO configuration on a machine without a GPIO chip ----------------------------------------------
# The sample's beams: source, uncommented. It must start, or fail fast with a clear message: never hang
# until TimeoutStartSec.
gpio_fast() {
    inside 10 'cp /etc/rivulet/rivulet.yaml /root/rivulet.yaml.saved
        sed -i -e "s/^  # beams:/  beams:/" -e "/^  beams:/,+5 s/^  #   /    /" /etc/rivulet/rivulet.yaml
        sed -n "/^  beams:/,+5p" /etc/rivulet/rivulet.yaml
        rivulet check-config /etc/rivulet/rivulet.yaml'
    local started=$SECONDS took state
    inside 150 'systemctl restart rivulet' && state=started || state=failed
    took=$((SECONDS - started))
    echo "note: systemctl restart: $state after $took s"
    inside 10 'journalctl -u rivulet --no-pager -n 15 -o cat'
    inside 10 'journalctl -u rivulet --no-pager -n 30 -o cat | grep -i "gpio" | tail -n 2 | sed "s/^/note: /"'
    if [ "$state" = started ]; then
        inside 10 'systemctl is-active rivulet'
    else
        [ "$took" -le 60 ] || { echo "took $took s: that is a hang, not failing fast"; return 1; }
        # Clear: the reason names GPIO (the chip, the provider or the pin), not a missing class.
        inside 10 '! journalctl -u rivulet --no-pager | grep -E "NoClassDefFoundError|ClassNotFoundException"' || return 1
        inside 10 'journalctl -u rivulet --no-pager -n 30 -o cat | grep -i "gpio"' >/dev/null \
            || { echo "the last lines of the journal do not name GPIO"; return 1; }
    fi
}
check "a GPIO configuration without a GPIO chip starts or fails fast with a clear message" gpio_fast
gpio_undone() {
    inside 10 'cp /root/rivulet.yaml.saved /etc/rivulet/rivulet.yaml && systemctl reset-failed rivulet; systemctl restart rivulet && systemctl is-active rivulet'
}
check "back on the sample configuration, the service runs again" gpio_undone

# --- a second install changes nothing -------------------------------------------------------------------
install_again() {
    local before after out
    before="$(inside 10 'sha256sum /usr/lib/rivulet/rivulet.jar /usr/bin/rivulet /etc/systemd/system/rivulet.service /etc/rivulet/rivulet.yaml; stat -c "%n %a %U:%G" /etc/rivulet /etc/rivulet/rivulet.yaml /var/lib/rivulet')"
    out="$(inside 180 './install.sh' 2>&1)" || { echo "$out"; return 1; }
    echo "$out"
    after="$(inside 10 'sha256sum /usr/lib/rivulet/rivulet.jar /usr/bin/rivulet /etc/systemd/system/rivulet.service /etc/rivulet/rivulet.yaml; stat -c "%n %a %U:%G" /etc/rivulet /etc/rivulet/rivulet.yaml /var/lib/rivulet')"
    [ "$before" = "$after" ] || { diff <(echo "$before") <(echo "$after"); return 1; }
    ! grep -Eq '^(installed|upgraded|kept) ' <<<"$out" || { echo "the second install changed files"; return 1; }
    grep -q '^built      /usr/lib/rivulet/rivulet.jsa' <<<"$out" || { echo "the class data archive was not made again"; return 1; }
    inside 10 'test ! -e /etc/rivulet/rivulet.yaml.new && systemctl is-active rivulet'
}
check "a second ./install.sh changes nothing and the service runs" install_again

# --- uninstall --purge -----------------------------------------------------------------------------------
purged() {
    inside 60 './install.sh --uninstall --purge' || return 1
    inside 10 'for path in /etc/systemd/system/rivulet.service /usr/bin/rivulet /usr/lib/rivulet /usr/share/rivulet /etc/rivulet /var/lib/rivulet; do
            [ ! -e "$path" ] || { echo "left behind: $path"; exit 1; }
        done
        ! id rivulet 2>/dev/null || { echo "user rivulet left behind"; exit 1; }
        ! systemctl is-active rivulet'
}
check "./install.sh --uninstall --purge removes everything" purged

say "done in $((SECONDS - STARTED)) s"
if [ "$FAILURES" -gt 0 ]; then
    say "FAILED: $FAILURES check(s)"
    exit 1
fi
say "all checks passed"

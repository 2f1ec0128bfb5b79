#!/usr/bin/env bash
# The shaded jar on ARM: Debian bookworm arm64 and armhf roots with openjdk-17-jre-headless, run under
# qemu-user on this (x86_64) machine. In each: java's os.arch, rivulet --version, check-config on the
# sample, and the demo until it raises alerts with SQLite opened through that architecture's own native
# library (arm-inside.sh). Needs root; run alone with:  sudo .ci/platforms/arm.sh [arm64] [armhf]
# Roots are cached in $RIVULET_CI_CACHE (default /var/cache/rivulet-ci); see lib.sh. With --roots-only first,
# it only builds the roots that are not cached (.ci/run does that while Maven runs) and needs no jar.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

ROOTS_ONLY=no
if [ "${1:-}" = --roots-only ]; then
    ROOTS_ONLY=yes
    shift
fi
ARCHES=("$@")
[ "${#ARCHES[@]}" -gt 0 ] || ARCHES=(arm64 armhf)
PACKAGES=openjdk-17-jre-headless

need_root
[ "$ROOTS_ONLY" = yes ] || need_jar
need_tools mmdebstrap:mmdebstrap qemu-aarch64-static:qemu-user-static unzip:unzip arch-test:arch-test
hold_lock arm

# qemu-user through binfmt_misc, with Debian's handlers (flag F: the kernel opens the interpreter at
# registration, so it works inside a chroot without a copy of qemu). Whatever this script mounted or
# registered, it removes again on exit; handlers that were there before are left alone.
BINFMT=/proc/sys/fs/binfmt_misc
MOUNTED_BINFMT=no
REGISTERED=()
binfmt_setup() {
    if ! mountpoint -q "$BINFMT"; then
        mount -t binfmt_misc binfmt_misc "$BINFMT" || die "cannot mount binfmt_misc at $BINFMT"
        MOUNTED_BINFMT=yes
    fi
    local handler
    for handler in qemu-aarch64 qemu-arm; do
        [ ! -e "$BINFMT/$handler" ] || continue
        cat "/usr/lib/binfmt.d/$handler.conf" >"$BINFMT/register" || die "cannot register $handler with binfmt_misc"
        REGISTERED+=("$handler")
    done
}
binfmt_teardown() {
    local handler
    for handler in "${REGISTERED[@]}"; do
        echo -1 >"$BINFMT/$handler" 2>/dev/null || true
    done
    REGISTERED=()
    if [ "$MOUNTED_BINFMT" = yes ]; then
        umount "$BINFMT" 2>/dev/null || true
        MOUNTED_BINFMT=no
    fi
}
trap binfmt_teardown EXIT
binfmt_setup

# run_arch ARCH OS_ARCH NATIVE: the checks in ARCH's root. The mounts live in a private mount namespace
# and vanish with it; /tmp is a fresh tmpfs holding the jar, the sample and the checks, so the cached root
# is never written. (The tmpfs is also needed: under qemu, a 32-bit guest's readdir on the 64-bit host's
# ext4 fails on its 64-bit directory cookies, and sqlite-jdbc lists its temporary directory. A Pi's own
# kernel has no such problem.)
run_arch() {
    local arch="$1" os_arch="$2" native="$3" root sha started
    root="$(root_dir "bookworm-$arch-java")"
    ensure_root "bookworm-$arch-java" "$arch" apt "$PACKAGES"
    sha="$(unzip -p "$JAR" "org/sqlite/native/Linux/$native/libsqlitejdbc.so" | sha256sum | cut -d' ' -f1)"
    started=$SECONDS
    say "$arch: running the jar under qemu-$os_arch"
    # shellcheck disable=SC2016 # the script's variables are its own arguments
    # The time limit is a last resort: every step inside waits a bounded time, but a hung JVM must not
    # hang CI.
    if timeout --kill-after=10 900 unshare --mount --propagation private -- /bin/sh -ec '
        jar="$1" root="$2" sample="$3" checks="$4"; shift 4
        mount -t proc proc "$root/proc"
        mount --rbind /dev "$root/dev"
        mount -t tmpfs -o size=512m,mode=1777 tmpfs "$root/tmp"
        mkdir "$root/tmp/rivulet"
        cp "$jar" "$root/tmp/rivulet/rivulet.jar"
        cp "$sample" "$root/tmp/rivulet/rivulet.yaml"
        cp "$checks" "$root/tmp/rivulet/arm-inside.sh"
        exec chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/tmp LANG=C.UTF-8 \
            RIVULET_CI_DEMO_WAIT="${RIVULET_CI_DEMO_WAIT:-300}" /bin/sh /tmp/rivulet/arm-inside.sh "$@"
        ' arm-run "$JAR" "$root" "$SAMPLE" "$REPO/.ci/platforms/arm-inside.sh" "$os_arch" "$native" "$sha" \
        | sed "s/^\(PASS\|FAIL\)  /\1  $arch: /"; [ "${PIPESTATUS[0]}" -eq 0 ]; then
        say "$arch: all passed in $((SECONDS - started)) s"
    else
        FAILURES=$((FAILURES + 1))
        say "$arch: FAILED (after $((SECONDS - started)) s)"
    fi
}

# Missing roots are built side by side: most of a build is dpkg setting up Java under emulation, one
# core's work each.
builds=()
for arch in "${ARCHES[@]}"; do
    case "$arch" in
        arm64|armhf) ensure_root "bookworm-$arch-java" "$arch" apt "$PACKAGES" & builds+=($!) ;;
        *) die "unknown architecture '$arch': arm64 or armhf" ;;
    esac
done
for build in "${builds[@]}"; do
    wait "$build" || die "a root could not be built (above)"
done
[ "$ROOTS_ONLY" = no ] || exit 0

for arch in "${ARCHES[@]}"; do
    case "$arch" in
        arm64) run_arch arm64 aarch64 aarch64 ;;
        armhf) run_arch armhf arm armv7 ;;
        *) die "unknown architecture '$arch': arm64 or armhf" ;;
    esac
done

if [ "$FAILURES" -gt 0 ]; then
    say "FAILED: $FAILURES architecture(s)"
    exit 1
fi
say "passed: ${ARCHES[*]}"

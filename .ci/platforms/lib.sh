# shellcheck shell=bash
# Shared by the target checks in this folder (arm.sh, systemd.sh); sourced, never run.
# Root images are Debian bookworm trees built by mmdebstrap from Debian's mirror and kept in
# $RIVULET_CI_CACHE (default /var/cache/rivulet-ci, outside any clone) so that only a cold machine pays
# for building them. A root is rebuilt when missing or when its recipe (architecture, packages) changes.

CI_CACHE="${RIVULET_CI_CACHE:-/var/cache/rivulet-ci}"
CI_MIRROR="${RIVULET_CI_MIRROR:-http://deb.debian.org/debian}"
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
JAR="$REPO/app/target/rivulet.jar"
# shellcheck disable=SC2034 # used by arm.sh
SAMPLE="$REPO/app/src/main/resources/rivulet.yaml"
FAILURES=0

say() { echo "[$(basename "$0" .sh) $(date +%H:%M:%S)] $*"; }
die() { echo "$(basename "$0"): $*" >&2; exit 2; }
pass() { echo "PASS  $*"; }
fail() { echo "FAIL  $*"; FAILURES=$((FAILURES + 1)); }

# Runs a check: "check NAME COMMAND..." prints PASS or FAIL with NAME, and the command's output on failure
# (on success only its lines starting with "note: ").
check() {
    local name="$1" out
    shift
    if out="$("$@" 2>&1)"; then
        pass "$name"
        printf '%s\n' "$out" | sed -n 's/^note: /      - /p'
    else
        fail "$name"
        printf '%s\n' "$out" | tail -n 40 | sed 's/^/      | /'
    fi
}

need_root() {
    [ "$(id -u)" -eq 0 ] || die "run as root: building roots, chroot and systemd-nspawn need it"
}

# Installs the Debian packages given as "command:package" pairs whose command is missing.
need_tools() {
    local pair missing=()
    for pair in "$@"; do
        command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair#*:}")
    done
    [ "${#missing[@]}" -eq 0 ] && return
    say "installing ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq </dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null >/dev/null
}

# Holds the cache's lock NAME until the script ends, waiting for another run holding it: two runs at once
# would build the same root, or one would remove the binfmt handlers the other still uses.
hold_lock() {
    mkdir -p "$CI_CACHE"
    exec 9>"$CI_CACHE/$1.lock"
    flock -n 9 || { say "waiting for another run of $1 checks on this machine"; flock 9; }
}

need_jar() {
    [ -f "$JAR" ] || die "no $JAR: build it first with: mvn -B -ntp -q package -DskipTests"
}

# root_dir NAME: where the cached root NAME lives.
root_dir() { echo "$CI_CACHE/$1"; }

# ensure_root NAME ARCH VARIANT PACKAGES [MMDEBSTRAP OPTION...]: builds the root unless a root with the
# same recipe (all of these) is cached.
# Built beside the cache entry and renamed into place, so an interrupted build never leaves half a root.
ensure_root() {
    local name="$1" arch="$2" variant="$3" packages="$4" dir recipe started
    shift 4
    dir="$(root_dir "$name")"
    recipe="bookworm $arch $variant $packages${*:+ $*}"
    if [ -f "$dir/.rivulet-ci-recipe" ] && [ "$(cat "$dir/.rivulet-ci-recipe")" = "$recipe" ]; then
        say "root $name: cached in $dir"
        return
    fi
    started=$SECONDS
    say "root $name: building with mmdebstrap ($arch: $packages) - a few minutes, once"
    mkdir -p "$CI_CACHE"
    rm -rf "$dir.new" "$dir.old"
    # No documentation, man pages or locales: nothing here reads them. man1 must exist all the same:
    # openjdk's postinst links its man page into it with update-alternatives.
    # shellcheck disable=SC2016 # the hook's $1 is mmdebstrap's: the root being built
    mmdebstrap --quiet --mode=root --architectures="$arch" --variant="$variant" --include="$packages" \
        --aptopt='Acquire::Languages "none"' --essential-hook='mkdir -p "$1/usr/share/man/man1"' \
        --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*' \
        --dpkgopt='path-exclude=/usr/share/locale/*' "$@" \
        bookworm "$dir.new" "$CI_MIRROR" </dev/null \
        || { rm -rf "$dir.new"; die "mmdebstrap could not build the $arch root (is $CI_MIRROR reachable?)"; }
    echo "$recipe" >"$dir.new/.rivulet-ci-recipe"
    [ ! -e "$dir" ] || mv "$dir" "$dir.old"
    mv "$dir.new" "$dir"
    rm -rf "$dir.old"
    say "root $name: built in $((SECONDS - started)) s"
}

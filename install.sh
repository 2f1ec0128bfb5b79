#!/usr/bin/env bash
# Installs Rivulet as a systemd service on a Raspberry Pi (or any Debian-like Linux); see README.md,
# "Install on a Raspberry Pi". Safe to run again: an upgrade replaces the jar, the launcher and the unit,
# and never overwrites a configuration the operator edited.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT=""
JAR="$HERE/app/target/rivulet.jar"
MODE=install
PURGE=no
WORK=""

usage() {
    cat <<'EOF'
Usage: install.sh [--jar PATH] [--root DIR]
       install.sh --uninstall [--purge] [--root DIR]

Installs Rivulet as the systemd service "rivulet":
  /usr/lib/rivulet/rivulet.jar           the application
  /usr/lib/rivulet/rivulet.jsa           its class data sharing archive, made here for this jar and
                                         this Java (faster start, less memory); remade at every run,
                                         and by the service before a start after Java was upgraded
  /usr/lib/rivulet/rivulet-class-archive what makes it
  /usr/bin/rivulet                       the command (rivulet demo, rivulet status, ...)
  /etc/systemd/system/rivulet.service    the service, enabled and started
  /etc/rivulet/rivulet.yaml              the configuration: the sample at first; an edited one is
                                         kept, and a newer sample goes beside it as rivulet.yaml.new
  /var/lib/rivulet                       the state (SQLite), created by systemd on first start
Installs openjdk-17-jre-headless with apt when Java 17 or later is missing, and creates the system
user "rivulet" (in group gpio).

Options:
  --jar PATH     the jar to install (default: app/target/rivulet.jar beside this script;
                 build it with: mvn -DskipTests install)
  --root DIR     install into DIR as a staging root, touching nothing else: no apt, no user,
                 no systemctl; prints what it would do instead (for packaging and tests)
  --uninstall    stop and remove the service, the command and the jar; keeps the configuration,
                 the state and the user
  --purge        with --uninstall: also delete /etc/rivulet, /var/lib/rivulet and the user
  -h, --help     this text
EOF
}

die() {
    echo "install.sh: $*" >&2
    exit 1
}

say() {
    echo "$*"
}

while [ $# -gt 0 ]; do
    case "$1" in
        --jar) [ $# -ge 2 ] || die "--jar needs a path"; JAR="$2"; shift 2 ;;
        --jar=*) JAR="${1#--jar=}"; shift ;;
        --root) [ $# -ge 2 ] || die "--root needs a directory"; ROOT="$2"; shift 2 ;;
        --root=*) ROOT="${1#--root=}"; shift ;;
        --uninstall) MODE=uninstall; shift ;;
        --purge) PURGE=yes; shift ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; die "unknown option '$1'" ;;
    esac
done
[ "$PURGE" = no ] || [ "$MODE" = uninstall ] || die "--purge goes with --uninstall"

if [ -n "$ROOT" ]; then
    mkdir -p "$ROOT"
    ROOT="$(cd "$ROOT" && pwd)"
    [ "$ROOT" != / ] || die "--root / is the machine itself; leave --root out to install for real"
elif [ "$(id -u)" -ne 0 ]; then
    die "run as root (sudo ./install.sh), or use --root DIR to stage an install"
fi

LIB_DIR="$ROOT/usr/lib/rivulet"
SHARE_DIR="$ROOT/usr/share/rivulet"
DOC_DIR="$ROOT/usr/share/doc/rivulet"
LAUNCHER="$ROOT/usr/bin/rivulet"
UNIT="$ROOT/etc/systemd/system/rivulet.service"
CONFIG_DIR="$ROOT/etc/rivulet"
CONFIG="$CONFIG_DIR/rivulet.yaml"
# The sample as last installed: a config equal to it was not edited and may be upgraded in place.
PRISTINE="$SHARE_DIR/rivulet.yaml.sample"
STATE_DIR="$ROOT/var/lib/rivulet"

# Runs a command that changes the machine, or only says it would under --root.
on_machine() {
    if [ -n "$ROOT" ]; then
        local command
        command="$(printf '%q ' "$@")"
        say "would run: ${command% }"
    else
        "$@"
    fi
}

systemd_running() {
    [ -z "$ROOT" ] && [ -d /run/systemd/system ]
}

# Copies $1 to $2 with mode $3 unless identical; says which.
put() {
    local source="$1" target="$2" mode="$3"
    mkdir -p "$(dirname "$target")"
    if [ -f "$target" ] && cmp -s "$source" "$target"; then
        chmod "$mode" "$target"
        say "unchanged  ${target#"$ROOT"}"
    else
        install -m "$mode" "$source" "$target"
        say "installed  ${target#"$ROOT"}"
    fi
}

java_major() {
    # 'openjdk version "17.0.15" 2025-04-15' -> 17; 'java version "1.8.0_381"' -> 8
    local version
    version="$(java -version 2>&1 | sed -n 's/.* version "\([^"]*\)".*/\1/p' | head -n 1)"
    case "$version" in
        1.*) echo "${version#1.}" | cut -d. -f1 ;;
        "") echo 0 ;;
        *) echo "$version" | cut -d. -f1 | cut -d- -f1 ;;
    esac
}

ensure_java() {
    local major=0
    if command -v java >/dev/null 2>&1; then
        major="$(java_major)"
    fi
    if [ "$major" -ge 17 ] 2>/dev/null; then
        say "found      Java $major"
        return
    fi
    if [ "$major" -eq 0 ]; then
        say "Java 17 or later is needed; none found"
    else
        say "Java 17 or later is needed; found Java $major"
    fi
    # Debian 13 and Raspberry Pi OS based on it no longer carry 17: take the distribution's default JRE.
    local package=openjdk-17-jre-headless
    if [ -z "$ROOT" ] && ! apt-cache show "$package" >/dev/null 2>&1; then
        package=default-jre-headless
    fi
    if [ -z "$ROOT" ]; then
        command -v apt-get >/dev/null 2>&1 || die "no apt-get here: install Java 17 or later, then run this again"
        DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$package" \
            || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$package"; }
        [ "$(java_major)" -ge 17 ] || die "installed $package but java is still older than 17; check update-alternatives --config java"
    else
        say "would run: apt-get install -y --no-install-recommends $package"
    fi
}

# The service's JVM flags as systemd will pass them once this install is done (the new unit's line, then the
# installed drop-ins' in order: the last wins), tried on this Java before anything is put in place. A JVM that
# refuses a flag exits at once, and systemd would restart it every 5 s for ever; -XX:TrimNativeHeapInterval, for
# one, needs Java 17.0.11, 21.0.3 or a later update (or any Java from 23).
check_java_flags() {
    local opts out package
    opts="$({ cat "$HERE/systemd/rivulet.service"; cat "$UNIT.d"/*.conf 2>/dev/null || true; } \
        | sed -n 's/^Environment="RIVULET_JAVA_OPTS=\(.*\)"$/\1/p' | tail -n 1)"
    if ! command -v java >/dev/null 2>&1; then
        [ -n "$ROOT" ] || die "no java on the PATH"
        say "would check: java $opts -version"
        return
    fi
    # shellcheck disable=SC2086 # the unit's flags are words
    if out="$(java $opts -version 2>&1)"; then
        say "checked    this Java takes the service's JVM flags"
        return
    fi
    package="$(dpkg -S "$(readlink -f "$(command -v java)")" 2>/dev/null | cut -d: -f1 | head -n 1 || true)"
    die "this Java refuses the service's JVM flags, so the service could not start:
$(printf '%s\n' "$out" | head -n 3)
The flags: $opts
Java 17.0.11, 21.0.3 or a later update takes the unit's. Upgrade this one (sudo apt-get update && sudo apt-get install
--only-upgrade ${package:-openjdk-17-jre-headless}), or change the flags in a drop-in (sudo systemctl edit rivulet),
then run this again."
}

ensure_user() {
    # The unit asks for SupplementaryGroups=gpio; Raspberry Pi OS has that group, other systems may not.
    if ! getent group gpio >/dev/null 2>&1; then
        on_machine groupadd --system gpio
    fi
    if id rivulet >/dev/null 2>&1; then
        say "found      user rivulet"
    else
        on_machine useradd --system --user-group --home-dir /var/lib/rivulet --no-create-home \
            --shell /usr/sbin/nologin --comment "Rivulet gateway" rivulet
    fi
    on_machine usermod -a -G gpio rivulet
}

# The sample configuration: from the source tree when there, else from inside the jar.
sample_config() {
    local out="$1"
    if [ -f "$HERE/app/src/main/resources/rivulet.yaml" ]; then
        cp "$HERE/app/src/main/resources/rivulet.yaml" "$out"
    elif command -v unzip >/dev/null 2>&1 && unzip -p "$JAR" rivulet.yaml >"$out" 2>/dev/null && [ -s "$out" ]; then
        :
    else
        die "no sample configuration: neither app/src/main/resources/rivulet.yaml beside this script nor rivulet.yaml in $JAR (is unzip installed?)"
    fi
}

install_config() {
    local sample="$1"
    mkdir -p "$CONFIG_DIR" "$SHARE_DIR"
    chmod 0750 "$CONFIG_DIR"
    if [ ! -f "$CONFIG" ]; then
        install -m 0640 "$sample" "$CONFIG"
        say "installed  ${CONFIG#"$ROOT"} (the sample: edit it, then: systemctl restart rivulet)"
    elif cmp -s "$sample" "$CONFIG"; then
        say "unchanged  ${CONFIG#"$ROOT"}"
        rm -f "$CONFIG.new"
    elif [ -f "$PRISTINE" ] && cmp -s "$PRISTINE" "$CONFIG"; then
        install -m 0640 "$sample" "$CONFIG"
        say "upgraded   ${CONFIG#"$ROOT"} (it was the unedited sample)"
    else
        install -m 0640 "$sample" "$CONFIG.new"
        say "kept       ${CONFIG#"$ROOT"}: it was edited; the new sample is ${CONFIG#"$ROOT"}.new - compare them with: diff ${CONFIG#"$ROOT"} ${CONFIG#"$ROOT"}.new"
    fi
    install -m 0644 "$sample" "$PRISTINE"
    # Readable by the service, not by every user: it may hold the upstream broker's password.
    if [ -z "$ROOT" ]; then
        chown root:rivulet "$CONFIG_DIR" "$CONFIG"
        [ ! -f "$CONFIG.new" ] || chown root:rivulet "$CONFIG.new"
    fi
}

write_launcher() {
    local tmp="$1"
    cat >"$tmp" <<'EOF'
#!/bin/sh
# The rivulet command, installed by Rivulet's install.sh. RIVULET_JAVA_OPTS holds JVM flags (the service
# sets them in its unit); it is split into words on purpose. rivulet.jsa, the class data sharing archive
# install.sh made for this jar and this Java, is used when it is there; without it (or after Java was
# upgraded, when the JVM finds it does not match and says so) Rivulet starts the same, only slower.
archive=
[ -r /usr/lib/rivulet/rivulet.jsa ] && archive=-XX:SharedArchiveFile=/usr/lib/rivulet/rivulet.jsa
# shellcheck disable=SC2086
exec java $RIVULET_JAVA_OPTS $archive -jar /usr/lib/rivulet/rivulet.jar "$@"
EOF
}

# The class data sharing archive (AppCDS) for the installed jar and the installed Java, made by
# rivulet-class-archive (the classes the demo and the MQTT clients load, parsed and laid out once there instead of at
# every start). Made again at every install or upgrade; the service makes it again before a start when Java or the
# jar changed since (an apt upgrade). A failure leaves no archive: Rivulet starts without.
build_class_archive() {
    put "$HERE/systemd/rivulet-class-archive" "$LIB_DIR/rivulet-class-archive" 0755
    if [ -n "$ROOT" ]; then
        say "would run: /usr/lib/rivulet/rivulet-class-archive (java ... -XX:ArchiveClassesAtExit=/usr/lib/rivulet/rivulet.jsa -jar /usr/lib/rivulet/rivulet.jar train-archive)"
        return
    fi
    RIVULET_UNIT="$UNIT" "$LIB_DIR/rivulet-class-archive"
}

do_install() {
    [ -f "$JAR" ] || die "no jar at $JAR: build it with 'mvn -DskipTests install', or pass --jar PATH"
    [ -f "$HERE/systemd/rivulet.service" ] || die "no systemd/rivulet.service beside this script"
    [ -f "$HERE/systemd/rivulet-class-archive" ] || die "no systemd/rivulet-class-archive beside this script"
    if [ -z "$ROOT" ]; then
        say "Installing Rivulet"
    else
        say "Staging Rivulet in $ROOT (nothing outside it is touched)"
    fi

    ensure_java
    check_java_flags
    ensure_user

    WORK="$(mktemp -d)"
    trap 'rm -rf "$WORK"' EXIT
    put "$JAR" "$LIB_DIR/rivulet.jar" 0644
    write_launcher "$WORK/rivulet"
    put "$WORK/rivulet" "$LAUNCHER" 0755
    put "$HERE/systemd/rivulet.service" "$UNIT" 0644
    build_class_archive
    if [ -f "$HERE/README.md" ]; then
        put "$HERE/README.md" "$DOC_DIR/README.md" 0644
    fi
    sample_config "$WORK/rivulet.yaml"
    install_config "$WORK/rivulet.yaml"

    if systemd_running; then
        systemctl daemon-reload
        systemctl enable rivulet.service
        # restart, not start: an upgrade must run the new jar.
        systemctl restart rivulet.service
        say "started    rivulet.service; watch it with: journalctl -u rivulet -f, and: rivulet status"
    else
        on_machine systemctl daemon-reload
        on_machine systemctl enable rivulet.service
        on_machine systemctl restart rivulet.service
        [ -n "$ROOT" ] || say "systemd is not running here: start it with 'rivulet run --config /etc/rivulet/rivulet.yaml'"
    fi
}

remove() {
    local path="$1"
    if [ -e "$path" ]; then
        rm -rf "$path"
        say "removed    ${path#"$ROOT"}"
    fi
}

do_uninstall() {
    if [ -z "$ROOT" ]; then
        say "Removing Rivulet"
    else
        say "Removing Rivulet from $ROOT"
    fi
    if systemd_running; then
        systemctl disable --now rivulet.service 2>/dev/null || true
    else
        on_machine systemctl disable --now rivulet.service
    fi
    remove "$UNIT"
    remove "$LAUNCHER"
    remove "$LIB_DIR"
    remove "$SHARE_DIR"
    remove "$DOC_DIR"
    if systemd_running; then
        systemctl daemon-reload
    else
        on_machine systemctl daemon-reload
    fi
    if [ "$PURGE" = yes ]; then
        remove "$CONFIG_DIR"
        remove "$STATE_DIR"
        if [ -n "$ROOT" ] || id rivulet >/dev/null 2>&1; then
            on_machine userdel rivulet
        fi
    else
        say "kept       ${CONFIG_DIR#"$ROOT"} and ${STATE_DIR#"$ROOT"} (configuration and data); --uninstall --purge deletes them"
    fi
}

if [ "$MODE" = install ]; then
    do_install
else
    do_uninstall
fi

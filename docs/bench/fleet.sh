#!/usr/bin/env bash
# The fleet benchmark (docs/BENCHMARKS.md, "Fleet"): a generated fleet through mosquitto, the Kafka Connect
# connector, a KRaft Kafka broker and the Spark job in local[2], all on this machine.
#
#   docs/bench/fleet.sh [GATEWAYS] [BUSES] [TRIGGER] [PHASES]
#
# GATEWAYS gateways (10000) of BUSES buses (40) each publish one summary per simulated minute; PHASES lists
# speed:minutes pairs (1:4,4:3: 4 minutes at one summary per gateway per minute, then 3 at four); the job
# runs a micro-batch every TRIGGER (30s). Prints, per micro-batch, its input, its duration and the latency
# from publish to visible in bus_periods (median and max). Needs Debian's mosquitto; everything else runs in
# one JVM (-Xmx4g) forked by Maven.
set -euo pipefail
cd "$(dirname "$0")/../.."
gateways=${1:-10000}
buses=${2:-40}
trigger=${3:-30s}
phases=${4:-1:4,4:3}
mvn -q -B -ntp -pl fleet test-compile exec:exec@fleet-bench \
  -Drivulet.bench.gateways="$gateways" -Drivulet.bench.buses="$buses" \
  -Drivulet.bench.trigger="$trigger" -Drivulet.bench.phases="$phases"

#!/usr/bin/env bash
# bench/profiles.sh: the engine profiles side by side (issue #9). One scenario, one seed, one anchor and one campaign
# prefix, run on a fresh embedded stack under --engine-profile ksqldb and then under fast; their verify.json compared
# window for window (the truth and every observed count must be identical, only freshness may differ). Prints a table of
# verdicts and latencies and rewrites the figures in documentation/engine-profiles.md. Exit 1 if a count differs.
#
#   bench/profiles.sh [--scenario NAME|FILE] [--no-doc] [-- extra run options, e.g. --speed 48]
#
# Defaults to black-friday (about 5 minutes per profile on 2 cores).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

SCENARIO=black-friday; WRITE_DOC=1; EXTRA=()
while [ $# -gt 0 ]; do
  case "$1" in
    --scenario) SCENARIO="$2"; shift ;;
    --no-doc) WRITE_DOC=0 ;;
    --) shift; EXTRA=("$@"); break ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench/profiles.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done

log() { printf '[profiles %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

./clicksim --version >/dev/null   # builds the jar on first use
W="$root/target/bench/profiles"
rm -rf "$W"; mkdir -p "$W"
# One anchor for both runs, as late as keeps the scenario's event time in the past on each fresh stack.
duration_s=$(./clicksim scenario show "$SCENARIO" | awk '/^duration:/ {print $2; exit}')
secs=$(echo "$duration_s" | awk '{ d=$1; n=d+0; u=substr(d, length(n "")+1); m=(u=="h")?3600:(u=="m")?60:(u=="ms")?0.001:1; print int(n*m) }')
anchor_s=$(( ( $(date +%s) - secs - 600 ) / 120 * 120 ))
ANCHOR=$(date -u -d "@$anchor_s" +%Y-%m-%dT%H:%M:%SZ)
PREFIX="bench$(date +%s | tail -c 5)."
log "scenario $SCENARIO (duration $duration_s), anchor $ANCHOR, campaign prefix $PREFIX"

for profile in ksqldb fast; do
  log "$profile: fresh embedded stack, run (log: $W/$profile.log)"
  set +e
  ./clicksim run --scenario "$SCENARIO" --engine-profile "$profile" --anchor "$ANCHOR" --campaign-prefix "$PREFIX" \
    --progress none --state-dir "$W/state-$profile" --runs-dir "$W/runs-$profile" "${EXTRA[@]}" > "$W/$profile.log" 2>&1
  rc=$?
  set -e
  log "$profile: exit $rc; $(grep '^VERDICT' "$W/$profile.log" || echo 'no verdict')"
  rm -rf "$W/state-$profile/embedded"   # the data of a fresh stack; the runs and logs stay
done

run_a=$(ls -d "$W"/runs-ksqldb/*/ | tail -1); run_b=$(ls -d "$W"/runs-fast/*/ | tail -1)
if cmp -s "$run_a/truth.csv" "$run_b/truth.csv"; then log "truth.csv byte-identical in both runs"; else log "truth.csv DIFFERS"; fi
doc_args=()
[ $WRITE_DOC = 1 ] && doc_args=(--doc "$root/documentation/engine-profiles.md")
java -cp "$root/target/clicksim.jar" dev.clicksim.bench.ProfileComparison "$run_a" "$run_b" "${doc_args[@]}"

#!/usr/bin/env bash
# bench/reliability.sh: what each fault costs (issue #8). For each processing guarantee (at_least_once, exactly_once_v2)
# one `clicksim up` with that guarantee, and for each fault kind (target x action) one run of bench/reliability.yaml
# (black-friday's peak rate, about 14 000 clicks/s) attached to it with five faults of that kind, 20 s of wall time
# apart. Each run's verify finds every fault's cost (clicks lost and doubled, by the three-way accounting, in the windows
# it reached) and recovery time (firing to the table caught up); dev.clicksim.bench.ReliabilityTable sums them per
# target x action x guarantee and rewrites the table in documentation/reliability.md. Prints figures; asserts nothing.
#
#   bench/reliability.sh [--reps N] [--kinds "kill:aggregation restart:broker ..."] [--guarantees "at_least_once ..."]
#                        [--no-doc]
#
# The whole matrix (14 kinds x 2 guarantees) takes about an hour on 2 cores.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

REPS=5; WRITE_DOC=1
KINDS="kill:broker restart:broker pause:broker kill:aggregation restart:aggregation pause:aggregation kill:connect restart:connect pause:connect kill:postgres restart:postgres pause:postgres restart:sink-task pause:sink-task"
GUARANTEES="at_least_once exactly_once_v2"
while [ $# -gt 0 ]; do
  case "$1" in
    --reps) REPS="$2"; shift ;;
    --kinds) KINDS="$2"; shift ;;
    --guarantees) GUARANTEES="$2"; shift ;;
    --no-doc) WRITE_DOC=0 ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench/reliability.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done

log() { printf '[reliability %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

./clicksim --version >/dev/null   # builds the jar on first use
W="$root/target/bench/reliability"
rm -rf "$W"; mkdir -p "$W"
SPEED=24
# Five faults, 20 s of wall time apart from 10 s in: scenario offsets at speed 24.
offsets=()
for i in $(seq 0 $((REPS - 1))); do offsets+=("$(( (10 + 20 * i) * SPEED ))s"); done

up_pid=""
stop_up() {
  if [ -n "$up_pid" ] && kill -0 "$up_pid" 2>/dev/null; then
    kill -TERM "$up_pid"; wait "$up_pid" 2>/dev/null || true
  fi
  up_pid=""
}
trap stop_up EXIT

run_dirs=()
for guarantee in $GUARANTEES; do
  state="$W/state-$guarantee"
  log "$guarantee: clicksim up (log: $W/up-$guarantee.log)"
  ./clicksim up --processing-guarantee "$guarantee" --state-dir "$state" > "$W/up-$guarantee.log" 2>&1 &
  up_pid=$!
  for _ in $(seq 1 240); do
    grep -q "embedded stack up and provisioned" "$W/up-$guarantee.log" && break
    kill -0 "$up_pid" 2>/dev/null || { log "clicksim up exited: $(tail -3 "$W/up-$guarantee.log")"; exit 1; }
    sleep 1
  done
  for kind in $KINDS; do
    faults=()
    for at in "${offsets[@]}"; do
      case "$kind" in
        pause:*) faults+=(--fault "$kind@$at/5s") ;;
        *) faults+=(--fault "$kind@$at") ;;
      esac
    done
    runs="$W/runs-$guarantee-${kind/:/-}"
    set +e
    ./clicksim run --scenario bench/reliability.yaml --speed "$SPEED" "${faults[@]}" --delivery-timeout 120s \
      --progress none --state-dir "$state" --runs-dir "$runs" > "$runs.log" 2>&1
    rc=$?
    set -e
    log "$guarantee $kind x$REPS: exit $rc; $(grep '^VERDICT' "$runs.log" || tail -1 "$runs.log")"
    for d in "$runs"/*/; do [ -d "$d" ] && run_dirs+=("$d"); done
  done
  stop_up
done

doc_args=()
[ $WRITE_DOC = 1 ] && doc_args=(--doc "$root/documentation/reliability.md")
java -cp "$root/target/clicksim.jar" dev.clicksim.bench.ReliabilityTable "${doc_args[@]}" "${run_dirs[@]}"

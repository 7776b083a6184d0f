#!/usr/bin/env bash
# bench/run.sh: clicksim's benchmark harness (issue #6). One command from a fresh clone; it builds if needed.
#
#   bench/run.sh            the full harness, about 11 minutes on 2 cores
#   bench/run.sh --quick    one produce round, two rate steps, shorter runs (about 8 minutes)
#   options: --rounds N (produce rounds, default 3), --no-doc (do not rewrite documentation/performance.md),
#            --profile (record a JFR profile of one clicksim send and print its hottest frames),
#            --send-memory (also measure heap and RSS of a 10-million-click sending run, ~2 more minutes)
#
# Everything it starts lives under target/bench/ (its own --state-dir and --runs-dir, so a user's .clicksim and runs/
# are untouched). It prints a table of figures and ratios at the end and writes it, with the machine and the exact
# commands, between the markers of documentation/performance.md. Benchmarks print figures; they are not tests.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

QUICK=0; ROUNDS=3; WRITE_DOC=1; PROFILE=0; SEND_MEMORY=0
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1; ROUNDS=1 ;;
    --rounds) ROUNDS="$2"; shift ;;
    --no-doc) WRITE_DOC=0 ;;
    --profile) PROFILE=1 ;;
    --send-memory) SEND_MEMORY=1 ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench/run.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done

W="$root/target/bench"
RUNS="$W/runs"
LOGS="$W/logs"
JAR="$root/target/clicksim.jar"
# The same JVM options as the ./clicksim launcher.
JOPTS=(${CLICKSIM_JAVA_OPTS:--XX:+UseParallelGC -Xms256m})
PEER_VERSION=4.1.1   # the Kafka version clicksim embeds
CLK_TCK=$(getconf CLK_TCK)
RESULTS="$W/results.txt"
COMMANDS="$W/commands.txt"

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }
put() { printf '%s\t%s\n' "$1" "$2" >> "$RESULTS"; }
get() { awk -F'\t' -v k="$1" '$1==k {v=$2} END {print v}' "$RESULTS"; }
cmd() { printf '%s\n' "$*" >> "$COMMANDS"; }
# One-shot clicksim commands run through the launcher, as a user runs them (its class-data archive, and C1 alone for
# the commands that finish in seconds); run and up are started with java directly, with the launcher's options.
cs() { CLICKSIM_JAVA_OPTS="${JOPTS[*]}" "$root/clicksim" "$@"; }
num() { tr -d ',' ; }
now_ms() { date +%s%3N; }

# ---------------------------------------------------------------------------------------------------------- set-up
UP_PID=""
UP_STATE=""
stop_up() {
  if [ -n "$UP_PID" ] && kill -0 "$UP_PID" 2>/dev/null; then
    log "stopping clicksim up (pid $UP_PID)"
    kill -INT "$UP_PID" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$UP_PID" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$UP_PID" 2>/dev/null; then
      kill -TERM "$UP_PID" 2>/dev/null || true
      for _ in $(seq 1 40); do kill -0 "$UP_PID" 2>/dev/null || break; sleep 0.5; done
    fi
    # A stack left running would load every later measurement: the JVM is killed and its PostgreSQL told to stop
    # (SIGINT is PostgreSQL's fast shutdown).
    if kill -0 "$UP_PID" 2>/dev/null; then
      log "clicksim up (pid $UP_PID) did not stop within 50 s; killing it"
      kill -KILL "$UP_PID" 2>/dev/null || true
      local pm; pm=$(head -1 "$UP_STATE/embedded/postgres/data/postmaster.pid" 2>/dev/null || true)
      if [ -n "$pm" ]; then kill -INT "$pm" 2>/dev/null || true; fi
    fi
  fi
  UP_PID=""
}
trap 'stop_up' EXIT
trap 'exit 130' INT TERM

mkdir -p "$W" "$LOGS"
rm -rf "$RUNS" "$W"/state-* "$W"/snap
mkdir -p "$RUNS" "$W/snap"
: > "$RESULTS"; : > "$COMMANDS"
START_MS=$(now_ms)

if [ ! -f "$JAR" ] || [ -n "$(find "$root/src/main" "$root/scenarios" "$root/pom.xml" -newer "$JAR" -print -quit 2>/dev/null)" ]; then
  log "building target/clicksim.jar (./mvnw -q -B -DskipTests package)"
  ./mvnw -q -B -DskipTests package >&2
fi
# The launcher's class-data archive, recorded once per build: clicksim's JVMs here start as ./clicksim starts them.
"$root/clicksim" --version > /dev/null
CS_JOPTS=("${JOPTS[@]}")
if [ -f "$root/target/clicksim.jsa" ]; then
  CS_JOPTS+=(-XX:SharedArchiveFile=target/clicksim.jsa -Xlog:cds=off -Xlog:cds+dynamic=off)
fi
if ! jar tf "$JAR" | grep -q 'dev/clicksim/bench/VerifyBenchmark.class'; then
  die "target/clicksim.jar has no dev.clicksim.bench.VerifyBenchmark; rebuild it (./mvnw -B -DskipTests package)"
fi

# The peer: org.apache.kafka.tools.ProducerPerformance from kafka-tools, with its dependencies, fetched into
# target/bench-peer/lib by a generated pom (nothing is committed).
PEER_DIR="$W/../bench-peer"
if [ ! -f "$PEER_DIR/lib/kafka-tools-$PEER_VERSION.jar" ]; then
  log "fetching org.apache.kafka:kafka-tools:$PEER_VERSION and its dependencies into target/bench-peer/lib"
  mkdir -p "$PEER_DIR"
  cat > "$PEER_DIR/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dev.clicksim.bench</groupId><artifactId>peer</artifactId><version>1</version><packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka-tools</artifactId><version>$PEER_VERSION</version></dependency>
  </dependencies>
</project>
EOF
  ./mvnw -q -B -f "$PEER_DIR/pom.xml" dependency:copy-dependencies -DoutputDirectory=lib -DincludeScope=runtime >&2
fi
PEER_CP="$PEER_DIR/lib/*"

# ------------------------------------------------------------------------------------------- CPU accounting helpers
# Per-thread CPU and run-queue wait of a process from /proc: "tid|name|cpu ms|run-queue wait ms". Names are cut to 15
# characters by the kernel; bash builtins only, since it runs every 0.25 s beside the measured process.
proc_threads() {
  local t s c r q
  for t in /proc/"$1"/task/*; do
    { read -r s < "$t/stat"; read -r q < "$t/schedstat"; } 2>/dev/null || continue
    c=${s#*(}; c=${c%)*}; r=${s##*) }; set -- $r; q=($q)
    echo "${t##*/}|$c|$(( (${12} + ${13}) * 1000 / CLK_TCK ))|$(( ${q[1]} / 1000000 ))"
  done
}
# The same for the stack's PostgreSQL processes (postmaster and its children), named "postgres".
pg_procs() {
  local pm p s r q; pm=$(head -1 "$UP_STATE/embedded/postgres/data/postmaster.pid" 2>/dev/null || true)
  [ -n "$pm" ] || return 0
  for p in $pm $(ps -o pid= --ppid "$pm" 2>/dev/null); do
    { read -r s < "/proc/$p/stat"; read -r q < "/proc/$p/schedstat"; } 2>/dev/null || continue
    r=${s##*) }; set -- $r; q=($q)
    echo "$p|postgres|$(( (${12} + ${13}) * 1000 / CLK_TCK ))|$(( ${q[1]} / 1000000 ))"
  done
}
# Busy CPU of the whole machine, ms (every process, ours and others).
machine_busy() { local a; read -r -a a < /proc/stat; echo $(( (a[1] + a[2] + a[3] + a[6] + a[7] + a[8]) * 1000 / CLK_TCK )); }
# Full thread names of the stack JVM from jcmd, "tid|name", so /proc's cut names can be grouped.
refresh_names() {
  jcmd "$UP_PID" Thread.print 2>/dev/null | sed -n 's/^"\([^"]*\)".* nid=\(0x[0-9a-f]*\).*/\2|\1/p' \
    | while IFS='|' read -r nid name; do echo "$((nid))|$name"; done > "$W/snap/names.$UP_PID"
}
snap_stack() { { echo "machine|machine|$(machine_busy)|0"; proc_threads "$UP_PID"; pg_procs; } > "$1"; }
# Keeps each thread's latest figures across snapshots, so threads that end before the last one still count.
merge_snap() { awk -F'|' '{ v[$1] = $0 } END { for (k in v) print v[k] }' "$1" "$2" > "$1.new" && mv "$1.new" "$1"; }
# Groups the CPU spent between two snapshots into components; prints "component|cpu s|% of one core|run-queue wait s".
cpu_groups() { # start end seconds [names]
  awk -F'|' -v secs="$3" -v names="${4:-/dev/null}" '
    BEGIN { while ((getline l < names) > 0) { split(l, p, "|"); full[p[1]] = p[2] } }
    FNR == NR { s[$1] = $3; q[$1] = $4; next }
    { d = $3 - (($1 in s) ? s[$1] : 0); w = $4 - (($1 in q) ? q[$1] : 0); n = ($1 in full) ? full[$1] : $2
      if (n == "machine") { busy = d; next }
      if (n ~ /StreamThread/ || n ~ /^clicksim-click-/) g = "Streams StreamThread"
      else if (n ~ /kafka-request-handler/) g = "broker request handlers"
      else if (n ~ /kafka-network-thread/) g = "broker network threads"
      else if (n ~ /kafka-producer-network-thread/ || n ~ /^kafka-producer-/) g = "producer I/O thread(s)"
      else if (n ~ /^task-thread/) g = "Connect sink task (Debezium JDBC)"
      else if (n == "postgres") g = "PostgreSQL processes"
      else if (n ~ /Compiler/) g = "JIT compilers"
      else if (n ~ /^GC Thread|^G1 |^VM Thread/) g = "GC and VM"
      else if (n == "main" || n == "java") g = "main thread"
      else if (n ~ /raft|quorum|controller|KafkaBasedLog|kafka-log|LogCleaner|kafka-scheduler|ExpirationReaper|broker-/) g = "broker other"
      else g = "other threads"
      t[g] += d; wq[g] += w; ours += d }
    END { for (g in t) if (t[g] > 0) printf "%s|%.1f|%.0f|%.1f\n", g, t[g] / 1000, (secs > 0 ? 100 * t[g] / 1000 / secs : 0), wq[g] / 1000
          if (busy > 0) printf "whole machine, every process|%.1f|%.0f|0\n", busy / 1000, (secs > 0 ? 100 * busy / 1000 / secs : 0) }' "$1" "$2" \
    | sort -t'|' -k2 -nr
}
print_groups() { # title file
  echo "    $1"
  awk -F'|' '{ printf "      %-36s %6.1f s CPU %5d%% of a core", $1, $2, $3; if ($4 > 0) printf ", %5.1f s waiting for a CPU", $4; printf "\n" }' "$2"
}

# Runs a command in the background while watching its output: snapshots the stack's threads and the client's threads
# when a line matching START appears (at once if START is empty), the client's every 0.25 s, and both when a line
# matching END appears. Sets WATCH_RC and WATCH_SECS (seconds from START to END).
watch_run() { # tag out start-regex end-regex command...
  local tag="$1" out="$2" sre="$3" ere="$4"; shift 4
  "$@" > "$out" 2>&1 &
  local pid=$! started=0 t0=0
  while kill -0 "$pid" 2>/dev/null; do
    if [ $started = 0 ] && { [ -z "$sre" ] || grep -qE "$sre" "$out"; }; then
      started=1; t0=$(now_ms)
      if [ -n "$UP_PID" ]; then snap_stack "$W/snap/$tag.s0"; else echo "machine|machine|$(machine_busy)|0" > "$W/snap/$tag.s0"; fi
      proc_threads "$pid" > "$W/snap/$tag.c0" 2>/dev/null || true
      cp "$W/snap/$tag.c0" "$W/snap/$tag.c1"
    fi
    if [ $started = 1 ]; then
      if grep -qE "$ere" "$out"; then break; fi
      proc_threads "$pid" > "$W/snap/$tag.c.tmp" 2>/dev/null && merge_snap "$W/snap/$tag.c1" "$W/snap/$tag.c.tmp"
    fi
    sleep 0.25
  done
  local t1; t1=$(now_ms)
  if [ $started = 1 ]; then
    if [ -n "$UP_PID" ]; then snap_stack "$W/snap/$tag.s1"; else echo "machine|machine|$(machine_busy)|0" > "$W/snap/$tag.s1"; fi
  fi
  WATCH_RC=0; wait "$pid" || WATCH_RC=$?
  WATCH_SECS=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) / 1000 }')
  if [ $started = 1 ]; then
    [ -n "$UP_PID" ] && refresh_names
    cpu_groups "$W/snap/$tag.s0" "$W/snap/$tag.s1" "$WATCH_SECS" "$W/snap/names.$UP_PID" > "$W/snap/$tag.stack"
    cpu_groups "$W/snap/$tag.c0" "$W/snap/$tag.c1" "$WATCH_SECS" > "$W/snap/$tag.client"
  fi
  return 0
}

# Waits (at most 180 s) until the stack is idle, its JVM and PostgreSQL using under 10% of a core (an idle stack uses
# about 6%: Kafka, Connect and Streams housekeeping) in two 2-second intervals in a row: the pipeline's backlog from
# one producer (and PostgreSQL's autovacuum after a bulk load) must not load the next measurement.
stack_cpu_ms() { snap_stack "$W/snap/idle.tmp"; awk -F'|' '$1 != "machine" { s += $3 } END { print s + 0 }' "$W/snap/idle.tmp"; }
wait_idle() {
  local t0 a b quiet=0; t0=$(now_ms)
  a=$(stack_cpu_ms)
  while [ $(( $(now_ms) - t0 )) -lt 180000 ]; do
    sleep 2; b=$(stack_cpu_ms)
    if [ $(( b - a )) -lt 200 ]; then quiet=$((quiet + 1)); else quiet=0; fi
    a=$b
    if [ $quiet -ge 2 ]; then return 0; fi
  done
  log "   (the stack was still busy after 180 s)"
}

start_up() { # state-dir tag [up options...]
  UP_STATE="$1"; local tag="$2"; shift 2
  log "starting clicksim up --state-dir ${UP_STATE#$root/} $*"
  cmd "java ${CS_JOPTS[*]} -jar target/clicksim.jar up --state-dir ${UP_STATE#$root/} --runs-dir target/bench/runs $*"
  # With job control on, the background JVM keeps SIGINT (a script's background jobs otherwise ignore it), so
  # 'kill -INT' runs its shutdown hook as Ctrl-C would.
  set -m
  java "${CS_JOPTS[@]}" -jar "$JAR" up --state-dir "$UP_STATE" --runs-dir "$RUNS" "$@" > "$LOGS/up-$tag.log" 2>&1 &
  UP_PID=$!
  set +m
  for _ in $(seq 1 360); do
    grep -q "embedded stack up and provisioned" "$LOGS/up-$tag.log" && break
    kill -0 "$UP_PID" 2>/dev/null || { cat "$LOGS/up-$tag.log" >&2; UP_PID=""; die "clicksim up exited"; }
    sleep 0.5
  done
  grep -q "embedded stack up and provisioned" "$LOGS/up-$tag.log" || die "clicksim up did not come up in 180 s (see $LOGS/up-$tag.log)"
  refresh_names
  local s; s=$(sed -n 's/.*embedded stack up and provisioned in \([0-9.]*\) s.*/\1/p' "$LOGS/up-$tag.log")
  put "startup.up.$tag" "$s"
  BOOTSTRAP=$(sed -n 's/.*"bootstrapServers" *: *"\([^"]*\)".*/\1/p' "$UP_STATE/stack.json")
  log "clicksim up ready in $s s (pid $UP_PID, Kafka at $BOOTSTRAP)"
}
CS_STACK=()  # set once the stack's state dir is known
stack_args() { CS_STACK=(--state-dir "$UP_STATE" --runs-dir "$RUNS"); }

uptime_load() { awk '{print $1}' /proc/loadavg; }
put "load.start" "$(uptime_load)"

# ------------------------------------------------------------------------------------------- 1. generator alone
log "1. generator alone (GeneratorBenchmark, black-friday, one thread)"
GEN_ARGS=(black-friday 3 5); [ $QUICK = 1 ] && GEN_ARGS=(black-friday 2 3)
cmd "java ${JOPTS[*]} -cp target/clicksim.jar dev.clicksim.bench.GeneratorBenchmark ${GEN_ARGS[*]}"
java "${JOPTS[@]}" -cp "$JAR" dev.clicksim.bench.GeneratorBenchmark "${GEN_ARGS[@]}" | tee "$LOGS/generator.log" >&2
put gen.alone "$(awk '$1 == "generate" {print $2}' "$LOGS/generator.log" | num)"
put gen.full "$(awk '$1 == "generate+encode+ledger" {print $2}' "$LOGS/generator.log" | num)"
put gen.send "$(awk '$1 == "send-thread-work" {print $2}' "$LOGS/generator.log" | num)"

# ------------------------------------------------------------------------------------------- 7a. verify, pure
log "7. verify on 100 000 windows: WindowComparison.compare alone"
cmd "java ${JOPTS[*]} -cp target/clicksim.jar dev.clicksim.bench.VerifyBenchmark pure 100000"
java "${JOPTS[@]}" -cp "$JAR" dev.clicksim.bench.VerifyBenchmark pure 100000 | tee "$LOGS/verify-pure.log" >&2
put verify.pure "$(awk '{print $5}' "$LOGS/verify-pure.log")"

# ------------------------------------------------------------------------------------------- 6. cold start
log "6. start-up: embedded stack cold start to provisioned (clicksim provision on a fresh --state-dir)"
cmd "./clicksim provision --state-dir target/bench/state-cold"
t0=$(now_ms)
cs provision --state-dir "$W/state-cold" --runs-dir "$RUNS" > "$LOGS/provision-cold.log" 2>&1 || { cat "$LOGS/provision-cold.log" >&2; die "cold provision failed"; }
t1=$(now_ms)
cat "$LOGS/provision-cold.log" >&2
put startup.stack "$(sed -n 's/.*embedded stack up in \([0-9.]*\) s.*/\1/p' "$LOGS/provision-cold.log")"
put startup.provision "$(sed -n 's/^provision: .* in \([0-9.]*\) s$/\1/p' "$LOGS/provision-cold.log")"
put startup.wall "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) / 1000 }')"
grep -E '^\s+(started|created)' "$LOGS/provision-cold.log" | sed 's/^ *//' | tr '\n' ';' > "$W/startup-steps.txt" || true
rm -rf "$W/state-cold"

# ------------------------------------------------------------------------------------------- 2. produce vs the peer
start_up "$W/state-default" default --engine-profile fast
stack_args
SIZE_LINE=$(java -cp "$JAR" dev.clicksim.bench.BenchTools click-size black-friday)
RECORD_SIZE=$(echo "$SIZE_LINE" | awk '{print $NF}')
KEY_BYTES=$(echo "$SIZE_LINE" | awk '{print $6}')
put click.size "$RECORD_SIZE"; put click.key "$KEY_BYTES"
java -cp "$JAR" dev.clicksim.bench.BenchTools payload "$W/payload.txt" 100000 black-friday >&2
java -cp "$JAR" dev.clicksim.bench.BenchTools topic "$BOOTSTRAP" bench-peer 3 2>/dev/null >&2
A_CMD=(run --scenario black-friday --speed max --no-verify --progress none)
[ $QUICK = 1 ] && A_CMD+=(--duration 1h)
A_CLICKS=$(cs scenario show black-friday $([ $QUICK = 1 ] && echo --duration 1h) | sed -n 's/.*clicks: *\([0-9,]*\) distinct, \([0-9,]*\) deliveries.*/\2/p' | num)
PEER_PROPS=(bootstrap.servers="$BOOTSTRAP" acks=all linger.ms=5 batch.size=131072 compression.type=lz4 enable.idempotence=true
  max.in.flight.requests.per.connection=5 client.id=bench-peer)
B_CMD=(org.apache.kafka.tools.ProducerPerformance --topic bench-peer --num-records "$A_CLICKS" --throughput -1)
# B' sends real clicks to click_events, so the pipeline (Streams, Connect, PostgreSQL) consumes them on the same two
# cores as it consumes clicksim's, while B's topic has no consumer.
P_CMD=(org.apache.kafka.tools.ProducerPerformance --topic click_events --num-records "$A_CLICKS" --throughput -1)
cmd "java ${CS_JOPTS[*]} -jar target/clicksim.jar ${A_CMD[*]} --state-dir target/bench/state-default --runs-dir target/bench/runs"
cmd "java ${JOPTS[*]} -cp 'target/bench-peer/lib/*' ${B_CMD[*]} --record-size $RECORD_SIZE --producer-props ${PEER_PROPS[*]}"
cmd "java ${JOPTS[*]} -cp 'target/bench-peer/lib/*' ${P_CMD[*]} --payload-file target/bench/payload.txt --producer-props ${PEER_PROPS[*]}"
log "2. produce throughput: clicksim run --speed max (A) vs ProducerPerformance, --record-size $RECORD_SIZE to an unconsumed topic (B) and real clicks as --payload-file to click_events (B'), $ROUNDS round(s) of $A_CLICKS records, each after the stack is idle"
for r in $(seq 1 "$ROUNDS"); do
  if [ $PROFILE = 1 ] && [ "$r" = 1 ]; then
    CLICKSIM_JFR=(-XX:StartFlightRecording=filename=$W/clicksim-send.jfr,settings=profile)
  else
    CLICKSIM_JFR=()
  fi
  wait_idle
  watch_run "A$r" "$LOGS/produce-A$r.log" '^run: [0-9]' 'sent and acknowledged' \
    java "${CS_JOPTS[@]}" "${CLICKSIM_JFR[@]}" -jar "$JAR" "${A_CMD[@]}" "${CS_STACK[@]}"
  [ "$WATCH_RC" = 0 ] || { cat "$LOGS/produce-A$r.log" >&2; die "clicksim run (A$r) exited $WATCH_RC"; }
  a=$(sed -n 's/.*sent and acknowledged.* (\([0-9,]*\) clicks\/s).*/\1/p' "$LOGS/produce-A$r.log" | num)
  put "produce.A.$r" "$a"
  wait_idle
  watch_run "B$r" "$LOGS/produce-B$r.log" '' '99.9th' \
    java "${JOPTS[@]}" -cp "$PEER_CP" "${B_CMD[@]}" --record-size "$RECORD_SIZE" --producer-props "${PEER_PROPS[@]}"
  b=$(grep '99.9th' "$LOGS/produce-B$r.log" | sed -n 's/.* records sent, \([0-9.]*\) records\/sec.*/\1/p')
  [ -n "$b" ] || { cat "$LOGS/produce-B$r.log" >&2; die "ProducerPerformance (B$r) printed no result"; }
  put "produce.B.$r" "$b"
  wait_idle
  watch_run "P$r" "$LOGS/produce-P$r.log" '' '99.9th' \
    java "${JOPTS[@]}" -cp "$PEER_CP" "${P_CMD[@]}" --payload-file "$W/payload.txt" --producer-props "${PEER_PROPS[@]}"
  p=$(grep '99.9th' "$LOGS/produce-P$r.log" | sed -n 's/.* records sent, \([0-9.]*\) records\/sec.*/\1/p')
  put "produce.P.$r" "$p"
  log "   round $r: clicksim $a clicks/s, peer $b records/s (--record-size, unconsumed topic), $p records/s (real clicks to click_events)"
done
mean_of() { awk -F'\t' -v p="$1" 'index($1, p) == 1 { s += $2; n++ } END { if (n) printf "%.0f", s / n }' "$RESULTS"; }
put produce.A "$(mean_of produce.A.)"; put produce.B "$(mean_of produce.B.)"; put produce.P "$(mean_of produce.P.)"
# Client-side CPU per record of the last round: where each producer spends its time.
for x in A B P; do
  f="$W/snap/$x$ROUNDS.client"
  [ -f "$f" ] || continue
  main_s=$(awk -F'|' '$1 == "main thread" {print $2}' "$f"); io_s=$(awk -F'|' '$1 == "producer I/O thread(s)" {print $2}' "$f")
  put "produce.$x.main_us" "$(awk -v s="${main_s:-0}" -v n="$A_CLICKS" 'BEGIN { printf "%.2f", s * 1e6 / n }')"
  put "produce.$x.io_us" "$(awk -v s="${io_s:-0}" -v n="$A_CLICKS" 'BEGIN { printf "%.2f", s * 1e6 / n }')"
  put "produce.$x.stack_s" "$(awk -F'|' '$1 !~ /JIT|GC|machine/ { s += $2 } END { printf "%.1f", s }' "$W/snap/$x$ROUNDS.stack")"
  put "produce.$x.busy" "$(awk -F'|' '$1 ~ /machine/ { printf "%.2f", $3 / 100 }' "$W/snap/$x$ROUNDS.stack")"
  put "produce.$x.ours" "$(cat "$W/snap/$x$ROUNDS.stack" "$f" | awk -F'|' '$1 !~ /machine/ { s += $3 } END { printf "%.2f", s / 100 }')"
  put "produce.$x.mainwait" "$(awk -F'|' '$1 == "main thread" { print $4 }' "$f")"
done
if [ $PROFILE = 1 ] && [ -f "$W/clicksim-send.jfr" ]; then
  log "   profile of clicksim's send thread (JFR execution samples of 'main' in PacedSendLoop.run, share of samples)"
  jfr print --stack-depth 64 --events jdk.ExecutionSample "$W/clicksim-send.jfr" | awk '
      /sampledThread/ { th = $3 } /stackTrace = \[/ { inst = 1; frames = ""; next }
      inst && /^[ \t]*\]/ { inst = 0; if (th == "\"main\"" && frames ~ /PacedSendLoop.run/) print frames; next }
      inst { sub(/line:.*/, ""); sub(/\(.*/, ""); gsub(/^[ \t]+/, ""); frames = frames " > " $0 }' > "$W/send-stacks.txt"
  total=$(wc -l < "$W/send-stacks.txt")
  {
    echo "    $total samples of the send loop:"
    for k in "ScenarioSimulation.next" "TruthLedger.record" "ClickJson.encode" "KafkaProducer.send" "Lz4BlockOutputStream" \
             "ProducerRecord.<init>"; do
      c=$(grep -c "$k" "$W/send-stacks.txt" || true)
      awk -v k="$k" -v c="$c" -v t="$total" 'BEGIN { printf "      %-28s %5.1f%%\n", k, (t ? 100 * c / t : 0) }'
    done
    echo "    hottest frames (self):"
    awk -F' > ' '{ print $2 }' "$W/send-stacks.txt" | sort | uniq -c | sort -nr | head -12 | sed 's/^/      /'
  } | tee "$W/profile.txt" >&2
fi

# ------------------------------------------------------------------------------------------- 7b. verify end to end
log "7. verify on 100 000 windows: clicksim verify against a scratch table in the stack's PostgreSQL"
java "${JOPTS[@]}" -cp "$JAR" dev.clicksim.bench.VerifyBenchmark prepare "$UP_STATE" "$RUNS" 100000 2>/dev/null > "$LOGS/verify-prepare.log"
cat "$LOGS/verify-prepare.log" >&2
vrun=$(awk '$1 == "run-dir" {print $2}' "$LOGS/verify-prepare.log")
vurl=$(awk '$1 == "jdbc-url" {print $2}' "$LOGS/verify-prepare.log")
vpw=$(awk '$1 == "password-file" {print $2}' "$LOGS/verify-prepare.log")
V_CMD=(verify --run "$vrun" --jdbc-url "$vurl" --db-user user_metrics --db-password-file "$vpw" --table bench_verify_counts --runs-dir "$RUNS")
cmd "java ${JOPTS[*]} -cp target/clicksim.jar dev.clicksim.bench.VerifyBenchmark prepare target/bench/state-default target/bench/runs 100000"
cmd "./clicksim verify --run target/bench/runs/<id>-verify-bench --jdbc-url $vurl --db-user user_metrics --db-password-file target/bench/runs/bench-db-password --table bench_verify_counts"
: > "$W/verify-walls.txt"
for i in 1 2 3 4 5; do
  wait_idle
  t0=$(now_ms); rc=0
  cs "${V_CMD[@]}" > "$LOGS/verify-db-$i.log" 2>&1 || rc=$?
  t1=$(now_ms)
  [ $rc = 0 ] || { tail -5 "$LOGS/verify-db-$i.log" >&2; die "clicksim verify on 100 000 windows exited $rc"; }
  wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", (b - a) / 1000 }')
  settled=$(sed -n 's/.*(settled in \([0-9.]*\) s.*/\1/p' "$LOGS/verify-db-$i.log")
  log "   verify $i: $wall s wall, settled in $settled s"
  echo "$wall $settled" >> "$W/verify-walls.txt"
done
# The median of five is the figure (a one-shot JVM's start varies by a few tenths of a second); the best is printed too.
put verify.wall "$(sort -n "$W/verify-walls.txt" | awk 'NR == 3 {print $1}')"
put verify.settled "$(sort -n "$W/verify-walls.txt" | awk 'NR == 3 {print $2}')"
put verify.best "$(sort -n "$W/verify-walls.txt" | awk 'NR == 1 {print $1}')"
put verify.inproc "$(awk '$1 == "verify-db" {print $7}' "$LOGS/verify-prepare.log")"

# ------------------------------------------------------------------------------------------- 3. sustained end to end
SUS="$root/bench/sustained.yaml"
SUS_DUR=30m; [ $QUICK = 1 ] && SUS_DUR=20m
show=$(cs scenario show "$SUS" --duration "$SUS_DUR")
sus_clicks=$(echo "$show" | sed -n 's/.*clicks: *\([0-9,]*\) distinct.*/\1/p' | num)
sus_wall=$(echo "$show" | sed -n 's/.*sending: *\(.*\) of wall time.*/\1/p')
sus_secs=$(echo "$sus_wall" | awk '{ s = 0; if (match($0, /[0-9]+h/)) s += 3600 * substr($0, RSTART, RLENGTH - 1);
  if (match($0, /[0-9]+m/)) s += 60 * substr($0, RSTART, RLENGTH - 1); if (match($0, /[0-9.]+s/)) s += substr($0, RSTART, RLENGTH - 1); print s }')
BASE_RATE=$(awk -v c="$sus_clicks" -v s="$sus_secs" 'BEGIN { printf "%.0f", c / s }')
put sustained.base "$BASE_RATE"
if [ $QUICK = 1 ]; then STEPS="25000 50000"; else STEPS="25000 50000 75000 100000 125000"; fi
log "3. sustained end to end: bench/sustained.yaml ($BASE_RATE clicks/s at --rate-scale 1), stepping $STEPS clicks/s, SLO p99 window completion <= 2 s"
cmd "java ${CS_JOPTS[*]} -jar target/clicksim.jar run --scenario bench/sustained.yaml --duration $SUS_DUR --rate-scale <rate / $BASE_RATE> --progress none --max-p99-window-completion 2s --state-dir target/bench/state-default --runs-dir target/bench/runs"
BEST_RATE=0; BEST_TAG=""; FAIL_TAG=""; FAIL_WHY=""
for rate in $STEPS; do
  scale=$(awk -v r="$rate" -v b="$BASE_RATE" 'BEGIN { printf "%.4f", r / b }')
  tag="S$rate"
  wait_idle
  watch_run "$tag" "$LOGS/sustained-$rate.log" '^run: [0-9]' 'sent and acknowledged' \
    java "${CS_JOPTS[@]}" -jar "$JAR" run --scenario "$SUS" --duration "$SUS_DUR" --rate-scale "$scale" --progress none \
      --max-p99-window-completion 2s "${CS_STACK[@]}"
  f="$LOGS/sustained-$rate.log"
  achieved=$(sed -n 's/.*sent and acknowledged.* (\([0-9,]*\) clicks\/s).*/\1/p' "$f" | num)
  lag=$(sed -n 's/.*sender was at most \([0-9.]*\) ms behind.*/\1/p' "$f")
  wc_line=$(grep 'latency window completion' "$f" || true)
  p50=$(echo "$wc_line" | sed -n 's/.* p50 \([0-9.]*\) ms.*/\1/p'); p99=$(echo "$wc_line" | sed -n 's/.* p99 \([0-9.]*\) ms.*/\1/p')
  verdict=$(grep '^VERDICT' "$f" | cut -c1-60 || true)
  put "sustained.$rate.achieved" "${achieved:-0}"; put "sustained.$rate.p50" "${p50:-}"; put "sustained.$rate.p99" "${p99:-}"
  put "sustained.$rate.rc" "$WATCH_RC"; put "sustained.$rate.lag" "${lag:-}"
  log "   $rate clicks/s target: achieved ${achieved:-?} clicks/s, sender max lag ${lag:-?} ms, window completion p50 ${p50:-?} ms p99 ${p99:-?} ms, exit $WATCH_RC, $verdict"
  [ -f "$W/snap/$tag.stack" ] && print_groups "CPU of the stack while sending at $rate clicks/s (${WATCH_SECS} s):" "$W/snap/$tag.stack" >&2
  why=""
  case "$WATCH_RC" in
    0) ;;
    1) why="a window count did not match" ;;
    3) why="p99 window completion ${p99:-?} ms > 2000 ms" ;;
    *) why="clicksim run exited $WATCH_RC" ;;
  esac
  if [ -z "$why" ] && [ -n "$achieved" ] && awk -v a="$achieved" -v r="$rate" 'BEGIN { exit !(a < 0.95 * r) }'; then
    why="the sender reached only $achieved clicks/s"
  fi
  if [ -z "$why" ]; then BEST_RATE=$rate; BEST_TAG=$tag; else FAIL_TAG=$tag; FAIL_WHY=$why; break; fi
done
put sustained.best "$BEST_RATE"; put sustained.fail_why "$FAIL_WHY"; put sustained.fail_rate "${FAIL_TAG#S}"

stop_up

# ------------------------------------------------------------------------------------------- 4. freshness vs ksqlDB
FRESH_RATE=25000
log "4. freshness: window completion at $FRESH_RATE clicks/s under --engine-profile ksqldb (ksqlDB's defaults: commit interval 2 s, cache 10,000,000 bytes, 4 threads)"
start_up "$W/state-ksql" ksql --engine-profile ksqldb
stack_args
scale=$(awk -v r="$FRESH_RATE" -v b="$BASE_RATE" 'BEGIN { printf "%.4f", r / b }')
# A fresh stack's first run pays for JIT and the sink's first assignment; the default stack is warm by now, so warm this
# one with a short run first.
cs run --scenario "$SUS" --duration 10m --rate-scale "$scale" --progress none "${CS_STACK[@]}" > "$LOGS/freshness-warmup.log" 2>&1 || true
cmd "java ${CS_JOPTS[*]} -jar target/clicksim.jar run --scenario bench/sustained.yaml --duration $SUS_DUR --rate-scale $scale --progress none --state-dir target/bench/state-ksql --runs-dir target/bench/runs"
wait_idle
watch_run K "$LOGS/freshness-ksql.log" '^run: [0-9]' 'sent and acknowledged' \
  java "${CS_JOPTS[@]}" -jar "$JAR" run --scenario "$SUS" --duration "$SUS_DUR" --rate-scale "$scale" --progress none "${CS_STACK[@]}"
wc_line=$(grep 'latency window completion' "$LOGS/freshness-ksql.log" || true)
put fresh.ksql.p50 "$(echo "$wc_line" | sed -n 's/.* p50 \([0-9.]*\) ms.*/\1/p')"
put fresh.ksql.p99 "$(echo "$wc_line" | sed -n 's/.* p99 \([0-9.]*\) ms.*/\1/p')"
put fresh.ksql.rc "$WATCH_RC"
put fresh.default.p50 "$(get "sustained.$FRESH_RATE.p50")"; put fresh.default.p99 "$(get "sustained.$FRESH_RATE.p99")"
log "   ksqldb profile: window completion p50 $(get fresh.ksql.p50) ms, p99 $(get fresh.ksql.p99) ms (exit $WATCH_RC); fast profile: p50 $(get fresh.default.p50) ms, p99 $(get fresh.default.p99) ms"

if [ $SEND_MEMORY = 1 ]; then
  log "5b. memory of a sending run: 10 million clicks at --speed max, -Xmx256m"
  cmd "/usr/bin/time -v java -XX:+UseParallelGC -Xmx256m -Xlog:gc:file=... -jar target/clicksim.jar run --scenario black-friday --rate-scale 7.2 --speed max --no-verify --progress none --state-dir target/bench/state-ksql"
  /usr/bin/time -v -o "$LOGS/memory-send.time" java -XX:+UseParallelGC -Xmx256m -Xlog:gc:file="$LOGS/memory-send.gc" -jar "$JAR" \
    run --scenario black-friday --rate-scale 7.2 --speed max --no-verify --progress none "${CS_STACK[@]}" > "$LOGS/memory-send.log" 2>&1 \
    || { tail -3 "$LOGS/memory-send.log" >&2; log "   the sending run failed (see $LOGS/memory-send.log)"; }
  put mem.send.rss "$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$LOGS/memory-send.time")"
  put mem.send.heap "$(sed -n 's/.*Pause.* \([0-9]*\)M->\([0-9]*\)M(\([0-9]*\)M).*/\1/p' "$LOGS/memory-send.gc" | sort -n | tail -1)"
  put mem.send.live "$(sed -n 's/.*Pause Full.* \([0-9]*\)M->\([0-9]*\)M(\([0-9]*\)M).*/\2/p' "$LOGS/memory-send.gc" | sort -n | tail -1)"
  put mem.send.rate "$(sed -n 's/.*sent and acknowledged.* (\([0-9,]*\) clicks\/s).*/\1/p' "$LOGS/memory-send.log" | num)"
fi
stop_up

# ------------------------------------------------------------------------------------------- 5. memory, dry run
log "5. memory: heap and RSS of a 10-million-click dry run with -Xmx256m"
M_CMD=(run --dry-run --scenario black-friday --rate-scale 7.2 --anchor 2026-11-27T00:00:00Z --runs-dir "$RUNS")
cmd "/usr/bin/time -v java -XX:+UseParallelGC -Xmx256m -Xlog:gc:file=target/bench/logs/memory-dry.gc -jar target/clicksim.jar run --dry-run --scenario black-friday --rate-scale 7.2 --anchor 2026-11-27T00:00:00Z"
rc=0
/usr/bin/time -v -o "$LOGS/memory-dry.time" java -XX:+UseParallelGC -Xmx256m -Xlog:gc:file="$LOGS/memory-dry.gc" -jar "$JAR" "${M_CMD[@]}" \
  > "$LOGS/memory-dry.log" 2>&1 || rc=$?
cat "$LOGS/memory-dry.log" >&2
put mem.rc "$rc"
put mem.clicks "$(sed -n 's/.*generated \([0-9,]*\) clicks.*/\1/p' "$LOGS/memory-dry.log" | num)"
put mem.rss "$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$LOGS/memory-dry.time")"
put mem.wall "$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.1f", s }' "$LOGS/memory-dry.time")"
put mem.heap "$(sed -n 's/.*Pause.* \([0-9]*\)M->\([0-9]*\)M(\([0-9]*\)M).*/\1/p' "$LOGS/memory-dry.gc" | sort -n | tail -1)"
put mem.live "$(sed -n 's/.*Pause.* \([0-9]*\)M->\([0-9]*\)M(\([0-9]*\)M).*/\2/p' "$LOGS/memory-dry.gc" | sort -n | tail -1)"

put load.end "$(uptime_load)"
END_MS=$(now_ms)
put total.minutes "$(awk -v a="$START_MS" -v b="$END_MS" 'BEGIN { printf "%.1f", (b - a) / 60000 }')"

# ------------------------------------------------------------------------------------------- the table
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
fmt() { awk -v x="$1" 'BEGIN { if (x == "") { print "-"; exit } s = sprintf("%.0f", x); n = length(s); o = "";
  for (i = 1; i <= n; i++) { o = o substr(s, i, 1); if ((n - i) % 3 == 0 && i < n) o = o "," } print o }'; }
met() { if [ "$1" = 1 ]; then echo "met"; else echo "NOT met"; fi; }
cmp_le() { awk -v a="$1" -v b="$2" 'BEGIN { print (a != "" && a + 0 <= b + 0) ? 1 : 0 }'; }
cmp_ge() { awk -v a="$1" -v b="$2" 'BEGIN { print (a != "" && a + 0 >= b + 0) ? 1 : 0 }'; }

A=$(get produce.A); B=$(get produce.B); P=$(get produce.P)
rounds_a=$(awk -F'\t' '$1 ~ /^produce\.A\.[0-9]+$/ { printf "%s%s", sep, $2; sep = " / " }' "$RESULTS")
rounds_b=$(awk -F'\t' '$1 ~ /^produce\.B\.[0-9]+$/ { printf "%s%.0f", sep, $2; sep = " / " }' "$RESULTS")
rounds_p=$(awk -F'\t' '$1 ~ /^produce\.P\.[0-9]+$/ { printf "%s%.0f", sep, $2; sep = " / " }' "$RESULTS")
steps=""
for rate in $STEPS; do
  [ -n "$(get "sustained.$rate.rc")" ] || continue
  steps="$steps$(fmt "$rate"): $(fmt "$(get "sustained.$rate.achieved")")/s, p99 $(get "sustained.$rate.p99") ms, exit $(get "sustained.$rate.rc"); "
done
startups="cold provision $(get startup.wall) s wall (stack $(get startup.stack) s + provision $(get startup.provision) s); up: $(get startup.up.default) s, $(get startup.up.ksql) s"
best_start=$(awk -v a="$(get startup.wall)" -v b="$(get startup.up.default)" -v c="$(get startup.up.ksql)" 'BEGIN { m = a; if (b != "" && b < m) m = b; if (c != "" && c < m) m = c; print m }')

TABLE="$W/table.md"
{
  echo "| # | figure | clicksim | peer / target | ratio or verdict |"
  echo "|---|---|---|---|---|"
  echo "| 1 | generator alone, black-friday, one thread (deliveries/s per core) | $(fmt "$(get gen.alone)") generate; $(fmt "$(get gen.full)") + JSON + ledger; $(fmt "$(get gen.send)") + ProducerRecord | - | - |"
  echo "| 2 | produce, acks=all, lz4, linger 5 ms, batch 128 KiB, idempotent; mean of $ROUNDS round(s) (records/s) | $(fmt "$A") ($rounds_a) | ProducerPerformance --record-size $(get click.size) to a topic nothing consumes: $(fmt "$B") ($rounds_b) | **$(ratio "$A" "$B")** (target >= 1.0: $(met "$(cmp_ge "$(ratio "$A" "$B")" 1.0)")) |"
  echo "| 2b | same, the peer sending real clicks (--payload-file, 100 000 clicks) to click_events, which the pipeline consumes as it consumes clicksim's | $(fmt "$A") | $(fmt "$P") ($rounds_p) | $(ratio "$A" "$P") |"
  echo "| 2c | producer JVM CPU per record, last round: send thread + I/O thread (us) | $(get produce.A.main_us) + $(get produce.A.io_us) | B: $(get produce.B.main_us) + $(get produce.B.io_us); B': $(get produce.P.main_us) + $(get produce.P.io_us) | send thread $(ratio "$(get produce.A.main_us)" "$(get produce.P.main_us)")x B' |"
  echo "| 2d | stack JVM + PostgreSQL CPU while sending, last round, JIT and GC aside (s) | $(get produce.A.stack_s) | B: $(get produce.B.stack_s); B': $(get produce.P.stack_s) | - |"
  echo "| 2e | cores busy while sending, last round: whole machine (the producer's JVM + the stack) | $(get produce.A.busy) ($(get produce.A.ours)); send thread waited $(get produce.A.mainwait) s for a CPU | $(get produce.B.busy) ($(get produce.B.ours)); $(get produce.B.mainwait) s | - |"
  echo "| 3 | sustained end to end: highest constant rate with every window exact and p99 window completion <= 2 s | $(fmt "$(get sustained.best)") clicks/s | >= 50,000 | $(met "$(cmp_ge "$(get sustained.best)" 50000)"); ${FAIL_WHY:+stops at $(fmt "$(get sustained.fail_rate)"): $FAIL_WHY} |"
  echo "| 3b | steps (target: achieved, p99 window completion, exit) | $steps | | |"
  echo "| 4 | window completion at $(fmt $FRESH_RATE) clicks/s, p50 / p99 (ms) | fast profile (commit 100 ms, 1 thread): $(get fresh.default.p50) / $(get fresh.default.p99) | ksqldb profile (commit 2 s, 4 threads): $(get fresh.ksql.p50) / $(get fresh.ksql.p99) | ksqldb / fast: p50 $(ratio "$(get fresh.ksql.p50)" "$(get fresh.default.p50)")x, p99 $(ratio "$(get fresh.ksql.p99)" "$(get fresh.default.p99)")x |"
  echo "| 5 | memory, 10-million-click dry run, -Xmx256m ($(fmt "$(get mem.clicks)") clicks, $(get mem.wall) s) | heap peak $(get mem.heap) MiB, after GC max $(get mem.live) MiB; RSS $(get mem.rss) MiB | heap <= 256 MiB | $(met "$( [ "$(get mem.rc)" = 0 ] && cmp_le "$(get mem.heap)" 256 || echo 0)") |"
  if [ -n "$(get mem.send.rss)" ]; then
    echo "| 5b | memory, 10-million-click sending run, -Xmx256m ($(fmt "$(get mem.send.rate)") clicks/s) | heap peak $(get mem.send.heap) MiB, after full GC max $(get mem.send.live) MiB; RSS $(get mem.send.rss) MiB | heap <= 256 MiB | $(met "$(cmp_le "$(get mem.send.heap)" 256)") |"
  fi
  echo "| 6 | start-up: embedded stack cold start to provisioned (s) | $startups | <= 15 s | $(met "$(cmp_le "$best_start" 15)") (best $best_start s) |"
  echo "| 7 | verify on 100 000 windows (s) | ./clicksim verify, median of 5: $(get verify.wall) s wall (best $(get verify.best) s; settled $(get verify.settled) s); read + compare in process $(awk -v x="$(get verify.inproc)" 'BEGIN { printf "%.2f", x / 1000 }') s; compare alone $(awk -v x="$(get verify.pure)" 'BEGIN { printf "%.2f", x / 1000 }') s | <= 2 s | $(met "$(cmp_le "$(get verify.wall)" 2)") |"
} > "$TABLE"

echo
echo "clicksim benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average $(get load.start) at start, $(get load.end) at the end, $(get total.minutes) min"
cat "$TABLE"
for tag in "$BEST_TAG" "$FAIL_TAG"; do
  [ -n "$tag" ] && [ -f "$W/snap/$tag.stack" ] && print_groups "CPU of the stack JVM and PostgreSQL at ${tag#S} clicks/s:" "$W/snap/$tag.stack"
  [ -n "$tag" ] && [ -f "$W/snap/$tag.client" ] && print_groups "CPU of the clicksim run JVM at ${tag#S} clicks/s:" "$W/snap/$tag.client"
done
[ -f "$W/snap/A$ROUNDS.client" ] && print_groups "CPU of clicksim run (A), last produce round:" "$W/snap/A$ROUNDS.client"
[ -f "$W/snap/B$ROUNDS.client" ] && print_groups "CPU of ProducerPerformance (B), last produce round:" "$W/snap/B$ROUNDS.client"

# ------------------------------------------------------------------------------------------- documentation
if [ $WRITE_DOC = 1 ]; then
  doc="$root/documentation/performance.md"
  gen="$W/generated.md"
  {
    echo "<!-- bench:begin (generated by bench/run.sh; everything up to bench:end is rewritten on each run) -->"
    echo "## Figures"
    echo
    echo "Measured $(date -u '+%Y-%m-%d %H:%M UTC') by \`bench/run.sh$([ $QUICK = 1 ] && echo ' --quick')\` in $(get total.minutes) minutes."
    echo
    echo "| machine | |"
    echo "|---|---|"
    echo "| cores | $(nproc) ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')) |"
    echo "| memory | $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) |"
    echo "| Java | $(java -version 2>&1 | head -2 | tail -1) |"
    echo "| JVM options | \`${JOPTS[*]}\` (the ./clicksim launcher's) |"
    echo "| load average | $(get load.start) at the start, $(get load.end) at the end |"
    echo
    cat "$TABLE"
    echo
    echo "Commands, in the order the harness runs them:"
    echo
    echo '```'
    cat "$COMMANDS"
    echo '```'
    echo "<!-- bench:end -->"
  } > "$gen"
  if [ -f "$doc" ] && grep -q '<!-- bench:begin' "$doc" && grep -q '<!-- bench:end -->' "$doc"; then
    awk -v gen="$gen" '/<!-- bench:begin/ { while ((getline l < gen) > 0) print l; skip = 1; next }
      /<!-- bench:end -->/ { skip = 0; next } !skip' "$doc" > "$doc.tmp" && mv "$doc.tmp" "$doc"
  else
    { echo "# Performance"; echo; cat "$gen"; } > "$doc"
  fi
  log "wrote documentation/performance.md"
fi

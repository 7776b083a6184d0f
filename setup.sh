#!/usr/bin/env bash
# Sets the pipeline up on the compose stack (docker compose up -d --build --wait first): the click_events and
# click_counts_table_output topics, the click schema in Schema Registry, ksqlDB's stream and windowed table, the
# PostgreSQL table and the JDBC sink connector. Idempotent: a second run changes nothing.
#
#   ./setup.sh                 non-interactive (the default)
#   ./setup.sh -i              show the plan, then confirm each step
#   ./setup.sh -- --dry-run    any arguments after -- go to clicksim provision
set -euo pipefail
cd "$(dirname "$0")"

interactive=false
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    -i|--interactive) interactive=true ;;
    -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    --) shift; extra+=("$@"); break ;;
    *) echo "setup.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done

provision=(./clicksim provision --target external --profile compose)

confirm() {
  local answer
  read -r -p "$1 [y/N] " answer
  [[ "$answer" =~ ^[Yy]$ ]]
}

if ! $interactive; then
  exec "${provision[@]}" "${extra[@]}"
fi

echo "clicksim will set up the pipeline on the compose stack. The plan:"
"${provision[@]}" --dry-run "${extra[@]}"
for step in "topics click_events and click_counts_table_output" \
            "click schema in Schema Registry, ksqlDB stream and windowed table" \
            "PostgreSQL table click_counts and the JDBC sink connector"; do
  if ! confirm "Set up the $step?"; then
    echo "setup.sh: stopped before: $step" >&2
    exit 1
  fi
done
exec "${provision[@]}" "${extra[@]}"

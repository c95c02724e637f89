#!/usr/bin/env bash
# The sqlite3 command-line tool's own CSV export (-csv) and CSV import (.import) of a
# generated registry, timed beside rollcall's export and import of the same data in the
# same run: the baseline for the goals "CSV export ≤ 2× and CSV import ≤ 3× sqlite3".
#
#   tests/sqlite_baseline.sh [SIZE] [REPEAT]        (defaults: 100000 people, 3 runs)
#
# Runs from a fresh clone: builds the release binary, installs sqlite3 with apt-get
# when it is missing (as root, or with sudo), works in a temporary directory that it
# removes at the end. Each figure is the median of REPEAT runs, wall clock, including
# process start; outputs go to files on the same disk, without fsync, for both tools.
set -euo pipefail

SIZE=${1:-100000}
REPEAT=${2:-3}
cd "$(dirname "$0")/.."

if ! command -v sqlite3 >/dev/null; then
    echo "sqlite3 is missing: installing it with apt-get" >&2
    if [ "$(id -u)" = 0 ]; then
        apt-get update -qq && apt-get install -y -qq sqlite3
    elif command -v sudo >/dev/null; then
        sudo apt-get update -qq && sudo apt-get install -y -qq sqlite3
    else
        echo "install sqlite3 (e.g. apt-get install sqlite3) and run again" >&2
        exit 1
    fi
fi

cargo build --release --quiet
ROLLCALL=$PWD/target/release/rollcall
WORK=$(mktemp -d "${TMPDIR:-/tmp}/rollcall-baseline-XXXXXX")
trap 'rm -rf "$WORK"' EXIT
DB=$WORK/registry.db
EVENT=generated-$SIZE

now_ns() { date +%s%N; }

# median_of CMD...: run CMD $REPEAT times, print the median wall time in ms.
median_of() {
    local times=() start end
    for _ in $(seq "$REPEAT"); do
        start=$(now_ns)
        "$@"
        end=$(now_ns)
        times+=($(((end - start) / 1000000)))
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

start=$(now_ns)
"$ROLLCALL" demo --db "$DB" --size "$SIZE" >/dev/null
GENERATE_MS=$((($(now_ns) - start) / 1000000))

# --- export: rollcall's CSV (default columns, everyone) and the same data by sqlite3.
rollcall_export() {
    "$ROLLCALL" export --db "$DB" --event "$EVENT" --format csv --status all \
        >"$WORK/rollcall.csv"
}
# The columns of rollcall's default CSV, with the delegation joined and the days
# present collected, in protocol-like order.
EXPORT_SQL="
SELECT a.badge, a.honorific, a.given_name, a.family_name, a.native_name, a.gender,
       a.position, a.organisation, d.name AS delegation, d.category, a.country, a.email,
       a.role, a.status, CASE a.is_head WHEN 1 THEN 'yes' ELSE 'no' END AS head, a.rank,
       (SELECT group_concat(c.day, ' ') FROM checkins c WHERE c.attendee_id = a.id)
           AS days_present,
       CASE a.consent WHEN 1 THEN 'yes' ELSE 'no' END AS consent
FROM attendees a LEFT JOIN delegations d ON d.id = a.delegation_id
ORDER BY d.category, d.sort_key, a.is_head DESC, a.rank IS NULL, a.rank, a.family_name"
sqlite_export() {
    sqlite3 -csv -header "$DB" "$EXPORT_SQL" >"$WORK/sqlite.csv"
}
sqlite_export_table() {
    sqlite3 -csv -header "$DB" "SELECT * FROM attendees" >"$WORK/sqlite-table.csv"
}

# --- import: the same CSV (rollcall's export) into a fresh file each time.
rollcall_import() {
    rm -f "$WORK"/import.db*
    "$ROLLCALL" demo --db "$WORK/import.db" --size 0 >/dev/null # an empty event
    "$ROLLCALL" import --db "$WORK/import.db" --event generated-0 "$WORK/rollcall.csv" \
        >/dev/null
}
sqlite_import() {
    rm -f "$WORK"/sqlite-import.db*
    sqlite3 "$WORK/sqlite-import.db" ".import --csv $WORK/rollcall.csv people"
}
# The same import by sqlite3 into rollcall's own schema (types, checks, indexes,
# triggers): .import into a staging table, then INSERT … SELECT in one transaction.
# What no import into this schema can beat.
SCHEMA_SQL="
BEGIN;
INSERT INTO delegations (event_id, name, category, sort_key, country)
  SELECT 1, delegation, min(category), delegation, NULL FROM people
  WHERE delegation <> '' GROUP BY delegation;
INSERT INTO attendees (event_id, delegation_id, badge, honorific, given_name, family_name,
    native_name, gender, position, organisation, is_head, rank, country, email, phone,
    role, status, diet, access, notes, consent)
  SELECT 1, (SELECT id FROM delegations d WHERE d.event_id = 1 AND d.name = p.delegation),
    CAST(badge AS INTEGER), honorific, given_name, family_name, native_name,
    coalesce(nullif(gender, ''), 'unspecified'), position, organisation, head = 'yes',
    CAST(nullif(rank, '') AS INTEGER), nullif(country, ''), email, '', role, status, '',
    '', '', consent = 'yes'
  FROM people p;
DROP TABLE people;
COMMIT;"
sqlite_import_schema() {
    rm -f "$WORK"/schema-import.db*
    "$ROLLCALL" demo --db "$WORK/schema-import.db" --size 0 >/dev/null # event id 1
    sqlite3 "$WORK/schema-import.db" ".import --csv $WORK/rollcall.csv people" "$SCHEMA_SQL"
}
empty_event() {
    rm -f "$WORK"/import.db*
    "$ROLLCALL" demo --db "$WORK/import.db" --size 0 >/dev/null
}

# Warm the page cache and check that every command works before timing.
rollcall_export && sqlite_export && sqlite_export_table && rollcall_import && sqlite_import
sqlite_import_schema

ROLLCALL_EXPORT_MS=$(median_of rollcall_export)
SQLITE_EXPORT_MS=$(median_of sqlite_export)
SQLITE_TABLE_MS=$(median_of sqlite_export_table)
# rollcall's import includes writing the empty event first: time that alone too.
EMPTY_MS=$(median_of empty_event)
ROLLCALL_IMPORT_MS=$(median_of rollcall_import)
SQLITE_IMPORT_MS=$(median_of sqlite_import)
SQLITE_SCHEMA_MS=$(( $(median_of sqlite_import_schema) - EMPTY_MS ))
ROLLCALL_IMPORT_NET_MS=$((ROLLCALL_IMPORT_MS - EMPTY_MS))

ROWS=$(($(wc -l <"$WORK/rollcall.csv") - 1))
IMPORTED=$(sqlite3 "$WORK/import.db" "SELECT count(*) FROM attendees")
SQLITE_ROWS=$(sqlite3 "$WORK/sqlite-import.db" "SELECT count(*) FROM people")
SCHEMA_ROWS=$(sqlite3 "$WORK/schema-import.db" "SELECT count(*) FROM attendees")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f×", a / b; else print "–" }'; }

echo "sqlite3 baseline — $(date '+%Y-%m-%d %H:%M') — $(lscpu | sed -n 's/^Model name: *//p' | head -1)" \
    "— $(nproc) cores — sqlite3 $(sqlite3 --version | cut -d' ' -f1)"
echo "registry: $SIZE people generated in $GENERATE_MS ms; CSV of $ROWS rows," \
    "$(du -h "$WORK/rollcall.csv" | cut -f1); median of $REPEAT runs"
printf '%-34s %12s %12s %8s  %s\n' "" rollcall sqlite3 ratio goal
printf '%-34s %9s ms %9s ms %8s  %s\n' "CSV export ($ROWS rows)" "$ROLLCALL_EXPORT_MS" \
    "$SQLITE_EXPORT_MS" "$(ratio "$ROLLCALL_EXPORT_MS" "$SQLITE_EXPORT_MS")" "≤ 2×"
printf '%-34s %12s %9s ms %8s  %s\n' "  (sqlite3: SELECT * FROM attendees)" "" \
    "$SQLITE_TABLE_MS" "$(ratio "$ROLLCALL_EXPORT_MS" "$SQLITE_TABLE_MS")" ""
printf '%-34s %9s ms %9s ms %8s  %s\n' "CSV import ($IMPORTED/$SQLITE_ROWS rows)" \
    "$ROLLCALL_IMPORT_NET_MS" "$SQLITE_IMPORT_MS" \
    "$(ratio "$ROLLCALL_IMPORT_NET_MS" "$SQLITE_IMPORT_MS")" "≤ 3×"
printf '%-34s %12s %9s ms %8s  %s\n' "  (sqlite3 into rollcall's schema)" "" \
    "$SQLITE_SCHEMA_MS" "$(ratio "$ROLLCALL_IMPORT_NET_MS" "$SQLITE_SCHEMA_MS")" \
    "$SCHEMA_ROWS rows"
echo "Imports into a fresh file; the time to create its empty event ($EMPTY_MS ms) is" \
    "subtracted. sqlite3 .import alone writes untyped TEXT columns with no index or check;" \
    "\"into rollcall's schema\" is .import plus INSERT … SELECT into the real tables."

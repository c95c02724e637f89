#!/usr/bin/env bash
# The sqlite3 command-line tool's own CSV export (-csv) and CSV import (.import) of a
# generated registry, timed beside rollcall's export and import of the same data in the
# same run: the baseline for the goals "CSV export ≤ 1.5× and CSV import ≤ 3× sqlite3".
# And the time until rows are on screen: VisiData opening the same CSV beside rollcall's
# Attendees list (goal: within a third of VisiData's time).
#
#   tests/sqlite_baseline.sh [SIZE] [REPEAT]        (defaults: 100000 people, 3 runs)
#
# Runs from a fresh clone: builds the release binary, installs sqlite3, tmux and
# python3-venv with apt-get when they are missing (as root, or with sudo), installs
# VisiData from PyPI into a virtual environment, works in a temporary directory that it
# removes at the end. Each figure is the median of REPEAT runs, wall clock, including
# process start; outputs go to files on the same disk, without fsync, for both tools.
set -euo pipefail

SIZE=${1:-100000}
REPEAT=${2:-3}
cd "$(dirname "$0")/.."

# apt_install PACKAGE...: install Debian packages as root, or with sudo.
apt_install() {
    echo "$* missing: installing with apt-get" >&2
    if [ "$(id -u)" = 0 ]; then
        apt-get update -qq && apt-get install -y -qq "$@"
    elif command -v sudo >/dev/null; then
        sudo apt-get update -qq && sudo apt-get install -y -qq "$@"
    else
        echo "install $* (e.g. apt-get install $*) and run again" >&2
        exit 1
    fi
}
command -v sqlite3 >/dev/null || apt_install sqlite3
command -v tmux >/dev/null || apt_install tmux
command -v python3 >/dev/null || apt_install python3 python3-venv

cargo build --release --quiet
ROLLCALL=$PWD/target/release/rollcall
WORK=$(mktemp -d "${TMPDIR:-/tmp}/rollcall-baseline-XXXXXX")
# A tmux server of our own (not the user's), without the user's configuration.
TMUX_SOCKET=rollcall-baseline-$$
tmux_() { env -u TMUX tmux -L "$TMUX_SOCKET" -f /dev/null "$@"; }
trap 'tmux_ kill-server 2>/dev/null || true; rm -rf "$WORK"' EXIT
DB=$WORK/registry.db
EVENT=generated-$SIZE

now_ns() { date +%s%N; }

# median: the median of the numbers on standard input, one a line ("–" if none).
median() {
    sort -n | awk '{a[NR]=$1} END {if (NR) print a[int((NR+1)/2)]; else print "–"}'
}

# median_of CMD...: run CMD $REPEAT times, print the median wall time in ms.
median_of() {
    local times=() start end
    for _ in $(seq "$REPEAT"); do
        start=$(now_ns)
        "$@"
        end=$(now_ns)
        times+=($(((end - start) / 1000000)))
    done
    printf '%s\n' "${times[@]}" | median
}

# first_screen_ms PATTERNS KEYS COMMAND...: the ms from starting COMMAND in a fresh
# 100x30 tmux window (KEYS, if any, typed right after the start) until one of the lines
# of the file PATTERNS shows on the screen, polled every 10 ms; "–" if COMMAND ends
# first or nothing shows within a minute. Both programs get a fresh, empty HOME.
first_screen_ms() {
    local patterns=$1 keys=$2 start deadline screen
    shift 2
    mkdir -p "$WORK/home"
    start=$(now_ns)
    deadline=$((start + 60000000000))
    tmux_ new-session -d -s screen -x 100 -y 30 \
        "exec env -u XDG_CONFIG_HOME HOME=$(printf '%q' "$WORK/home") $(printf '%q ' "$@")"
    if [ -n "$keys" ]; then tmux_ send-keys -t screen "$keys"; fi
    while true; do
        if ! screen=$(tmux_ capture-pane -p -t screen 2>/dev/null); then
            echo "–"
            return
        fi
        if grep -qF -f "$patterns" <<<"$screen"; then
            break
        fi
        if [ "$(now_ns)" -gt "$deadline" ]; then
            tmux_ kill-session -t screen
            echo "–"
            return
        fi
        sleep 0.01
    done
    echo $((($(now_ns) - start) / 1000000))
    tmux_ kill-session -t screen
}

start=$(now_ns)
"$ROLLCALL" demo --db "$DB" --size "$SIZE" >/dev/null
GENERATE_MS=$((($(now_ns) - start) / 1000000))

# --- export: rollcall's CSV (default columns, everyone) and the same data by sqlite3.
rollcall_export() {
    "$ROLLCALL" export --db "$DB" --event "$EVENT" --format csv --csv plain --status all \
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

# --- rows on screen: VisiData opening rollcall's CSV; rollcall's Attendees list.
VISIDATA="–"
if python3 -m venv "$WORK/venv" 2>/dev/null || { apt_install python3-venv &&
    python3 -m venv "$WORK/venv"; }; then
    if "$WORK/venv/bin/pip" install --quiet --disable-pip-version-check visidata; then
        VISIDATA=$("$WORK/venv/bin/vd" --version | awk '{print $NF}')
    else
        echo "pip install visidata failed: VisiData is not measured" >&2
    fi
fi
# What shows that rows are drawn: VisiData, the family name of the file's first row;
# rollcall, "Family," of the first people by name (the list's order; one is enough).
python3 -c 'import csv, sys; r = csv.reader(open(sys.argv[1], encoding="utf-8-sig"))
next(r); print(next(r)[3])' "$WORK/rollcall.csv" >"$WORK/vd-first.txt"
sqlite3 "$DB" "SELECT family_name || ',' FROM attendees
               ORDER BY lower(family_name), lower(given_name) LIMIT 10" >"$WORK/rc-first.txt"
vd_screen() {
    # No start-up message fetched from the network.
    first_screen_ms "$WORK/vd-first.txt" "" "$WORK/venv/bin/vd" --motd-url= "$WORK/rollcall.csv"
}
rollcall_screen() {
    # "2": the Attendees screen, typed right after the start.
    first_screen_ms "$WORK/rc-first.txt" 2 "$ROLLCALL" --db "$DB"
}
# screen_median FUNCTION: FUNCTION's figure, warmed once, median of $REPEAT runs.
screen_median() {
    "$1" >/dev/null
    for _ in $(seq "$REPEAT"); do "$1"; done | grep -v '^–$' | median
}
VD_SCREEN_MS="–"
if [ "$VISIDATA" != "–" ]; then VD_SCREEN_MS=$(screen_median vd_screen); fi
ROLLCALL_SCREEN_MS=$(screen_median rollcall_screen)

ROWS=$(($(wc -l <"$WORK/rollcall.csv") - 1))
IMPORTED=$(sqlite3 "$WORK/import.db" "SELECT count(*) FROM attendees")
SQLITE_ROWS=$(sqlite3 "$WORK/sqlite-import.db" "SELECT count(*) FROM people")
SCHEMA_ROWS=$(sqlite3 "$WORK/schema-import.db" "SELECT count(*) FROM attendees")
ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN { if (a ~ /^[0-9]+$/ && b > 0) printf "%.2f×", a / b; else print "–" }'
}

echo "sqlite3 baseline — $(date '+%Y-%m-%d %H:%M') — $(lscpu | sed -n 's/^Model name: *//p' | head -1)" \
    "— $(nproc) cores — sqlite3 $(sqlite3 --version | cut -d' ' -f1)"
echo "registry: $SIZE people generated in $GENERATE_MS ms; CSV of $ROWS rows," \
    "$(du -h "$WORK/rollcall.csv" | cut -f1); median of $REPEAT runs"
printf '%-34s %12s %12s %8s  %s\n' "" rollcall sqlite3 ratio goal
printf '%-34s %9s ms %9s ms %8s  %s\n' "CSV export ($ROWS rows)" "$ROLLCALL_EXPORT_MS" \
    "$SQLITE_EXPORT_MS" "$(ratio "$ROLLCALL_EXPORT_MS" "$SQLITE_EXPORT_MS")" "≤ 1.5×"
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
printf '%-34s %12s %12s %8s  %s\n' "" rollcall VisiData ratio goal
printf '%-34s %9s ms %9s ms %8s  %s\n' "Rows on screen (tmux 100x30)" "$ROLLCALL_SCREEN_MS" \
    "$VD_SCREEN_MS" "$(ratio "$ROLLCALL_SCREEN_MS" "$VD_SCREEN_MS")" "≤ 0.33×"
echo "From the start until the first screenful of rows is drawn, polled every 10 ms:" \
    "VisiData $VISIDATA (PyPI, in a virtual environment) opening the exported CSV;" \
    "rollcall's Attendees list (\"2\" typed right after the start) on the registry."

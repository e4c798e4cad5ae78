#!/usr/bin/env bash
# API fuzzing: schemathesis against the built daemon, checked against its own /openapi.yaml.
#
#   Tests/tools/fuzz_api.sh BIN_DIR PYTHON [SECONDS]
#
# FUZZ_SEED picks another seed than the tests' fixed one (for longer exploring runs).
#
# Starts BIN_DIR/plannerd on a free port of 127.0.0.1 with a temporary store (the first run
# imports the example group), makes a coordinator API token with BIN_DIR/planner, and runs
# schemathesis (from PYTHON's virtual environment) over every operation for at most SECONDS
# (default 60), with the token, checking: no 5xx, every answer conforms to its schema, and
# every status code is documented. Exits non-zero with schemathesis's report when it finds
# anything; plannerd is stopped whatever happens.
set -euo pipefail

BIN_DIR=${1:?usage: fuzz_api.sh BIN_DIR PYTHON [SECONDS]}
PYTHON=${2:?usage: fuzz_api.sh BIN_DIR PYTHON [SECONDS]}
# Absolute: schemathesis runs in the work folder (its report files stay there).
PYTHON="$(cd "$(dirname "$PYTHON")" && pwd)/$(basename "$PYTHON")"
SECONDS_BUDGET=${3:-60}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/plannerd-fuzz.XXXXXX")
DAEMON_PID=""

cleanup() {
    if [ -n "$DAEMON_PID" ] && kill -0 "$DAEMON_PID" 2>/dev/null; then
        kill "$DAEMON_PID"
        wait "$DAEMON_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

fail() { echo "fuzz FAILED: $*" >&2; [ -f "$WORK/plannerd.log" ] && tail -40 "$WORK/plannerd.log" >&2; exit 1; }

[ -x "$BIN_DIR/plannerd" ] && [ -x "$BIN_DIR/planner" ] || fail "no plannerd/planner in $BIN_DIR (swift build first)"
"$PYTHON" -c 'import schemathesis' 2>/dev/null || fail "schemathesis is not installed for $PYTHON (make python-deps)"

PORT=$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
STORE="$WORK/planner.sqlite"

(cd "$ROOT" && exec "$BIN_DIR/plannerd" --config Config/plannerd.yaml --port "$PORT" --store "$STORE" \
    --feed-folder "" --log-level error) >>"$WORK/plannerd.log" 2>&1 &
DAEMON_PID=$!
ready=""
for _ in $(seq 1 300); do
    if "$PYTHON" -c "import urllib.request, sys; urllib.request.urlopen('$BASE/readyz', timeout=1)" 2>/dev/null; then
        ready=yes
        break
    fi
    kill -0 "$DAEMON_PID" 2>/dev/null || fail "plannerd exited while starting"
    sleep 0.1
done
[ -n "$ready" ] || fail "plannerd did not become ready on $BASE"

make_token() {
    (cd "$ROOT" && "$BIN_DIR/planner" token create --store "$STORE" --group vienna --kind api --role "$1" \
        --label "$2" --format json) | "$PYTHON" -c "import json, sys; print(json.load(sys.stdin)['$3'])"
}
TOKEN=$(make_token coordinator fuzz secret)
# Rotating and revoking are fuzzed on a token of their own, not the one the run uses.
SPARE=$(make_token reader spare "token']['id")

# Path parameters name what the example group has, so that requests reach the handlers'
# logic instead of stopping at 404 (or 403 for another group's slug), and If-Match is `*`
# (a generated tag would make nearly every write a 412; the Swift tests cover 412); bodies
# and queries are still generated.
cat >"$WORK/schemathesis.toml" <<TOML
[parameters]
"header.If-Match" = "*"
group = "vienna"
member = "anton-berger"
activity = "monthly-meeting"
session = "monthly-meeting@2027-03-02T15:00"
token = $SPARE
TOML

# Bounded: --max-time ends fuzzing after the budget; a slow answer is a failure of its own
# after 10 s rather than a hang. Schemathesis runs Hypothesis without a per-example deadline,
# so a loaded machine is not reported as a bug.
set +e
(cd "$WORK" && "$(dirname "$PYTHON")/schemathesis" run "$BASE/openapi.yaml" \
    --url "$BASE" \
    --header "Authorization: Bearer $TOKEN" \
    --checks not_a_server_error,response_schema_conformance,status_code_conformance \
    --phases examples,coverage,fuzzing \
    --max-examples 25 \
    --max-time "$SECONDS_BUDGET" \
    --request-timeout 10 \
    --seed "${FUZZ_SEED:-20270302}" \
    --workers 1 \
    --suppress-health-check all \
    --output-truncate false)
status=$?
set -e
kill -0 "$DAEMON_PID" 2>/dev/null || fail "plannerd died during the run"
[ "$status" -eq 0 ] || fail "schemathesis found problems (exit $status); the report is above"
echo "fuzz: no problems found"

#!/usr/bin/env bash
# Load figures for plannerd against nginx serving the same bytes as a static file.
#
#   Benchmarks/load/run.sh [SECONDS]      (default 20 s per run)
#
# What it does, on this machine, in a temporary folder:
#  1. installs wrk and nginx if missing (apt-get), builds plannerd in release mode;
#  2. makes a store with one group of about 1,000 sessions (the example group's members with
#     1,000 one-off lunch-and-learn sessions over 2027-2030), starts plannerd on it;
#  3. fetches the group's public feed once (the render) and writes the same bytes where a
#     one-worker nginx serves them as a static file;
#  4. runs wrk at 16 connections against both, full answers and the 304 path (If-None-Match),
#     then keeps loading plannerd until it has answered 1,000,000 requests (TOTAL_REQUESTS), and reports
#     requests/s, p99 latency and plannerd's RSS before and after.
# Results go to standard output and Benchmarks/load/results-<date>.txt.
set -euo pipefail

SECONDS_PER_RUN=${1:-20}
TOTAL_REQUESTS=${TOTAL_REQUESTS:-1000000}  # plannerd keeps being loaded until it has answered this many
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d -t plannerd-load.XXXXXX)
SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
DAEMON_PID=""
NGINX_PID=""
cleanup() {
    [ -n "$DAEMON_PID" ] && kill "$DAEMON_PID" 2>/dev/null || true
    [ -n "$NGINX_PID" ] && kill "$NGINX_PID" 2>/dev/null || true
    [ -n "${KEEP_WORK:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT

missing=""
for p in wrk nginx curl python3-yaml; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi

cd "$ROOT"
# PLANNERD_BIN: a folder with a release plannerd already built (skips the build).
BIN=${PLANNERD_BIN:-}
if [ -z "$BIN" ]; then
    swift build -c release --product plannerd >"$WORK/build.log" 2>&1 || { tail -20 "$WORK/build.log"; exit 1; }
    BIN=$(swift build -c release --show-bin-path)
fi

# --- a group of 1,000 sessions ------------------------------------------------------------
/usr/bin/python3 - "$ROOT/Config/groups/example.yaml" "$WORK/load.yaml" <<'PY'
import datetime, sys, yaml
group = yaml.safe_load(open(sys.argv[1]))
group["group"]["slug"] = "load"
group["group"]["name"] = "Load test group"
activities, day, n = [], datetime.date(2027, 1, 4), 0
while n < 1000:
    if day.weekday() < 5:
        activities.append({"slug": f"talk-{n:04d}", "kind": "lunch-and-learn", "title": f"Lunch and learn talk {n + 1}",
                           "start": f"{day.isoformat()}T12:30", "location": "OSCE Secretariat, cafeteria meeting area"})
        n += 1
    day += datetime.timedelta(days=1)
group["activities"] = activities
group["blackouts"] = []
yaml.safe_dump(group, open(sys.argv[2], "w"), sort_keys=False, allow_unicode=True)
PY
STORE="$WORK/planner.sqlite"

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PORT=$(free_port)
# An empty store: plannerd's first run installs the catalogue and imports the load group.
"$BIN/plannerd" --config Config/plannerd.yaml --port "$PORT" --store "$STORE" --example-group "$WORK/load.yaml" --example-holidays "" --feed-folder "" \
    --log-level error >"$WORK/plannerd.log" 2>&1 &
DAEMON_PID=$!
for _ in $(seq 1 1200); do curl -fsS "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break; sleep 0.25; done  # first run imports and assigns
FEED="http://127.0.0.1:$PORT/calendars/load.ics"
curl -fsS -D "$WORK/headers" -o "$WORK/load.ics" "$FEED"
ETAG=$(tr -d '\r' <"$WORK/headers" | awk -F': ' 'tolower($1) == "etag" {print $2}')
SESSIONS=$(grep -c "^BEGIN:VEVENT" "$WORK/load.ics")
BYTES=$(stat -c %s "$WORK/load.ics")

# --- nginx, one worker, the same bytes as a static file ------------------------------------
NGINX_PORT=$(free_port)
mkdir -p "$WORK/nginx/www" "$WORK/nginx/logs"
cp "$WORK/load.ics" "$WORK/nginx/www/load.ics"
chmod o+rx "$WORK" "$WORK/nginx" "$WORK/nginx/www" && chmod o+r "$WORK/nginx/www/load.ics"  # nginx's worker is not root
cat >"$WORK/nginx/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log;
events { worker_connections 1024; }
http {
    access_log off;
    types { text/calendar ics; }
    sendfile on;
    etag on;
    server {
        listen 127.0.0.1:$NGINX_PORT;
        root $WORK/nginx/www;
    }
}
EOF
nginx -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" &
NGINX_PID=$!
sleep 0.5
NGINX_URL="http://127.0.0.1:$NGINX_PORT/load.ics"
NGINX_ETAG=$(curl -fsS -o /dev/null -D - "$NGINX_URL" | tr -d '\r' | awk -F': ' 'tolower($1) == "etag" {print $2}')

rss() { awk '/VmRSS/ {print $2 " kB"}' "/proc/$DAEMON_PID/status"; }
# wrk prints Requests/sec and, with --latency, the 99% line; keep both and the request count.
run() {  # name url [header]
    local name=$1 url=$2 header=${3:-}
    local out="$WORK/wrk-$name.txt"
    if [ -n "$header" ]; then
        wrk -t2 -c16 -d"${SECONDS_PER_RUN}s" --latency -H "$header" "$url" >"$out"
    else
        wrk -t2 -c16 -d"${SECONDS_PER_RUN}s" --latency "$url" >"$out"
    fi
    local rps p99 requests non2xx
    rps=$(awk '/Requests\/sec/ {print $2}' "$out")
    p99=$(awk '$1 == "99%" {print $2}' "$out")
    requests=$(awk '/requests in/ {print $1}' "$out")
    non2xx=$(awk '/Non-2xx or 3xx/ {print $5}' "$out")
    printf '%-22s %12s req/s   p99 %-9s  %10s requests  non-2xx/3xx: %s\n' "$name" "$rps" "$p99" "$requests" "${non2xx:-0}"
    echo "$requests" >"$WORK/count-$name"
}

RESULT="$ROOT/Benchmarks/load/results-$(date -u +%Y%m%d-%H%M).txt"
{
    echo "plannerd load test, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, wrk -t2 -c16 -d${SECONDS_PER_RUN}s"
    echo "feed: $SESSIONS VEVENTs, $BYTES bytes; plannerd from $BIN; nginx $(nginx -v 2>&1 | sed 's/.*\///') one worker"
    echo "plannerd RSS after start and one render: $(rss)"
    run plannerd-full "$FEED"
    run nginx-full "$NGINX_URL"
    run plannerd-304 "$FEED" "If-None-Match: $ETAG"
    run nginx-304 "$NGINX_URL" "If-None-Match: $NGINX_ETAG"
    total=$(( $(cat "$WORK/count-plannerd-full") + $(cat "$WORK/count-plannerd-304") ))
    while [ "$total" -lt "$TOTAL_REQUESTS" ]; do
        run plannerd-soak-304 "$FEED" "If-None-Match: $ETAG" >/dev/null
        total=$(( total + $(cat "$WORK/count-plannerd-soak-304") ))
    done
    echo "plannerd answered $total requests in all; RSS now: $(rss)"
    curl -fsS "http://127.0.0.1:$PORT/metrics" | grep -E '^plannerd_feed_(renders|responses)' || true
} | tee "$RESULT"

#!/usr/bin/env bash
# Browser tests: builds tongban, starts it on a free loopback port with a fresh
# data folder (demo data loaded), waits for /readyz, runs the Node test files in
# e2e/ against it in Debian's Chromium, and always stops the server.
#
# Needs: Go, Node.js >= 20 with npm, and Chromium (apt-get install chromium
# fonts-wqy-microhei). CHROMIUM_PATH overrides /usr/bin/chromium.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD

fail() { printf 'e2e: FAIL: %s\n' "$*" >&2; exit 1; }

command -v go >/dev/null || fail "go not found in PATH (Go lives in /usr/local/go/bin)"
command -v node >/dev/null || fail "node not found; Node.js >= 20 is needed for the browser tests"
command -v npm >/dev/null || fail "npm not found; it comes with Node.js"
node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' \
  || fail "Node.js >= 20 is needed (found $(node --version))"
export CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
[[ -x $CHROMIUM_PATH ]] \
  || fail "Chromium not found at $CHROMIUM_PATH; install it with: apt-get install -y chromium fonts-wqy-microhei"

if [[ ! -d e2e/node_modules/playwright-core || ! -d e2e/node_modules/axe-core ]]; then
  echo "e2e: installing npm dependencies (npm ci in e2e/)"
  (cd e2e && npm ci --no-audit --no-fund --loglevel=error) || fail "npm ci in e2e/ failed"
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/tongban-e2e.XXXXXX")
server_pid=""
log="$tmp/server.log"

stop_server() {
  if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    for _ in $(seq 50); do
      kill -0 "$server_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  server_pid=""
}

show_log() {
  echo "---------------- tongban server log ($log) ----------------"
  if [[ -f $log ]]; then tail -n 400 "$log"; else echo "(no log)"; fi
  echo "---------------- end of server log ----------------"
  mkdir -p "$root/e2e/artifacts"
  [[ -f $log ]] && cp "$log" "$root/e2e/artifacts/server.log" || true
}

cleanup() {
  stop_server
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "e2e: building ./cmd/tongban"
go build -o "$tmp/tongban" ./cmd/tongban || fail "go build ./cmd/tongban failed"

# Ask the kernel for a free loopback port (there is a small window before the
# server binds it; nothing else on this machine races for ephemeral ports).
port=$(node -e '
  const s = require("net").createServer();
  s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });
')
url="http://127.0.0.1:$port"

echo "e2e: starting tongban serve at $url (data in $tmp/data, log in $log)"
# The sandbox courier scans a parcel every second, so a mailed result arrives
# within the browser test rather than over a quarter of an hour.
TONGBAN_SANDBOX_CARRIER_STEP=1s "$tmp/tongban" serve --addr "127.0.0.1:$port" --data "$tmp/data" >"$log" 2>&1 </dev/null &
server_pid=$!

# Wait up to 30 s for GET /readyz to answer 200, giving up early if the server exits.
if ! node -e '
  const [url, pid] = [process.argv[1], Number(process.argv[2])];
  const deadline = Date.now() + 30_000;
  const alive = () => { try { process.kill(pid, 0); return true; } catch { return false; } };
  (async () => {
    let last = "no answer";
    while (Date.now() < deadline) {
      if (!alive()) { console.error(`e2e: the server exited before it was ready`); process.exit(2); }
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
        if (res.status === 200) process.exit(0);
        last = `status ${res.status}`;
      } catch (err) { last = err.cause?.code || err.message; }
      await new Promise((r) => setTimeout(r, 250));
    }
    console.error(`e2e: ${url} was not ready within 30 s (last: ${last})`);
    process.exit(1);
  })();
' "$url/readyz" "$server_pid"; then
  show_log
  fail "tongban did not become ready"
fi
echo "e2e: server ready"

rm -rf e2e/artifacts
status=0
TONGBAN_URL="$url" node --test --test-concurrency=1 e2e/ || status=$?

if [[ $status -ne 0 ]]; then
  show_log
  echo "e2e: screenshots and page HTML of failed tests are in e2e/artifacts/" >&2
  fail "browser tests failed (node --test exit status $status)"
fi
stop_server
echo "e2e: all browser tests passed"

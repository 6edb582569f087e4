#!/usr/bin/env bash
# The one command that runs every test (`make test` calls it):
#   1. go vet ./...
#   2. go test on SQLite (the default engine)
#   3. go test again on PostgreSQL if TONGBAN_TEST_POSTGRES is set, e.g.
#        TONGBAN_TEST_POSTGRES='postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable'
#      (the test kit creates a fresh database per test on that server)
#   4. the browser tests (scripts/e2e.sh) unless TONGBAN_SKIP_E2E=1
# It stops at the first failing step.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

started=$SECONDS
step_started=$SECONDS
step() {
  step_started=$SECONDS
  printf '\n==> %s\n' "$*"
}
done_step() { printf '==> ok (%ds)\n' "$((SECONDS - step_started))"; }
fail() {
  printf '\nFAIL: %s\n' "$*" >&2
  exit 1
}

command -v go >/dev/null || fail "go not found in PATH (Go lives in /usr/local/go/bin)"

step "go vet ./..."
go vet ./... || fail "go vet reported problems (see above)"
done_step

step "go test ./... on SQLite"
env -u TONGBAN_TEST_POSTGRES go test -count=1 ./... || fail "Go tests failed on SQLite (see above)"
done_step

if [[ -n ${TONGBAN_TEST_POSTGRES:-} ]]; then
  # Hide any password in the printed DSN.
  shown=$(printf '%s' "$TONGBAN_TEST_POSTGRES" | sed -E 's#(://[^:/@]*):[^@]*@#\1:***@#')
  step "go test ./... on PostgreSQL ($shown)"
  export TONGBAN_TEST_POSTGRES
  go test -count=1 ./... || fail "Go tests failed on PostgreSQL (see above)"
  done_step
else
  printf '\n==> PostgreSQL tests SKIPPED: TONGBAN_TEST_POSTGRES is not set\n'
  printf "    (set it to e.g. 'postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable' to run them)\n"
fi

if [[ ${TONGBAN_SKIP_E2E:-} == 1 ]]; then
  printf '\n==> Browser tests SKIPPED: TONGBAN_SKIP_E2E=1\n'
else
  step "browser tests (scripts/e2e.sh)"
  bash scripts/e2e.sh || fail "browser tests failed (see above)"
  done_step
fi

printf '\n==> all tests passed in %ds\n' "$((SECONDS - started))"

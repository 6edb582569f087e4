# The two commands of the README, plus a few conveniences.
.PHONY: run test test-go build

# Run Tongban with the embedded defaults: SQLite in ./tongban-data, demo data, printed accounts.
run:
	go run ./cmd/tongban serve

# Every test: vet, Go tests on SQLite (and PostgreSQL when TONGBAN_TEST_POSTGRES is set), browser tests.
test:
	bash scripts/test.sh

# Only the Go tests on SQLite, for a quick loop.
test-go:
	go test ./...

build:
	go build -o tongban ./cmd/tongban

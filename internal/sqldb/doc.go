// Package sqldb opens Tongban's database on either engine — SQLite (pure Go,
// the embedded default) or PostgreSQL (pgx) — and hides the few places where they
// differ: connection pragmas, the single SQLite writer, transactions carried in
// the context, column types in migrations, time encoding and error codes.
//
// SQL text is shared between the engines. Placeholders are $1…$n, always in
// ascending order of first use (SQLite numbers them by first appearance).
package sqldb

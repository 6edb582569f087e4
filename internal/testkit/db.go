// Package testkit gives every test a fresh, migrated database on the engine under
// test — SQLite by default, PostgreSQL when TONGBAN_TEST_POSTGRES holds a DSN —
// plus fixture builders and HTTP helpers shared by the module and web tests.
package testkit

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/tongban/tongban/internal/migrations"
	"github.com/tongban/tongban/internal/sqldb"
)

// PostgresEnv names the variable holding a PostgreSQL DSN for the test suite.
const PostgresEnv = "TONGBAN_TEST_POSTGRES"

// Engine reports which engine this test run uses.
func Engine() sqldb.Dialect {
	if os.Getenv(PostgresEnv) != "" {
		return sqldb.Postgres
	}
	return sqldb.SQLite
}

// DB is a fresh database for one test.
type DB struct {
	*sqldb.DB
	// DSN opens the same database again (a path for SQLite, a URL for PostgreSQL).
	DSN string
}

// NewDB creates an empty, migrated database that is dropped when the test ends.
func NewDB(t testing.TB) DB {
	t.Helper()
	d := NewEmptyDB(t)
	if _, err := migrations.Apply(context.Background(), d.DB); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return d
}

// NewEmptyDB creates a database with no schema, for migration tests.
func NewEmptyDB(t testing.TB) DB {
	t.Helper()
	ctx := context.Background()
	if Engine() == sqldb.SQLite {
		path := filepath.Join(t.TempDir(), "test.db")
		db, err := sqldb.OpenSQLite(ctx, path, sqldb.Options{SyncNormal: true})
		if err != nil {
			t.Fatalf("open sqlite: %v", err)
		}
		t.Cleanup(func() { db.Close() })
		return DB{DB: db, DSN: path}
	}
	return newPostgresDB(t)
}

func newPostgresDB(t testing.TB) DB {
	t.Helper()
	ctx := context.Background()
	admin, err := sqldb.OpenPostgres(ctx, os.Getenv(PostgresEnv), sqldb.Options{MaxOpen: 1})
	if err != nil {
		t.Fatalf("connect to %s: %v", PostgresEnv, err)
	}
	defer admin.Close()
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	name := "tongban_test_" + hex.EncodeToString(b)
	// The locale must be UTF-8 aware: pg_trgm drops every CJK character in locale C.
	if _, err := admin.W(ctx).ExecContext(ctx, `CREATE DATABASE `+name+` TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'`); err != nil {
		t.Fatalf("create database: %v", err)
	}
	u, err := url.Parse(os.Getenv(PostgresEnv))
	if err != nil {
		t.Fatalf("parse %s: %v", PostgresEnv, err)
	}
	u.Path = "/" + name
	dsn := u.String()
	db, err := sqldb.OpenPostgres(ctx, dsn, sqldb.Options{MaxOpen: 8})
	if err != nil {
		t.Fatalf("open test database: %v", err)
	}
	t.Cleanup(func() {
		db.Close()
		admin, err := sqldb.OpenPostgres(context.Background(), os.Getenv(PostgresEnv), sqldb.Options{MaxOpen: 1})
		if err != nil {
			return
		}
		defer admin.Close()
		_, _ = admin.W(context.Background()).ExecContext(context.Background(), `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`)
	})
	return DB{DB: db, DSN: dsn}
}

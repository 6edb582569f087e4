package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tongban/tongban/internal/casework"
	"github.com/tongban/tongban/internal/identity"
	"github.com/tongban/tongban/internal/sqldb"
	"github.com/tongban/tongban/internal/testkit"
)

// demoSecrets reads the demo people's ID and phone numbers from the embedded
// demo data, the values that must never reach the database in plain text.
func demoSecrets(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile("../demo/data/people.json")
	if err != nil {
		t.Fatal(err)
	}
	var people []struct {
		IDNumber string `json:"id_number"`
		Phone    string `json:"phone"`
	}
	if err := json.Unmarshal(b, &people); err != nil {
		t.Fatal(err)
	}
	if len(people) < 30 {
		t.Fatalf("only %d demo people", len(people))
	}
	var out []string
	for _, p := range people {
		out = append(out, p.IDNumber, p.Phone)
	}
	return out
}

// rawDatabase returns the bytes at rest: the SQLite files, or a pg_dump.
func rawDatabase(t *testing.T, db testkit.DB) []byte {
	t.Helper()
	if db.Dialect == sqldb.SQLite {
		ctx := context.Background()
		if _, err := db.W(ctx).ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
			t.Fatal(err)
		}
		var all []byte
		for _, suffix := range []string{"", "-wal", "-shm"} {
			b, err := os.ReadFile(db.DSN + suffix)
			if err != nil && !os.IsNotExist(err) {
				t.Fatal(err)
			}
			all = append(all, b...)
		}
		if len(all) < 4096 {
			t.Fatalf("database file is only %d bytes", len(all))
		}
		return all
	}
	if _, err := exec.LookPath("pg_dump"); err != nil {
		t.Skip("pg_dump not installed")
	}
	out, err := exec.Command("pg_dump", "--no-owner", "--inserts", db.DSN).Output()
	if err != nil {
		t.Fatalf("pg_dump: %v", err)
	}
	return out
}

func TestPersonalDataIsNotStoredInPlainText(t *testing.T) {
	t.Parallel()
	db := testkit.NewDB(t)
	a := testkit.DemoApp(t, testkit.WithDB(db))
	// An application form with the applicant's own ID and phone number.
	ctx := context.Background()
	secrets := demoSecrets(t)
	wang, err := a.Store.FindPersonByIDNumber(ctx, identity.IDNumber(secrets[0]))
	if err != nil {
		t.Fatal(err)
	}
	food, err := a.Store.GetItemBySlug(ctx, "food-biz-license")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Cases.SaveDraft(testkit.AsPerson(ctx, wang.ID, wang.Name), casework.Application{ItemID: food.ID,
		Form: map[string]string{"id_number": secrets[0], "phone": secrets[1]}}); err != nil {
		t.Fatal(err)
	}
	raw := rawDatabase(t, db)
	// The check can fail: the demo's names are stored in plain text and must be found.
	if !bytes.Contains(raw, []byte("王建国")) {
		t.Fatal("the raw database does not contain a demo name; the check would prove nothing")
	}
	for _, s := range demoSecrets(t) {
		if bytes.Contains(raw, []byte(s)) {
			t.Errorf("the raw database contains %s in plain text", s)
		}
	}
}

func TestPersonalDataIsNotLogged(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	_, srv := testkit.DemoServer(t, testkit.WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	const id, phone = "11010519491231002X", "13912345678"
	form := url.Values{"name": {"测试"}, "id_number": {id}, "phone": {phone}, "region_code": {"620825101"},
		"password": {"Secret#2026"}, "password_confirm": {"Secret#2026"}}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	// A failed registration, a good one and a lookup by query all log requests.
	bad := url.Values{}
	for k, v := range form {
		bad[k] = v
	}
	bad.Set("password_confirm", "different")
	for _, f := range []url.Values{bad, form} {
		req, _ := http.NewRequest("POST", srv.URL+"/register", strings.NewReader(f.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", srv.URL)
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	resp, err := client.Get(srv.URL + "/staff/people?name=" + id)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if !strings.Contains(logs.String(), "/register") {
		t.Fatal("the requests were not logged; the check would prove nothing")
	}
	for _, s := range []string{id, phone} {
		if strings.Contains(logs.String(), s) {
			t.Errorf("the log contains %s", s)
		}
	}
}

func TestKeyFileIsCreatedPrivate(t *testing.T) {
	t.Parallel()
	a := testkit.DemoApp(t)
	fi, err := os.Stat(filepath.Join(a.Config.DataDir, "keys", "master.key"))
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %v, want 0600", fi.Mode().Perm())
	}
}

package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tongban/tongban/internal/identity"
	"github.com/tongban/tongban/internal/license"
	"github.com/tongban/tongban/internal/platform/principal"
	"github.com/tongban/tongban/internal/testkit"
)

// licenceFiles returns a demo enterprise's genuine licence file and the
// platform's published keys, written to a temporary directory.
func licenceFiles(t *testing.T) (file []byte, keysPath, dir string) {
	t.Helper()
	a := testkit.DemoApp(t)
	ctx := context.Background()
	o, err := a.Store.FindOrganizationByCode(ctx, identity.CreditCode("91620825TB00010121"))
	if err != nil {
		t.Fatal(err)
	}
	rep := principal.With(ctx, principal.Principal{Kind: principal.Person, ID: 1, OrgID: o.ID})
	held, err := a.Licenses.HeldBy(rep, "business-license")
	if err != nil || len(held) != 1 {
		t.Fatalf("%+v %v", held, err)
	}
	if file, err = a.Licenses.File(rep, held[0].ID); err != nil {
		t.Fatal(err)
	}
	keys, err := a.Licenses.Keys(ctx)
	if err != nil {
		t.Fatal(err)
	}
	dir = t.TempDir()
	doc, _ := json.Marshal(keys.Document())
	keysPath = filepath.Join(dir, "keys.json")
	if err := os.WriteFile(keysPath, doc, 0o600); err != nil {
		t.Fatal(err)
	}
	return file, keysPath, dir
}

func runVerify(t *testing.T, dir string, file []byte, extra ...string) (string, error) {
	t.Helper()
	path := filepath.Join(dir, "license.json")
	if err := os.WriteFile(path, file, 0o600); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	err := run(append(append([]string{"verify"}, extra...), path), func(string) string { return "" }, &out)
	return out.String(), err
}

// edit changes a licence file through its JSON form.
func edit(t *testing.T, file []byte, change func(f *license.File)) []byte {
	t.Helper()
	var f license.File
	if err := json.Unmarshal(file, &f); err != nil {
		t.Fatal(err)
	}
	change(&f)
	b, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestVerifyCommand(t *testing.T) {
	t.Parallel()
	file, keys, dir := licenceFiles(t)

	out, err := runVerify(t, dir, file, "--keys", keys)
	if err != nil {
		t.Fatalf("genuine file refused: %v\n%s", err, out)
	}
	for _, want := range []string{"营业执照", "✔ 通过 ok", "seal SM2 signature", "inclusion in the log", "Genuine"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	if out, err := runVerify(t, dir, file); err != nil || !strings.Contains(out, "Keys not pinned") {
		t.Errorf("unpinned genuine file: %v\n%s", err, out)
	}

	tampered := edit(t, file, func(f *license.File) {
		p, _ := base64.RawURLEncoding.DecodeString(f.Payload)
		p[len(p)/2] ^= 1
		f.Payload = base64.RawURLEncoding.EncodeToString(p)
	})
	out, err = runVerify(t, dir, tampered, "--keys", keys)
	if err == nil || !strings.Contains(out, "NOT genuine") {
		t.Fatalf("tampered file accepted: %v\n%s", err, out)
	}

	notInLog := edit(t, file, func(f *license.File) {
		h, _ := base64.StdEncoding.DecodeString(f.Log.Proof[0])
		h[0] ^= 1
		f.Log.Proof[0] = base64.StdEncoding.EncodeToString(h)
	})
	out, err = runVerify(t, dir, notInLog, "--keys", keys)
	if err == nil || !strings.Contains(err.Error(), "inclusion") || !strings.Contains(out, "✘ 失败 FAIL  存证日志包含证明") {
		t.Fatalf("a file whose proof does not lead to the checkpoint: %v\n%s", err, out)
	}
	// The signatures alone still verify: what fails is the log.
	if !strings.Contains(out, "✔ 通过 ok    电子印章 SM2 签名") || !strings.Contains(out, "✔ 通过 ok    JWS 签名") {
		t.Errorf("signature checks of the out-of-log file:\n%s", out)
	}

	// Keys of another install are not this platform's.
	_, otherKeys, _ := licenceFiles(t)
	if out, err := runVerify(t, dir, file, "--keys", otherKeys); err == nil {
		t.Fatalf("a file verified against another platform's keys:\n%s", out)
	}
}

package license_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/tongban/tongban/internal/license"
	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/principal"
)

func TestIssueSignsTwiceAndLogs(t *testing.T) {
	t.Parallel()
	f := setup(t)
	l := f.issueBusiness(t)
	id, err := license.ParseIdentifier(l.Identifier)
	if err != nil {
		t.Fatalf("identifier %s: %v", l.Identifier, err)
	}
	if id.TypeCode != license.LocalTypeCode("business-license") || id.IssuerCode != county || id.Version != 1 {
		t.Errorf("identifier parts %+v", id)
	}
	if l.Number != enterprise || l.ValidUntil.IsZero() == false {
		t.Errorf("a business licence's number is the credit code and it has no end: %s %v", l.Number, l.ValidUntil)
	}
	want := map[string]string{"统一社会信用代码": enterprise, "名称": "庄浪县示例果业开发有限公司", "类型": "有限责任公司",
		"法定代表人（负责人、经营者）": "柳卫东", "住所（经营场所）": "甘肃省平凉市庄浪县南湖镇示例路1号", "登记机关": "庄浪县市场监督管理局", "登记日期": "2026年3月2日"}
	for _, fl := range l.Fields {
		if want[fl.Name] != fl.Value {
			t.Errorf("field %s = %q, want %q", fl.Name, fl.Value, want[fl.Name])
		}
	}
	v, err := f.m.Verify(context.Background(), l.Identifier)
	if err != nil {
		t.Fatal(err)
	}
	if !v.Valid || !v.SealSignature || !v.JWSSignature || !v.SealValid || !v.InLog || v.Status != license.StatusValid {
		t.Fatalf("fresh license does not verify: %+v", v)
	}
	if v.Disclosure.HolderName == l.HolderName || !strings.Contains(v.Disclosure.HolderName, "*") {
		t.Errorf("public view shows the holder unmasked: %q", v.Disclosure.HolderName)
	}
	uses, err := f.m.SealUses(asStaff(context.Background(), principal.DeptHead, f.market), l.SealID)
	if err != nil || len(uses) != 1 || uses[0].Identifier != l.Identifier {
		t.Fatalf("seal use log %+v, %v", uses, err)
	}
	size, _, err := f.m.LogRoot(context.Background())
	if err != nil || size != 1 {
		t.Fatalf("log size %d, %v", size, err)
	}
}

func TestSignaturesBreakOnOneChangedByte(t *testing.T) {
	t.Parallel()
	f := setup(t)
	l := f.issueBusiness(t)
	seal, err := f.m.Seal(context.Background(), l.SealID)
	if err != nil {
		t.Fatal(err)
	}
	keys, err := f.m.Keys(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !license.VerifySM2(seal.PublicKey, l.Payload, l.SM2Signature) {
		t.Fatal("genuine SM2 signature fails")
	}
	if p, _, err := license.VerifyJWS(keys.JWSPublicKey, l.JWS); err != nil || !bytes.Equal(p, l.Payload) {
		t.Fatalf("genuine JWS fails: %v", err)
	}
	for _, i := range []int{0, len(l.Payload) / 2, len(l.Payload) - 1} {
		tampered := bytes.Clone(l.Payload)
		tampered[i] ^= 0x01
		if license.VerifySM2(seal.PublicKey, tampered, l.SM2Signature) {
			t.Errorf("SM2 verifies with byte %d changed", i)
		}
		parts := strings.Split(l.JWS, ".")
		forged := parts[0] + "." + base64URL(tampered) + "." + parts[2]
		if _, _, err := license.VerifyJWS(keys.JWSPublicKey, forged); err == nil {
			t.Errorf("JWS verifies with byte %d changed", i)
		}
	}
	content, err := license.ParseContent(l.Payload)
	if err != nil {
		t.Fatal(err)
	}
	if content.Holder.Code != enterprise || content.Identifier != l.Identifier || content.Seal.Code != seal.Code {
		t.Errorf("content %+v", content)
	}
	again, _ := license.Canonical(content)
	if !bytes.Equal(again, l.Payload) {
		t.Error("the payload is not the canonical form of its content")
	}
}

func TestWalletAndHeldBy(t *testing.T) {
	t.Parallel()
	f := setup(t)
	l := f.issueBusiness(t)
	ctx := context.Background()
	w, err := f.m.Wallet(asRep(ctx))
	if err != nil || len(w) != 1 || w[0].ID != l.ID || w[0].HolderCode != enterprise {
		t.Fatalf("enterprise wallet %+v, %v", w, err)
	}
	own, err := f.m.Wallet(testkitPerson(ctx, personID))
	if err != nil || len(own) != 0 {
		t.Fatalf("the person's own wallet shows the enterprise's licence: %+v, %v", own, err)
	}
	held, err := f.m.HeldBy(asRep(ctx), "business-license")
	if err != nil || len(held) != 1 {
		t.Fatalf("HeldBy %+v, %v", held, err)
	}
	if _, err := f.m.Mine(testkitPerson(ctx, personID+1), l.ID); apperr.KindOf(err) != apperr.NotFound {
		t.Fatalf("a stranger reads the licence: %v", err)
	}
	_, err = f.m.Wallet(ctx)
	wantKind(t, err, apperr.Unauthenticated)
	_, err = f.m.Wallet(asStaff(ctx, principal.Reviewer, f.market))
	wantKind(t, err, apperr.Forbidden)
}

func TestLifecycleReflectsInVerification(t *testing.T) {
	t.Parallel()
	f := setup(t)
	l := f.issueBusiness(t)
	ctx := context.Background()
	head := asStaff(ctx, principal.DeptHead, f.market)

	_, err := f.m.Suspend(asStaff(ctx, principal.Reviewer, f.market), l.ID, "检查")
	wantKind(t, err, apperr.Forbidden)
	_, err = f.m.Suspend(asStaff(ctx, principal.DeptHead, f.health), l.ID, "检查")
	wantKind(t, err, apperr.Forbidden)
	_, err = f.m.Suspend(head, l.ID, " ")
	wantKind(t, err, apperr.Invalid)

	status := func(want license.Status, valid bool) {
		t.Helper()
		v, err := f.m.Verify(ctx, l.Identifier)
		if err != nil || v.Status != want || v.Valid != valid || !v.SealSignature || !v.InLog {
			t.Fatalf("verification %+v, %v; want %s", v, err, want)
		}
	}
	if _, err := f.m.Suspend(head, l.ID, "经营场所检查"); err != nil {
		t.Fatal(err)
	}
	status(license.StatusSuspended, false)
	if _, err := f.m.Resume(head, l.ID, "整改完成"); err != nil {
		t.Fatal(err)
	}
	status(license.StatusValid, true)
	n, err := f.m.Reissue(head, l.ID, license.ReissueRequest{Reason: "换发"})
	if err != nil {
		t.Fatal(err)
	}
	status(license.StatusSuperseded, false)
	if n.Version != 2 || !strings.HasSuffix(strings.TrimSuffix(n.Identifier, n.Identifier[len(n.Identifier)-2:]), ".002") {
		t.Fatalf("re-issued %s version %d", n.Identifier, n.Version)
	}
	content, _ := license.ParseContent(n.Payload)
	if content.Previous != l.Identifier {
		t.Errorf("new version names %q as previous", content.Previous)
	}
	admin := testkitStaff(ctx, principal.SystemAdmin, county, 0)
	if _, err := f.m.Revoke(admin, n.ID, "以欺骗手段取得"); err != nil {
		t.Fatal(err)
	}
	v, _ := f.m.Verify(ctx, n.Identifier)
	if v.Valid || v.Status != license.StatusRevoked {
		t.Fatalf("revoked verifies %+v", v)
	}
	_, err = f.m.Resume(admin, n.ID, "撤回")
	wantKind(t, err, apperr.Conflict)
	hist, err := f.m.History(asRep(ctx), n.ID)
	if err != nil || len(hist) != 2 || hist[0].Version != 2 {
		t.Fatalf("history %+v, %v", hist, err)
	}
	// issuance, suspend, resume, supersede, issuance of v2, revoke
	if size, _, _ := f.m.LogRoot(ctx); size != 6 {
		t.Errorf("log size %d, want 6", size)
	}
}

func TestExpiryIsDerived(t *testing.T) {
	t.Parallel()
	f := setup(t)
	ctx := context.Background()
	l, err := f.m.Issue(ctx, license.IssueRequest{TypeSlug: "food-business-license", HolderName: "庄浪县示例果业开发有限公司",
		HolderCodeType: license.HolderCodeCreditCode, HolderCode: enterprise, HolderOrgID: orgID, Data: map[string]string{"form:主体业态": "食品销售经营者"}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(l.Number, "JY1620825") || len(l.Number) != 16 {
		t.Errorf("food licence number %s", l.Number)
	}
	if got := l.ValidUntil.In(time.FixedZone("", 8*3600)).Format("2006-01-02"); got != "2031-03-01" {
		t.Errorf("five years from 2026-03-02 end on %s", got)
	}
	f.env.Clock.Advance(5*365*24*time.Hour + 48*time.Hour)
	v, err := f.m.Verify(ctx, l.Identifier)
	if err != nil || v.Status != license.StatusExpired || v.Valid {
		t.Fatalf("expired licence: %+v, %v", v, err)
	}
	held, _ := f.m.HeldBy(asRep(ctx), "food-business-license")
	if len(held) != 0 {
		t.Error("an expired licence is offered for 免证办")
	}
}

func TestVerifyUnknownAndMalformed(t *testing.T) {
	t.Parallel()
	f := setup(t)
	ctx := context.Background()
	v, err := f.m.Verify(ctx, "1.2.156.3005.2.11100000MB03271699022.340100.000000016.001.9")
	if err != nil || v.Found || v.Valid || !v.IdentifierValid {
		t.Fatalf("unknown: %+v, %v", v, err)
	}
	v, err = f.m.Verify(ctx, "1.2.156.3005.2.11100000MB03271699022.340100.000000016.001.M")
	if err != nil || v.Found || v.IdentifierValid || v.Problems[0] != license.ProblemIdentifier {
		t.Fatalf("malformed: %+v, %v", v, err)
	}
}

func TestFileVerifiesOffline(t *testing.T) {
	t.Parallel()
	f := setup(t)
	l := f.issueBusiness(t)
	ctx := context.Background()
	f.issueBusiness(t) // the log grows past the first licence
	file, err := f.m.File(asRep(ctx), l.ID)
	if err != nil {
		t.Fatal(err)
	}
	keys, err := f.m.Keys(ctx)
	if err != nil {
		t.Fatal(err)
	}
	doc := keys.Document()
	if r := license.VerifyFile(file, &doc); !r.Valid {
		t.Fatalf("genuine file fails: %+v", r.Failed())
	}
	if r := license.VerifyFile(file, nil); !r.Valid || r.Pinned {
		t.Fatalf("genuine file fails unpinned: %+v", r.Failed())
	}
	var parsed license.File
	if err := json.Unmarshal(file, &parsed); err != nil {
		t.Fatal(err)
	}
	payload, _ := base64URLDecode(parsed.Payload)
	payload[len(payload)/2] ^= 1
	parsed.Payload = base64URL(payload)
	tampered, _ := json.Marshal(parsed)
	r := license.VerifyFile(tampered, &doc)
	if r.Valid {
		t.Fatal("tampered file verifies")
	}
	_, err = f.m.File(asStaff(ctx, principal.DeptHead, f.market), l.ID)
	wantKind(t, err, apperr.Forbidden)
}

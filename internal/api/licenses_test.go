package api_test

import (
	"context"
	"encoding/base64"
	"net/http"
	"strings"
	"testing"

	"github.com/tongban/tongban/internal/api"
	"github.com/tongban/tongban/internal/identity"
	"github.com/tongban/tongban/internal/license"
	"github.com/tongban/tongban/internal/platform/principal"
)

const shopCode = "91620825TB00010121" // 庄浪县示例果业开发有限公司, holds a demo 营业执照

// demoLicence returns the demo enterprise's 营业执照 and a context acting for it.
func (s *server) demoLicence() (license.License, context.Context) {
	s.t.Helper()
	ctx := context.Background()
	o, err := s.app.Store.FindOrganizationByCode(ctx, identity.CreditCode(shopCode))
	if err != nil {
		s.t.Fatal(err)
	}
	rep := principal.With(ctx, principal.Principal{Kind: principal.Person, ID: 1, OrgID: o.ID})
	held, err := s.app.Licenses.HeldBy(rep, "business-license")
	if err != nil || len(held) != 1 {
		s.t.Fatalf("%+v %v", held, err)
	}
	return held[0], rep
}

func TestLicenceVerificationIsPublicAndMinimal(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	l, _ := s.demoLicence()
	v := decodeAs[api.LicenseVerification](t, s.must(http.StatusOK, "GET", "/api/v1/licenses/"+l.Identifier+"/verification", "", nil))
	if !v.Valid || !v.Checks.SealSignature || !v.Checks.JWSSignature || !v.Checks.InLog || v.License == nil || v.License.TypeName != "营业执照" {
		t.Fatalf("verification %+v", v)
	}
	raw := string(s.must(http.StatusOK, "GET", "/api/v1/licenses/"+l.Identifier+"/verification", "", nil).Body)
	if strings.Contains(raw, shopCode) || strings.Contains(raw, l.HolderName) {
		t.Errorf("the public view discloses the holder: %s", raw)
	}
	unknown := decodeAs[api.LicenseVerification](t, s.must(http.StatusOK, "GET",
		"/api/v1/licenses/1.2.156.3005.2.11100000MB03271699022.340100.000000016.001.9/verification", "", nil))
	if unknown.Found || unknown.Valid || unknown.Problems[0] != license.ProblemUnknown {
		t.Errorf("unknown identifier: %+v", unknown)
	}
}

func TestLicenceLogEndpoints(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	l, _ := s.demoLicence()
	keys := decodeAs[license.KeysDocument](t, s.must(http.StatusOK, "GET", "/api/v1/licenses/keys", "", nil))
	if len(keys.JWKS.Keys) != 1 || keys.JWKS.Keys[0].Crv != "Ed25519" || len(keys.Seals) == 0 {
		t.Fatalf("keys %+v", keys)
	}
	for _, path := range []string{"/log/checkpoint", "/api/v1/licenses/log/checkpoint"} {
		r := s.must(http.StatusOK, "GET", path, "", nil)
		if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
			t.Errorf("%s: Content-Type %q", path, ct)
		}
		if c, err := license.OpenCheckpoint(r.Body, keys.Log.PublicKey); err != nil || c.Size != 40 {
			t.Errorf("%s: %+v %v", path, c, err)
		}
	}
	p := decodeAs[api.LicenseProof](t, s.must(http.StatusOK, "GET", "/api/v1/licenses/"+l.Identifier+"/proof", "", nil))
	c, err := license.OpenCheckpoint([]byte(p.Checkpoint), keys.Log.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	entry, _ := base64.StdEncoding.DecodeString(p.Entry)
	path := make([][]byte, len(p.Hashes))
	for i, h := range p.Hashes {
		path[i], _ = base64.StdEncoding.DecodeString(h)
	}
	if err := license.VerifyInclusion(entry, p.LogIndex, c.Size, path, c.Root); err != nil {
		t.Fatalf("proof of %s: %v", l.Identifier, err)
	}
	s.must(http.StatusNotFound, "GET", "/api/v1/licenses/1.2.156.3005.2.X.Y.Z.001.0/proof", "", nil)
}

// A departmental system of another department queries by holder with its
// client credentials; the holder sees the use, naming the system.
func TestDepartmentalQueryByHolder(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	l, rep := s.demoLicence()
	c := s.newClient("县民政局业务系统", "civil-affairs", principal.Reviewer)
	tok := s.clientToken(c).AccessToken
	body := map[string]string{"holder_code_type": "001", "holder_code": shopCode, "type": "business-license", "purpose": "社会组织登记核验营业执照"}
	got := decodeAs[api.List[api.License]](t, s.must(http.StatusOK, "POST", "/api/v1/licenses/query", tok, body))
	if got.Total != 1 || got.Items[0].Identifier != l.Identifier || got.Items[0].HolderCode != shopCode || got.Items[0].Status != "valid" {
		t.Fatalf("query answered %+v", got)
	}
	body["purpose"] = ""
	if e := apiError(t, s.must(http.StatusUnprocessableEntity, "POST", "/api/v1/licenses/query", tok, body)); e.Error.Code == "" {
		t.Fatal("no error code")
	}
	use := decodeAs[api.LicenseUse](t, s.must(http.StatusOK, "POST", "/api/v1/licenses/"+l.Identifier+"/use", tok,
		map[string]any{"purpose": "年检核验"}))
	if !use.Verification.Valid || use.License.Number != shopCode {
		t.Errorf("use answered %+v", use)
	}
	uses, err := s.app.Licenses.Uses(rep, l.ID)
	if err != nil || len(uses) != 2 {
		t.Fatalf("holder sees %+v, %v", uses, err)
	}
	if uses[1].ActorName != "县民政局业务系统" || uses[1].Via != license.ViaQuery || uses[0].Via != license.ViaAPI ||
		uses[1].Purpose != "社会组织登记核验营业执照" || uses[0].DepartmentName == "" {
		t.Errorf("use log %+v", uses)
	}
	// A citizen may not query.
	s.must(http.StatusForbidden, "POST", "/api/v1/licenses/query", s.personToken("620825196302140118"), body)
}

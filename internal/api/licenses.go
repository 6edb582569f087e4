package api

import (
	"encoding/base64"
	"net/http"
	"strconv"

	"github.com/tongban/tongban/internal/httpserver"
	"github.com/tongban/tongban/internal/license"
	"github.com/tongban/tongban/internal/platform/principal"
)

// registerLicenses adds the electronic-license routes (电子证照): public
// verification, the log's checkpoint and inclusion proofs, the published
// keys; purpose-bound use and the query by holder for staff and
// departmental systems (GB/T 36906 practice); and the holder's own wallet,
// files and usage log. The license module authorizes each.
func (a *API) registerLicenses(rt *httpserver.Router) {
	rt.Handle("GET", "/log/checkpoint", a.licenseCheckpoint)
	rt.Handle("GET", "/api/v1/licenses/log/checkpoint", a.licenseCheckpoint)
	rt.Handle("GET", "/api/v1/licenses/keys", a.licenseKeys)
	rt.Handle("GET", "/api/v1/licenses/{identifier}/verification", a.licenseVerification)
	rt.Handle("GET", "/api/v1/licenses/{identifier}/proof", a.licenseProof)
	rt.Handle("POST", "/api/v1/licenses/{identifier}/use", a.licenseUse)
	rt.Handle("POST", "/api/v1/licenses/query", a.licenseQuery)
	rt.Handle("GET", "/api/v1/me/licenses", a.myLicenses)
	rt.Handle("GET", "/api/v1/me/licenses/{id}/file", a.myLicenseFile)
	rt.Handle("GET", "/api/v1/me/licenses/{id}/uses", a.myLicenseUses)
}

// LicenseField is one printed field.
type LicenseField struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// License is a license as its holder, or a user who stated a purpose, sees it.
type License struct {
	ID             int64          `json:"id"`
	Identifier     string         `json:"identifier"`
	Type           string         `json:"type"`
	TypeName       string         `json:"type_name"`
	Number         string         `json:"number"`
	Version        int            `json:"version"`
	HolderName     string         `json:"holder_name"`
	HolderCodeType string         `json:"holder_code_type"`
	HolderCode     string         `json:"holder_code"`
	Fields         []LicenseField `json:"fields"`
	IssuerName     string         `json:"issuer_name"`
	IssuerCode     string         `json:"issuer_code"`
	IssuedAt       string         `json:"issued_at"`
	ValidFrom      string         `json:"valid_from"`
	ValidUntil     string         `json:"valid_until,omitempty"`
	Status         string         `json:"status"`
	StatusReason   string         `json:"status_reason,omitempty"`
	StatusAt       string         `json:"status_at"`
	CaseNumber     string         `json:"case_number,omitempty"`
}

func licenseOf(l license.License, status license.Status) License {
	out := License{ID: l.ID, Identifier: l.Identifier, Type: l.TypeSlug, TypeName: l.TypeName, Number: l.Number, Version: l.Version,
		HolderName: l.HolderName, HolderCodeType: l.HolderCodeType, HolderCode: l.HolderCode, Fields: []LicenseField{},
		IssuerName: l.IssuerName, IssuerCode: l.IssuerCode, IssuedAt: timestamp(l.IssuedAt), ValidFrom: timestamp(l.ValidFrom),
		ValidUntil: timestamp(l.ValidUntil), Status: string(status), StatusReason: l.StatusReason, StatusAt: timestamp(l.StatusAt),
		CaseNumber: l.CaseNumber}
	for _, f := range l.Fields {
		out.Fields = append(out.Fields, LicenseField{Name: f.Name, Value: f.Value})
	}
	return out
}

// LicenseDisclosure is the public view of a license: no ID numbers.
type LicenseDisclosure struct {
	TypeName   string `json:"type_name"`
	HolderName string `json:"holder_name"`
	IssuerName string `json:"issuer_name"`
	Number     string `json:"number"`
	Version    int    `json:"version"`
	IssuedAt   string `json:"issued_at"`
	ValidFrom  string `json:"valid_from"`
	ValidUntil string `json:"valid_until,omitempty"`
	Status     string `json:"status"`
	StatusAt   string `json:"status_at"`
}

// LicenseChecks are the separate checks of a verification.
type LicenseChecks struct {
	Identifier    bool `json:"identifier"`
	SealSignature bool `json:"seal_signature"`
	JWSSignature  bool `json:"jws_signature"`
	SealValid     bool `json:"seal_valid"`
	InLog         bool `json:"in_log"`
}

// LicenseVerification is the answer of a verification.
type LicenseVerification struct {
	Identifier string             `json:"identifier"`
	Found      bool               `json:"found"`
	Valid      bool               `json:"valid"`
	Status     string             `json:"status,omitempty"`
	Checks     LicenseChecks      `json:"checks"`
	Problems   []string           `json:"problems"`
	CheckedAt  string             `json:"checked_at"`
	LogIndex   int64              `json:"log_index"`
	TreeSize   int64              `json:"tree_size"`
	License    *LicenseDisclosure `json:"license,omitempty"`
}

func verificationOf(v license.Verification) LicenseVerification {
	out := LicenseVerification{Identifier: v.Identifier, Found: v.Found, Valid: v.Valid, Status: string(v.Status),
		Checks: LicenseChecks{Identifier: v.IdentifierValid, SealSignature: v.SealSignature, JWSSignature: v.JWSSignature,
			SealValid: v.SealValid, InLog: v.InLog},
		Problems: nonNil(v.Problems), CheckedAt: timestamp(v.CheckedAt), LogIndex: v.LogIndex, TreeSize: v.TreeSize}
	if v.Found {
		d := v.Disclosure
		out.License = &LicenseDisclosure{TypeName: d.TypeName, HolderName: d.HolderName, IssuerName: d.IssuerName, Number: d.Number,
			Version: d.Version, IssuedAt: timestamp(d.IssuedAt), ValidFrom: timestamp(d.ValidFrom), ValidUntil: timestamp(d.ValidUntil),
			Status: string(d.Status), StatusAt: timestamp(d.StatusAt)}
	}
	return out
}

// licenseVerification verifies a license for anyone.
func (a *API) licenseVerification(w http.ResponseWriter, r *http.Request) error {
	v, err := a.Licenses.Verify(r.Context(), r.PathValue("identifier"))
	if err != nil {
		return err
	}
	return encode(w, http.StatusOK, verificationOf(v))
}

// LicenseProof is an inclusion proof of a license's issuance.
type LicenseProof struct {
	Identifier string   `json:"identifier"`
	LogIndex   uint64   `json:"log_index"`
	TreeSize   uint64   `json:"tree_size"`
	Entry      string   `json:"entry"`
	LeafHash   string   `json:"leaf_hash"`
	Hashes     []string `json:"hashes"`
	RootHash   string   `json:"root_hash"`
	Checkpoint string   `json:"checkpoint"`
}

// licenseProof answers the inclusion proof of a license's issuance.
func (a *API) licenseProof(w http.ResponseWriter, r *http.Request) error {
	p, err := a.Licenses.InclusionProof(r.Context(), r.PathValue("identifier"))
	if err != nil {
		return err
	}
	out := LicenseProof{Identifier: p.Identifier, LogIndex: p.LogIndex, TreeSize: p.TreeSize,
		Entry: base64.StdEncoding.EncodeToString(p.Entry), LeafHash: base64.StdEncoding.EncodeToString(p.LeafHash),
		Hashes: []string{}, RootHash: base64.StdEncoding.EncodeToString(p.RootHash), Checkpoint: string(p.Checkpoint)}
	for _, h := range p.Hashes {
		out.Hashes = append(out.Hashes, base64.StdEncoding.EncodeToString(h))
	}
	return encode(w, http.StatusOK, out)
}

// licenseCheckpoint answers the log's latest signed checkpoint as text.
func (a *API) licenseCheckpoint(w http.ResponseWriter, r *http.Request) error {
	cp, err := a.Licenses.Checkpoint(r.Context())
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	_, err = w.Write(cp)
	return err
}

// licenseKeys answers the platform's published keys.
func (a *API) licenseKeys(w http.ResponseWriter, r *http.Request) error {
	k, err := a.Licenses.Keys(r.Context())
	if err != nil {
		return err
	}
	return encode(w, http.StatusOK, k.Document())
}

type licenseUseInput struct {
	Purpose string `json:"purpose"`
	CaseID  int64  `json:"case_id"`
}

// LicenseUse is a license read for a purpose, with its verification.
type LicenseUse struct {
	License      License             `json:"license"`
	Verification LicenseVerification `json:"verification"`
}

// licenseUse reads a license for a stated purpose (logged for the holder).
func (a *API) licenseUse(w http.ResponseWriter, r *http.Request) error {
	if _, err := principal.RequireStaff(r.Context()); err != nil {
		return err
	}
	var in licenseUseInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	l, v, err := a.Licenses.Use(r.Context(), r.PathValue("identifier"), in.Purpose, in.CaseID)
	if err != nil {
		return err
	}
	return encode(w, http.StatusOK, LicenseUse{License: licenseOf(l, v.Status), Verification: verificationOf(v)})
}

type licenseQueryInput struct {
	HolderCodeType string `json:"holder_code_type"`
	HolderCode     string `json:"holder_code"`
	Type           string `json:"type"`
	Number         string `json:"number"`
	Purpose        string `json:"purpose"`
}

// licenseQuery is a departmental system's query by holder (POST, so that the
// holder's ID number stays out of URLs and logs).
func (a *API) licenseQuery(w http.ResponseWriter, r *http.Request) error {
	if _, err := principal.RequireStaff(r.Context()); err != nil {
		return err
	}
	var in licenseQueryInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	ls, err := a.Licenses.QueryByHolder(r.Context(), license.HolderQuery{HolderCodeType: in.HolderCodeType, HolderCode: in.HolderCode,
		TypeSlug: in.Type, Number: in.Number, Purpose: in.Purpose})
	if err != nil {
		return err
	}
	now := a.Licenses.Now()
	return encode(w, http.StatusOK, allOf(ls, func(l license.License) License { return licenseOf(l, l.EffectiveStatus(now)) }))
}

// myLicenses lists the caller's wallet.
func (a *API) myLicenses(w http.ResponseWriter, r *http.Request) error {
	ls, err := a.Licenses.Wallet(r.Context())
	if err != nil {
		return err
	}
	now := a.Licenses.Now()
	return encode(w, http.StatusOK, allOf(ls, func(l license.License) License { return licenseOf(l, l.EffectiveStatus(now)) }))
}

// myLicenseFile downloads the signed license file.
func (a *API) myLicenseFile(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	b, err := a.Licenses.File(r.Context(), id)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="license-`+strconv.FormatInt(id, 10)+`.json"`)
	h.Set("Cache-Control", "no-store")
	_, err = w.Write(b)
	return err
}

// LicenseUsage is one use of a license as its holder sees it.
type LicenseUsage struct {
	Identifier     string `json:"identifier"`
	At             string `json:"at"`
	ActorName      string `json:"actor_name"`
	DepartmentName string `json:"department_name"`
	Purpose        string `json:"purpose"`
	Via            string `json:"via"`
	CaseID         int64  `json:"case_id,omitempty"`
}

// myLicenseUses lists who used one of the caller's licenses.
func (a *API) myLicenseUses(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := a.Licenses.Mine(r.Context(), id); err != nil {
		return err
	}
	us, err := a.Licenses.Uses(r.Context(), id)
	if err != nil {
		return err
	}
	return encode(w, http.StatusOK, allOf(us, func(u license.Usage) LicenseUsage {
		return LicenseUsage{Identifier: u.Identifier, At: timestamp(u.At), ActorName: u.ActorName, DepartmentName: u.DepartmentName,
			Purpose: u.Purpose, Via: u.Via, CaseID: u.CaseID}
	}))
}

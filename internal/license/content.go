package license

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"
)

// ContentFormat names the version of the signed content's shape.
const ContentFormat = "tongban-license/1"

// Content is what both signatures cover, serialized by Canonical: every fact
// printed on the license and the facts a verifier needs to trust it.
type Content struct {
	Format     string        `json:"format"`
	Identifier string        `json:"identifier"`
	Type       ContentType   `json:"type"`
	Number     string        `json:"number"`
	Version    int           `json:"version"`
	Previous   string        `json:"previous"` // identifier of the version this one replaced, or ""
	Holder     ContentHolder `json:"holder"`
	Fields     []Field       `json:"fields"`
	Issuer     ContentIssuer `json:"issuer"`
	Seal       ContentSeal   `json:"seal"`
	CaseNumber string        `json:"case_number"`
	IssuedAt   string        `json:"issued_at"`   // RFC 3339, UTC
	ValidFrom  string        `json:"valid_from"`  // RFC 3339, UTC
	ValidUntil string        `json:"valid_until"` // RFC 3339, UTC; "" = 长期
}

// ContentType names the license type.
type ContentType struct {
	Slug string `json:"slug"`
	Name string `json:"name"`
	Code string `json:"code"`
}

// ContentHolder is the holder (持证主体).
type ContentHolder struct {
	Name     string `json:"name"`
	CodeType string `json:"code_type"`
	Code     string `json:"code"`
}

// ContentIssuer is the issuing body (颁发机构).
type ContentIssuer struct {
	Name       string `json:"name"`
	Code       string `json:"code"`
	RegionCode string `json:"region_code"`
}

// ContentSeal names the seal that signed, and its validity, so a verifier
// can check that the seal was valid when it signed.
type ContentSeal struct {
	Code       string `json:"code"`
	Name       string `json:"name"`
	ValidFrom  string `json:"valid_from"`
	ValidUntil string `json:"valid_until"`
}

// contentTime writes a time for Content.
func contentTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// contentOf is the signed content of a license sealed by s.
func contentOf(l License, s Seal, previous string) Content {
	fields := l.Fields
	if fields == nil {
		fields = []Field{}
	}
	return Content{Format: ContentFormat, Identifier: l.Identifier,
		Type:   ContentType{Slug: l.TypeSlug, Name: l.TypeName, Code: l.TypeCode},
		Number: l.Number, Version: l.Version, Previous: previous,
		Holder:     ContentHolder{Name: l.HolderName, CodeType: l.HolderCodeType, Code: l.HolderCode},
		Fields:     fields,
		Issuer:     ContentIssuer{Name: l.IssuerName, Code: l.IssuerCode, RegionCode: l.RegionCode},
		Seal:       ContentSeal{Code: s.Code, Name: s.Name, ValidFrom: sealTime(s.ValidFrom), ValidUntil: sealTime(s.ValidUntil)},
		CaseNumber: l.CaseNumber, IssuedAt: contentTime(l.IssuedAt), ValidFrom: contentTime(l.ValidFrom),
		ValidUntil: contentTime(l.ValidUntil)}
}

// ParseContent reads signed content and checks that it is in canonical
// form, so what was read is exactly what was signed.
func ParseContent(b []byte) (Content, error) {
	var c Content
	if err := json.Unmarshal(b, &c); err != nil {
		return c, fmt.Errorf("license content: %w", err)
	}
	if c.Format != ContentFormat {
		return c, fmt.Errorf("license content format %q, want %q", c.Format, ContentFormat)
	}
	again, err := Canonical(c)
	if err != nil || !bytes.Equal(again, b) {
		return c, fmt.Errorf("license content is not in canonical form")
	}
	return c, nil
}

// Times parses the content's times.
func (c Content) Times() (issued, from, until time.Time, err error) {
	parse := func(s string) (time.Time, error) {
		if s == "" {
			return time.Time{}, nil
		}
		return time.Parse(time.RFC3339, s)
	}
	if issued, err = parse(c.IssuedAt); err != nil {
		return
	}
	if from, err = parse(c.ValidFrom); err != nil {
		return
	}
	until, err = parse(c.ValidUntil)
	return
}

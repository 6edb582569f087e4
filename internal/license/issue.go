package license

import (
	"context"
	"crypto/rand"
	"math/big"
	"strings"
	"unicode/utf8"

	"github.com/tongban/tongban/internal/platform/apperr"
)

// Issue issues a license: it fills the printed fields through the type's
// mapping, gives it an identifier, signs the canonical content with the
// issuing department's seal (made on first need) and with the platform's
// JWS key, records the seal's use, stores the license and appends the
// issuance to the log — all in the caller's transaction, or its own.
//
// It authorizes nothing: the composition root calls it from a case's
// conclusion (whose caller casework has authorized) and the demo install.
func (m *Manager) Issue(ctx context.Context, r IssueRequest) (License, error) {
	t, dept, err := m.issueTarget(ctx, r)
	if err != nil {
		return License{}, err
	}
	now := m.now()
	l := License{TypeSlug: t.Slug, TypeName: t.Name, TypeCode: typeCodeOf(t), Version: 1,
		HolderName: strings.TrimSpace(r.HolderName), HolderCodeType: r.HolderCodeType,
		HolderCode: strings.ToUpper(strings.TrimSpace(r.HolderCode)), HolderPersonID: r.HolderPersonID, HolderOrgID: r.HolderOrgID,
		IssuerDeptID: dept.ID, IssuerName: dept.Name, IssuerCode: IssuerCodeOf(dept), RegionCode: dept.RegionCode,
		CaseID: r.CaseID, CaseNumber: r.CaseNumber, IssuedAt: now, ValidFrom: r.ValidFrom, ValidUntil: r.ValidUntil,
		Status: StatusValid, StatusAt: now, Number: strings.TrimSpace(r.Number)}
	if l.ValidFrom.IsZero() {
		l.ValidFrom = now
	}
	if l.ValidUntil.IsZero() {
		l.ValidUntil = validUntilFor(t.Validity, l.ValidFrom)
	}
	if l.Number == "" {
		if l.Number, err = numberFor(t, l); err != nil {
			return License{}, err
		}
	}
	err = m.tx.InTx(ctx, func(ctx context.Context) error {
		if l.Serial, err = m.freshSerial(ctx, l); err != nil {
			return err
		}
		l.Identifier = Identifier{TypeCode: l.TypeCode, IssuerCode: l.IssuerCode, Serial: l.Serial, Version: 1}.String()
		l.Fields = r.Fields
		if l.Fields == nil {
			l.Fields = fillFields(t, issueData(l, r.Data))
		}
		return m.seal(ctx, &l, "", "issue")
	})
	if err != nil {
		return License{}, err
	}
	return l, nil
}

// issueTarget validates a request and finds its type and issuing department.
func (m *Manager) issueTarget(ctx context.Context, r IssueRequest) (Type, Department, error) {
	var fe []apperr.FieldError
	if strings.TrimSpace(r.HolderName) == "" || utf8.RuneCountInString(r.HolderName) > 200 {
		fe = append(fe, apperr.FieldError{Field: "holder_name", Key: "form.required"})
	}
	if r.HolderCodeType != HolderCodeIDCard && r.HolderCodeType != HolderCodeCreditCode {
		fe = append(fe, apperr.FieldError{Field: "holder_code_type", Key: "form.choice"})
	}
	if code := strings.TrimSpace(r.HolderCode); code == "" || len(code) > 64 {
		fe = append(fe, apperr.FieldError{Field: "holder_code", Key: "form.required"})
	}
	if r.HolderPersonID == 0 && r.HolderOrgID == 0 {
		fe = append(fe, apperr.FieldError{Field: "holder", Key: "license.holder.required"})
	}
	if r.HolderOrgID != 0 && r.HolderCodeType != HolderCodeCreditCode {
		fe = append(fe, apperr.FieldError{Field: "holder_code_type", Key: "license.holder.org_code"})
	}
	if len(fe) > 0 {
		return Type{}, Department{}, apperr.Fields(fe)
	}
	t, err := m.store.GetLicenseType(ctx, r.TypeSlug)
	if apperr.KindOf(err) == apperr.NotFound {
		return Type{}, Department{}, apperr.Field("type", "license.type.unknown")
	} else if err != nil {
		return Type{}, Department{}, err
	}
	var dept Department
	switch {
	case r.DepartmentID != 0:
		dept, err = m.depts.LicenseDepartment(ctx, r.DepartmentID)
	case t.IssuingDept != "":
		dept, err = m.depts.LicenseDepartmentBySlug(ctx, t.IssuingDept)
	default:
		return Type{}, Department{}, apperr.Field("department_id", "license.issuer.unknown")
	}
	if apperr.KindOf(err) == apperr.NotFound {
		return Type{}, Department{}, apperr.Field("department_id", "license.issuer.unknown")
	}
	return t, dept, err
}

// issueData is the mapping's data: the request's, plus what issuance knows.
func issueData(l License, in map[string]string) map[string]string {
	d := make(map[string]string, len(in)+10)
	for k, v := range in {
		d[k] = v
	}
	period := dateOf(l.ValidFrom) + "至" + dateOf(l.ValidUntil)
	if l.ValidUntil.IsZero() {
		period = "长期"
	}
	for k, v := range map[string]string{
		SourceHolderName: l.HolderName, SourceHolderCode: l.HolderCode, SourceIssuerName: l.IssuerName,
		SourceIssueDate: dateOf(l.IssuedAt), SourceValidFrom: dateOf(l.ValidFrom), SourceValidUntil: dateOf(l.ValidUntil),
		SourceValidPeriod: period, SourceNumber: l.Number, SourceCaseNumber: l.CaseNumber,
	} {
		d[k] = v
	}
	if l.ValidUntil.IsZero() {
		d[SourceValidUntil] = "长期"
	}
	return d
}

// seal signs a license's content twice, stores it, records the seal's use
// and logs the issuance; previous is the identifier it replaces.
func (m *Manager) seal(ctx context.Context, l *License, previous, action string) error {
	s, err := m.EnsureSeal(ctx, l.IssuerDeptID)
	if err != nil {
		return err
	}
	keys, err := m.platformKeys(ctx)
	if err != nil {
		return err
	}
	l.SealID = s.ID
	if l.Payload, err = Canonical(contentOf(*l, s, previous)); err != nil {
		return err
	}
	if l.SM2Signature, err = m.signWithSeal(ctx, s, l.Payload); err != nil {
		return err
	}
	if l.JWS, err = signJWS(keys.jws, keys.jwk.Kid, l.Payload); err != nil {
		return err
	}
	if err := m.store.InsertLicense(ctx, l); err != nil {
		return err
	}
	if err := m.store.InsertSealUse(ctx, &SealUse{SealID: s.ID, LicenseID: l.ID, Identifier: l.Identifier,
		Action: action, ActorName: actorName(ctx), At: l.IssuedAt}); err != nil {
		return err
	}
	idx, err := m.appendLog(ctx, EntryIssue, l.ID, issueEntry{Kind: EntryIssue, Identifier: l.Identifier,
		PayloadSHA256: digest(l.Payload), Seal: s.Code, At: entryTime(l.IssuedAt)})
	if err != nil {
		return err
	}
	l.LogIndex = int64(idx)
	return m.store.SetLicenseLogIndex(ctx, l.ID, idx)
}

// freshSerial draws a 流水号 no license of the same type and issuer has:
// the year and twelve random digits.
func (m *Manager) freshSerial(ctx context.Context, l License) (string, error) {
	for range 5 {
		digits, err := randomDigits(12)
		if err != nil {
			return "", err
		}
		serial := l.IssuedAt.In(china).Format("2006") + digits
		id := Identifier{TypeCode: l.TypeCode, IssuerCode: l.IssuerCode, Serial: serial, Version: 1}.String()
		_, err = m.store.GetLicenseByIdentifier(ctx, id)
		if apperr.KindOf(err) == apperr.NotFound {
			return serial, nil
		} else if err != nil {
			return "", err
		}
	}
	return "", apperr.New(apperr.Conflict, "license.serial.exhausted")
}

// numberFor makes the printed 证照编号 when the caller gave none: a business
// licence's number is the holder's credit code; a food business licence's is
// "JY", the business-form digit and 13 more; others take the region code,
// the year and six random digits.
func numberFor(t Type, l License) (string, error) {
	switch t.Slug {
	case "business-license":
		if l.HolderCodeType == HolderCodeCreditCode {
			return l.HolderCode, nil
		}
	case "food-business-license":
		d, err := randomDigits(7)
		return "JY1" + padRegion(l.RegionCode) + d, err
	}
	d, err := randomDigits(6)
	return padRegion(l.RegionCode) + l.IssuedAt.In(china).Format("2006") + d, err
}

// padRegion is the six-digit county part of a division code.
func padRegion(code string) string {
	if len(code) >= 6 {
		return code[:6]
	}
	return code + strings.Repeat("0", 6-len(code))
}

// randomDigits draws n decimal digits from the system's random source.
func randomDigits(n int) (string, error) {
	b := make([]byte, n)
	for i := range b {
		d, err := rand.Int(rand.Reader, big.NewInt(10))
		if err != nil {
			return "", err
		}
		b[i] = byte('0' + d.Int64())
	}
	return string(b), nil
}

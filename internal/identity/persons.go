package identity

import (
	"context"
	"strings"

	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/audit"
	"github.com/tongban/tongban/internal/platform/password"
	"github.com/tongban/tongban/internal/platform/principal"
)

// Registration is what a citizen fills in to register.
type Registration struct {
	Name            string
	IDNumber        string
	Phone           string
	RegionCode      string
	Password        string
	PasswordConfirm string
}

// validate checks every field and reports all problems at once.
func (m *Manager) validateRegistration(ctx context.Context, r Registration) (IDNumber, string, error) {
	var fs []apperr.FieldError
	add := func(f *apperr.FieldError) {
		if f != nil {
			fs = append(fs, *f)
		}
	}
	add(checkName("name", strings.TrimSpace(r.Name)))
	id, err := ParseIDNumber(r.IDNumber, m.now())
	if err != nil {
		fs = append(fs, apperr.FieldErrors(err)...)
	}
	phone := NormalizePhone(r.Phone)
	add(checkPhone("phone", phone))
	if r.RegionCode == "" {
		fs = append(fs, apperr.FieldError{Field: "region_code", Key: "form.required"})
	} else if ok, err := m.regions.RegionExists(ctx, r.RegionCode); err != nil {
		return "", "", err
	} else if !ok {
		fs = append(fs, apperr.FieldError{Field: "region_code", Key: "region.unknown"})
	}
	if err := password.CheckStrength(r.Password); err != nil {
		fs = append(fs, apperr.FieldErrors(err)...)
	}
	if r.PasswordConfirm != r.Password {
		fs = append(fs, apperr.FieldError{Field: "password_confirm", Key: "identity.password.mismatch"})
	}
	return id, phone, apperr.Fields(fs)
}

// Register creates a citizen account and signs it in with a session of the given
// kind (SessionWeb or SessionAPI), returning its token. An ID or phone number that
// is already registered is refused on its field.
func (m *Manager) Register(ctx context.Context, r Registration, kind string) (Person, string, error) {
	id, phone, err := m.validateRegistration(ctx, r)
	if err != nil {
		return Person{}, "", err
	}
	hash, err := password.Hash(m.cfg.PasswordParams, r.Password)
	if err != nil {
		return Person{}, "", err
	}
	p := Person{
		Name: strings.TrimSpace(r.Name), IDNumber: id, Phone: phone, Gender: id.Gender(),
		BirthDate: id.BirthDate(), RegionCode: r.RegionCode, CreatedAt: m.now(),
	}
	var token string
	err = m.tx.InTx(ctx, func(ctx context.Context) error {
		if err := m.insertPerson(ctx, &p, hash); err != nil {
			return err
		}
		var err error
		if token, _, err = m.newSession(ctx, kind, p.ID, 0); err != nil {
			return err
		}
		return m.audit.AppendAudit(ctx, audit.New(ctx, m.now(), audit.Register, "person", itoa(p.ID), p.RegionCode, ""))
	})
	return p, token, err
}

// insertPerson enforces uniqueness of ID and phone numbers with field errors.
func (m *Manager) insertPerson(ctx context.Context, p *Person, hash string) error {
	if _, err := m.store.FindPersonByIDNumber(ctx, p.IDNumber); err == nil {
		return apperr.Field("id_number", "identity.id_number.taken")
	}
	if _, err := m.store.FindPersonByPhone(ctx, p.Phone); err == nil {
		return apperr.Field("phone", "identity.phone.taken")
	}
	if err := m.store.InsertPerson(ctx, p, hash); err != nil {
		// Two registrations racing past the checks above meet the unique index.
		if apperr.KindOf(err) == apperr.Conflict {
			return apperr.Field("id_number", "identity.id_number.taken")
		}
		return err
	}
	return nil
}

// InstallPerson creates a person during install (demo data), without a session.
func (m *Manager) InstallPerson(ctx context.Context, r Registration) (Person, error) {
	id, phone, err := m.validateRegistration(ctx, r)
	if err != nil {
		return Person{}, err
	}
	hash, err := password.Hash(m.cfg.PasswordParams, r.Password)
	if err != nil {
		return Person{}, err
	}
	p := Person{Name: strings.TrimSpace(r.Name), IDNumber: id, Phone: phone, Gender: id.Gender(),
		BirthDate: id.BirthDate(), RegionCode: r.RegionCode, CreatedAt: m.now()}
	return p, m.tx.InTx(ctx, func(ctx context.Context) error { return m.insertPerson(ctx, &p, hash) })
}

// Login signs a citizen in by ID number or mobile number and password, for a
// browser (SessionWeb) or an API client (SessionAPI). It returns the token.
func (m *Manager) Login(ctx context.Context, login, pw, kind string) (Person, string, error) {
	login = strings.ToUpper(strings.TrimSpace(login))
	if login == "" || pw == "" {
		return Person{}, "", apperr.New(apperr.Invalid, "identity.login.failed")
	}
	var p Person
	var err error
	if len(login) == 18 {
		var id IDNumber
		if id, err = ParseIDNumber(login, m.now()); err == nil {
			p, err = m.store.FindPersonByIDNumber(ctx, id)
		}
	} else {
		p, err = m.store.FindPersonByPhone(ctx, NormalizePhone(login))
	}
	found := err == nil
	var token string
	err = m.signIn(ctx, "person", p.RegionCode, p.ID, found, pw,
		func(ctx context.Context) (Credentials, error) { return m.store.PersonCredentials(ctx, p.ID) },
		func(ctx context.Context, c Credentials) error { return m.store.SetPersonCredentials(ctx, p.ID, c) },
		func(ctx context.Context) error {
			var err error
			token, _, err = m.newSession(ctx, kind, p.ID, 0)
			if err != nil {
				return err
			}
			ctx = principal.With(ctx, principal.Principal{Kind: principal.Person, ID: p.ID, Name: p.Name})
			return m.audit.AppendAudit(ctx, audit.New(ctx, m.now(), audit.Login, "person", itoa(p.ID), p.RegionCode, kind))
		})
	if err != nil {
		return Person{}, "", err
	}
	return p, token, nil
}

// Me returns the signed-in person's own record.
func (m *Manager) Me(ctx context.Context) (Person, error) {
	pr, err := principal.RequirePerson(ctx)
	if err != nil {
		return Person{}, err
	}
	return m.store.GetPerson(ctx, pr.ID)
}

// SetPreferences remembers the display mode and language of the signed-in user.
func (m *Manager) SetPreferences(ctx context.Context, mode, lang string) error {
	if !ValidMode(mode) || !ValidLang(lang) {
		return apperr.New(apperr.Invalid, "form.choice")
	}
	p := principal.From(ctx)
	switch p.Kind {
	case principal.Person:
		return m.store.SetPersonPrefs(ctx, p.ID, mode, lang)
	case principal.Staff:
		return m.store.SetStaffPrefs(ctx, p.ID, mode, lang)
	}
	return nil
}

// People lists registered persons in a region subtree the staff member covers.
func (m *Manager) People(ctx context.Context, f PeopleFilter) ([]Person, int, error) {
	p := principal.From(ctx)
	if f.RegionPrefix == "" {
		f.RegionPrefix = p.Scope.RegionCode
	}
	if _, err := principal.Authorize(ctx, principal.ViewPeople, principal.Scope{RegionCode: f.RegionPrefix}); err != nil {
		return nil, 0, err
	}
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	return m.store.ListPeople(ctx, f)
}

// Person returns one registered person to a staff member who covers their region.
// Screens show it masked; the full values need Reveal.
func (m *Manager) Person(ctx context.Context, id int64) (Person, error) {
	if _, err := principal.RequireStaff(ctx); err != nil {
		return Person{}, err
	}
	p, err := m.store.GetPerson(ctx, id)
	if err != nil {
		return Person{}, err
	}
	if _, err := principal.Authorize(ctx, principal.ViewPeople, p.Scope()); err != nil {
		return Person{}, err
	}
	return p, nil
}

// Revealable personal fields.
const (
	FieldIDNumber = "id_number"
	FieldPhone    = "phone"
)

// Reveal returns one unmasked personal value to an authorized staff member and
// records the view in the audit trail, in the same transaction.
func (m *Manager) Reveal(ctx context.Context, personID int64, field string) (string, error) {
	if field != FieldIDNumber && field != FieldPhone {
		return "", apperr.New(apperr.Invalid, "form.choice")
	}
	var value string
	err := m.tx.InTx(ctx, func(ctx context.Context) error {
		p, err := m.store.GetPerson(ctx, personID)
		if err != nil {
			return err
		}
		if _, err := principal.Authorize(ctx, principal.RevealPersonal, p.Scope()); err != nil {
			return err
		}
		value = p.Phone
		if field == FieldIDNumber {
			value = string(p.IDNumber)
		}
		return m.audit.AppendAudit(ctx, audit.New(ctx, m.now(), audit.RevealPersonal, "person", itoa(p.ID), p.RegionCode, field))
	})
	return value, err
}

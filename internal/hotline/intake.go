package hotline

import (
	"context"
	"slices"
	"strings"

	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/principal"
)

// Intake is a request as it is received.
type Intake struct {
	Channel     Channel // online: Web or Mobile; set by the use case otherwise
	Category    Category
	ClassCode   string
	Title       string
	Content     string
	CallerName  string
	CallerPhone string
	// RegionCode is where the matter is: a township of the home region, or
	// the home region itself.
	RegionCode string
	Village    string
	Address    string
	Lat, Lng   float64
	HasCoords  bool
	// Files are the citizen's own uploads (online only).
	Files []int64
	// Answer closes a consultation at intake with the operator's answer,
	// usually from the knowledge base article ArticleID.
	Answer    string
	ArticleID int64
}

// Text limits of a ticket; 4000 is Open311's limit for a description.
const (
	maxContent = 4000
	maxName    = 50
	maxVillage = 50
	maxAddress = 200
	maxFiles   = 5
)

func (in *Intake) normalize() {
	in.ClassCode, in.Title, in.Content = strings.TrimSpace(in.ClassCode), strings.TrimSpace(in.Title), strings.TrimSpace(in.Content)
	in.CallerName, in.RegionCode = strings.TrimSpace(in.CallerName), strings.TrimSpace(in.RegionCode)
	in.Village, in.Address, in.Answer = strings.TrimSpace(in.Village), strings.TrimSpace(in.Address), strings.TrimSpace(in.Answer)
	in.CallerPhone = normalizePhone(in.CallerPhone)
}

// normalizePhone drops the spaces and dashes people type in numbers.
func normalizePhone(s string) string {
	return strings.NewReplacer(" ", "", "-", "", "\u00a0", "").Replace(strings.TrimSpace(s))
}

// validPhone accepts a mainland mobile or a landline with its area code:
// 7 to 15 digits, an optional leading +.
func validPhone(s string) bool {
	digits := strings.TrimPrefix(s, "+")
	return len(digits) >= 7 && len(digits) <= 15 && strings.Trim(digits, "0123456789") == ""
}

// runes counts characters, not bytes, for Chinese text limits.
func runes(s string) int { return len([]rune(s)) }

// validate checks an intake against the classes of the home region; the
// place is checked by the caller, which knows the divisions.
func (in Intake) validate(classes []Class, phoneRequired, nameRequired bool) []apperr.FieldError {
	var fs []apperr.FieldError
	add := func(field, key string, args ...any) {
		fs = append(fs, apperr.FieldError{Field: field, Key: key, Args: args})
	}
	if !in.Category.Valid() {
		add("category", "form.choice")
	}
	if c, ok := classByCode(classes, in.ClassCode); !ok || !c.Active {
		add("class_code", "form.choice")
	}
	if in.Title == "" || runes(in.Title) > maxTitle {
		add("title", "hotline.text.length", maxTitle)
	}
	if in.Content == "" || runes(in.Content) > maxContent {
		add("content", "hotline.text.length", maxContent)
	}
	switch {
	case in.CallerName == "" && nameRequired:
		add("caller_name", "form.required")
	case runes(in.CallerName) > maxName:
		add("caller_name", "hotline.text.too_long", maxName)
	}
	switch {
	case in.CallerPhone == "" && phoneRequired:
		add("caller_phone", "form.required")
	case in.CallerPhone != "" && !validPhone(in.CallerPhone):
		add("caller_phone", "hotline.phone")
	}
	if runes(in.Village) > maxVillage {
		add("village", "hotline.text.too_long", maxVillage)
	}
	if runes(in.Address) > maxAddress {
		add("address", "hotline.text.too_long", maxAddress)
	}
	if in.HasCoords && (in.Lat < -90 || in.Lat > 90 || in.Lng < -180 || in.Lng > 180) {
		add("lat", "hotline.coords")
	}
	switch {
	case in.Answer != "" && in.Category != Consult:
		add("answer", "hotline.answer.consult_only")
	case runes(in.Answer) > maxContent:
		add("answer", "hotline.text.too_long", maxContent)
	}
	if len(in.Files) > maxFiles {
		add("files", "hotline.files.too_many", maxFiles)
	}
	return fs
}

// checkPlace reports a problem when code is neither the home region nor a
// division inside it.
func (m *Manager) checkPlace(ctx context.Context, code string) (*apperr.FieldError, error) {
	if code == "" || !strings.HasPrefix(code, m.home) {
		return &apperr.FieldError{Field: "region_code", Key: "form.choice"}, nil
	}
	if _, err := m.places.PlaceName(ctx, code); apperr.KindOf(err) == apperr.NotFound {
		return &apperr.FieldError{Field: "region_code", Key: "form.choice"}, nil
	} else if err != nil {
		return nil, err
	}
	return nil, nil
}

// RecordCall records a phone call as a ticket (受理), for an operator. A
// consultation the operator answered on the phone is concluded at once
// (Intake.Answer), and goes on to the callback like any other.
func (m *Manager) RecordCall(ctx context.Context, in Intake) (Ticket, error) {
	in.Channel = Phone
	in.Files = nil
	p, err := principal.AuthorizeOwn(ctx, principal.OperateHotline)
	if err != nil {
		return Ticket{}, err
	}
	// The operator must serve the place; a place outside the hotline's
	// region is reported on the form instead.
	if place := strings.TrimSpace(in.RegionCode); strings.HasPrefix(place, m.home) {
		if _, err := principal.Authorize(ctx, principal.OperateHotline, principal.Scope{RegionCode: place}); err != nil {
			return Ticket{}, err
		}
	}
	return m.receive(ctx, in, origin{staffID: p.ID, phoneRequired: true, nameRequired: true})
}

// FileOnline files a ticket for the signed-in citizen from the portal.
func (m *Manager) FileOnline(ctx context.Context, in Intake) (Ticket, error) {
	p, err := principal.RequirePerson(ctx)
	if err != nil {
		return Ticket{}, err
	}
	if in.Channel != Mobile {
		in.Channel = Web
	}
	in.Answer, in.ArticleID = "", 0
	return m.receive(ctx, in, origin{personID: p.ID, phoneRequired: true, nameRequired: true})
}

// origin is who filed a ticket, and what they must give.
type origin struct {
	staffID, personID, keyID    int64
	phoneRequired, nameRequired bool
}

// receive validates and stores a new ticket with its first events.
func (m *Manager) receive(ctx context.Context, in Intake, o origin) (Ticket, error) {
	in.normalize()
	classes, err := m.store.ListClasses(ctx, m.home)
	if err != nil {
		return Ticket{}, err
	}
	fs := in.validate(classes, o.phoneRequired, o.nameRequired)
	fe, err := m.checkPlace(ctx, in.RegionCode)
	if err != nil {
		return Ticket{}, err
	}
	if fe != nil {
		fs = append(fs, *fe)
	}
	var files []File
	for _, id := range in.Files {
		name, err := m.uploads.OwnUpload(ctx, id)
		if apperr.KindOf(err) == apperr.NotFound {
			fs = append(fs, apperr.FieldError{Field: "files", Key: "hotline.files.not_yours"})
			break
		} else if err != nil {
			return Ticket{}, err
		}
		files = append(files, File{UploadID: id, Name: name})
	}
	if len(fs) > 0 {
		slices.SortStableFunc(fs, func(a, b apperr.FieldError) int { return strings.Compare(a.Field, b.Field) })
		return Ticket{}, apperr.Fields(fs)
	}
	limits, err := m.store.ListLimits(ctx)
	if err != nil {
		return Ticket{}, err
	}
	lim := limitFor(limits, in.Category, in.RegionCode)
	now, today := m.now(), m.Today()
	class, _ := classByCode(classes, in.ClassCode)
	t := Ticket{Channel: in.Channel, Category: in.Category, ClassCode: class.Code, ClassName: PathName(classes, class.Code),
		Title: in.Title, Content: in.Content, CallerName: in.CallerName, CallerPhone: in.CallerPhone, PersonID: o.personID, APIKeyID: o.keyID,
		RegionCode: in.RegionCode, Village: in.Village, Address: in.Address, Lat: in.Lat, Lng: in.Lng, HasCoords: in.HasCoords,
		State: Received, Round: 1, ReceivedOn: today, SignDays: lim.SignDays, HandleDays: lim.HandleDays,
		HandleDue: m.clock.HandleDue(today, lim.HandleDays), CreatedBy: o.staffID, CreatedAt: now, UpdatedAt: now, Version: 1}
	err = m.tx.InTx(ctx, func(ctx context.Context) error {
		if err := m.insert(ctx, &t, files); err != nil {
			return err
		}
		if in.Answer != "" {
			return m.answer(ctx, &t, in.Answer, in.ArticleID)
		}
		return nil
	})
	return t, err
}

// insert stores a ticket, gives it its number and records the intake.
func (m *Manager) insert(ctx context.Context, t *Ticket, files []File) error {
	if err := m.store.InsertTicket(ctx, t); err != nil {
		return err
	}
	t.Number = number(*t)
	if err := m.store.SetTicketNumber(ctx, t.ID, t.Number); err != nil {
		return err
	}
	for _, f := range files {
		if err := m.store.AddTicketFile(ctx, t.ID, f); err != nil {
			return err
		}
	}
	return m.step(ctx, *t, EventIntake, "", string(t.Channel))
}

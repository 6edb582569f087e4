package guide

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/tongban/tongban/internal/catalog"
	"github.com/tongban/tongban/internal/platform/i18n"
)

// Guide is everything a public guide shows, in display form. Build makes it
// from a published version; the page, the JSON and the PDF render this value
// and nothing else, so they cannot disagree.
type Guide struct {
	Slug           string            `json:"slug"`
	Name           string            `json:"name"`
	MainItem       string            `json:"main_item"`     // 实施清单 item of a variant, empty when not split
	BusinessItem   string            `json:"business_item"` // 业务办理项, empty when not split
	ItemType       string            `json:"item_type"`     // code, e.g. 01
	ItemTypeLabel  string            `json:"item_type_label"`
	Department     Department        `json:"department"`
	ServiceObjects []string          `json:"service_objects"` // labels: 自然人, 企业法人…
	UseLevel       string            `json:"use_level"`
	LegalBasis     []string          `json:"legal_basis"`
	Conditions     string            `json:"accept_conditions"`
	Materials      []Material        `json:"materials"`
	Process        []Step            `json:"process"`
	StatutoryLimit Limit             `json:"statutory_limit"`
	PromisedLimit  Limit             `json:"promised_limit"`
	DeadlineNote   string            `json:"deadline_note"`
	ProjectType    string            `json:"project_type"` // 即办件 or 承诺件
	Fees           Fees              `json:"fees"`
	Address        string            `json:"address"`
	Hours          string            `json:"hours"`
	ConsultPhone   string            `json:"consult_phone"`
	ComplaintPhone string            `json:"complaint_phone"`
	Online         Online            `json:"online"`
	Visits         int               `json:"visits"`
	VisitsText     string            `json:"visits_text"`
	VisitsReason   string            `json:"visits_reason"`
	Express        bool              `json:"express"`
	ExpressText    string            `json:"express_text"`
	Result         Result            `json:"result"`
	FAQ            []QA              `json:"faq"`
	Special        []Special         `json:"special_procedures"`
	Topics         []string          `json:"topics"`
	Version        int               `json:"version"`
	CurrentVersion int               `json:"current_version"`
	PublishedAt    time.Time         `json:"published_at"`
	PublishDate    string            `json:"publish_date"` // 2006-01-02 in China time
	State          string            `json:"state"`        // active or suspended
	Suspension     *Suspension       `json:"suspension"`   // set while the item is suspended
	FormsNote      string            `json:"forms_note"`   // where blank and sample forms are obtained
	CanApplyOnline bool              `json:"can_apply_online"`
	Links          map[string]string `json:"links"`
}

// Department is the implementing body.
type Department struct {
	ID        int64  `json:"id"`
	Name      string `json:"name"`
	ShortName string `json:"short_name"`
}

// DepartmentInfo is what Build needs to know about the implementing department.
type DepartmentInfo = Department

// Material is one application material as the guide lists it.
type Material struct {
	No               int    `json:"no"` // 1-based position, as the guide numbers it
	Name             string `json:"name"`
	Requirement      string `json:"requirement"`       // required, optional or conditional
	RequirementLabel string `json:"requirement_label"` // 必需, 非必需, 视情形提供
	Condition        string `json:"condition"`
	Form             string `json:"form"` // 原件, 复印件, 电子
	Copies           int    `json:"copies"`
	Source           string `json:"source"`
	BlankForm        bool   `json:"blank_form"`
	SampleForm       bool   `json:"sample_form"`
	FormsText        string `json:"forms_text"`   // which of the blank and sample forms exist, or 无
	LicenseType      string `json:"license_type"` // slug of the license type that replaces it
	LicenseName      string `json:"license_name"`
	LicenseNote      string `json:"license_note"` // 可用电子证照免提交 (…)
}

// Step is one step of the process.
type Step struct {
	No       int    `json:"no"`
	Name     string `json:"name"`
	Days     int    `json:"days"`
	DaysText string `json:"days_text"`
}

// Limit is a time limit with its unit and its display text.
type Limit struct {
	Days int    `json:"days"`
	Unit string `json:"unit"` // 工作日, 日 (calendar days) or 月; empty when none
	Text string `json:"text"` // 20 个工作日, 即办, 无法定时限…
}

// Fees are what the item charges.
type Fees struct {
	Charged   bool      `json:"charged"`
	Text      string    `json:"text"` // 不收费 or 收费
	PayOnline bool      `json:"pay_online"`
	Items     []FeeItem `json:"items"`
	Note      string    `json:"note"`
}

// FeeItem is one charge.
type FeeItem struct {
	Name     string `json:"name"`
	Standard string `json:"standard"`
	Basis    string `json:"basis"`
}

// Online is how far the item can be done online.
type Online struct {
	Depth      []string `json:"depth"`       // labels of the depth codes
	Level      int      `json:"level"`       // 0–4
	LevelLabel string   `json:"level_label"` // Ⅰ级 … Ⅳ级（全程网办）
}

// Result is what the applicant receives.
type Result struct {
	Name        string `json:"name"`
	Type        string `json:"type"`
	LicenseName string `json:"license_name"` // the electronic license issued, if any
}

// QA is one frequently asked question.
type QA struct {
	Question string `json:"question"`
	Answer   string `json:"answer"`
}

// Special is a special procedure whose time is not counted in the limit.
type Special struct {
	Name        string `json:"name"`
	Limit       string `json:"limit"`
	Description string `json:"description"`
}

// Suspension is the notice shown while an item is suspended (暂停办理).
type Suspension struct {
	Reason string `json:"reason"`
	From   string `json:"from"`  // 2006-01-02
	Until  string `json:"until"` // empty when open-ended
	Text   string `json:"text"`
}

// china is UTC+8, the time zone guides are dated in (China has no DST).
var china = time.FixedZone("CST", 8*3600)

// day formats an instant as a date in China.
func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(china).Format(time.DateOnly)
}

// messages is the catalogue the guide's fixed wording comes from; guides are
// official Chinese documents, so Build and PDF use its Chinese texts.
var messages = sync.OnceValues(i18n.Load)

// zh translates a message key into Chinese.
func zh(key string, args ...any) string {
	cat, err := messages()
	if err != nil {
		return key // the catalogue is embedded and tested; this cannot happen at run time
	}
	return cat.T(i18n.Chinese, key, args...)
}

// Build makes the guide of a published item. codes labels the coded elements;
// dept is the implementing department; licenseNames maps license type slugs to
// names, for the materials an electronic license can replace.
func Build(p catalog.Published, codes catalog.CodeTables, dept DepartmentInfo, licenseNames map[string]string) Guide {
	e := p.Version.Elements
	g := Guide{
		Slug: p.Slug, Name: e.Name, MainItem: e.MainItem, BusinessItem: e.BusinessItem,
		ItemType: e.ItemType, ItemTypeLabel: codes.Label(catalog.TableItemType, e.ItemType),
		Department: dept, UseLevel: codes.IntLabel(catalog.TableUseLevel, e.UseLevel),
		LegalBasis: nonNil(e.LegalBasis), Conditions: e.AcceptConditions,
		StatutoryLimit: statutory(e, codes), PromisedLimit: promised(e.PromisedDays), DeadlineNote: e.DeadlineNote,
		ProjectType: codes.IntLabel(catalog.TableProjectType, e.ProjectType),
		Fees:        fees(e.Fee), Address: e.Address, Hours: e.Hours,
		ConsultPhone: e.ConsultPhone, ComplaintPhone: e.ComplaintPhone,
		Online: online(e, codes),
		Visits: e.VisitsRequired, VisitsText: zh("guide.visits.n", e.VisitsRequired), VisitsReason: e.VisitsReason,
		Express: e.ExpressSupported, ExpressText: yesNo(e.ExpressSupported, "guide.express.yes", "guide.express.no"),
		Result: Result{Name: e.Result.Name, Type: e.Result.Type, LicenseName: licenseNames[e.Result.LicenseTypeID]},
		Topics: nonNil(e.Topics), Version: p.Version.Version, CurrentVersion: p.PublishedVersion,
		PublishedAt: p.Version.PublishedAt.UTC(), PublishDate: day(p.Version.PublishedAt), State: p.State,
		FormsNote:      zh("guide.forms.note"),
		CanApplyOnline: hasDepth(e, 4) && p.State == catalog.StateActive,
		Links: map[string]string{
			"html": "/guides/" + p.Slug, "pdf": "/guides/" + p.Slug + "/pdf", "json": "/api/v1/items/" + p.Slug,
		},
	}
	if g.ConsultPhone == "" {
		g.ConsultPhone = zh("guide.consult.hotline")
	}
	if g.CanApplyOnline {
		g.Links["apply"] = "/apply/" + p.Slug
	}
	for _, o := range e.ServiceObjects {
		g.ServiceObjects = append(g.ServiceObjects, codes.IntLabel(catalog.TableServiceObject, o))
	}
	g.ServiceObjects = nonNil(g.ServiceObjects)
	for i, m := range e.Materials {
		g.Materials = append(g.Materials, material(i+1, m, licenseNames))
	}
	g.Materials = nonNil(g.Materials)
	for i, s := range e.Process {
		g.Process = append(g.Process, Step{No: i + 1, Name: s.Step, Days: s.Days, DaysText: stepDays(s.Days)})
	}
	g.Process = nonNil(g.Process)
	for _, q := range e.FAQ {
		g.FAQ = append(g.FAQ, QA{Question: q.Q, Answer: q.A})
	}
	g.FAQ = nonNil(g.FAQ)
	for _, s := range e.SpecialProcedures {
		g.Special = append(g.Special, Special{Name: s.Name, Limit: limitText(s.Days, s.Unit, codes), Description: s.Description})
	}
	g.Special = nonNil(g.Special)
	if p.State == catalog.StateSuspended {
		g.Suspension = suspension(p.Item)
	}
	return g
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func yesNo(b bool, yes, no string) string {
	if b {
		return zh(yes)
	}
	return zh(no)
}

func hasDepth(e catalog.Elements, code int) bool {
	for _, c := range e.OnlineDepth {
		if c == code {
			return true
		}
	}
	return false
}

// limitText is a number of days in a unit as a guide writes it.
func limitText(days int, unit string, codes catalog.CodeTables) string {
	switch unit {
	case "工作日":
		return zh("guide.limit.workdays", days)
	case "日":
		return zh("guide.limit.days", days)
	case "月":
		return zh("guide.limit.months", days)
	case "":
		if days == 0 {
			return ""
		}
		return zh("guide.limit.workdays", days)
	}
	return strconv.Itoa(days) + " " + codes.Label(catalog.TableStatutoryUnit, unit)
}

func statutory(e catalog.Elements, codes catalog.CodeTables) Limit {
	if e.StatutoryUnit == "" && e.StatutoryDays == 0 {
		return Limit{Text: zh("guide.limit.none")}
	}
	return Limit{Days: e.StatutoryDays, Unit: e.StatutoryUnit, Text: limitText(e.StatutoryDays, e.StatutoryUnit, codes)}
}

func promised(days int) Limit {
	if days == 0 {
		return Limit{Unit: "工作日", Text: zh("guide.limit.immediate")}
	}
	return Limit{Days: days, Unit: "工作日", Text: zh("guide.limit.workdays", days)}
}

func stepDays(days int) string {
	if days == 0 {
		return zh("guide.limit.same_day")
	}
	return zh("guide.limit.workdays", days)
}

func fees(f catalog.Fee) Fees {
	out := Fees{Charged: f.Charged, Text: yesNo(f.Charged, "guide.fee.charged", "guide.fee.free"), PayOnline: f.PayOnline, Note: f.Note}
	for _, it := range f.Items {
		out.Items = append(out.Items, FeeItem{Name: it.Name, Standard: it.Standard, Basis: it.Basis})
	}
	out.Items = nonNil(out.Items)
	return out
}

// levelLabels are the Ⅰ–Ⅳ levels of online depth, by catalog.Depth* value.
var levelLabels = []string{"guide.level.none", "guide.level.1", "guide.level.2", "guide.level.3", "guide.level.4"}

func online(e catalog.Elements, codes catalog.CodeTables) Online {
	o := Online{Level: e.DepthLevel(), Depth: []string{}}
	for _, c := range e.OnlineDepth {
		o.Depth = append(o.Depth, codes.IntLabel(catalog.TableOnlineDepth, c))
	}
	if o.Level >= 0 && o.Level < len(levelLabels) {
		o.LevelLabel = zh(levelLabels[o.Level])
	}
	return o
}

func material(no int, m catalog.Material, licenseNames map[string]string) Material {
	out := Material{No: no, Name: m.Name, Requirement: m.Required, Condition: m.Condition, Form: m.Form, Copies: m.Copies,
		Source: m.Source, BlankForm: m.BlankForm, SampleForm: m.SampleForm, LicenseType: m.LicenseTypeID}
	switch m.Required {
	case catalog.MaterialOptional:
		out.RequirementLabel = zh("guide.material.optional")
	case catalog.MaterialConditional:
		out.RequirementLabel = zh("guide.material.conditional")
	default:
		out.RequirementLabel = zh("guide.material.required")
	}
	var forms []string
	if m.BlankForm {
		forms = append(forms, zh("guide.forms.blank"))
	}
	if m.SampleForm {
		forms = append(forms, zh("guide.forms.sample"))
	}
	out.FormsText = zh("guide.forms.none")
	if len(forms) > 0 {
		out.FormsText = strings.Join(forms, "、")
	}
	if m.LicenseTypeID != "" {
		out.LicenseName = licenseNames[m.LicenseTypeID]
		if out.LicenseName == "" {
			out.LicenseName = m.Name
		}
		out.LicenseNote = zh("guide.material.license", out.LicenseName)
	}
	return out
}

func suspension(it catalog.Item) *Suspension {
	s := &Suspension{Reason: it.StateReason, From: day(it.StateFrom), Until: day(it.StateUntil)}
	if s.Until != "" {
		s.Text = zh("guide.suspended.until", s.From, s.Until, s.Reason)
	} else {
		s.Text = zh("guide.suspended.open", s.From, s.Reason)
	}
	return s
}

// Summary is an item as catalog listings show it.
type Summary struct {
	Slug           string            `json:"slug"`
	Name           string            `json:"name"`
	ItemType       string            `json:"item_type"`
	ItemTypeLabel  string            `json:"item_type_label"`
	Department     Department        `json:"department"`
	ServiceObjects []string          `json:"service_objects"`
	Topics         []string          `json:"topics"`
	PromisedLimit  Limit             `json:"promised_limit"`
	OnlineLevel    int               `json:"online_level"`
	OnlineLabel    string            `json:"online_level_label"`
	CanApplyOnline bool              `json:"can_apply_online"`
	Visits         int               `json:"visits"`
	State          string            `json:"state"`
	Version        int               `json:"version"`
	Links          map[string]string `json:"links"`
}

// Summarize makes the listing entry of a published item.
func Summarize(p catalog.Published, codes catalog.CodeTables, dept DepartmentInfo) Summary {
	e := p.Version.Elements
	o := online(e, codes)
	s := Summary{Slug: p.Slug, Name: e.Name, ItemType: e.ItemType, ItemTypeLabel: codes.Label(catalog.TableItemType, e.ItemType),
		Department: dept, Topics: nonNil(e.Topics), PromisedLimit: promised(e.PromisedDays), OnlineLevel: o.Level,
		OnlineLabel: o.LevelLabel, CanApplyOnline: hasDepth(e, 4) && p.State == catalog.StateActive, Visits: e.VisitsRequired,
		State: p.State, Version: p.PublishedVersion, ServiceObjects: []string{},
		Links: map[string]string{"html": "/guides/" + p.Slug, "json": "/api/v1/items/" + p.Slug}}
	for _, o := range e.ServiceObjects {
		s.ServiceObjects = append(s.ServiceObjects, codes.IntLabel(catalog.TableServiceObject, o))
	}
	return s
}

// VersionRef is one published version in a guide's history.
type VersionRef struct {
	Version     int               `json:"version"`
	Name        string            `json:"name"`
	PublishedAt time.Time         `json:"published_at"`
	PublishDate string            `json:"publish_date"`
	Current     bool              `json:"current"`
	Links       map[string]string `json:"links"`
}

func versionRef(slug string, current int, v catalog.Version) VersionRef {
	return VersionRef{Version: v.Version, Name: v.Elements.Name, PublishedAt: v.PublishedAt.UTC(), PublishDate: day(v.PublishedAt),
		Current: v.Version == current, Links: map[string]string{
			"html": fmt.Sprintf("/guides/%s/versions/%d", slug, v.Version),
			"json": fmt.Sprintf("/api/v1/items/%s/versions/%d", slug, v.Version)}}
}

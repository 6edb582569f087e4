package demo

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/tongban/tongban/internal/bundle"
	"github.com/tongban/tongban/internal/catalog"
	"github.com/tongban/tongban/internal/license"
	"github.com/tongban/tongban/internal/region"
)

// Catalog is what the demo catalog install needs.
type Catalog struct {
	Regions  *region.Manager
	Items    *catalog.Manager
	Licenses *license.Manager
	Bundles  *bundle.Manager
}

type itemRecord struct {
	ID               string          `json:"id"`
	Name             string          `json:"name"`
	MainItem         *string         `json:"main_item"`
	BusinessItem     *string         `json:"business_item"`
	ItemType         string          `json:"item_type"`
	CatalogCode      *string         `json:"catalog_code"`
	DepartmentID     string          `json:"department_id"`
	UseLevel         int             `json:"use_level"`
	ServiceObjects   []int           `json:"service_objects"`
	LegalBasis       []string        `json:"legal_basis"`
	AcceptConditions string          `json:"accept_conditions"`
	StatutoryDays    *int            `json:"statutory_days"`
	StatutoryUnit    *string         `json:"statutory_unit"`
	PromisedDays     int             `json:"promised_days"`
	DeadlineNote     *string         `json:"deadline_note"`
	ProjectType      int             `json:"project_type"`
	VisitsRequired   int             `json:"visits_required"`
	OnlineDepth      []int           `json:"online_depth"`
	InHall           bool            `json:"in_hall"`
	HallWindow       *string         `json:"hall_window"`
	ExpressSupported bool            `json:"express_supported"`
	Fee              feeRecord       `json:"fee"`
	Materials        []materialRec   `json:"materials"`
	Process          []catalog.Step  `json:"process"`
	Result           resultRecord    `json:"result"`
	FAQ              []catalog.QA    `json:"faq"`
	Keywords         []string        `json:"keywords"`
	Topics           []string        `json:"topics"`
	HighFrequency    bool            `json:"high_frequency"`
	Extra            json.RawMessage `json:"-"`
}

type feeRecord struct {
	Charged bool              `json:"charged"`
	Items   []catalog.FeeItem `json:"items"`
	Note    *string           `json:"note"`
}

type materialRec struct {
	Name          string  `json:"name"`
	Required      any     `json:"required"` // true, false or "conditional"
	Condition     *string `json:"condition"`
	Form          string  `json:"form"`
	Copies        int     `json:"copies"`
	Source        string  `json:"source"`
	LicenseTypeID *string `json:"license_type_id"`
	BlankForm     bool    `json:"blank_form"`
	SampleForm    bool    `json:"sample_form"`
}

type resultRecord struct {
	Name          string  `json:"name"`
	Type          string  `json:"type"`
	LicenseTypeID *string `json:"license_type_id"`
}

type licenseRecord struct {
	ID            string   `json:"id"`
	Name          string   `json:"name"`
	HolderType    string   `json:"holder_type"`
	IssuingDeptID *string  `json:"issuing_department_id"`
	IssuingLevel  int      `json:"issuing_level"`
	Validity      string   `json:"validity"`
	KeyFields     []string `json:"key_fields"`
	Note          *string  `json:"note"`
}

type bundleRecord struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// lifeEvents maps catalog topics to the portal's life events (ui.md: 生孩子,
// 开店, 买房, 退休, 身后事…), so the home page tiles lead to real items.
var lifeEvents = map[string]string{
	"生育收养": "生孩子", "开办企业": "开店", "不动产": "买房", "退休养老": "退休", "死亡殡葬": "身后事",
	"就业创业": "找工作", "婚姻登记": "结婚", "教育科研": "上学",
}

// submissionFees are the charges the reference catalog states as one fixed
// amount per card (发改价格〔2003〕2322号: 每证20元 first issue, 40元
// replacement, 10元 temporary card), paid when applying. Standards that
// depend on the case (住宅类 or not, 到期 or 损坏) are fixed at decision.
var submissionFees = map[string]int64{"id-card-apply": 2000, "id-card-reissue": 4000, "temp-id-card": 1000}

// hallHours is the county hall's opening time, as its guides state it.
const hallHours = "工作日 8:30–12:00，14:30–18:00（法定节假日除外）"

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// elements converts a reference-catalog record into catalog elements.
func (r itemRecord) elements(windowNumbers map[string]int) catalog.Elements {
	e := catalog.Elements{
		Name: r.Name, MainItem: str(r.MainItem), BusinessItem: str(r.BusinessItem), ItemType: r.ItemType,
		CatalogCode: str(r.CatalogCode), UseLevel: r.UseLevel, ServiceObjects: r.ServiceObjects, LegalBasis: r.LegalBasis,
		AcceptConditions: r.AcceptConditions, StatutoryUnit: str(r.StatutoryUnit), PromisedDays: r.PromisedDays,
		DeadlineNote: str(r.DeadlineNote), ProjectType: r.ProjectType, VisitsRequired: r.VisitsRequired, OnlineDepth: r.OnlineDepth,
		InHall: r.InHall, HallWindow: str(r.HallWindow), ExpressSupported: r.ExpressSupported,
		Fee: catalog.Fee{Charged: r.Fee.Charged, Items: r.Fee.Items, Note: str(r.Fee.Note),
			AtSubmissionFen: submissionFees[r.ID]},
		Process: r.Process, FAQ: r.FAQ, Keywords: r.Keywords, Topics: r.Topics, HighFrequency: r.HighFrequency,
		Result: catalog.Result{Name: r.Result.Name, Type: r.Result.Type, LicenseTypeID: str(r.Result.LicenseTypeID)},
		Hours:  hallHours,
		// The national hotline takes complaints about any item; departments'
		// consultation phones are not confirmed, so they stay empty (and the
		// quality check says so).
		ComplaintPhone: "12345",
	}
	if r.StatutoryDays != nil {
		e.StatutoryDays = *r.StatutoryDays
	}
	if e.VisitsRequired > 0 {
		e.VisitsReason = "需现场核验原件或领取结果"
	}
	if e.InHall && e.HallWindow != "" {
		e.Address = fmt.Sprintf("庄浪县政务服务中心 %d 号窗口（%s）", windowNumbers[e.HallWindow], e.HallWindow)
	} else {
		e.Address = "庄浪县政务服务中心（请先电话预约，由部门工作人员接待）"
	}
	for _, m := range r.Materials {
		req := catalog.MaterialRequired
		switch v := m.Required.(type) {
		case bool:
			if !v {
				req = catalog.MaterialOptional
			}
		case string:
			req = catalog.MaterialConditional
		}
		e.Materials = append(e.Materials, catalog.Material{Name: m.Name, Required: req, Condition: str(m.Condition), Form: m.Form,
			Copies: m.Copies, Source: m.Source, LicenseTypeID: str(m.LicenseTypeID), BlankForm: m.BlankForm, SampleForm: m.SampleForm})
	}
	for _, t := range r.Topics {
		if ev, ok := lifeEvents[t]; ok {
			e.LifeEvents = append(e.LifeEvents, ev)
		}
	}
	return e
}

// unclaimedEntries are basic entries issued by the province that 庄浪县's
// departments have not claimed yet, so the claim workflow can be tried.
var unclaimedEntries = []struct{ name, itemType, line string }{
	{"食品小作坊登记", "01", "market-regulation"},
	{"特种设备使用登记", "01", "market-regulation"},
	{"广告发布登记", "01", "market-regulation"},
	{"护士执业注册", "01", "health"},
	{"公共场所卫生许可", "01", "health"},
}

// InstallCatalog publishes the demo catalog: license types, the province's
// basic entries, the 171 items claimed and published by the county departments,
// and the 15 bundles.
func InstallCatalog(ctx context.Context, c Catalog) (int, error) {
	lics, err := load[licenseRecord]("licenses.json")
	if err != nil {
		return 0, err
	}
	for _, l := range lics {
		if err := c.Licenses.InstallType(ctx, license.Type{Slug: l.ID, Name: l.Name, HolderType: l.HolderType, IssuingDept: str(l.IssuingDeptID),
			IssuingLevel: l.IssuingLevel, Validity: l.Validity, KeyFields: l.KeyFields, Note: str(l.Note)}); err != nil {
			return 0, fmt.Errorf("demo license type %s: %w", l.ID, err)
		}
	}
	windowNumbers := map[string]int{}
	for i, w := range hallWindows {
		windowNumbers[w] = i + 1
	}
	items, err := load[itemRecord]("items.json")
	if err != nil {
		return 0, err
	}
	for _, r := range items {
		d, err := c.Regions.DepartmentBySlug(ctx, r.DepartmentID)
		if err != nil {
			return 0, fmt.Errorf("demo item %s: department %s: %w", r.ID, r.DepartmentID, err)
		}
		e := r.elements(windowNumbers)
		entry, err := c.Items.InstallEntry(ctx, catalog.Entry{Code: e.CatalogCode, Name: e.Name, ItemType: e.ItemType, LegalBasis: e.LegalBasis,
			UseLevel: e.UseLevel, IssuedRegion: "62", DepartmentLine: d.Slug})
		if err != nil {
			return 0, err
		}
		if _, err := c.Items.InstallPublished(ctx, r.ID, entry.ID, d.ID, e); err != nil {
			return 0, fmt.Errorf("demo item %s: %w", r.ID, err)
		}
	}
	for _, u := range unclaimedEntries {
		if _, err := c.Items.InstallEntry(ctx, catalog.Entry{Name: u.name, ItemType: u.itemType, UseLevel: 4, IssuedRegion: "62", DepartmentLine: u.line}); err != nil {
			return 0, err
		}
	}
	raw, err := dataFS.ReadFile("data/bundles.json")
	if err != nil {
		return 0, err
	}
	var docs []json.RawMessage
	if err := json.Unmarshal(raw, &docs); err != nil {
		return 0, err
	}
	for _, doc := range docs {
		var rec bundleRecord
		var b bundle.Bundle
		if err := json.Unmarshal(doc, &rec); err != nil {
			return 0, err
		}
		if err := json.Unmarshal(doc, &b); err != nil {
			return 0, err
		}
		b.Slug, b.Name, b.RegionCode = rec.ID, rec.Name, HomeRegion
		if err := c.Bundles.Install(ctx, b); err != nil {
			return 0, fmt.Errorf("demo bundle %s: %w", rec.ID, err)
		}
	}
	return len(items), nil
}

package catalog

import (
	"fmt"
	"slices"
	"strings"
)

// Elements is the element set of an implementation-list item (domain reference
// §1.5): basic and extension elements, materials, fees, process, result and FAQ.
// Enumerated values are codes from the code tables (codes.go), so a province
// with other codes maps them on import.
type Elements struct {
	Name         string `json:"name"`          // 事项名称 (for a variant: the 业务办理项 name)
	MainItem     string `json:"main_item"`     // 实施清单 item name when split into variants
	BusinessItem string `json:"business_item"` // 业务办理项 name, empty when not split
	ItemType     string `json:"item_type"`     // 事项类型: 01 行政许可 … 20 公共服务
	CatalogCode  string `json:"catalog_code"`  // 12-digit 基本编码, empty until the national code is known
	ImplCode     string `json:"impl_code"`     // 31-char 实施编码
	LocalCode    string `json:"local_code"`    // provincial/local code kept alongside
	UseLevel     int    `json:"use_level"`     // 行使层级: 1 国家 … 5 乡镇

	ServiceObjects   []int    `json:"service_objects"` // 服务对象 codes
	LegalBasis       []string `json:"legal_basis"`     // 设定依据
	AcceptConditions string   `json:"accept_conditions"`

	StatutoryDays int    `json:"statutory_days"` // 法定办结时限; 0 with empty unit = none
	StatutoryUnit string `json:"statutory_unit"` // 工作日, 日 (calendar days) or 月
	PromisedDays  int    `json:"promised_days"`  // 承诺办结时限 in working days; 0 = 即办
	DeadlineNote  string `json:"deadline_note"`
	ProjectType   int    `json:"project_type"` // 办件类型: 1 即办件, 2 承诺件

	VisitsRequired   int    `json:"visits_required"` // 到办事现场次数
	VisitsReason     string `json:"visits_reason"`   // 必须现场办理原因说明
	OnlineDepth      []int  `json:"online_depth"`    // 网上办理深度 multi-value codes 1–7
	InHall           bool   `json:"in_hall"`         // 是否进驻政务大厅
	HallWindow       string `json:"hall_window"`
	ExpressSupported bool   `json:"express_supported"`
	HandleRange      string `json:"handle_range"` // 通办范围 code

	Address        string `json:"address"` // 办理地点, precise to the window
	Hours          string `json:"hours"`   // 办理时间
	ConsultPhone   string `json:"consult_phone"`
	ComplaintPhone string `json:"complaint_phone"`

	Fee               Fee                `json:"fee"`
	Materials         []Material         `json:"materials"`
	Process           []Step             `json:"process"`
	Result            Result             `json:"result"`
	FAQ               []QA               `json:"faq"`
	SpecialProcedures []SpecialProcedure `json:"special_procedures"`

	Keywords      []string `json:"keywords"` // search terms and colloquial phrases
	Topics        []string `json:"topics"`   // 主题分类
	LifeEvents    []string `json:"life_events"`
	HighFrequency bool     `json:"high_frequency"`
}

// Fee is whether and what the item charges.
type Fee struct {
	Charged   bool      `json:"charged"`
	PayOnline bool      `json:"pay_online"`
	Items     []FeeItem `json:"items"`
	Note      string    `json:"note"`
	// AtSubmissionFen is a fixed charge collected when the application is
	// submitted (a 工本费 of so much per card), in fen; 0 when the department
	// fixes the amount at its decision, as most standards need it to.
	AtSubmissionFen int64 `json:"at_submission_fen,omitempty"`
}

// FeeItem is one charge with its standard and legal basis.
type FeeItem struct {
	Name     string `json:"name"`
	Standard string `json:"standard"`
	Basis    string `json:"basis"`
}

// Material requirement kinds.
const (
	MaterialRequired    = "required"
	MaterialOptional    = "optional"
	MaterialConditional = "conditional"
)

// Material is one application material.
type Material struct {
	Name          string `json:"name"`
	Required      string `json:"required"`  // required, optional or conditional
	Condition     string `json:"condition"` // when conditional
	Form          string `json:"form"`      // 原件, 复印件, 电子
	Copies        int    `json:"copies"`
	Source        string `json:"source"`          // 申请人自备, 政府部门核发, 其他
	LicenseTypeID string `json:"license_type_id"` // a license that can replace it (免证办)
	BlankForm     bool   `json:"blank_form"`      // a blank form to fill exists
	SampleForm    bool   `json:"sample_form"`     // a filled sample exists
}

// Step is one step of the handling process with its time in working days.
type Step struct {
	Step string `json:"step"`
	Days int    `json:"days"`
}

// Result is what the applicant receives.
type Result struct {
	Name          string `json:"name"`
	Type          string `json:"type"` // 出证办结, 出文办结, 审批办结, 其他
	LicenseTypeID string `json:"license_type_id"`
}

// QA is one frequently asked question.
type QA struct {
	Q string `json:"q"`
	A string `json:"a"`
}

// SpecialProcedure is time excluded from the statutory limit (hearing, expert
// review, inspection…).
type SpecialProcedure struct {
	Name        string `json:"name"`
	Days        int    `json:"days"`
	Unit        string `json:"unit"`
	Description string `json:"description"`
}

// Depth levels (网上办理深度 Ⅰ–Ⅳ), derived from the multi-value depth list.
const (
	DepthNone  = 0
	DepthInfo  = 1 // Ⅰ级: guide online, forms, consultation
	DepthCheck = 2 // Ⅱ级: online submission and pre-check
	DepthApply = 3 // Ⅲ级: online acceptance
	DepthFull  = 4 // Ⅳ级: 全程网办
)

// DepthLevel derives the Ⅰ–Ⅳ level from the depth codes: all of 1–6 is 全程网办;
// online acceptance (4) is Ⅲ; submission or pre-check (2, 3) is Ⅱ; consultation
// alone is Ⅰ. The list is stored, the level derived, so a province's other ladder
// can be computed from the same data.
func (e Elements) DepthLevel() int {
	has := func(c int) bool { return slices.Contains(e.OnlineDepth, c) }
	switch {
	case has(1) && has(2) && has(3) && has(4) && has(5) && has(6):
		return DepthFull
	case has(4):
		return DepthApply
	case has(2) || has(3):
		return DepthCheck
	case has(1):
		return DepthInfo
	}
	return DepthNone
}

// Immediate reports whether the item is 即办 (promised in 0 working days).
func (e Elements) Immediate() bool { return e.PromisedDays == 0 }

// Online reports whether the item can be applied for online.
func (e Elements) Online() bool {
	return slices.Contains(e.OnlineDepth, 4) || slices.Contains(e.OnlineDepth, 2)
}

// ForPersons reports whether natural persons are among the service objects.
func (e Elements) ForPersons() bool { return slices.Contains(e.ServiceObjects, 1) }

// ForOrganizations reports whether any legal person or organization is served.
func (e Elements) ForOrganizations() bool {
	for _, o := range e.ServiceObjects {
		if o != 1 {
			return true
		}
	}
	return false
}

// normalize trims text and drops empty list entries, so that a diff shows only
// real changes and the quality checks see what a reader sees.
func (e *Elements) normalize() {
	t := strings.TrimSpace
	e.Name, e.MainItem, e.BusinessItem = t(e.Name), t(e.MainItem), t(e.BusinessItem)
	e.CatalogCode, e.ImplCode, e.LocalCode = t(e.CatalogCode), strings.ToUpper(t(e.ImplCode)), t(e.LocalCode)
	e.AcceptConditions, e.DeadlineNote, e.VisitsReason = t(e.AcceptConditions), t(e.DeadlineNote), t(e.VisitsReason)
	e.Address, e.Hours, e.ConsultPhone, e.ComplaintPhone = t(e.Address), t(e.Hours), t(e.ConsultPhone), t(e.ComplaintPhone)
	e.LegalBasis = compact(e.LegalBasis)
	e.Keywords = compact(e.Keywords)
	e.Topics = compact(e.Topics)
	e.LifeEvents = compact(e.LifeEvents)
	slices.Sort(e.OnlineDepth)
	e.OnlineDepth = slices.Compact(e.OnlineDepth)
	slices.Sort(e.ServiceObjects)
	e.ServiceObjects = slices.Compact(e.ServiceObjects)
	for i := range e.Materials {
		m := &e.Materials[i]
		m.Name, m.Condition = t(m.Name), t(m.Condition)
		if m.Required == "" {
			m.Required = MaterialRequired
		}
		if m.Copies == 0 {
			m.Copies = 1
		}
	}
	if e.ProjectType == 0 {
		e.ProjectType = 2
		if e.Immediate() {
			e.ProjectType = 1
		}
	}
}

func compact(in []string) []string {
	out := in[:0]
	for _, s := range in {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// AtSubmissionYuan is the submission charge in yuan, as typed in the editor.
func (f Fee) AtSubmissionYuan() string {
	return fmt.Sprintf("%d.%02d", f.AtSubmissionFen/100, f.AtSubmissionFen%100)
}

package license

import (
	"context"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/principal"
)

// Sources of a printed field's value. Issue fills the holder, issuer, date
// and number sources itself; the composition root passes the rest in
// IssueRequest.Data (the applicant's legal representative and address, the
// item's name, and the application form's values as "form:<key>" and
// "form:<label>").
const (
	SourceHolderName    = "holder.name"
	SourceHolderCode    = "holder.code"
	SourceHolderRep     = "holder.legal_rep"
	SourceHolderAddress = "holder.address"
	SourceIssuerName    = "issuer.name"
	SourceIssueDate     = "issue.date"
	SourceValidFrom     = "valid.from"
	SourceValidUntil    = "valid.until"
	SourceValidPeriod   = "valid.period"
	SourceNumber        = "license.number"
	SourceCaseNumber    = "case.number"
	SourceItemName      = "item.name"
	SourceFormPrefix    = "form:" // form:<field key or label>
	SourceTextPrefix    = "text:" // text:<a fixed value>
	SourceBlank         = ""      // printed empty
)

// Sources lists the named sources, for the mapping editor.
var Sources = []string{SourceHolderName, SourceHolderCode, SourceHolderRep, SourceHolderAddress, SourceIssuerName,
	SourceIssueDate, SourceValidFrom, SourceValidUntil, SourceValidPeriod, SourceNumber, SourceCaseNumber, SourceItemName}

// validSource reports whether s names a source.
func validSource(s string) bool {
	return s == SourceBlank || slices.Contains(Sources, s) ||
		(strings.HasPrefix(s, SourceFormPrefix) && len(s) > len(SourceFormPrefix)) || strings.HasPrefix(s, SourceTextPrefix)
}

// Words that tell, in a printed field's name, where its value comes from.
var (
	issuerSuffixes = []string{"发证机关", "登记机关", "核发机关", "审批机关", "出具机关", "签发机关", "发证机构", "认定机构",
		"发证单位", "登记机构", "登记管理机关", "税务机关", "发卡机构", "测试机构", "填报单位"}
	issueDatePrefixes = []string{"发证", "签发", "核发", "开具", "批准", "出具", "登簿", "发卡"}
	holderNameFields  = []string{"名称", "姓名", "持证人", "权利人", "所有人", "车辆所有人", "建设单位", "用地单位", "开发企业",
		"建设单位（个人）", "采伐单位（个人）", "权利人（申请人）", "逝者姓名", "死者姓名", "户主姓名"}
	numberSuffixes = []string{"编号", "证号", "证书号", "证明号", "登记号", "文书号", "证书号码", "证书编码", "许可证号"}
)

// DefaultMapping is the mapping a type gets until an administrator keeps
// one: each printed field is matched by the words in its name to the
// holder, the issuer, the dates and the number, and every other field reads
// the application form's field of the same label.
func DefaultMapping(t Type) []FieldSource {
	out := make([]FieldSource, 0, len(t.KeyFields))
	for _, f := range t.KeyFields {
		out = append(out, FieldSource{Field: f, Source: defaultSource(f)})
	}
	return out
}

func defaultSource(f string) string {
	hasSuffix := func(list []string) bool {
		return slices.ContainsFunc(list, func(s string) bool { return strings.HasSuffix(f, s) })
	}
	switch {
	case strings.Contains(f, "统一社会信用代码") || strings.Contains(f, "公民身份号码") || strings.Contains(f, "身份证"):
		return SourceHolderCode
	case strings.HasPrefix(f, "法定代表人") || f == "经营者":
		return SourceHolderRep
	case hasSuffix(issuerSuffixes):
		return SourceIssuerName
	case strings.HasSuffix(f, "日期") && slices.ContainsFunc(issueDatePrefixes, func(p string) bool { return strings.HasPrefix(f, p) }):
		return SourceIssueDate
	case f == "登记日期" || f == "登记时间":
		return SourceIssueDate
	case f == "有效期至":
		return SourceValidUntil
	case strings.HasPrefix(f, "有效期") || f == "注册有效期":
		return SourceValidPeriod
	case slices.Contains(holderNameFields, f) || (strings.HasSuffix(f, "名称") && !strings.ContainsAny(f, "项目工程附图医疗")):
		return SourceHolderName
	case strings.HasPrefix(f, "住所") || f == "住址" || f == "地址" || f == "详细地址" || f == "注册地址":
		return SourceHolderAddress
	case hasSuffix(numberSuffixes) && !strings.Contains(f, "档案") && !strings.Contains(f, "项目"):
		return SourceNumber
	}
	return SourceFormPrefix + f
}

// MappingOf is the mapping in force for a type.
func MappingOf(t Type) []FieldSource {
	if len(t.Mapping) == 0 {
		return DefaultMapping(t)
	}
	return t.Mapping
}

// fillFields computes the printed fields from the mapping and the data.
func fillFields(t Type, data map[string]string) []Field {
	src := map[string]string{}
	for _, fs := range MappingOf(t) {
		src[fs.Field] = fs.Source
	}
	out := make([]Field, 0, len(t.KeyFields))
	for _, name := range t.KeyFields {
		s, ok := src[name]
		if !ok {
			s = defaultSource(name)
		}
		var v string
		switch {
		case strings.HasPrefix(s, SourceTextPrefix):
			v = strings.TrimPrefix(s, SourceTextPrefix)
		default:
			v = data[s]
		}
		out = append(out, Field{Name: name, Value: strings.TrimSpace(v)})
	}
	return out
}

// china is the time zone license dates are written in.
var china = time.FixedZone("CST", 8*3600)

// dateOf writes a date as it is printed: 2025年3月1日.
func dateOf(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(china)
	return strconv.Itoa(t.Year()) + "年" + strconv.Itoa(int(t.Month())) + "月" + strconv.Itoa(t.Day()) + "日"
}

var validityTerm = regexp.MustCompile(`(\d+)\s*(年|个月)`)

// validUntilFor is the end of validity a type's validity text gives a
// license valid from from: "5年" ends the day before the fifth anniversary;
// "长期" or a text without a term gives none (zero).
func validUntilFor(validity string, from time.Time) time.Time {
	v := strings.TrimSpace(validity)
	if v == "" || strings.HasPrefix(v, "长期") {
		return time.Time{}
	}
	m := validityTerm.FindStringSubmatch(v)
	if m == nil {
		return time.Time{}
	}
	n, _ := strconv.Atoi(m[1])
	start := from.In(china)
	day := time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 0, 0, china)
	if m[2] == "年" {
		day = day.AddDate(n, 0, 0)
	} else {
		day = day.AddDate(0, n, 0)
	}
	return endOfDay(day.AddDate(0, 0, -1))
}

// endOfDay is the last second of t's day in China.
func endOfDay(t time.Time) time.Time {
	t = t.In(china)
	return time.Date(t.Year(), t.Month(), t.Day(), 23, 59, 59, 0, china)
}

var nationalTypeCode = regexp.MustCompile(`^[0-9A-Z]{18}[0-9]{3}$`)

// UpdateType changes a license type's managed attributes: the item or system
// administrator's act, audited. The slug, holder type and issuing
// department stay as installed; they tie the type to the catalog.
func (m *Manager) UpdateType(ctx context.Context, u TypeUpdate) (Type, error) {
	if _, err := principal.AuthorizeOwn(ctx, principal.ManageLicenseTypes); err != nil {
		return Type{}, err
	}
	t, err := m.store.GetLicenseType(ctx, u.Slug)
	if err != nil {
		return Type{}, err
	}
	t.Name, t.TypeCode = strings.TrimSpace(u.Name), strings.ToUpper(strings.TrimSpace(u.TypeCode))
	t.Validity, t.Note = strings.TrimSpace(u.Validity), strings.TrimSpace(u.Note)
	t.KeyFields = t.KeyFields[:0]
	for _, f := range u.KeyFields {
		if f = strings.TrimSpace(f); f != "" && !slices.Contains(t.KeyFields, f) {
			t.KeyFields = append(t.KeyFields, f)
		}
	}
	t.Mapping = nil
	for _, fs := range u.Mapping {
		fs.Field, fs.Source = strings.TrimSpace(fs.Field), strings.TrimSpace(fs.Source)
		if slices.Contains(t.KeyFields, fs.Field) {
			t.Mapping = append(t.Mapping, fs)
		}
	}
	var fe []apperr.FieldError
	if t.Name == "" || utf8.RuneCountInString(t.Name) > 100 {
		fe = append(fe, apperr.FieldError{Field: "name", Key: "form.required"})
	}
	if t.TypeCode != "" && !nationalTypeCode.MatchString(t.TypeCode) {
		fe = append(fe, apperr.FieldError{Field: "type_code", Key: "license.type.code"})
	}
	if len(t.KeyFields) == 0 {
		fe = append(fe, apperr.FieldError{Field: "key_fields", Key: "form.required"})
	}
	for i, fs := range t.Mapping {
		if !validSource(fs.Source) {
			fe = append(fe, apperr.FieldError{Field: "mapping." + strconv.Itoa(i), Key: "license.type.source"})
		}
	}
	if len(fe) > 0 {
		return Type{}, apperr.Fields(fe)
	}
	t.UpdatedAt = m.now()
	err = m.tx.InTx(ctx, func(ctx context.Context) error {
		if err := m.store.UpdateLicenseType(ctx, t); err != nil {
			return err
		}
		return m.auditf(ctx, "licensetype.update", "license_type", t.Slug, principal.From(ctx).Scope.RegionCode, t.Slug)
	})
	return t, err
}

// typeCodeOf is the 证照类型代码 a type's identifiers carry.
func typeCodeOf(t Type) string {
	if t.TypeCode != "" {
		return t.TypeCode
	}
	return LocalTypeCode(t.Slug)
}

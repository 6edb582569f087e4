package casework

import (
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tongban/tongban/internal/platform/apperr"
)

// FormSpec is an item's application form as data: the fields an applicant
// fills in, in order. Item administrators edit it (SaveForm); items without a
// stored one use DefaultForm. The same spec renders the form, validates what
// was typed (Validate) and decides what is kept (Clean).
type FormSpec struct {
	Fields []FormField `json:"fields"`
}

// FormField is one field of an application form.
type FormField struct {
	Name     string   `json:"name"` // the key of the value in Application.Form
	Label    string   `json:"label"`
	Type     string   `json:"type"` // one of FieldTypes
	Required bool     `json:"required,omitempty"`
	Options  []Option `json:"options,omitempty"` // select and radio
	MaxLen   int      `json:"max_len,omitempty"` // characters; 0 = the type's default
	Min      *float64 `json:"min,omitempty"`     // number
	Max      *float64 `json:"max,omitempty"`     // number
	// Pattern is a regular expression the whole value must match, for what the
	// types do not cover (a licence number's shape).
	Pattern string     `json:"pattern,omitempty"`
	Help    string     `json:"help,omitempty"`
	ShowIf  *Condition `json:"show_if,omitempty"`
}

// Option is one choice of a select or radio field.
type Option struct {
	Value string `json:"value"`
	Label string `json:"label"`
}

// Condition shows a field only when an earlier choice field has a value:
// the mailing address only when the result is to be mailed.
type Condition struct {
	Field  string `json:"field"`
	Equals string `json:"equals"`
}

// Form field types.
const (
	TypeText       = "text"
	TypeTextarea   = "textarea"
	TypeNumber     = "number"
	TypeDate       = "date" // yyyy-mm-dd
	TypeSelect     = "select"
	TypeRadio      = "radio"
	TypeCheckbox   = "checkbox" // one box; ticked is CheckboxTicked
	TypePhone      = "phone"    // an 11-digit mobile or a landline with its area code
	TypeEmail      = "email"
	TypeIDNumber   = "idnumber"   // 18-digit resident ID number (GB 11643)
	TypeCreditCode = "creditcode" // unified social credit code (GB 32100)
	TypeAddress    = "address"
)

// FieldTypes lists every field type, in the order editors offer them.
var FieldTypes = []string{TypeText, TypeTextarea, TypeNumber, TypeDate, TypeSelect, TypeRadio, TypeCheckbox,
	TypePhone, TypeEmail, TypeIDNumber, TypeCreditCode, TypeAddress}

// CheckboxTicked is the value of a ticked checkbox.
const CheckboxTicked = "yes"

// Field names other modules read from every form: the delivery of the result
// and the contact phone. DefaultForm uses them; custom forms should keep them.
const (
	FormPhone           = "phone"
	FormNote            = "note"
	FormDeliveryMethod  = "delivery_method"
	FormDeliveryName    = "delivery_name"
	FormDeliveryPhone   = "delivery_phone"
	FormDeliveryAddress = "delivery_address"
)

// Delivery methods of the result (values of FormDeliveryMethod).
const (
	DeliveryOnline = "online" // 在线下载
	DeliveryMail   = "mail"   // 邮寄送达
	DeliveryWindow = "window" // 窗口领取
)

// maxFormFields bounds a form, so that a form stays something a person fills in.
const maxFormFields = 100

var fieldName = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// choice reports whether values of the type come from the field's options.
func choice(typ string) bool { return typ == TypeSelect || typ == TypeRadio }

// Check reports every problem of a spec for its administrator at once, each
// on "fields.N.<attribute>" (N counting from 0), so an editor can show it on
// its row: names unique and well-formed, labels present, known types, options
// for choices, sensible ranges, compiling patterns, and conditions that refer
// to an earlier choice field and one of its option values.
func (s FormSpec) Check() error {
	var probs []apperr.FieldError
	add := func(i int, attr, key string, args ...any) {
		probs = append(probs, apperr.FieldError{Field: "fields." + strconv.Itoa(i) + "." + attr, Key: key, Args: args})
	}
	if len(s.Fields) == 0 {
		probs = append(probs, apperr.FieldError{Field: "fields", Key: "itemdefs.form.empty"})
	}
	if len(s.Fields) > maxFormFields {
		probs = append(probs, apperr.FieldError{Field: "fields", Key: "itemdefs.form.too_many", Args: []any{maxFormFields}})
	}
	earlier := map[string]FormField{}
	for i, f := range s.Fields {
		ref := f.Name
		if ref == "" {
			ref = "#" + strconv.Itoa(i+1)
		}
		switch _, dup := earlier[f.Name]; {
		case !fieldName.MatchString(f.Name) || len(f.Name) > 40:
			add(i, "name", "itemdefs.form.name_invalid", ref)
		case dup:
			add(i, "name", "itemdefs.form.name_duplicate", ref)
		}
		if strings.TrimSpace(f.Label) == "" {
			add(i, "label", "itemdefs.form.label_missing", ref)
		}
		if !slices.Contains(FieldTypes, f.Type) {
			add(i, "type", "itemdefs.form.type_unknown", ref, f.Type)
		}
		probs = append(probs, f.checkOptions(i, ref)...)
		if f.MaxLen < 0 {
			add(i, "max_len", "itemdefs.form.max_len_invalid", ref)
		}
		if f.Min != nil && f.Max != nil && *f.Min > *f.Max {
			add(i, "min", "itemdefs.form.range_invalid", ref)
		}
		if f.Pattern != "" {
			if _, err := compilePattern(f.Pattern); err != nil {
				add(i, "pattern", "itemdefs.form.pattern_invalid", ref)
			}
		}
		if c := f.ShowIf; c != nil {
			ctl, ok := earlier[c.Field]
			switch {
			case !ok || !choice(ctl.Type):
				add(i, "show_if", "itemdefs.form.show_if_field", ref)
			case !slices.ContainsFunc(ctl.Options, func(o Option) bool { return o.Value == c.Equals }):
				add(i, "show_if", "itemdefs.form.show_if_value", ref, c.Equals, c.Field)
			}
		}
		if _, dup := earlier[f.Name]; !dup {
			earlier[f.Name] = f
		}
	}
	return apperr.Fields(probs)
}

// checkOptions checks the options of field i: choices need some, each with a
// value and a label, values unique; other types take none.
func (f FormField) checkOptions(i int, ref string) []apperr.FieldError {
	at := "fields." + strconv.Itoa(i) + ".options"
	if !choice(f.Type) {
		if len(f.Options) > 0 {
			return []apperr.FieldError{{Field: at, Key: "itemdefs.form.options_unused", Args: []any{ref}}}
		}
		return nil
	}
	if len(f.Options) == 0 {
		return []apperr.FieldError{{Field: at, Key: "itemdefs.form.options_missing", Args: []any{ref}}}
	}
	var probs []apperr.FieldError
	seen := map[string]bool{}
	for _, o := range f.Options {
		switch {
		case strings.TrimSpace(o.Value) == "" || strings.TrimSpace(o.Label) == "":
			probs = append(probs, apperr.FieldError{Field: at, Key: "itemdefs.form.option_invalid", Args: []any{ref}})
		case seen[o.Value]:
			probs = append(probs, apperr.FieldError{Field: at, Key: "itemdefs.form.option_duplicate", Args: []any{ref, o.Value}})
		}
		seen[o.Value] = true
	}
	return probs
}

// compilePattern compiles a field's pattern to match whole values.
func compilePattern(p string) (*regexp.Regexp, error) { return regexp.Compile(`^(?:` + p + `)$`) }

// visible returns the fields shown for values, in order: a field with a
// condition is shown when the field it names is shown and has the value. A
// field hanging on a hidden field is hidden too, as a reader would expect.
func (s FormSpec) visible(values map[string]string) []FormField {
	shown := map[string]bool{}
	var out []FormField
	for _, f := range s.Fields {
		if c := f.ShowIf; c != nil && (!shown[c.Field] || strings.TrimSpace(values[c.Field]) != c.Equals) {
			continue
		}
		shown[f.Name] = true
		out = append(out, f)
	}
	return out
}

// Visible reports whether a field is shown for values.
func (s FormSpec) Visible(name string, values map[string]string) bool {
	return slices.ContainsFunc(s.visible(values), func(f FormField) bool { return f.Name == name })
}

// normalized is a value as it is checked and kept: trimmed, and codes in
// upper case (a lower-case x ends many ID numbers as typed).
func (f FormField) normalized(v string) string {
	v = strings.TrimSpace(v)
	if f.Type == TypeIDNumber || f.Type == TypeCreditCode {
		v = strings.ToUpper(v)
	}
	return v
}

// Clean returns the values worth keeping: those of the fields shown,
// normalized, without empty ones and without keys the form does not know.
func (s FormSpec) Clean(values map[string]string) map[string]string {
	out := map[string]string{}
	for _, f := range s.visible(values) {
		if v := f.normalized(values[f.Name]); v != "" {
			out[f.Name] = v
		}
	}
	return out
}

// Validate checks values against the form, reporting every problem on its
// field's name: required fields, the types' formats, lengths, number ranges,
// options and patterns. Hidden fields are neither required nor checked.
func (s FormSpec) Validate(values map[string]string) []apperr.FieldError {
	var probs []apperr.FieldError
	for _, f := range s.visible(values) {
		v := f.normalized(values[f.Name])
		if v == "" {
			if f.Required {
				probs = append(probs, apperr.FieldError{Field: f.Name, Key: "itemdefs.value.required", Args: []any{f.Label}})
			}
			continue
		}
		if key, args := f.problem(v); key != "" {
			probs = append(probs, apperr.FieldError{Field: f.Name, Key: key, Args: append([]any{f.Label}, args...)})
		}
	}
	return probs
}

// Default maximum lengths in characters, when a field sets none.
const (
	defaultMaxLen      = 200
	defaultTextareaLen = 2000
)

// problem returns the message key (and arguments after the label) of what is
// wrong with a non-empty value, or "".
func (f FormField) problem(v string) (string, []any) {
	limit := f.MaxLen
	if limit == 0 {
		limit = defaultMaxLen
		if f.Type == TypeTextarea {
			limit = defaultTextareaLen
		}
	}
	if utf8.RuneCountInString(v) > limit {
		return "itemdefs.value.too_long", []any{limit}
	}
	if key, args := f.typeProblem(v); key != "" {
		return key, args
	}
	if f.Pattern != "" {
		if re, err := compilePattern(f.Pattern); err != nil || !re.MatchString(v) {
			return "itemdefs.value.pattern", nil
		}
	}
	return "", nil
}

var (
	phonePattern = regexp.MustCompile(`^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$`)
	emailPattern = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s.]+$`)
)

// typeProblem checks a value against its field's type.
func (f FormField) typeProblem(v string) (string, []any) {
	switch f.Type {
	case TypeNumber:
		n, err := strconv.ParseFloat(v, 64)
		switch {
		case err != nil || math.IsNaN(n) || math.IsInf(n, 0):
			return "itemdefs.value.number", nil
		case f.Min != nil && n < *f.Min:
			return "itemdefs.value.min", []any{formatNumber(*f.Min)}
		case f.Max != nil && n > *f.Max:
			return "itemdefs.value.max", []any{formatNumber(*f.Max)}
		}
	case TypeDate:
		if _, err := time.Parse(time.DateOnly, v); err != nil {
			return "itemdefs.value.date", nil
		}
	case TypeSelect, TypeRadio:
		if !slices.ContainsFunc(f.Options, func(o Option) bool { return o.Value == v }) {
			return "itemdefs.value.choice", nil
		}
	case TypeCheckbox:
		if v != CheckboxTicked {
			return "itemdefs.value.choice", nil
		}
	case TypePhone:
		if !phonePattern.MatchString(v) {
			return "itemdefs.value.phone", nil
		}
	case TypeEmail:
		if !emailPattern.MatchString(v) {
			return "itemdefs.value.email", nil
		}
	case TypeIDNumber:
		if !validIDNumber(v) {
			return "itemdefs.value.idnumber", nil
		}
	case TypeCreditCode:
		if !validCreditCode(v) {
			return "itemdefs.value.creditcode", nil
		}
	}
	return "", nil
}

func formatNumber(n float64) string { return strconv.FormatFloat(n, 'f', -1, 64) }

// validIDNumber checks an 18-character resident ID number: 17 digits, a real
// birth date and the GB 11643 check character (weights 2^(17-i) mod 11). It
// is the form check only; identity.ParseIDNumber, which casework may not
// import, is the full rule where a person registers.
func validIDNumber(s string) bool {
	if len(s) != 18 {
		return false
	}
	sum := 0
	for i := 0; i < 17; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
		sum += int(s[i]-'0') * ((1 << (17 - i)) % 11)
	}
	if _, err := time.Parse("20060102", s[6:14]); err != nil {
		return false
	}
	return s[17] == "10X98765432"[sum%11]
}

// creditAlphabet is GB 32100's alphabet: digits and capitals without I, O, Z, S, V.
const creditAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// validCreditCode checks an 18-character unified social credit code against
// its alphabet and its GB 32100 check character (weights 3^i mod 31).
func validCreditCode(s string) bool {
	if len(s) != 18 {
		return false
	}
	sum, w := 0, 1
	for i := 0; i < 17; i++ {
		c := strings.IndexByte(creditAlphabet, s[i])
		if c < 0 {
			return false
		}
		sum, w = sum+c*w, w*3%31
	}
	return strings.IndexByte(creditAlphabet, s[17]) == (31-sum%31)%31
}

// servesOrganizations reports whether an item's 服务对象 codes include
// organizations and natural persons: code 1 is 自然人; every other code
// (企业法人, 事业法人, 社会组织法人, 非法人企业, 行政机关, 其他组织) is an
// organization with a unified social credit code.
func servesOrganizations(objects []int) (orgs, persons bool) {
	for _, o := range objects {
		if o == 1 {
			persons = true
		} else {
			orgs = true
		}
	}
	return orgs, persons
}

// DefaultForm is the form of an item whose administrators have stored none:
// the contact person and phone; for an item serving organizations their name
// and credit code (required when only organizations apply); an address; how
// the result is to be received, with the addressee when it is mailed; a note.
func DefaultForm(item PublishedItem) FormSpec {
	fields := []FormField{
		{Name: "contact_name", Label: "联系人姓名", Type: TypeText, Required: true, MaxLen: 50},
		{Name: FormPhone, Label: "联系电话", Type: TypePhone, Required: true, Help: "手机号或带区号的固定电话，用于接收办理进度通知。"},
	}
	if orgs, persons := servesOrganizations(item.ServiceObjects); orgs {
		help := ""
		if persons {
			help = "以企业或单位名义申请时填写。"
		}
		fields = append(fields,
			FormField{Name: "org_name", Label: "企业（单位）名称", Type: TypeText, Required: !persons, MaxLen: 100, Help: help},
			FormField{Name: "credit_code", Label: "统一社会信用代码", Type: TypeCreditCode, Required: !persons, Help: help})
	}
	mail := &Condition{Field: FormDeliveryMethod, Equals: DeliveryMail}
	fields = append(fields,
		FormField{Name: "address", Label: "联系地址", Type: TypeAddress},
		FormField{Name: FormDeliveryMethod, Label: "结果领取方式", Type: TypeRadio, Required: true, Options: []Option{
			{Value: DeliveryOnline, Label: "在线下载"}, {Value: DeliveryMail, Label: "邮寄送达"}, {Value: DeliveryWindow, Label: "窗口领取"}}},
		FormField{Name: FormDeliveryName, Label: "收件人姓名", Type: TypeText, Required: true, MaxLen: 50, ShowIf: mail},
		FormField{Name: FormDeliveryPhone, Label: "收件人电话", Type: TypePhone, Required: true, ShowIf: mail},
		FormField{Name: FormDeliveryAddress, Label: "收件地址", Type: TypeAddress, Required: true, ShowIf: mail},
		FormField{Name: FormNote, Label: "申请说明", Type: TypeTextarea, MaxLen: 500},
	)
	return FormSpec{Fields: fields}
}

// MergeForms joins the forms of a bundle's items: a field shared by several
// items (the contact phone, the delivery method) is asked once, in the place
// it first appears.
func MergeForms(specs []FormSpec) FormSpec {
	var out FormSpec
	for _, s := range specs {
		for _, f := range s.Fields {
			if !slices.ContainsFunc(out.Fields, func(x FormField) bool { return x.Name == f.Name }) {
				out.Fields = append(out.Fields, f)
			}
		}
	}
	return out
}

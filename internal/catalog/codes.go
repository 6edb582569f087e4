package catalog

import (
	"slices"
	"strconv"
)

// Code tables. Each enumerated element stores a code; the labels live here as
// data. Defaults are the national (or, where marked in the domain reference,
// common provincial) values; an install may replace a table's labels or add
// codes through the store (code_tables), so a province with other codes maps
// them instead of changing the program.
const (
	TableItemType      = "item_type"
	TableServiceObject = "service_object"
	TableOnlineDepth   = "online_depth"
	TableResultType    = "result_type"
	TableStatutoryUnit = "statutory_unit"
	TableProjectType   = "project_type"
	TableUseLevel      = "use_level"
	TableMaterialForm  = "material_form"
	TableSource        = "material_source"
	TableHandleRange   = "handle_range"
	TableTopic         = "topic"
)

// Code is one entry of a code table.
type Code struct {
	Table string
	Code  string
	Label string
}

// CodeTables maps table → code → label.
type CodeTables map[string]map[string]string

// DefaultCodes returns the built-in code tables.
func DefaultCodes() CodeTables {
	return CodeTables{
		TableItemType: {"01": "行政许可", "02": "行政处罚", "03": "行政强制", "04": "行政征收", "05": "行政给付", "06": "行政检查",
			"07": "行政确认", "08": "行政奖励", "09": "行政裁决", "10": "其他行政权力", "20": "公共服务"},
		TableServiceObject: {"1": "自然人", "2": "企业法人", "3": "事业法人", "4": "社会组织法人", "5": "非法人企业", "6": "行政机关", "9": "其他组织"},
		TableOnlineDepth: {"1": "互联网咨询", "2": "互联网收件", "3": "互联网预审", "4": "互联网受理", "5": "互联网办理",
			"6": "互联网办理结果信息反馈", "7": "互联网电子证照反馈"},
		TableResultType:    {"出证办结": "出证办结", "出文办结": "出文办结", "审批办结": "审批办结", "其他": "其他"},
		TableStatutoryUnit: {"工作日": "工作日", "日": "日（自然日）", "月": "月"},
		TableProjectType:   {"1": "即办件", "2": "承诺件"},
		TableUseLevel:      {"1": "国家级", "2": "省级", "3": "市级", "4": "县级", "5": "镇（乡、街道）级"},
		TableMaterialForm:  {"原件": "原件", "复印件": "复印件", "电子": "电子"},
		TableSource:        {"申请人自备": "申请人自备", "政府部门核发": "政府部门核发", "其他": "其他"},
		TableHandleRange:   {"1": "全国", "2": "全省", "3": "全市", "4": "全县", "5": "全镇", "6": "全村"},
		TableTopic: {"生育收养": "生育收养", "户籍办理": "户籍办理", "社会保障": "社会保障", "开办企业": "开办企业", "工程建设": "工程建设",
			"交通出行": "交通出行", "医疗卫生": "医疗卫生", "婚姻登记": "婚姻登记", "退休养老": "退休养老", "教育科研": "教育科研",
			"农林牧渔": "农林牧渔", "民生保障": "民生保障", "不动产": "不动产", "就业创业": "就业创业", "证件办理": "证件办理",
			"企业注销": "企业注销", "死亡殡葬": "死亡殡葬", "残疾人服务": "残疾人服务", "优待抚恤": "优待抚恤", "住房保障": "住房保障",
			"水电气": "水电气", "税收财务": "税收财务", "文化体育": "文化体育", "生态环保": "生态环保"},
	}
}

// Merge overlays install-specific codes on the defaults.
func (t CodeTables) Merge(codes []Code) CodeTables {
	for _, c := range codes {
		if t[c.Table] == nil {
			t[c.Table] = map[string]string{}
		}
		t[c.Table][c.Code] = c.Label
	}
	return t
}

// Label returns a code's label, or the code itself when unknown.
func (t CodeTables) Label(table, code string) string {
	if l, ok := t[table][code]; ok {
		return l
	}
	return code
}

// Has reports whether code is in table.
func (t CodeTables) Has(table, code string) bool {
	_, ok := t[table][code]
	return ok
}

// Codes lists a table's codes in order.
func (t CodeTables) Codes(table string) []string {
	out := make([]string, 0, len(t[table]))
	for c := range t[table] {
		out = append(out, c)
	}
	slices.Sort(out)
	return out
}

// IntLabel is Label for integer-coded elements.
func (t CodeTables) IntLabel(table string, code int) string { return t.Label(table, itoa(code)) }

func itoa(i int) string { return strconv.Itoa(i) }

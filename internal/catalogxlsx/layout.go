package catalogxlsx

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/tongban/tongban/internal/catalog"
)

// Sheet names. Headers and sheet names are the standard's Chinese element
// names in every language: they are the file format, not the interface.
const (
	SheetItems      = "事项"
	SheetMaterials  = "材料"
	SheetFees       = "收费"
	SheetFAQ        = "常见问题"
	SheetProcedures = "特别程序"
	SheetCodes      = "代码表"
)

// Key columns every sheet starts with.
const (
	ColSlug = "事项编码"
	ColSeq  = "序号"
)

// Lists a column may offer besides the code tables.
const (
	listYesNo = "yes_no"
	listNeed  = "need"
)

// Cell texts of the built-in lists.
const (
	yes = "是"
	no  = "否"
)

// needLabels are the labels of a material's requirement kind.
var needLabels = []struct{ code, label string }{
	{catalog.MaterialRequired, "必要"},
	{catalog.MaterialOptional, "非必要"},
	{catalog.MaterialConditional, "情形必要"},
}

// Separators of multi-value cells: labels are joined with 、 and legal bases
// with line breaks. Reading also accepts the separators people type instead.
const joinSep = "、"

var labelSeps = []string{"、", "，", ",", "；", ";", "\n"}

// problem is what is wrong with one cell, as a message key.
type problem struct {
	key  string
	args []any
}

func bad(key string, args ...any) *problem { return &problem{key: key, args: args} }

// column is one column of a sheet whose rows are T: its header, width and
// drop-down, and how a value is written to and read from a cell.
type column[T any] struct {
	header   string
	width    float64
	list     string // a code table or built-in list offered as a drop-down
	required bool
	text     bool // typed digits stay text (codes, phone numbers)
	// optional: a workbook made before the column existed may lack it; its
	// cells then read as empty.
	optional bool
	get      func(c codec, v *T) any
	set      func(c codec, v *T, cell string) *problem
}

// sheetDef is a sheet: rows of T keyed by 事项编码, and on the child sheets
// numbered by 序号 within the item.
type sheetDef[T any] struct {
	name    string
	seq     bool
	columns []column[T]
}

// headers lists the sheet's header row.
// optionalHeaders are the headers a workbook may lack.
func (s sheetDef[T]) optionalHeaders() []string {
	var h []string
	for _, c := range s.columns {
		if c.optional {
			h = append(h, c.header)
		}
	}
	return h
}

func (s sheetDef[T]) headers() []string {
	h := []string{ColSlug}
	if s.seq {
		h = append(h, ColSeq)
	}
	for _, c := range s.columns {
		h = append(h, c.header)
	}
	return h
}

// codec maps codes to labels and back with the install's code tables.
type codec struct {
	codes  catalog.CodeTables
	codeOf map[string]map[string]string // table → label → code
}

func newCodec(codes catalog.CodeTables) codec {
	c := codec{codes: codes, codeOf: map[string]map[string]string{}}
	for table, m := range codes {
		c.codeOf[table] = map[string]string{}
		for code, label := range m {
			c.codeOf[table][label] = code
		}
	}
	return c
}

// code reads a label (or, for convenience, the code itself) of table.
func (c codec) code(table, cell string) (string, bool) {
	if code, ok := c.codeOf[table][cell]; ok {
		return code, true
	}
	return cell, c.codes.Has(table, cell)
}

// labels lists a drop-down's choices in code order.
func (c codec) labels(list string) []string {
	switch list {
	case listYesNo:
		return []string{yes, no}
	case listNeed:
		out := make([]string, len(needLabels))
		for i, n := range needLabels {
			out[i] = n.label
		}
		return out
	}
	var out []string
	for _, code := range c.codes.Codes(list) {
		out = append(out, c.codes.Label(list, code))
	}
	return out
}

// listTitle names a drop-down's column on the 代码表 sheet.
var listTitle = map[string]string{
	catalog.TableItemType: "事项类型", catalog.TableUseLevel: "行使层级", catalog.TableStatutoryUnit: "时限单位",
	catalog.TableProjectType: "办件类型", catalog.TableResultType: "审批结果类型", catalog.TableHandleRange: "通办范围",
	catalog.TableMaterialForm: "材料形式", catalog.TableSource: "来源渠道", catalog.TableServiceObject: "服务对象",
	catalog.TableOnlineDepth: "网上办理深度", catalog.TableTopic: "主题分类", listYesNo: "是/否", listNeed: "必要性",
}

// codeSheetLists are the lists on the 代码表 sheet, in column order: the
// drop-downs first, then the tables of multi-value columns for reference.
var codeSheetLists = []string{
	catalog.TableItemType, catalog.TableUseLevel, catalog.TableStatutoryUnit, catalog.TableProjectType,
	catalog.TableResultType, catalog.TableHandleRange, catalog.TableMaterialForm, catalog.TableSource,
	listYesNo, listNeed, catalog.TableServiceObject, catalog.TableOnlineDepth, catalog.TableTopic,
}

// Column builders. Each takes an accessor to the field it reads and writes.

func textCol[T any](header string, width float64, field func(*T) *string) column[T] {
	return column[T]{header: header, width: width,
		get: func(_ codec, v *T) any { return *field(v) },
		set: func(_ codec, v *T, cell string) *problem { *field(v) = cell; return nil }}
}

// digitsCol is a text column whose content is often all digits (codes, phones).
func digitsCol[T any](header string, width float64, field func(*T) *string) column[T] {
	c := textCol(header, width, field)
	c.text = true
	return c
}

// intCol holds a count or a number of days; blankZero leaves 0 empty (and an
// empty cell reads as 0).
func intCol[T any](header string, width float64, blankZero bool, field func(*T) *int) column[T] {
	return column[T]{header: header, width: width,
		get: func(_ codec, v *T) any {
			if n := *field(v); n != 0 || !blankZero {
				return n
			}
			return nil
		},
		set: func(_ codec, v *T, cell string) *problem {
			n, p := readInt(cell)
			*field(v) = n
			return p
		}}
}

func readInt(cell string) (int, *problem) {
	if cell == "" {
		return 0, nil
	}
	// A spreadsheet may store a whole number as 5 or 5.0.
	f, err := strconv.ParseFloat(cell, 64)
	if err != nil || f < 0 || f != float64(int(f)) || f > 1e6 {
		return 0, bad("xlsx.cell.number", cell)
	}
	return int(f), nil
}

// yuanCol holds an amount kept in fen and shown in yuan (20.00); 0 is empty.
func yuanCol[T any](header string, width float64, field func(*T) *int64) column[T] {
	return column[T]{header: header, width: width,
		get: func(_ codec, v *T) any {
			if fen := *field(v); fen != 0 {
				return float64(fen) / 100
			}
			return nil
		},
		set: func(_ codec, v *T, cell string) *problem {
			if cell == "" {
				*field(v) = 0
				return nil
			}
			yuan, err := strconv.ParseFloat(cell, 64)
			if err != nil || yuan < 0 || yuan > 1e8 {
				return bad("xlsx.cell.number", cell)
			}
			*field(v) = int64(math.Round(yuan * 100))
			return nil
		}}
}

func boolCol[T any](header string, field func(*T) *bool) column[T] {
	return column[T]{header: header, width: 10, list: listYesNo,
		get: func(_ codec, v *T) any {
			if *field(v) {
				return yes
			}
			return no
		},
		set: func(_ codec, v *T, cell string) *problem {
			switch cell {
			case yes:
				*field(v) = true
			case no, "":
				*field(v) = false
			default:
				return bad("xlsx.cell.yes_no", cell)
			}
			return nil
		}}
}

// codeCol holds one code of table, shown by its label.
func codeCol[T any](header string, width float64, table string, field func(*T) *string) column[T] {
	return column[T]{header: header, width: width, list: table,
		get: func(c codec, v *T) any {
			if code := *field(v); code != "" {
				return c.codes.Label(table, code)
			}
			return nil
		},
		set: func(c codec, v *T, cell string) *problem {
			if cell == "" {
				*field(v) = ""
				return nil
			}
			code, ok := c.code(table, cell)
			if !ok {
				return bad("xlsx.cell.label", cell)
			}
			*field(v) = code
			return nil
		}}
}

// intCodeCol is codeCol for integer codes; 0 is empty.
func intCodeCol[T any](header string, width float64, table string, field func(*T) *int) column[T] {
	return column[T]{header: header, width: width, list: table,
		get: func(c codec, v *T) any {
			if n := *field(v); n != 0 {
				return c.codes.IntLabel(table, n)
			}
			return nil
		},
		set: func(c codec, v *T, cell string) *problem {
			if cell == "" {
				*field(v) = 0
				return nil
			}
			code, ok := c.code(table, cell)
			n, err := strconv.Atoi(code)
			if !ok || err != nil {
				return bad("xlsx.cell.label", cell)
			}
			*field(v) = n
			return nil
		}}
}

// codesCol holds several integer codes of table, as labels joined with 、.
func codesCol[T any](header string, width float64, table string, field func(*T) *[]int) column[T] {
	return column[T]{header: header, width: width,
		get: func(c codec, v *T) any {
			var ls []string
			for _, n := range *field(v) {
				ls = append(ls, c.codes.IntLabel(table, n))
			}
			return strings.Join(ls, joinSep)
		},
		set: func(c codec, v *T, cell string) *problem {
			var out []int
			for _, l := range split(cell, labelSeps) {
				code, ok := c.code(table, l)
				n, err := strconv.Atoi(code)
				if !ok || err != nil {
					return bad("xlsx.cell.label", l)
				}
				out = append(out, n)
			}
			*field(v) = out
			return nil
		}}
}

// labelsCol holds several string codes of table, as labels joined with 、.
func labelsCol[T any](header string, width float64, table string, field func(*T) *[]string) column[T] {
	return column[T]{header: header, width: width,
		get: func(c codec, v *T) any {
			var ls []string
			for _, code := range *field(v) {
				ls = append(ls, c.codes.Label(table, code))
			}
			return strings.Join(ls, joinSep)
		},
		set: func(c codec, v *T, cell string) *problem {
			var out []string
			for _, l := range split(cell, labelSeps) {
				code, ok := c.code(table, l)
				if !ok {
					return bad("xlsx.cell.label", l)
				}
				out = append(out, code)
			}
			*field(v) = out
			return nil
		}}
}

// wordsCol holds free texts joined with sep (、 for keywords, a line break for
// legal bases); only sep and line breaks split, since the texts are free.
func wordsCol[T any](header string, width float64, sep string, field func(*T) *[]string) column[T] {
	return column[T]{header: header, width: width,
		get: func(_ codec, v *T) any { return strings.Join(*field(v), sep) },
		set: func(_ codec, v *T, cell string) *problem {
			*field(v) = split(cell, []string{sep, "\n"})
			return nil
		}}
}

// split cuts a cell at any of seps, dropping empty parts.
func split(cell string, seps []string) []string {
	for _, s := range seps[1:] {
		cell = strings.ReplaceAll(cell, s, seps[0])
	}
	var out []string
	for _, part := range strings.Split(cell, seps[0]) {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// processCol holds the handling steps as 受理:0、审查:3.
func processCol(header string, width float64) column[catalog.Elements] {
	return column[catalog.Elements]{header: header, width: width,
		get: func(_ codec, e *catalog.Elements) any {
			parts := make([]string, len(e.Process))
			for i, s := range e.Process {
				parts[i] = fmt.Sprintf("%s:%d", s.Step, s.Days)
			}
			return strings.Join(parts, joinSep)
		},
		set: func(_ codec, e *catalog.Elements, cell string) *problem {
			e.Process = nil
			for _, part := range split(cell, []string{joinSep, "，", ",", "\n"}) {
				name, days, ok := strings.Cut(strings.ReplaceAll(part, "：", ":"), ":")
				name = strings.TrimSpace(name)
				n, p := readInt(strings.TrimSpace(days))
				if !ok || name == "" || p != nil || strings.TrimSpace(days) == "" {
					return bad("xlsx.cell.process", part)
				}
				e.Process = append(e.Process, catalog.Step{Step: name, Days: n})
			}
			return nil
		}}
}

// needCol holds a material's requirement kind as 必要/非必要/情形必要.
func needCol(header string) column[catalog.Material] {
	return column[catalog.Material]{header: header, width: 10, list: listNeed, required: true,
		get: func(_ codec, m *catalog.Material) any {
			for _, n := range needLabels {
				if n.code == m.Required {
					return n.label
				}
			}
			return m.Required
		},
		set: func(_ codec, m *catalog.Material, cell string) *problem {
			for _, n := range needLabels {
				if n.label == cell || n.code == cell {
					m.Required = n.code
					return nil
				}
			}
			return bad("xlsx.cell.label", cell)
		}}
}

func required[T any](c column[T]) column[T] {
	c.required = true
	return c
}

func optional[T any](c column[T]) column[T] {
	c.optional = true
	return c
}

// itemSheet is the 事项 sheet: one row per item with its single-valued
// elements. Lists of records live on the child sheets.
var itemSheet = sheetDef[catalog.Elements]{name: SheetItems, columns: []column[catalog.Elements]{
	required(textCol("事项名称", 28, func(e *catalog.Elements) *string { return &e.Name })),
	textCol("主项名称", 22, func(e *catalog.Elements) *string { return &e.MainItem }),
	textCol("业务办理项", 16, func(e *catalog.Elements) *string { return &e.BusinessItem }),
	required(codeCol("事项类型", 12, catalog.TableItemType, func(e *catalog.Elements) *string { return &e.ItemType })),
	digitsCol("基本编码", 15, func(e *catalog.Elements) *string { return &e.CatalogCode }),
	digitsCol("实施编码", 34, func(e *catalog.Elements) *string { return &e.ImplCode }),
	digitsCol("地方编码", 16, func(e *catalog.Elements) *string { return &e.LocalCode }),
	intCodeCol("行使层级", 14, catalog.TableUseLevel, func(e *catalog.Elements) *int { return &e.UseLevel }),
	codesCol("服务对象", 18, catalog.TableServiceObject, func(e *catalog.Elements) *[]int { return &e.ServiceObjects }),
	wordsCol("设定依据", 40, "\n", func(e *catalog.Elements) *[]string { return &e.LegalBasis }),
	textCol("受理条件", 40, func(e *catalog.Elements) *string { return &e.AcceptConditions }),
	intCol("法定办结时限", 12, true, func(e *catalog.Elements) *int { return &e.StatutoryDays }),
	codeCol("法定时限单位", 12, catalog.TableStatutoryUnit, func(e *catalog.Elements) *string { return &e.StatutoryUnit }),
	required(intCol("承诺办结时限", 12, false, func(e *catalog.Elements) *int { return &e.PromisedDays })),
	intCodeCol("办件类型", 10, catalog.TableProjectType, func(e *catalog.Elements) *int { return &e.ProjectType }),
	required(intCol("到办事现场次数", 12, false, func(e *catalog.Elements) *int { return &e.VisitsRequired })),
	textCol("必须现场办理原因", 24, func(e *catalog.Elements) *string { return &e.VisitsReason }),
	codesCol("网上办理深度", 36, catalog.TableOnlineDepth, func(e *catalog.Elements) *[]int { return &e.OnlineDepth }),
	boolCol("是否进驻大厅", func(e *catalog.Elements) *bool { return &e.InHall }),
	textCol("窗口", 16, func(e *catalog.Elements) *string { return &e.HallWindow }),
	boolCol("是否支持快递", func(e *catalog.Elements) *bool { return &e.ExpressSupported }),
	textCol("办理地点", 32, func(e *catalog.Elements) *string { return &e.Address }),
	textCol("办理时间", 32, func(e *catalog.Elements) *string { return &e.Hours }),
	digitsCol("咨询电话", 16, func(e *catalog.Elements) *string { return &e.ConsultPhone }),
	digitsCol("投诉电话", 16, func(e *catalog.Elements) *string { return &e.ComplaintPhone }),
	textCol("审批结果名称", 22, func(e *catalog.Elements) *string { return &e.Result.Name }),
	codeCol("审批结果类型", 12, catalog.TableResultType, func(e *catalog.Elements) *string { return &e.Result.Type }),
	textCol("结果证照类型", 20, func(e *catalog.Elements) *string { return &e.Result.LicenseTypeID }),
	boolCol("是否收费", func(e *catalog.Elements) *bool { return &e.Fee.Charged }),
	boolCol("是否支持网上支付", func(e *catalog.Elements) *bool { return &e.Fee.PayOnline }),
	textCol("收费说明", 24, func(e *catalog.Elements) *string { return &e.Fee.Note }),
	wordsCol("关键词", 24, joinSep, func(e *catalog.Elements) *[]string { return &e.Keywords }),
	labelsCol("主题分类", 18, catalog.TableTopic, func(e *catalog.Elements) *[]string { return &e.Topics }),
	processCol("办理流程", 30),
	textCol("时限说明", 30, func(e *catalog.Elements) *string { return &e.DeadlineNote }),
	codeCol("通办范围", 10, catalog.TableHandleRange, func(e *catalog.Elements) *string { return &e.HandleRange }),
	wordsCol("人生事件", 16, joinSep, func(e *catalog.Elements) *[]string { return &e.LifeEvents }),
	boolCol("是否高频事项", func(e *catalog.Elements) *bool { return &e.HighFrequency }),
	// Added after the columns files already in use have, so they still line
	// up, and optional, so those files still import.
	optional(yuanCol("申请时收取金额（元）", 14, func(e *catalog.Elements) *int64 { return &e.Fee.AtSubmissionFen })),
}}

var materialSheet = sheetDef[catalog.Material]{name: SheetMaterials, seq: true, columns: []column[catalog.Material]{
	required(textCol("材料名称", 36, func(m *catalog.Material) *string { return &m.Name })),
	needCol("必要性"),
	textCol("情形说明", 30, func(m *catalog.Material) *string { return &m.Condition }),
	codeCol("材料形式", 10, catalog.TableMaterialForm, func(m *catalog.Material) *string { return &m.Form }),
	intCol("份数", 8, false, func(m *catalog.Material) *int { return &m.Copies }),
	codeCol("来源渠道", 14, catalog.TableSource, func(m *catalog.Material) *string { return &m.Source }),
	textCol("可替代证照类型", 22, func(m *catalog.Material) *string { return &m.LicenseTypeID }),
	boolCol("空白表格", func(m *catalog.Material) *bool { return &m.BlankForm }),
	boolCol("示例样表", func(m *catalog.Material) *bool { return &m.SampleForm }),
}}

var feeSheet = sheetDef[catalog.FeeItem]{name: SheetFees, seq: true, columns: []column[catalog.FeeItem]{
	required(textCol("收费项目", 28, func(f *catalog.FeeItem) *string { return &f.Name })),
	textCol("收费标准", 36, func(f *catalog.FeeItem) *string { return &f.Standard }),
	textCol("收费依据", 40, func(f *catalog.FeeItem) *string { return &f.Basis }),
}}

var faqSheet = sheetDef[catalog.QA]{name: SheetFAQ, seq: true, columns: []column[catalog.QA]{
	required(textCol("问题", 40, func(q *catalog.QA) *string { return &q.Q })),
	required(textCol("解答", 60, func(q *catalog.QA) *string { return &q.A })),
}}

var procedureSheet = sheetDef[catalog.SpecialProcedure]{name: SheetProcedures, seq: true, columns: []column[catalog.SpecialProcedure]{
	required(textCol("程序名称", 24, func(s *catalog.SpecialProcedure) *string { return &s.Name })),
	intCol("时限", 8, false, func(s *catalog.SpecialProcedure) *int { return &s.Days }),
	codeCol("时限单位", 12, catalog.TableStatutoryUnit, func(s *catalog.SpecialProcedure) *string { return &s.Unit }),
	textCol("说明", 40, func(s *catalog.SpecialProcedure) *string { return &s.Description }),
}}

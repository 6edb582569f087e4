package catalogxlsx_test

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/tongban/tongban/internal/catalog"
	"github.com/tongban/tongban/internal/catalogxlsx"
	"github.com/tongban/tongban/internal/platform/apperr"
)

// sample is a small catalog with every kind of element filled in.
func sample() []catalog.Item {
	full := catalog.Elements{
		Name: "食品经营许可（新办）", MainItem: "食品经营许可", BusinessItem: "新办", ItemType: "01", CatalogCode: "000120003000",
		ImplCode: "11620825MB0000000X4000120003000", LocalCode: "GS-0001", UseLevel: 4, ServiceObjects: []int{1, 2},
		LegalBasis: []string{"《中华人民共和国食品安全法》第三十五条", "《食品经营许可和备案管理办法》"}, AcceptConditions: "有与经营的食品品种相适应的场所。",
		StatutoryDays: 10, StatutoryUnit: "工作日", PromisedDays: 5, DeadlineNote: "现场核查时间不计算在内", ProjectType: 2,
		VisitsRequired: 1, VisitsReason: "现场核查", OnlineDepth: []int{1, 2, 3, 4}, InHall: true, HallWindow: "商事登记",
		ExpressSupported: true, HandleRange: "4", Address: "庄浪县政务服务中心 2 号窗口", Hours: "工作日 8:30–18:00",
		ConsultPhone: "0933-6621234", ComplaintPhone: "12345",
		Fee: catalog.Fee{Charged: true, PayOnline: true, Items: []catalog.FeeItem{{Name: "工本费", Standard: "10元", Basis: "发改价格规〔2016〕2559号"}}, Note: "（待核）"},
		Materials: []catalog.Material{
			{Name: "申请书", Required: catalog.MaterialRequired, Form: "原件", Copies: 1, Source: "申请人自备", BlankForm: true, SampleForm: true},
			{Name: "营业执照", Required: catalog.MaterialConditional, Condition: "已办理营业执照的", Form: "复印件", Copies: 2, Source: "政府部门核发", LicenseTypeID: "business-license"},
			{Name: "其他材料", Required: catalog.MaterialOptional, Form: "电子", Copies: 1, Source: "其他"},
		},
		Process:           []catalog.Step{{Step: "受理", Days: 0}, {Step: "审查", Days: 3}, {Step: "决定", Days: 2}},
		Result:            catalog.Result{Name: "食品经营许可证", Type: "出证办结", LicenseTypeID: "food-license"},
		FAQ:               []catalog.QA{{Q: "要多久？", A: "5 个工作日。"}, {Q: "收费吗？", A: "不收费。"}},
		SpecialProcedures: []catalog.SpecialProcedure{{Name: "现场核查", Days: 10, Unit: "工作日", Description: "不计入办理时限"}},
		Keywords:          []string{"开饭店", "食品许可证"}, Topics: []string{"开办企业", "医疗卫生"}, LifeEvents: []string{"开店"}, HighFrequency: true,
	}
	bare := catalog.Elements{Name: "最简事项", ItemType: "20", PromisedDays: 0, ProjectType: 1}
	return []catalog.Item{{Slug: "food-biz-license", Draft: full}, {Slug: "bare-item", Draft: bare}}
}

func export(t *testing.T, items []catalog.Item) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := catalogxlsx.Export(&buf, items, catalog.DefaultCodes()); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// edit opens a workbook, lets fn change it and returns the saved bytes.
func edit(t *testing.T, file []byte, fn func(f *excelize.File)) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fn(f)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func parseBytes(t *testing.T, file []byte) ([]catalogxlsx.Row, []string) {
	t.Helper()
	rows, errs, err := catalogxlsx.Parse(bytes.NewReader(file), catalog.DefaultCodes())
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	var out []string
	for _, e := range errs {
		out = append(out, fmt.Sprintf("%s %d %s %s %v", e.Sheet, e.Row, e.Column, e.Key, e.Args))
	}
	return rows, out
}

func TestSampleRoundTrip(t *testing.T) {
	t.Parallel()
	items := sample()
	rows, errs := parseBytes(t, export(t, items))
	if len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	sameDrafts(t, "sample", items, rows)
	if rows[0].Line != 2 || rows[1].Line != 3 {
		t.Errorf("lines %d, %d; want 2, 3", rows[0].Line, rows[1].Line)
	}
}

func TestParseCells(t *testing.T) {
	t.Parallel()
	file := edit(t, export(t, sample()), func(f *excelize.File) {
		set := func(sheet, cell string, v any) {
			if err := f.SetCellValue(sheet, cell, v); err != nil {
				t.Fatal(err)
			}
		}
		set("事项", "B3", "")                 // 事项名称 required
		set("事项", "O2", "5天")               // 承诺办结时限
		set("事项", "Q3", -1)                 // 到办事现场次数
		set("事项", "T2", "对")                // 是否进驻大厅
		set("事项", "J2", "自然人、外国人")          // 服务对象
		set("事项", "AI2", "受理、审查:3")         // 办理流程
		set("事项", "A4", "food-biz-license") // a duplicate row
		set("事项", "B4", "重复")
		set("事项", "E4", "行政许可")
		set("事项", "O4", 1)
		set("事项", "Q4", 0)
		set("材料", "D3", "可选")     // 必要性
		set("材料", "B4", "第三")     // 序号
		set("收费", "A2", "nobody") // unknown item
		set("常见问题", "D3", "")     // 解答 required
	})
	_, errs := parseBytes(t, file)
	want := []string{
		"事项 2 服务对象 xlsx.cell.label [外国人]",
		"事项 2 承诺办结时限 xlsx.cell.number [5天]",
		"事项 2 是否进驻大厅 xlsx.cell.yes_no [对]",
		"事项 2 办理流程 xlsx.cell.process [受理]",
		"事项 3 事项名称 xlsx.cell.required []",
		"事项 3 到办事现场次数 xlsx.cell.number [-1]",
		"事项 4 事项编码 xlsx.item.duplicate [food-biz-license 2]",
		"材料 3 必要性 xlsx.cell.label [可选]",
		"材料 4 序号 xlsx.cell.number [第三]",
		"收费 2 事项编码 xlsx.item.unknown [nobody]",
		"常见问题 3 解答 xlsx.cell.required []",
	}
	if !reflect.DeepEqual(errs, want) {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(errs, "\n"), strings.Join(want, "\n"))
	}
}

func TestParseLayout(t *testing.T) {
	t.Parallel()
	file := edit(t, export(t, sample()), func(f *excelize.File) {
		_ = f.DeleteSheet("特别程序")
		_ = f.SetCellValue("收费", "C1", "项目")   // 收费项目 renamed
		_ = f.SetCellValue("常见问题", "E1", "问题") // 问题 twice
		_ = f.SetCellValue("事项", "AO1", "备注")  // a column of one's own is fine
		_ = f.SetCellValue("事项", "AO2", "请核对")
		_ = f.SetCellValue("事项", "AN1", "附注") // the newest column (申请时收取金额) may be missing
		_ = f.SetCellValue("事项", "AN2", "")
	})
	_, errs := parseBytes(t, file)
	want := []string{
		"收费 1 收费项目 xlsx.header.missing [收费项目]",
		"常见问题 1 问题 xlsx.header.duplicate [问题]",
		"特别程序 0  xlsx.sheet.missing [特别程序]",
	}
	if !reflect.DeepEqual(errs, want) {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(errs, "\n"), strings.Join(want, "\n"))
	}

	empty := edit(t, export(t, nil), func(*excelize.File) {})
	if _, errs := parseBytes(t, empty); !reflect.DeepEqual(errs, []string{"事项 2 事项编码 xlsx.sheet.empty []"}) {
		t.Errorf("empty workbook: %v", errs)
	}
	_, _, err := catalogxlsx.Parse(strings.NewReader("not a workbook"), catalog.DefaultCodes())
	if e := apperr.As(err); e == nil || e.Kind != apperr.Invalid || e.Key != "xlsx.file.unreadable" {
		t.Errorf("a text file: %v", err)
	}
}

// TestParseLenient reads what people type instead of what the export wrote:
// codes for labels, other separators, numbers stored as text, blank lines and
// child rows numbered to sit in between.
func TestParseLenient(t *testing.T) {
	t.Parallel()
	file := edit(t, export(t, sample()), func(f *excelize.File) {
		_ = f.SetCellValue("事项", "E2", "01")              // a code instead of 行政许可
		_ = f.SetCellValue("事项", "J2", "自然人，企业法人")        // another separator
		_ = f.SetCellValue("事项", "O2", "5")               // a number typed as text
		_ = f.SetCellValue("事项", "AI2", "受理：0、审查:3，决定:2") // full-width colon and comma
		_ = f.SetSheetRow("材料", "A6", &[]any{"food-biz-license", 0, "补充材料", "非必要", "", "电子", "", "其他", "", "否", "否"})
		_ = f.InsertRows("材料", 3, 1) // a blank line in between
	})
	rows, errs := parseBytes(t, file)
	if len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	items := sample()
	e := items[0].Draft
	extra := catalog.Material{Name: "补充材料", Required: catalog.MaterialOptional, Form: "电子", Source: "其他"}
	e.Materials = append([]catalog.Material{extra}, e.Materials...)
	if got := rows[0].Elements; !reflect.DeepEqual(canonical(got), canonical(e)) {
		t.Errorf("differs: %v", catalog.Diff(e, got))
	}
}

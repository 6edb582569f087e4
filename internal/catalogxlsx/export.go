package catalogxlsx

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"github.com/tongban/tongban/internal/catalog"
)

// validationRows is how far below the data the drop-downs reach, so rows a
// member of staff adds (a new material) get them too.
const validationRows = 2000

// Export writes the items' current drafts as a workbook in the layout of this
// package. Rows follow the order of items; child rows follow the order of the
// item's lists and are numbered from 1.
func Export(w io.Writer, items []catalog.Item, codes catalog.CodeTables) error {
	c := newCodec(codes)
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	if err := f.SetSheetName("Sheet1", SheetItems); err != nil {
		return err
	}
	var (
		elems []keyed[catalog.Elements]
		mats  []keyed[catalog.Material]
		fees  []keyed[catalog.FeeItem]
		faqs  []keyed[catalog.QA]
		procs []keyed[catalog.SpecialProcedure]
	)
	for i := range items {
		it := &items[i]
		e := &it.Draft
		elems = append(elems, keyed[catalog.Elements]{slug: it.Slug, v: e})
		mats = appendKeyed(mats, it.Slug, e.Materials)
		fees = appendKeyed(fees, it.Slug, e.Fee.Items)
		faqs = appendKeyed(faqs, it.Slug, e.FAQ)
		procs = appendKeyed(procs, it.Slug, e.SpecialProcedures)
	}
	lists := codeRanges(c)
	if err := writeSheet(f, st, c, lists, itemSheet, elems); err != nil {
		return err
	}
	if err := writeSheet(f, st, c, lists, materialSheet, mats); err != nil {
		return err
	}
	if err := writeSheet(f, st, c, lists, feeSheet, fees); err != nil {
		return err
	}
	if err := writeSheet(f, st, c, lists, faqSheet, faqs); err != nil {
		return err
	}
	if err := writeSheet(f, st, c, lists, procedureSheet, procs); err != nil {
		return err
	}
	if err := writeCodeSheet(f, st, c); err != nil {
		return err
	}
	if idx, err := f.GetSheetIndex(SheetItems); err == nil {
		f.SetActiveSheet(idx)
	}
	return f.Write(w)
}

// keyed is one row of a sheet: the item it belongs to, its number within the
// item (child sheets), and its value.
type keyed[T any] struct {
	slug string
	seq  int
	line int // the row as Excel numbers it, when read
	v    *T
}

func appendKeyed[T any](out []keyed[T], slug string, vs []T) []keyed[T] {
	for i := range vs {
		out = append(out, keyed[T]{slug: slug, seq: i + 1, v: &vs[i]})
	}
	return out
}

// styles are the workbook's cell styles.
type styles struct {
	header, body, text int
}

func newStyles(f *excelize.File) (styles, error) {
	var st styles
	var err error
	border := []excelize.Border{{Type: "left", Color: "B7C3D0", Style: 1}, {Type: "right", Color: "B7C3D0", Style: 1},
		{Type: "top", Color: "B7C3D0", Style: 1}, {Type: "bottom", Color: "B7C3D0", Style: 1}}
	if st.header, err = f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true, Color: "1F3864"},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DCE6F1"}},
		Border:    border,
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: true},
	}); err != nil {
		return st, err
	}
	if st.body, err = f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}); err != nil {
		return st, err
	}
	// Number format 49 is "@" (text): a phone number or code typed into the
	// column keeps its leading zeros and is not turned into a number.
	st.text, err = f.NewStyle(&excelize.Style{NumFmt: 49, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	return st, err
}

// codeRanges returns where each list of the 代码表 sheet lies, for the
// drop-downs: one list per column, title in row 1.
func codeRanges(c codec) map[string]string {
	ranges := map[string]string{}
	for i, list := range codeSheetLists {
		col, _ := excelize.ColumnNumberToName(i + 1)
		ranges[list] = fmt.Sprintf("'%s'!$%s$2:$%s$%d", SheetCodes, col, col, len(c.labels(list))+1)
	}
	return ranges
}

// writeCodeSheet writes the 代码表 sheet the drop-downs refer to. It also
// tells staff which labels the multi-value columns accept.
func writeCodeSheet(f *excelize.File, st styles, c codec) error {
	if _, err := f.NewSheet(SheetCodes); err != nil {
		return err
	}
	for i, list := range codeSheetLists {
		col, _ := excelize.ColumnNumberToName(i + 1)
		values := []any{listTitle[list]}
		for _, l := range c.labels(list) {
			values = append(values, l)
		}
		if err := f.SetSheetCol(SheetCodes, col+"1", &values); err != nil {
			return err
		}
		if err := f.SetColWidth(SheetCodes, col, col, 16); err != nil {
			return err
		}
	}
	last, _ := excelize.ColumnNumberToName(len(codeSheetLists))
	if err := f.SetCellStyle(SheetCodes, "A1", last+"1", st.header); err != nil {
		return err
	}
	return f.SetPanes(SheetCodes, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
}

// writeSheet streams one sheet: drop-downs and widths first (the stream writer
// needs them before any row), then the frozen header row and the data.
func writeSheet[T any](f *excelize.File, st styles, c codec, lists map[string]string, s sheetDef[T], rows []keyed[T]) error {
	if s.name != SheetItems {
		if _, err := f.NewSheet(s.name); err != nil {
			return err
		}
	}
	first := 2 // the first column after the keys
	if s.seq {
		first = 3
	}
	lastRow := len(rows) + 1 + validationRows
	for i, col := range s.columns {
		if col.list == "" {
			continue
		}
		name, _ := excelize.ColumnNumberToName(first + i)
		dv := excelize.NewDataValidation(true)
		dv.SetSqref(fmt.Sprintf("%s2:%s%d", name, name, lastRow))
		dv.SetSqrefDropList(lists[col.list])
		dv.SetError(excelize.DataValidationErrorStyleStop, col.header, "请从下拉列表中选择（见“"+SheetCodes+"”表）。")
		if err := f.AddDataValidation(s.name, dv); err != nil {
			return err
		}
	}
	sw, err := f.NewStreamWriter(s.name)
	if err != nil {
		return err
	}
	// Freeze the header row, and on the 事项 sheet the code and name columns.
	panes := &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}
	if s.name == SheetItems {
		panes = &excelize.Panes{Freeze: true, XSplit: 2, YSplit: 1, TopLeftCell: "C2", ActivePane: "bottomRight"}
	}
	if err := sw.SetPanes(panes); err != nil {
		return err
	}
	if err := sw.SetColWidth(1, 1, 22); err != nil {
		return err
	}
	if s.seq {
		if err := sw.SetColWidth(2, 2, 6); err != nil {
			return err
		}
	}
	styleOf := make([]int, len(s.columns))
	for i, col := range s.columns {
		styleOf[i] = st.body
		if col.text {
			styleOf[i] = st.text
		}
		if err := sw.SetColWidth(first+i, first+i, col.width); err != nil {
			return err
		}
		if err := sw.SetColStyle(first+i, first+i, styleOf[i]); err != nil {
			return err
		}
	}
	if err := sw.SetColStyle(1, 1, st.text); err != nil {
		return err
	}
	header := make([]any, 0, len(s.columns)+2)
	for _, h := range s.headers() {
		header = append(header, excelize.Cell{StyleID: st.header, Value: h})
	}
	if err := sw.SetRow("A1", header, excelize.RowOpts{Height: 30}); err != nil {
		return err
	}
	for n, r := range rows {
		values := make([]any, 0, len(s.columns)+2)
		values = append(values, excelize.Cell{StyleID: st.text, Value: r.slug})
		if s.seq {
			values = append(values, excelize.Cell{StyleID: st.body, Value: r.seq})
		}
		for i, col := range s.columns {
			values = append(values, excelize.Cell{StyleID: styleOf[i], Value: col.get(c, r.v)})
		}
		cell, _ := excelize.CoordinatesToCellName(1, n+2)
		if err := sw.SetRow(cell, values); err != nil {
			return err
		}
	}
	return sw.Flush()
}

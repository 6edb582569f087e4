package catalogxlsx

import (
	"io"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/tongban/tongban/internal/catalog"
	"github.com/tongban/tongban/internal/platform/apperr"
)

// Row is one item read from a workbook: its slug, the row of the 事项 sheet it
// came from, and its complete elements (with the child sheets' rows).
type Row struct {
	Line     int // the row on the 事项 sheet, as Excel numbers it
	Slug     string
	Elements catalog.Elements
}

// RowError is one problem in a workbook: where it is — the sheet, the row as
// Excel numbers it, the column header — and what, as a message key with
// arguments for the edge to translate. Row 1 is the header row; a missing
// sheet has row 0.
type RowError struct {
	Sheet  string
	Row    int
	Column string
	Key    string
	Args   []any
}

// unzipLimit bounds what a workbook may expand to, against zip bombs.
const unzipLimit = 256 << 20

// Parse reads a workbook in the layout of this package and checks every row:
// headers, required cells, numbers, labels from the code tables, duplicate
// item codes and child rows whose item is not on the 事项 sheet. The rows are
// complete only when no RowError comes back; the error is for a file that is
// not a workbook at all.
func Parse(r io.Reader, codes catalog.CodeTables) ([]Row, []RowError, error) {
	f, err := excelize.OpenReader(r, excelize.Options{RawCellValue: true, UnzipSizeLimit: unzipLimit})
	if err != nil {
		return nil, nil, apperr.Wrap(apperr.Invalid, "xlsx.file.unreadable", err)
	}
	defer f.Close()
	p := &parser{f: f, c: newCodec(codes)}
	items, err := readSheet(p, itemSheet)
	if err != nil {
		return nil, nil, err
	}
	var rows []Row
	bySlug := map[string]int{} // slug → index in rows
	for _, k := range items {
		if first, dup := bySlug[k.slug]; dup {
			p.fail(SheetItems, k.line, ColSlug, "xlsx.item.duplicate", k.slug, rows[first].Line)
			continue
		}
		bySlug[k.slug] = len(rows)
		rows = append(rows, Row{Line: k.line, Slug: k.slug, Elements: *k.v})
	}
	if len(items) == 0 && !p.failed(SheetItems) {
		p.fail(SheetItems, 2, ColSlug, "xlsx.sheet.empty")
	}
	if err := readChildren(p, materialSheet, rows, bySlug, func(e *catalog.Elements, m catalog.Material) { e.Materials = append(e.Materials, m) }); err != nil {
		return nil, nil, err
	}
	if err := readChildren(p, feeSheet, rows, bySlug, func(e *catalog.Elements, x catalog.FeeItem) { e.Fee.Items = append(e.Fee.Items, x) }); err != nil {
		return nil, nil, err
	}
	if err := readChildren(p, faqSheet, rows, bySlug, func(e *catalog.Elements, q catalog.QA) { e.FAQ = append(e.FAQ, q) }); err != nil {
		return nil, nil, err
	}
	if err := readChildren(p, procedureSheet, rows, bySlug, func(e *catalog.Elements, s catalog.SpecialProcedure) {
		e.SpecialProcedures = append(e.SpecialProcedures, s)
	}); err != nil {
		return nil, nil, err
	}
	slices.SortStableFunc(p.errs, func(a, b RowError) int {
		if c := slices.Index(sheetOrder, a.Sheet) - slices.Index(sheetOrder, b.Sheet); c != 0 {
			return c
		}
		return a.Row - b.Row
	})
	return rows, p.errs, nil
}

var sheetOrder = []string{SheetItems, SheetMaterials, SheetFees, SheetFAQ, SheetProcedures}

// parser collects the problems of one workbook.
type parser struct {
	f    *excelize.File
	c    codec
	errs []RowError
}

func (p *parser) fail(sheet string, row int, column, key string, args ...any) {
	p.errs = append(p.errs, RowError{Sheet: sheet, Row: row, Column: column, Key: key, Args: args})
}

// failed reports whether sheet already has a problem (a missing sheet or header).
func (p *parser) failed(sheet string) bool {
	for _, e := range p.errs {
		if e.Sheet == sheet {
			return true
		}
	}
	return false
}

// readChildren reads a child sheet and appends each row, in 序号 order, to
// the elements of its item.
func readChildren[T any](p *parser, s sheetDef[T], rows []Row, bySlug map[string]int, add func(*catalog.Elements, T)) error {
	recs, err := readSheet(p, s)
	if err != nil {
		return err
	}
	// Staff may add a row at the bottom and number it to sit in between:
	// order by 序号, keeping the sheet's order among equal numbers.
	slices.SortStableFunc(recs, func(a, b keyed[T]) int { return a.seq - b.seq })
	for _, k := range recs {
		i, ok := bySlug[k.slug]
		if !ok {
			p.fail(s.name, k.line, ColSlug, "xlsx.item.unknown", k.slug)
			continue
		}
		add(&rows[i].Elements, *k.v)
	}
	return nil
}

// readSheet reads every non-blank row of a sheet, checking each cell. Rows
// with problems are still returned (their slug matters to the child sheets);
// a sheet that is missing or whose headers are wrong yields no rows.
func readSheet[T any](p *parser, s sheetDef[T]) ([]keyed[T], error) {
	if idx, err := p.f.GetSheetIndex(s.name); err != nil || idx < 0 {
		p.fail(s.name, 0, "", "xlsx.sheet.missing", s.name)
		return nil, nil
	}
	cells, err := p.f.GetRows(s.name)
	if err != nil {
		return nil, apperr.Wrap(apperr.Invalid, "xlsx.file.unreadable", err)
	}
	if len(cells) == 0 {
		cells = [][]string{nil}
	}
	at, ok := p.headerIndex(s.name, s.headers(), s.optionalHeaders(), cells[0])
	if !ok {
		return nil, nil
	}
	cell := func(row []string, header string) string {
		i, found := at[header]
		if !found || i >= len(row) {
			return ""
		}
		return strings.TrimSpace(strings.ReplaceAll(row[i], "\r\n", "\n"))
	}
	var out []keyed[T]
	for n, row := range cells[1:] {
		line := n + 2
		if blank(row) {
			continue
		}
		k := keyed[T]{slug: cell(row, ColSlug), line: line, v: new(T)}
		if k.slug == "" {
			p.fail(s.name, line, ColSlug, "xlsx.cell.required")
		}
		if s.seq {
			if v := cell(row, ColSeq); v == "" {
				k.seq = 1 << 30 // unnumbered rows go last, in sheet order
			} else if n, prob := readInt(v); prob != nil {
				p.fail(s.name, line, ColSeq, prob.key, prob.args...)
			} else {
				k.seq = n
			}
		}
		for _, col := range s.columns {
			v := cell(row, col.header)
			if v == "" && col.required {
				p.fail(s.name, line, col.header, "xlsx.cell.required")
				continue
			}
			if prob := col.set(p.c, k.v, v); prob != nil {
				p.fail(s.name, line, col.header, prob.key, prob.args...)
			}
		}
		if k.slug != "" {
			out = append(out, k)
		}
	}
	return out, nil
}

// headerIndex finds each expected header in the first row. Columns staff add
// (a note) are ignored; a missing or repeated header is a problem, and the
// sheet's rows are not read then, because no cell could be trusted.
func (p *parser) headerIndex(sheet string, want, optional, row []string) (map[string]int, bool) {
	at := map[string]int{}
	ok := true
	for i, h := range row {
		h = strings.TrimSpace(h)
		if !slices.Contains(want, h) {
			continue
		}
		if _, dup := at[h]; dup {
			p.fail(sheet, 1, h, "xlsx.header.duplicate", h)
			ok = false
			continue
		}
		at[h] = i
	}
	for _, h := range want {
		if _, found := at[h]; !found && !slices.Contains(optional, h) {
			p.fail(sheet, 1, h, "xlsx.header.missing", h)
			ok = false
		}
	}
	return at, ok
}

func blank(row []string) bool {
	for _, c := range row {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

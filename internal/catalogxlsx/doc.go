// Package catalogxlsx moves implementation lists (实施清单) in and out of Excel
// workbooks, so a department can review and edit its items in a spreadsheet.
//
// The layout (layout.go) is one sheet per element group — 事项 (one row per
// item), 材料, 收费, 常见问题 and 特别程序, keyed by 事项编码 (the item's slug) —
// with the standard's Chinese element names as headers, labels instead of codes,
// and drop-down lists taken from the code tables (sheet 代码表). Export writes a
// workbook with the stream writer; Parse reads one back and checks every row,
// returning row errors that name the sheet, the row as Excel numbers it, the
// column and a message key. Parsing never touches the database: the catalog
// module's Manager.ImportDrafts decides what the rows may change.
package catalogxlsx

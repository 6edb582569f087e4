// Package guide turns a published catalog item into its public guide (办事指南):
// one Guide value in display form that the HTML page, the JSON API and the PDF
// all render, so every channel shows the same text (数据同源). It also assembles
// the public views of 一件事 bundles and the catalog navigation's item
// summaries. It is an edge package: it reads the catalog, license, bundle and
// region modules and owns no data.
package guide

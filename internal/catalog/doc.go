// Package catalog owns the government service item catalog (事项管理): basic
// catalog entries (基本目录) issued by upper levels, implementation lists (实施清单:
// one item implemented by one department in one region) with their full element
// set, the claim → compile → submit → review → publish lifecycle, immutable
// published versions with diffs, suspension and cancellation, and the quality
// checks (质检) that keep guides accurate.
//
// An item's elements are one value (Elements), stored whole as a draft and as
// each published version. Everything that refers to an item — a guide, a search
// hit, a case later — refers to a published version, so what a citizen read is
// what they applied under.
package catalog

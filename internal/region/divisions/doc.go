// Package divisions embeds the National Bureau of Statistics administrative
// divisions (统计用区划代码, 2023 edition, via the modood
// Administrative-divisions-of-China dataset) in the binary, so that region
// pickers, identity checks and data scoping work without a network or a
// database seed.
//
// Codes are strings of digits whose length gives the level: province 2,
// city (地级) 4, county (县级) 6, township (乡级) 9 and village (村级) 12.
// Every level's code extends its parent's code, so a code's ancestors are its
// prefixes. The 2023 edition is the last one NBS published; later changes,
// and all villages, are maintained by administrators elsewhere, and
// ValidChildCode checks the codes they enter.
//
// Only 甘肃省 (62) townships are embedded (see data/README.md); for other
// provinces the tree stops at county level. Villages are never embedded.
package divisions

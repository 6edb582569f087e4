// Package search is the one search box of every channel: an in-memory index of
// the published catalog (items and 一件事 bundles) on each node, rebuilt from the
// database at start and kept current by following the catalog's change feed.
//
// Chinese text is analysed without a segmentation library: character bigrams
// (a lone character is its own unigram), the pinyin syllables of names and
// keywords (so "kaifandian", "spjy" and homophone typos such as 营业直照 find
// what was meant), and the synonyms and colloquial phrases administrators keep
// (开饭店 → 食品经营许可). Scores are normalised to [0, 1] so that a query
// without a good answer is recognised: it is logged as a miss and the citizen is
// shown best guesses, never a confident wrong answer.
//
// search is an edge package, like web and api: it reads the catalog, bundle and
// region modules through small interfaces and owns the synonym and miss tables
// through its Store, which package store implements.
package search

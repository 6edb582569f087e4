package search

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Synonym maps a phrase citizens use to the terms the catalog uses: 开饭店 →
// 食品经营许可 个体工商户设立登记. Target holds one or more terms separated by
// spaces; a query containing the phrase is also searched for each term.
type Synonym struct {
	ID         int64
	RegionCode string // where it applies: this region and every region below
	Phrase     string
	Target     string
	CreatedAt  time.Time
}

// Targets splits Target into its terms.
func (s Synonym) Targets() []string { return strings.Fields(s.Target) }

// Limits of a synonym's text.
const (
	maxPhraseRunes = 32
	maxTargetRunes = 200
)

// DefaultSynonyms are the colloquial phrases an install starts with: what
// people say at the window, mapped to the names of the items they mean.
var DefaultSynonyms = []struct{ Phrase, Target string }{
	{"开饭店", "食品经营许可 个体工商户设立登记"},
	{"开餐馆", "食品经营许可 个体工商户设立登记"},
	{"开店", "个体工商户设立登记 营业执照"},
	{"开公司", "企业设立登记"},
	{"办营业执照", "个体工商户设立登记 营业执照"},
	{"营业执照", "个体工商户设立登记 企业设立登记"},
	{"生孩子", "出生医学证明 出生登记"},
	{"生小孩", "出生医学证明 出生登记"},
	{"上户口", "出生登记 户口迁入登记"},
	{"办退休", "退休"},
	{"退休手续", "退休"},
	{"房子过户", "不动产转移登记 二手房"},
	{"买房", "商品房办房产证 二手房过户 契税"},
	{"房产证", "不动产登记"},
	{"结婚", "结婚登记"},
	{"离婚", "离婚登记"},
	{"身份证丢了", "居民身份证补领"},
	{"驾照", "驾驶证"},
	{"老人去世", "死亡注销户口 丧葬补助金"},
	{"社保", "社会保险"},
	{"医保", "基本医疗保险"},
	{"公积金", "住房公积金"},
}

// synonym is a Synonym prepared for matching.
type synonym struct {
	region  string
	phrase  string // compact
	spelled string // full pinyin of the phrase
	syl     string // syllables of the phrase, " kai fan dian "
	targets []string
}

// SetSynonyms replaces the synonyms the index applies. home is the install's
// region, whose synonyms apply to a query that names no region.
func (x *Index) SetSynonyms(list []Synonym, home string) {
	syns := make([]synonym, 0, len(list))
	for _, s := range list {
		segs := segments(s.Phrase)
		p := compactOf(segs)
		if p == "" || len(s.Targets()) == 0 {
			continue
		}
		full, _ := spelled(segs)
		syns = append(syns, synonym{region: s.RegionCode, phrase: p, spelled: full, syl: joinSyllables(syllablesOf(segs)), targets: s.Targets()})
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	x.syns, x.homes = syns, home
}

// validSynonym checks an administrator's input; it returns the field at fault
// and the message key, or "" when the synonym is fine.
func validSynonym(phrase, target string) (field, key string) {
	switch {
	case normalize(phrase) == "":
		return "phrase", "form.required"
	case utf8.RuneCountInString(phrase) > maxPhraseRunes:
		return "phrase", "search.synonym.too_long"
	case len(strings.Fields(target)) == 0:
		return "target", "form.required"
	case utf8.RuneCountInString(target) > maxTargetRunes:
		return "target", "search.synonym.too_long"
	}
	return "", ""
}

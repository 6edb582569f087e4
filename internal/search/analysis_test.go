package search

import (
	"fmt"
	"slices"
	"testing"
)

func TestNormalize(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"食品经营许可（新办）": "食品经营许可新办",
		"  ＫＴＶ 开业 ":  "ktv开业",
		"开KTV":       "开ktv",
		"4050补贴":     "4050补贴",
		"、，。！":       "",
	} {
		if got := normalize(in); got != want {
			t.Errorf("normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCharGrams(t *testing.T) {
	t.Parallel()
	got := charGrams(segments("开饭店、办 证 KTV"), false)
	want := []string{"开饭", "饭店", "办", "证", "ktv"}
	if !slices.Equal(got, want) {
		t.Errorf("grams %v, want %v", got, want)
	}
	if got := charGrams(segments("出生"), true); !slices.Equal(got, []string{"出生", "出", "生"}) {
		t.Errorf("with unigrams: %v", got)
	}
}

func TestPinyin(t *testing.T) {
	t.Parallel()
	full, ini := spelled(segments("食品经营许可"))
	if full != "shipinjingyingxuke" || ini != "spjyxk" {
		t.Errorf("spelled = %q %q", full, ini)
	}
	if full, ini := spelled(segments("开KTV")); full != "kaiktv" || ini != "kktv" {
		t.Errorf("spelled with letters = %q %q", full, ini)
	}
	// Homophones read alike: the point of matching on syllables.
	a, b := joinSyllables(syllablesOf(segments("营业直照"))), joinSyllables(syllablesOf(segments("营业执照")))
	if a != b || a != " ying ye zhi zhao " {
		t.Errorf("%q vs %q", a, b)
	}
	for in, want := range map[string]string{
		"kaifandian":     "kai fan dian",
		"shipinjingying": "shi pin jing ying",
		"xian":           "xian",
		"lvse":           "lv se",
	} {
		got, ok := splitPinyin(in)
		if !ok || fmt.Sprint(got) != "["+want+"]" {
			t.Errorf("splitPinyin(%q) = %v %v, want %s", in, got, ok, want)
		}
	}
	for _, in := range []string{"spjy", "ktv", "x"} {
		if got, ok := splitPinyin(in); ok {
			t.Errorf("splitPinyin(%q) = %v, want no split", in, got)
		}
	}
}

func TestTolerance(t *testing.T) {
	t.Parallel()
	if substitutionTier("食品经营许克", "食品经营许可新办", 0.8, 0.7) == 0 {
		t.Error("one substituted character not tolerated")
	}
	if substitutionTier("食品经营特克", "食品经营许可新办", 0.8, 0.7) != 0 {
		t.Error("two substituted characters tolerated")
	}
	x := NewIndex()
	x.Put(Doc{Kind: KindItem, ID: 1, Slug: "food", Name: "食品经营许可", Keywords: []string{"开饭店"}})
	for q, want := range map[string]bool{"我想开饭店": true, "我想开个饭店": true, "开了两个饭店": false} {
		if got := x.Search(Query{Text: q}).GoodMatch; got != want {
			t.Errorf("%s: good match %v, want %v", q, got, want)
		}
	}
}

// TestIndexUpdates replaces, removes and compacts, and the answers follow.
func TestIndexUpdates(t *testing.T) {
	t.Parallel()
	x := NewIndex()
	for i := range 2000 {
		x.Put(Doc{Kind: KindItem, ID: int64(i + 1), Slug: fmt.Sprintf("item-%d", i), Name: fmt.Sprintf("测试事项%d号登记", i)})
	}
	x.Put(Doc{Kind: KindItem, ID: 5000, Slug: "target", Name: "食品小作坊登记", Keywords: []string{"豆腐坊"}})
	if res := x.Search(Query{Text: "豆腐坊"}); !res.GoodMatch || res.Hits[0].Slug != "target" {
		t.Fatalf("before: %+v", res.Hits)
	}
	x.Put(Doc{Kind: KindItem, ID: 5000, Slug: "target", Name: "食品小作坊登记", Keywords: []string{"凉皮作坊"}})
	if res := x.Search(Query{Text: "豆腐坊"}); res.GoodMatch {
		t.Errorf("old keyword still matches: %+v", res.Hits)
	}
	if res := x.Search(Query{Text: "凉皮作坊"}); !res.GoodMatch || res.Hits[0].Slug != "target" {
		t.Errorf("new keyword: %+v", res.Hits)
	}
	for i := range 1500 { // enough dead slots to compact
		x.Remove(ItemKey(int64(i + 1)))
	}
	if x.Len() != 501 || len(x.docs) > 1000 {
		t.Errorf("len %d, %d slots after removals, want 501 and a compaction", x.Len(), len(x.docs))
	}
	if res := x.Search(Query{Text: "测试事项1999号登记"}); len(res.Hits) == 0 || res.Hits[0].Slug != "item-1999" || res.Hits[0].Score != 1 {
		t.Errorf("after compaction: %+v", res.Hits)
	}
	if res := x.Search(Query{Text: "测试事项10号登记"}); len(res.Hits) > 0 && res.Hits[0].Slug == "item-10" {
		t.Error("a removed document is found")
	}
	if got := x.Suggest("食品小", 5); len(got) != 1 || got[0].Slug != "target" {
		t.Errorf("suggest after compaction: %+v", got)
	}
}

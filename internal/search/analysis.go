package search

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/mozillazg/go-pinyin"
)

// segment is a run of text of one script: Chinese characters, or ASCII letters
// and digits (lower-cased). Everything else — punctuation, brackets, spaces —
// separates segments, so that （新办） and 新办 analyse alike.
type segment struct {
	runes []rune
	han   bool
}

// maxQueryRunes bounds what a query analyses; nobody types more to find a service.
const maxQueryRunes = 64

// isHan reports whether r is a Chinese character.
func isHan(r rune) bool { return r >= 0x3400 && unicode.Is(unicode.Han, r) }

// fold maps full-width ASCII to ASCII and upper case to lower case, so that
// ＫＴＶ, KTV and ktv are one word.
func fold(r rune) rune {
	if r >= 0xFF01 && r <= 0xFF5E {
		r -= 0xFEE0
	}
	if r >= 'A' && r <= 'Z' {
		r += 'a' - 'A'
	}
	return r
}

func isWordRune(r rune) bool { return r >= 'a' && r <= 'z' || r >= '0' && r <= '9' }

// segments splits normalised text into runs of one script.
func segments(s string) []segment {
	var out []segment
	var cur []rune
	curHan := false
	flush := func() {
		if len(cur) > 0 {
			out = append(out, segment{runes: cur, han: curHan})
			cur = nil
		}
	}
	for _, r := range s {
		r = fold(r)
		han := isHan(r)
		if !han && !isWordRune(r) {
			flush()
			continue
		}
		if len(cur) > 0 && han != curHan {
			flush()
		}
		curHan = han
		cur = append(cur, r)
	}
	flush()
	return out
}

// compactOf is the text with separators removed: what exact, prefix and
// containment matches compare.
func compactOf(segs []segment) string {
	var b strings.Builder
	for _, sg := range segs {
		for _, r := range sg.runes {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// normalize is compactOf(segments(s)).
func normalize(s string) string { return compactOf(segments(s)) }

// charGrams are the character terms of text: bigrams of each Chinese run (a
// run of one character is a unigram), each ASCII run as one word. With
// unigrams, every Chinese character is also a term (names only, so that a
// one-character query still finds something).
func charGrams(segs []segment, unigrams bool) []string {
	var out []string
	for _, sg := range segs {
		if !sg.han {
			out = append(out, string(sg.runes))
			continue
		}
		if len(sg.runes) == 1 {
			out = append(out, string(sg.runes))
			continue
		}
		for i := 0; i+1 < len(sg.runes); i++ {
			out = append(out, string(sg.runes[i:i+2]))
		}
		if unigrams {
			for _, r := range sg.runes {
				out = append(out, string(r))
			}
		}
	}
	return out
}

// pinyinTable maps each Chinese character to its most common toneless reading
// (绿 → lv), and knows every syllable, for segmenting typed pinyin.
var pinyinTable = sync.OnceValue(func() *pinyinData {
	d := &pinyinData{of: make(map[rune]string, len(pinyin.PinyinDict)), syllables: map[string]bool{}}
	args := pinyin.NewArgs()
	for code := range pinyin.PinyinDict {
		r := rune(code)
		p := pinyin.SinglePinyin(r, args)
		if len(p) == 0 || p[0] == "" {
			continue
		}
		d.of[r] = p[0]
		if strings.ContainsAny(p[0], "aeiouv") && len(p[0]) > d.longest {
			d.longest = len(p[0])
		}
		if strings.ContainsAny(p[0], "aeiouv") {
			d.syllables[p[0]] = true
		}
	}
	return d
})

type pinyinData struct {
	of        map[rune]string
	syllables map[string]bool // with a vowel: "n", "hm" are not typed as pinyin
	longest   int
}

// syllable returns the pinyin of a Chinese character, or the character itself
// when the table lacks it (so positions still line up).
func syllable(r rune) string {
	if s, ok := pinyinTable().of[r]; ok {
		return s
	}
	return string(r)
}

// syllablesOf turns text into a sequence of syllables: each Chinese character
// becomes its pinyin, each ASCII run stays a word. Segment boundaries are kept
// as separate sequences so that no syllable pair crosses punctuation.
func syllablesOf(segs []segment) [][]string {
	var out [][]string
	for _, sg := range segs {
		if !sg.han {
			out = append(out, []string{string(sg.runes)})
			continue
		}
		seq := make([]string, len(sg.runes))
		for i, r := range sg.runes {
			seq[i] = syllable(r)
		}
		out = append(out, seq)
	}
	return out
}

// pinyinGrams are the pinyin terms of text: pairs of consecutive syllables in
// each run ("kai fan", "fan dian"); a one-syllable run is its own term.
func pinyinGrams(seqs [][]string, unigrams bool) []string {
	var out []string
	for _, seq := range seqs {
		if len(seq) == 1 {
			out = append(out, seq[0])
			continue
		}
		for i := 0; i+1 < len(seq); i++ {
			out = append(out, seq[i]+" "+seq[i+1])
		}
		if unigrams {
			out = append(out, seq...)
		}
	}
	return out
}

// spelled is text as a citizen may type it in pinyin: the full spelling without
// spaces (shipinjingyingxuke) and the initials (spjyxk). ASCII runs are kept
// whole in both.
func spelled(segs []segment) (full, initials string) {
	var f, i strings.Builder
	for _, sg := range segs {
		if !sg.han {
			f.WriteString(string(sg.runes))
			i.WriteString(string(sg.runes))
			continue
		}
		for _, r := range sg.runes {
			s := syllable(r)
			f.WriteString(s)
			if c, _ := utf8.DecodeRuneInString(s); c < utf8.RuneSelf {
				i.WriteByte(s[0])
			}
		}
	}
	return f.String(), i.String()
}

// joinSyllables is a syllable sequence as a space-delimited string with a
// space at each end, so that containment respects syllable boundaries.
func joinSyllables(seqs [][]string) string {
	var b strings.Builder
	b.WriteByte(' ')
	for _, seq := range seqs {
		for _, s := range seq {
			b.WriteString(s)
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// splitPinyin segments typed letters into syllables (kaifandian → kai fan
// dian), preferring fewer, longer syllables. It fails when the letters are not
// pinyin (initials such as spjy, English words).
func splitPinyin(s string) ([]string, bool) {
	t := pinyinTable()
	n := len(s)
	best := make([]int, n+1) // fewest syllables covering s[:i]; -1 = impossible
	from := make([]int, n+1)
	for i := 1; i <= n; i++ {
		best[i] = -1
		for l := min(t.longest, i); l >= 1; l-- {
			if best[i-l] < 0 || !t.syllables[s[i-l:i]] {
				continue
			}
			if c := best[i-l] + 1; best[i] < 0 || c < best[i] {
				best[i], from[i] = c, i-l
			}
		}
	}
	if n == 0 || best[n] < 0 {
		return nil, false
	}
	out := make([]string, best[n])
	for i, k := n, best[n]-1; i > 0; i, k = from[i], k-1 {
		out[k] = s[from[i]:i]
	}
	return out, true
}

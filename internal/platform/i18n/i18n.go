// Package i18n is the message catalogue: every user-facing string has a key and a
// Simplified Chinese text, with an English translation. Chinese is the default;
// a missing English text falls back to Chinese rather than to the key.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

//go:embed messages/*.json
var files embed.FS

// Languages supported, default first.
const (
	Chinese = "zh"
	English = "en"
)

// Catalog holds every message in every language.
type Catalog struct {
	msgs map[string]map[string]string // key → lang → text
}

// Load reads the embedded catalogue files. Each file maps key → {"zh": …, "en": …}.
func Load() (*Catalog, error) {
	entries, err := files.ReadDir("messages")
	if err != nil {
		return nil, err
	}
	c := &Catalog{msgs: map[string]map[string]string{}}
	for _, e := range entries {
		b, err := files.ReadFile("messages/" + e.Name())
		if err != nil {
			return nil, err
		}
		var m map[string]map[string]string
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, fmt.Errorf("%s: %w", e.Name(), err)
		}
		for k, v := range m {
			if _, dup := c.msgs[k]; dup {
				return nil, fmt.Errorf("%s: key %q defined twice", e.Name(), k)
			}
			if v[Chinese] == "" {
				return nil, fmt.Errorf("%s: key %q has no Chinese text", e.Name(), k)
			}
			c.msgs[k] = v
		}
	}
	return c, nil
}

// Lang normalises a language tag to a supported language.
func Lang(tag string) string {
	if strings.HasPrefix(strings.ToLower(strings.TrimSpace(tag)), "en") {
		return English
	}
	return Chinese
}

// Has reports whether key is in the catalogue.
func (c *Catalog) Has(key string) bool { _, ok := c.msgs[key]; return ok }

// T translates key into lang, substituting args fmt-style. An unknown key is
// returned as is, so a missing message is visible rather than blank.
func (c *Catalog) T(lang, key string, args ...any) string {
	m, ok := c.msgs[key]
	if !ok {
		return key
	}
	s := m[lang]
	if s == "" {
		s = m[Chinese]
	}
	// Only format when the message has verbs: an error may carry arguments that a
	// given language's text does not use.
	if len(args) > 0 && strings.Contains(s, "%") {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// Keys lists every key, sorted.
func (c *Catalog) Keys() []string {
	keys := make([]string, 0, len(c.msgs))
	for k := range c.msgs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Missing lists keys without a text in lang.
func (c *Catalog) Missing(lang string) []string {
	var out []string
	for _, k := range c.Keys() {
		if c.msgs[k][lang] == "" {
			out = append(out, k)
		}
	}
	return out
}

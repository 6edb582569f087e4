package hotline

import (
	"strings"
	"time"

	"github.com/tongban/tongban/internal/platform/apperr"
)

// Article is an entry of the operators' knowledge base (知识库): an answer
// an operator can give at once, linked to the service items it is about.
type Article struct {
	ID         int64
	RegionCode string
	Title      string
	Body       string
	Keywords   string
	Items      []ItemRef
	CreatedAt  time.Time
	UpdatedAt  time.Time
	UpdatedBy  string
}

// ItemRef is a published service item an article links to, by its slug.
type ItemRef struct {
	Slug string `json:"slug"`
	Name string `json:"name"`
}

// ArticleFilter selects articles.
type ArticleFilter struct {
	RegionPrefix string // articles of this region subtree
	Query        string // words of the title, keywords or body
	Limit        int
	Offset       int
}

// Article limits.
const (
	maxTitle    = 100
	maxBody     = 8000
	maxKeywords = 200
	maxItems    = 20
)

func (a *Article) normalize() {
	a.Title, a.Body, a.Keywords = strings.TrimSpace(a.Title), strings.TrimSpace(a.Body), strings.TrimSpace(a.Keywords)
}

func (a Article) validate() error {
	var fs []apperr.FieldError
	if a.Title == "" || len([]rune(a.Title)) > maxTitle {
		fs = append(fs, apperr.FieldError{Field: "title", Key: "hotline.text.length", Args: []any{maxTitle}})
	}
	if a.Body == "" || len([]rune(a.Body)) > maxBody {
		fs = append(fs, apperr.FieldError{Field: "body", Key: "hotline.text.length", Args: []any{maxBody}})
	}
	if len([]rune(a.Keywords)) > maxKeywords {
		fs = append(fs, apperr.FieldError{Field: "keywords", Key: "hotline.text.too_long", Args: []any{maxKeywords}})
	}
	if len(a.Items) > maxItems {
		fs = append(fs, apperr.FieldError{Field: "items", Key: "hotline.article.items", Args: []any{maxItems}})
	}
	return apperr.Fields(fs)
}

package hotline

import (
	"context"
	"strconv"
	"strings"

	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/principal"
)

// AuditArticle records a change of the knowledge base.
const AuditArticle = "hotline.article"

// readsKnowledge reports whether p may search the knowledge base: operators
// answer from it, departments and supervisors look things up, and its
// editors keep it.
func readsKnowledge(p principal.Principal) bool {
	return p.CanAnywhere(principal.ViewTickets) || p.CanAnywhere(principal.EditKnowledge)
}

// Articles searches the knowledge base of the home region: every word of
// the query in the title, keywords or body.
func (m *Manager) Articles(ctx context.Context, f ArticleFilter) ([]Article, int, error) {
	p, err := principal.RequireStaff(ctx)
	if err != nil {
		return nil, 0, err
	}
	if !readsKnowledge(p) {
		return nil, 0, apperr.Forbid()
	}
	f.RegionPrefix, f.Query = m.home, strings.TrimSpace(f.Query)
	if f.Limit <= 0 || f.Limit > maxList {
		f.Limit = 50
	}
	return m.store.SearchArticles(ctx, f)
}

// Article returns one article to staff who may read the knowledge base.
func (m *Manager) Article(ctx context.Context, id int64) (Article, error) {
	p, err := principal.RequireStaff(ctx)
	if err != nil {
		return Article{}, err
	}
	if !readsKnowledge(p) {
		return Article{}, apperr.Forbid()
	}
	return m.store.GetArticle(ctx, id)
}

// CanEditArticles reports whether the principal in ctx keeps the knowledge base.
func (m *Manager) CanEditArticles(ctx context.Context) bool {
	return principal.From(ctx).Can(principal.EditKnowledge, principal.Scope{RegionCode: m.home})
}

// SaveArticle adds (ID 0) or changes an article. itemSlugs name the
// published service items it links to; each must exist.
func (m *Manager) SaveArticle(ctx context.Context, a Article, itemSlugs []string) (Article, error) {
	p, err := principal.Authorize(ctx, principal.EditKnowledge, principal.Scope{RegionCode: m.home})
	if err != nil {
		return a, err
	}
	a.normalize()
	a.Items = nil
	var fs []apperr.FieldError
	for _, slug := range itemSlugs {
		if slug = strings.TrimSpace(slug); slug == "" {
			continue
		}
		name, err := m.items.ItemName(ctx, slug)
		if apperr.KindOf(err) == apperr.NotFound {
			fs = append(fs, apperr.FieldError{Field: "items", Key: "hotline.article.unknown_item", Args: []any{slug}})
			continue
		} else if err != nil {
			return a, err
		}
		a.Items = append(a.Items, ItemRef{Slug: slug, Name: name})
	}
	fs = append(fs, apperr.FieldErrors(a.validate())...)
	if err := apperr.Fields(fs); err != nil {
		return a, err
	}
	now := m.now()
	a.RegionCode, a.UpdatedAt, a.UpdatedBy = m.home, now, p.Name
	err = m.tx.InTx(ctx, func(ctx context.Context) error {
		if a.ID == 0 {
			a.CreatedAt = now
			if err := m.store.InsertArticle(ctx, &a); err != nil {
				return err
			}
		} else {
			old, err := m.store.GetArticle(ctx, a.ID)
			if err != nil {
				return err
			}
			a.CreatedAt = old.CreatedAt
			if err := m.store.UpdateArticle(ctx, a); err != nil {
				return err
			}
		}
		return m.auditEntry(ctx, AuditArticle, Ticket{RegionCode: m.home}, strconv.FormatInt(a.ID, 10)+" "+a.Title)
	})
	return a, err
}

// InstallArticle adds an article at install time; links are not checked.
func (m *Manager) InstallArticle(ctx context.Context, a Article) error {
	a.normalize()
	if err := a.validate(); err != nil {
		return err
	}
	now := m.now()
	a.RegionCode, a.CreatedAt, a.UpdatedAt, a.UpdatedBy = m.home, now, now, "install"
	return m.store.InsertArticle(ctx, &a)
}

package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/tongban/tongban/internal/hotline"
	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/principal"
)

// registerHotlineKnowledge adds the knowledge base: search for everyone
// who handles tickets, editing for its keepers.
func (ui *UI) registerHotlineKnowledge(rt routeAdder) {
	rt.Handle("GET", "/staff/hotline/knowledge", ui.knowledge)
	rt.Handle("GET", "/staff/hotline/knowledge/new", ui.articleForm)
	rt.Handle("POST", "/staff/hotline/knowledge/new", ui.saveArticle)
	rt.Handle("GET", "/staff/hotline/knowledge/{id}", ui.articleForm)
	rt.Handle("POST", "/staff/hotline/knowledge/{id}", ui.saveArticle)
}

// HotlineKnowledgeView is the knowledge base's search page.
type HotlineKnowledgeView struct {
	Page
	Query    string
	Articles []HotlineArticleRow
	Total    int
	CanEdit  bool
}

func (ui *UI) knowledge(w http.ResponseWriter, r *http.Request) error {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	arts, total, err := ui.Hotline.Articles(r.Context(), hotline.ArticleFilter{Query: q, Limit: 50})
	if err != nil {
		return err
	}
	p := HotlineKnowledgeView{Page: ui.page(r, "hotline.ui.knowledge_title"), Query: q, Total: total, CanEdit: ui.Hotline.CanEditArticles(r.Context())}
	for _, a := range arts {
		p.Articles = append(p.Articles, ui.articleRow(p.Page, a, q))
	}
	return ui.render(w, http.StatusOK, "hotline_knowledge", p)
}

// HotlineArticleView shows one article: a form for its keepers, the text for
// its readers.
type HotlineArticleView struct {
	Page
	ID      int64
	Action  string
	CanEdit bool
	Article *HotlineArticleRow
}

var articleFields = []string{"title", "body", "keywords", "items"}

// articleForm shows a new article's form, or an article.
func (ui *UI) articleForm(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	if _, err := principal.RequireStaff(ctx); err != nil {
		return err
	}
	p := HotlineArticleView{Page: ui.page(r, "hotline.ui.article_new"), Action: "/staff/hotline/knowledge/new", CanEdit: ui.Hotline.CanEditArticles(ctx)}
	if r.PathValue("id") == "" {
		if !p.CanEdit {
			return apperr.Forbid()
		}
		return ui.render(w, http.StatusOK, "hotline_article", p)
	}
	id, err := pathID(r, "article")
	if err != nil {
		return err
	}
	a, err := ui.Hotline.Article(ctx, id)
	if err != nil {
		return err
	}
	row := ui.articleRow(p.Page, a, "")
	p.ID, p.Action, p.Page.Title, p.Article = a.ID, "/staff/hotline/knowledge/"+strconv.FormatInt(a.ID, 10), a.Title, &row
	p.Form.Values = map[string]string{"title": a.Title, "body": a.Body, "keywords": a.Keywords, "items": row.ItemSlugList}
	return ui.render(w, http.StatusOK, "hotline_article", p)
}

// saveArticle stores an article; the linked items are slugs, one a line.
func (ui *UI) saveArticle(w http.ResponseWriter, r *http.Request) error {
	a := hotline.Article{Title: r.PostFormValue("title"), Body: r.PostFormValue("body"), Keywords: r.PostFormValue("keywords")}
	p := HotlineArticleView{Page: ui.page(r, "hotline.ui.article_new"), Action: "/staff/hotline/knowledge/new", CanEdit: true}
	if r.PathValue("id") != "" {
		id, err := pathID(r, "article")
		if err != nil {
			return err
		}
		a.ID, p.ID, p.Action = id, id, "/staff/hotline/knowledge/"+strconv.FormatInt(id, 10)
	}
	saved, err := ui.Hotline.SaveArticle(r.Context(), a, strings.FieldsFunc(r.PostFormValue("items"), func(c rune) bool {
		return c == '\n' || c == '\r' || c == ',' || c == ' '
	}))
	if err != nil {
		form, ok := ui.formFrom(r, err, articleFields...)
		if !ok {
			return err
		}
		p.Page.Form = form
		return ui.render(w, statusOf(err), "hotline_article", p)
	}
	http.Redirect(w, r, "/staff/hotline/knowledge?q="+url.QueryEscape(saved.Title), http.StatusSeeOther)
	return nil
}

package web_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/tongban/tongban/internal/platform/i18n"
	"github.com/tongban/tongban/internal/web"
)

// A theme replaces a template (and may add static files) without forking.
func TestThemeOverridesTemplates(t *testing.T) {
	t.Parallel()
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	theme := fstest.MapFS{
		"templates/error.html": {Data: []byte(`{{define "content"}}<h1>平凉市政务服务网</h1><p>{{.Message}}</p>{{end}}`)},
		"static/logo.svg":      {Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`)},
	}
	ui, err := web.New(web.Deps{Catalog: cat, Theme: theme})
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	ui.ErrorPage(rec, httptest.NewRequest("GET", "/nowhere", nil), http.StatusNotFound, "未找到")
	body, _ := io.ReadAll(rec.Body)
	if !strings.Contains(string(body), "平凉市政务服务网") || !strings.Contains(string(body), "未找到") {
		t.Fatalf("the theme's error template was not used:\n%s", body)
	}
	plain, err := web.New(web.Deps{Catalog: cat})
	if err != nil {
		t.Fatal(err)
	}
	rec = httptest.NewRecorder()
	plain.ErrorPage(rec, httptest.NewRequest("GET", "/nowhere", nil), http.StatusNotFound, "未找到")
	if body, _ := io.ReadAll(rec.Body); strings.Contains(string(body), "平凉市政务服务网") {
		t.Fatal("the built-in look changed without a theme")
	}
	if pages := ui.Pages(); len(pages) != len(plain.Pages()) {
		t.Fatalf("the theme lost pages: %d vs %d", len(pages), len(plain.Pages()))
	}
}

func TestThemeWithABrokenTemplateFailsAtStart(t *testing.T) {
	t.Parallel()
	cat, _ := i18n.Load()
	theme := fstest.MapFS{"templates/home.html": {Data: []byte(`{{define "content"}}{{.Nope`)}}
	if _, err := web.New(web.Deps{Catalog: cat, Theme: theme}); err == nil {
		t.Fatal("a broken theme template was accepted")
	}
}

package search_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/tongban/tongban/internal/search"
)

func TestDebugRanking(t *testing.T) {
	qs := os.Getenv("SEARCH_DEBUG")
	if qs == "" {
		t.Skip()
	}
	a := demoApp(t)
	for _, q := range strings.Split(qs, ",") {
		res, _ := a.Search.Search(context.Background(), search.Query{Text: q, Limit: 6})
		fmt.Printf("== %s good=%v top=%.3f total=%d\n", q, res.GoodMatch, res.TopScore, res.Total)
		for _, h := range append(res.Hits, res.Guesses...) {
			fmt.Printf("   %.3f %s %s %s\n", h.Score, h.Slug, h.Name, h.Department.Label)
		}
	}
	fmt.Println(a.Search.Suggest(context.Background(), "kaif", 8))
	fmt.Println(a.Search.Suggest(context.Background(), "食品", 8))
}

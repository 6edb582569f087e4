package search_test

import (
	"testing"

	"github.com/tongban/tongban/internal/app"
	"github.com/tongban/tongban/internal/testkit"
)

// demoApp is the real app over a fresh database with the demo county
// installed and the search index caught up with it.
func demoApp(t *testing.T) *app.App { return testkit.DemoApp(t, testkit.WithSearchSynced()) }

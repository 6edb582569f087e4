package bundle

import (
	"slices"
	"testing"
)

func TestSelectFollowsTheAnswers(t *testing.T) {
	t.Parallel()
	b := Bundle{
		ItemSlugs: []string{"ibiz-register", "ent-register", "food-biz-license", "gas-connect"},
		Questions: []Question{
			{ID: "entity_type", Effects: []Effect{
				{When: "individual", IncludeItems: []string{"ibiz-register"}},
				{When: "company", IncludeItems: []string{"ent-register"}},
			}},
			{ID: "use_gas", Effects: []Effect{{When: "yes", IncludeItems: []string{"gas-connect"}, AddMaterials: []string{"燃气使用说明"}}}},
			{ID: "no_food", Effects: []Effect{{When: "yes", ExcludeItems: []string{"food-biz-license"}}}},
		},
	}
	cases := []struct {
		answers map[string]string
		items   []string
		extra   []string
	}{
		{nil, []string{"food-biz-license"}, nil},
		{map[string]string{"entity_type": "individual"}, []string{"ibiz-register", "food-biz-license"}, nil},
		{map[string]string{"entity_type": "company", "use_gas": "yes"}, []string{"ent-register", "food-biz-license", "gas-connect"}, []string{"燃气使用说明"}},
		{map[string]string{"entity_type": "company", "use_gas": "no", "no_food": "yes"}, []string{"ent-register"}, nil},
	}
	for _, c := range cases {
		got := b.Select(c.answers)
		if !slices.Equal(got.ItemSlugs, c.items) || !slices.Equal(got.ExtraMaterials, c.extra) {
			t.Errorf("Select(%v) = %v %v, want %v %v", c.answers, got.ItemSlugs, got.ExtraMaterials, c.items, c.extra)
		}
	}
}

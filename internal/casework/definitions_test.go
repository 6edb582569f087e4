package casework_test

import (
	"context"
	"slices"
	"strconv"
	"testing"

	"github.com/tongban/tongban/internal/app"
	"github.com/tongban/tongban/internal/casework"
	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/audit"
	"github.com/tongban/tongban/internal/platform/calendar"
	"github.com/tongban/tongban/internal/platform/principal"
	"github.com/tongban/tongban/internal/testkit"
)

// itemAdmin is 庄浪县's item administrator.
func itemAdmin() context.Context {
	return testkit.AsStaff(context.Background(), 801, principal.ItemAdmin, "620825", 0)
}

// auditActions lists the audit actions recorded on an item, oldest first.
func auditActions(t *testing.T, f fixture, itemID int64) []string {
	t.Helper()
	es, _, err := f.env.Store.ListAudit(context.Background(), audit.Filter{TargetKind: "item", Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i := len(es) - 1; i >= 0; i-- {
		if es[i].TargetID == strconv.FormatInt(itemID, 10) {
			out = append(out, es[i].Action+" "+es[i].Detail)
		}
	}
	return out
}

func TestSaveFormAndFormFor(t *testing.T) {
	t.Parallel()
	f := setup(t)
	admin := itemAdmin()
	spec, err := f.m.FormFor(f.applicant, f.marketItem)
	if err != nil || len(spec.Fields) == 0 || spec.Fields[1].Name != casework.FormPhone {
		t.Fatalf("default form: %+v, %v", spec, err)
	}
	if v, err := f.m.ItemForm(admin, f.marketItem); err != nil || v.Version != 0 {
		t.Fatalf("ItemForm before any save: %+v, %v", v, err)
	}

	broken := casework.FormSpec{Fields: []casework.FormField{{Name: "x", Type: casework.TypeSelect}}}
	_, err = f.m.SaveForm(admin, f.marketItem, broken)
	wantProblems(t, "broken form", apperr.FieldErrors(err), "fields.0.label itemdefs.form.label_missing", "fields.0.options itemdefs.form.options_missing")

	mine := casework.FormSpec{Fields: []casework.FormField{
		{Name: "phone", Label: "联系电话", Type: casework.TypePhone, Required: true},
		{Name: "area", Label: "经营面积（平方米）", Type: casework.TypeNumber, Min: float(0), Max: float(10000), Help: "按营业执照填写"},
		{Name: "kind", Label: "类别", Type: casework.TypeRadio, Options: []casework.Option{{Value: "a", Label: "甲"}, {Value: "b", Label: "乙"}}},
		{Name: "why", Label: "说明", Type: casework.TypeTextarea, ShowIf: &casework.Condition{Field: "kind", Equals: "b"}, Pattern: `.{2,}`},
	}}
	v1, err := f.m.SaveForm(admin, f.marketItem, mine)
	if err != nil || v1.Version != 1 || !v1.Active {
		t.Fatalf("first save: %+v, %v", v1, err)
	}
	got, err := f.m.FormFor(f.applicant, f.marketItem)
	if err != nil || len(got.Fields) != 4 || *got.Fields[1].Max != 10000 || got.Fields[3].ShowIf.Equals != "b" || got.Fields[3].Pattern != ".{2,}" {
		t.Fatalf("stored form read back: %+v, %v", got, err)
	}
	mine.Fields = mine.Fields[:2]
	if v2, err := f.m.SaveForm(admin, f.marketItem, mine); err != nil || v2.Version != 2 {
		t.Fatalf("second save: %+v, %v", v2, err)
	}
	if v, err := f.m.ItemForm(admin, f.marketItem); err != nil || v.Version != 2 || len(v.Spec.Fields) != 2 || v.CreatedBy != 801 {
		t.Fatalf("ItemForm after two saves: %+v, %v", v, err)
	}
	// Another item keeps its default form.
	if spec, err := f.m.FormFor(f.applicant, f.healthItem); err != nil || len(spec.Fields) != len(casework.DefaultForm(casework.PublishedItem{ServiceObjects: []int{1}}).Fields) {
		t.Fatalf("other item's form: %+v, %v", spec, err)
	}
	if got := auditActions(t, f, f.marketItem); !slices.Equal(got, []string{"item.form.save v1", "item.form.save v2"}) {
		t.Fatalf("audit: %v", got)
	}
}

// intakeWorkflow is the default process with a first step 接收 before the
// application can be accepted, so cases under it start elsewhere.
func intakeWorkflow() casework.Workflow {
	w := casework.DefaultWorkflow(10)
	w.Name, w.Initial = "with-intake", "received"
	one := 1
	w.States = append(w.States, casework.State{ID: "received", Label: "已接收", StepDays: &one})
	w.Actions = append(w.Actions, casework.Action{ID: "receive", Label: "接收", From: []string{"received"}, To: "submitted",
		Roles: []principal.Role{principal.WindowClerk, principal.Reviewer}})
	return w
}

func TestWorkflowActivationRefusesBrokenDefinitions(t *testing.T) {
	t.Parallel()
	f := setup(t)
	admin := itemAdmin()
	one := 1
	broken := casework.Workflow{Name: "broken", Initial: "start",
		States: []casework.State{
			{ID: "start", Label: "开始"},
			{ID: "end", Label: "结束", Terminal: true},
			{ID: "end", Label: "又结束", Terminal: true},
			{ID: "island", Label: "孤岛", StepDays: &one},
		},
		Actions: []casework.Action{
			{ID: "go", Label: "走", From: []string{"start"}, To: "nowhere", Roles: []principal.Role{"wizard"}},
			{ID: "go", Label: "再走", From: []string{"end", "limbo"}, To: "end"},
			{ID: "void", Label: "空", To: "end", Roles: []principal.Role{principal.Reviewer}},
		},
	}
	v, err := f.m.SaveWorkflowDraft(admin, f.marketItem, broken)
	if err != nil || v.Version != 1 || v.Status != casework.WorkflowDraft {
		t.Fatalf("saving a broken draft: %+v, %v", v, err)
	}
	err = f.m.ActivateWorkflow(admin, f.marketItem, 1)
	if apperr.KindOf(err) != apperr.Invalid {
		t.Fatalf("activating a broken definition: %v", err)
	}
	verr, _ := broken.Validate().(*casework.ValidationError)
	probs := apperr.FieldErrors(err)
	if verr == nil || len(probs) != len(verr.Problems)+1 {
		t.Fatalf("%d problems reported for %v (+ no accept)", len(probs), verr)
	}
	for _, p := range probs {
		if p.Field != "definition" || p.Key == "itemdefs.workflow.problem" {
			t.Errorf("problem not in words: %+v", p)
		}
	}
	keys := problemKeys(probs)
	for _, want := range []string{"duplicate_state", "no_step_days", "duplicate_action", "to_unknown", "from_unknown",
		"terminal_action", "from_missing", "no_role", "unknown_role", "dead_end", "unreachable", "no_accept"} {
		if !slices.Contains(keys, "definition itemdefs.workflow."+want) {
			t.Errorf("missing problem %s in %v", want, keys)
		}
	}
	// Nothing changed: new cases still follow the default workflow.
	if _, id, err := f.m.ActiveWorkflow(admin, f.marketItem); err != nil || id != 0 {
		t.Fatalf("active after refusal: %d, %v", id, err)
	}
	if c := f.submit(t, f.marketItem); c.WorkflowID != 0 || c.State != "submitted" {
		t.Fatalf("case after refusal: %+v", c)
	}
	// Saving again replaces the draft rather than piling up versions.
	if v, err := f.m.SaveWorkflowDraft(admin, f.marketItem, intakeWorkflow()); err != nil || v.Version != 1 {
		t.Fatalf("second draft save: %+v, %v", v, err)
	}
}

func TestCasesKeepTheWorkflowTheyWereOpenedUnder(t *testing.T) {
	t.Parallel()
	f := setup(t)
	admin := itemAdmin()
	before := f.submit(t, f.marketItem)

	if _, err := f.m.SaveWorkflowDraft(admin, f.marketItem, intakeWorkflow()); err != nil {
		t.Fatal(err)
	}
	if err := f.m.ActivateWorkflow(admin, f.marketItem, 1); err != nil {
		t.Fatal(err)
	}
	if err := f.m.ActivateWorkflow(admin, f.marketItem, 1); apperr.KindOf(err) != apperr.Conflict {
		t.Fatalf("activating the active version again: %v", err)
	}
	w, id, err := f.m.ActiveWorkflow(admin, f.marketItem)
	if err != nil || id == 0 || w.Name != "with-intake" {
		t.Fatalf("ActiveWorkflow: %s %d %v", w.Name, id, err)
	}
	under1 := f.submit(t, f.marketItem)
	if under1.WorkflowID != id || under1.State != "received" {
		t.Fatalf("a new case: workflow %d state %s, want %d received", under1.WorkflowID, under1.State, id)
	}
	actions := func(c casework.Case) []string {
		t.Helper()
		v, err := f.m.Case(f.marketReviewer, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, a := range v.Actions {
			out = append(out, a.ID)
		}
		return out
	}
	if got := actions(under1); !slices.Equal(got, []string{"receive"}) {
		t.Fatalf("actions under the intake workflow: %v", got)
	}
	if got := actions(before); !slices.Contains(got, casework.ActionAccept) {
		t.Fatalf("the case opened before keeps the default workflow: %v", got)
	}

	// Version 2 (the default process again) does not move the open case.
	second := casework.DefaultWorkflow(10)
	second.Name = "plain"
	if _, err := f.m.SaveWorkflowDraft(admin, f.marketItem, second); err != nil {
		t.Fatal(err)
	}
	if err := f.m.ActivateWorkflow(admin, f.marketItem, 2); err != nil {
		t.Fatal(err)
	}
	if under2 := f.submit(t, f.marketItem); under2.State != "submitted" || under2.WorkflowID == under1.WorkflowID {
		t.Fatalf("a case under v2: %+v", under2)
	}
	// A manager started afresh (no cached definitions) reads the case's own.
	cal, err := calendar.New()
	if err != nil {
		t.Fatal(err)
	}
	fresh := casework.NewManager(casework.Deps{Tx: f.env.DB.DB, Store: f.env.Store, Items: app.CatalogItems{Catalog: f.env.Items},
		Audit: f.env.Store, Calendar: cal, Numbers: casework.NewNumberer(f.env.Store, shanghai), Now: f.env.Clock.Now, Location: shanghai})
	v, err := fresh.Case(f.marketReviewer, under1.ID)
	if err != nil || len(v.Actions) != 1 || v.Actions[0].ID != "receive" {
		t.Fatalf("fresh manager: %+v, %v", v.Actions, err)
	}
	if c, err := fresh.Act(f.marketReviewer, under1.ID, "receive", ""); err != nil || c.State != "submitted" {
		t.Fatalf("acting on the v1 case after v2: %+v, %v", c, err)
	}
	vs, err := f.m.ItemWorkflows(admin, f.marketItem)
	if err != nil || len(vs) != 2 || vs[0].Status != casework.WorkflowActive || vs[1].Status != casework.WorkflowRetired || vs[1].ActivatedBy != 801 {
		t.Fatalf("versions: %+v, %v", vs, err)
	}
	if got := auditActions(t, f, f.marketItem); !slices.Equal(got, []string{"item.workflow.draft v1", "item.workflow.activate v1",
		"item.workflow.draft v2", "item.workflow.activate v2"}) {
		t.Fatalf("audit: %v", got)
	}
}

func TestDefinitionsAreForTheItemsAdministrators(t *testing.T) {
	t.Parallel()
	f := setup(t)
	spec := casework.DefaultForm(casework.PublishedItem{ServiceObjects: []int{1}})
	cases := []struct {
		who  string
		ctx  context.Context
		want apperr.Kind
	}{
		{"anonymous", context.Background(), apperr.Unauthenticated},
		{"citizen", f.applicant, apperr.Forbidden},
		{"the department's reviewer", f.marketReviewer, apperr.Forbidden},
		{"supervisor", f.supervisor, apperr.Forbidden},
		{"静宁县's item administrator", testkit.AsStaff(context.Background(), 802, principal.ItemAdmin, "620826", 0), apperr.Forbidden},
		{"another department's item administrator", testkit.AsStaff(context.Background(), 803, principal.ItemAdmin, "620825", f.health.ID), apperr.Forbidden},
	}
	for _, c := range cases {
		if _, err := f.m.SaveForm(c.ctx, f.marketItem, spec); apperr.KindOf(err) != c.want {
			t.Errorf("%s saving a form: %v", c.who, err)
		}
		if _, err := f.m.ItemForm(c.ctx, f.marketItem); apperr.KindOf(err) != c.want {
			t.Errorf("%s reading the form: %v", c.who, err)
		}
		if _, err := f.m.SaveWorkflowDraft(c.ctx, f.marketItem, intakeWorkflow()); apperr.KindOf(err) != c.want {
			t.Errorf("%s saving a workflow: %v", c.who, err)
		}
		if err := f.m.ActivateWorkflow(c.ctx, f.marketItem, 1); apperr.KindOf(err) != c.want {
			t.Errorf("%s activating: %v", c.who, err)
		}
		if _, err := f.m.ItemWorkflows(c.ctx, f.marketItem); apperr.KindOf(err) != c.want {
			t.Errorf("%s listing workflows: %v", c.who, err)
		}
		if _, _, err := f.m.ActiveWorkflow(c.ctx, f.marketItem); apperr.KindOf(err) != c.want {
			t.Errorf("%s reading the workflow: %v", c.who, err)
		}
	}
	admin := itemAdmin()
	if _, err := f.m.SaveForm(admin, f.marketItem, spec); err != nil {
		t.Fatalf("the county's item administrator: %v", err)
	}
	if _, err := f.m.SaveForm(admin, 987654, spec); apperr.KindOf(err) != apperr.NotFound {
		t.Fatalf("an item that does not exist: %v", err)
	}
}

func TestWorkflowJSONRoundTrip(t *testing.T) {
	t.Parallel()
	w := intakeWorkflow()
	text := casework.FormatWorkflow(w)
	got, err := casework.ParseWorkflow([]byte(text))
	if err != nil || casework.FormatWorkflow(got) != text || got.Initial != "received" || *got.States[len(got.States)-1].StepDays != 1 {
		t.Fatalf("round trip: %v\n%s", err, text)
	}
	for _, bad := range []string{`{"name": "x", "stepdays": 1}`, `{"name": `, `{} {}`} {
		if _, err := casework.ParseWorkflow([]byte(bad)); !slices.Equal(problemKeys(apperr.FieldErrors(err)), []string{"definition itemdefs.workflow.json"}) {
			t.Errorf("ParseWorkflow(%s) = %v", bad, err)
		}
	}
}

package casework

import (
	"bytes"
	"encoding/json"
	"regexp"
	"slices"

	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/principal"
)

// The JSON form of a workflow, as stored and as item administrators edit it.
// Mirror types carry the tags so that Workflow, State and Action stay plain;
// State and Action convert to their mirrors directly, so a field added to
// either one fails to compile here instead of being silently dropped.
type (
	workflowJSON struct {
		Name    string       `json:"name"`
		Initial string       `json:"initial"`
		States  []stateJSON  `json:"states"`
		Actions []actionJSON `json:"actions"`
	}
	stateJSON struct {
		ID       string `json:"id"`
		Label    string `json:"label"`
		Terminal bool   `json:"terminal,omitempty"`
		Clock    bool   `json:"clock,omitempty"`
		StepDays *int   `json:"step_days,omitempty"`
	}
	actionJSON struct {
		ID          string           `json:"id"`
		Label       string           `json:"label"`
		From        []string         `json:"from"`
		To          string           `json:"to"`
		Roles       []principal.Role `json:"roles,omitempty"`
		ByApplicant bool             `json:"by_applicant,omitempty"`
	}
)

func (w Workflow) toJSON() workflowJSON {
	out := workflowJSON{Name: w.Name, Initial: w.Initial, States: []stateJSON{}, Actions: []actionJSON{}}
	for _, s := range w.States {
		out.States = append(out.States, stateJSON(s))
	}
	for _, a := range w.Actions {
		out.Actions = append(out.Actions, actionJSON(a))
	}
	return out
}

func (j workflowJSON) workflow() Workflow {
	w := Workflow{Name: j.Name, Initial: j.Initial}
	for _, s := range j.States {
		w.States = append(w.States, State(s))
	}
	for _, a := range j.Actions {
		w.Actions = append(w.Actions, Action(a))
	}
	return w
}

// MarshalJSON writes a workflow with lower-case keys (name, initial, states
// with id, label, terminal, clock, step_days; actions with id, label, from,
// to, roles, by_applicant).
func (w Workflow) MarshalJSON() ([]byte, error) { return json.Marshal(w.toJSON()) }

// UnmarshalJSON reads what MarshalJSON writes.
func (w *Workflow) UnmarshalJSON(b []byte) error {
	var j workflowJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*w = j.workflow()
	return nil
}

// ParseWorkflow reads a definition typed by an administrator, strictly: an
// unknown key is a mistake worth reporting (a misspelt "step_days" would
// otherwise pass as "no deadline"). The error is on the field "definition".
func ParseWorkflow(text []byte) (Workflow, error) {
	if len(text) > maxDefinitionBytes {
		return Workflow{}, apperr.Field("definition", "itemdefs.workflow.too_large")
	}
	dec := json.NewDecoder(bytes.NewReader(text))
	dec.DisallowUnknownFields()
	var j workflowJSON
	if err := dec.Decode(&j); err != nil {
		return Workflow{}, apperr.Field("definition", "itemdefs.workflow.json", err.Error())
	}
	if dec.More() {
		return Workflow{}, apperr.Field("definition", "itemdefs.workflow.json", "trailing data")
	}
	return j.workflow(), nil
}

// FormatWorkflow is the definition as administrators edit it: indented JSON.
func FormatWorkflow(w Workflow) string {
	b, err := json.MarshalIndent(w.toJSON(), "", "  ")
	if err != nil {
		panic(err) // plain strings, bools and ints always marshal
	}
	return string(b)
}

// CheckWorkflow lists every reason a definition cannot be used for cases,
// each a message key on the field "definition": the problems of Validate and,
// because acceptance is what starts the clock, a missing ActionAccept.
func CheckWorkflow(w Workflow) []apperr.FieldError {
	var out []apperr.FieldError
	if err := w.Validate(); err != nil {
		ve, ok := err.(*ValidationError)
		if !ok {
			return []apperr.FieldError{{Field: "definition", Key: "itemdefs.workflow.problem", Args: []any{err.Error()}}}
		}
		for _, p := range ve.Problems {
			out = append(out, problemInWords(p))
		}
	}
	if !slices.ContainsFunc(w.Actions, func(a Action) bool { return a.ID == ActionAccept }) {
		out = append(out, apperr.FieldError{Field: "definition", Key: "itemdefs.workflow.no_accept", Args: []any{ActionAccept}})
	}
	return out
}

// validateWords turns the problems Validate writes into message keys with
// their identifiers as arguments, so they can be read in either language.
var validateWords = []struct {
	re  *regexp.Regexp
	key string
}{
	{regexp.MustCompile(`^duplicate state (.*)$`), "itemdefs.workflow.duplicate_state"},
	{regexp.MustCompile(`^state (.*) has no step deadline$`), "itemdefs.workflow.no_step_days"},
	{regexp.MustCompile(`^initial state (.*) does not exist$`), "itemdefs.workflow.initial_unknown"},
	{regexp.MustCompile(`^duplicate action (.*)$`), "itemdefs.workflow.duplicate_action"},
	{regexp.MustCompile(`^action (.*) goes to unknown state (.*)$`), "itemdefs.workflow.to_unknown"},
	{regexp.MustCompile(`^action (.*) starts from unknown state (.*)$`), "itemdefs.workflow.from_unknown"},
	{regexp.MustCompile(`^terminal state (.*) has action (.*)$`), "itemdefs.workflow.terminal_action"},
	{regexp.MustCompile(`^action (.*) starts from no state$`), "itemdefs.workflow.from_missing"},
	{regexp.MustCompile(`^action (.*) names no role$`), "itemdefs.workflow.no_role"},
	{regexp.MustCompile(`^action (.*) names unknown role (.*)$`), "itemdefs.workflow.unknown_role"},
	{regexp.MustCompile(`^state (.*) is not terminal but no action leaves it$`), "itemdefs.workflow.dead_end"},
	{regexp.MustCompile(`^state (.*) cannot be reached$`), "itemdefs.workflow.unreachable"},
}

// problemInWords maps one problem of Validate to its message; a problem it
// does not know is shown as Validate wrote it.
func problemInWords(p string) apperr.FieldError {
	for _, w := range validateWords {
		if m := w.re.FindStringSubmatch(p); m != nil {
			args := make([]any, len(m)-1)
			for i, s := range m[1:] {
				args[i] = s
			}
			return apperr.FieldError{Field: "definition", Key: w.key, Args: args}
		}
	}
	return apperr.FieldError{Field: "definition", Key: "itemdefs.workflow.problem", Args: []any{p}}
}

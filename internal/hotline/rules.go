package hotline

import (
	"errors"
	"slices"
	"strings"
	"sync"
	"time"

	"cel.dev/cel-go/cel"

	"github.com/tongban/tongban/internal/platform/apperr"
)

// Rule is a dispatch rule (派单规则): when Expression holds for a ticket,
// the ticket goes to DepartmentID. Rules are tried in Priority order (lower
// first, then by ID); the first that holds wins.
type Rule struct {
	ID             int64
	RegionCode     string // the region whose tickets the rule applies to (its subtree)
	Name           string
	Expression     string
	DepartmentID   int64
	DepartmentName string // filled on reads
	Priority       int
	Active         bool
	UpdatedAt      time.Time
	UpdatedBy      string
}

// The variables a rule's expression may use, with the ticket's values.
const (
	VarCategory       = "category"       // 咨询 求助 投诉 举报 建议 表扬
	VarClassification = "classification" // the class code, e.g. "0101"
	VarClassName      = "class_name"     // the class name, e.g. 食品安全
	VarTownship       = "township"       // the township code, e.g. "620825101"; "" for the county
	VarVillage        = "village"        // the village as given
	VarText           = "text"           // title and content, for keywords: text.contains("超市")
	VarChannel        = "channel"        // phone web mobile open311
)

// maxExpression bounds a rule's source; maxCost bounds one evaluation, so a
// rule cannot make dispatch slow whatever an administrator types.
const (
	maxExpression = 2000
	maxCost       = 10000
)

// ruleEnv is the CEL environment every rule is compiled in: the ticket's
// variables, all strings.
var ruleEnv = sync.OnceValues(func() (*cel.Env, error) {
	var opts []cel.EnvOption
	for _, v := range []string{VarCategory, VarClassification, VarClassName, VarTownship, VarVillage, VarText, VarChannel} {
		opts = append(opts, cel.Variable(v, cel.StringType))
	}
	return cel.NewEnv(opts...)
})

// CompileError is an expression that does not compile, at a position.
type CompileError struct {
	Line, Column int // 1-based
	Message      string
}

func (e *CompileError) Error() string { return e.Message }

// compileRule parses and type-checks an expression, which must be a boolean.
func compileRule(expr string) (cel.Program, error) {
	env, err := ruleEnv()
	if err != nil {
		return nil, err
	}
	ast, iss := env.Compile(expr)
	if iss != nil && iss.Err() != nil {
		ce := &CompileError{Line: 1, Column: 1, Message: iss.Err().Error()}
		if errs := iss.Errors(); len(errs) > 0 {
			ce.Message = errs[0].Message
			if loc := errs[0].Location; loc != nil && loc.Line() > 0 {
				ce.Line, ce.Column = loc.Line(), loc.Column()+1
			}
		}
		return nil, ce
	}
	if ast.OutputType() != cel.BoolType {
		return nil, &CompileError{Line: 1, Column: 1, Message: "the expression gives " + ast.OutputType().String() + ", not bool"}
	}
	return env.Program(ast, cel.CostLimit(maxCost))
}

// CheckExpression type-checks an expression as a rule, reporting a problem on
// the expression field with its line and column.
func CheckExpression(expr string) error {
	expr = strings.TrimSpace(expr)
	switch {
	case expr == "":
		return apperr.Field("expression", "form.required")
	case len(expr) > maxExpression:
		return apperr.Field("expression", "hotline.rule.too_long", maxExpression)
	}
	_, err := compileRule(expr)
	var ce *CompileError
	if errors.As(err, &ce) {
		return apperr.Field("expression", "hotline.rule.compile", ce.Line, ce.Column, ce.Message)
	}
	return err
}

// ruleInput is what a rule sees of a ticket.
func ruleInput(t Ticket) map[string]any {
	township := ""
	if len(t.RegionCode) == 9 {
		township = t.RegionCode
	}
	return map[string]any{
		VarCategory: t.Category.Chinese(), VarClassification: t.ClassCode, VarClassName: t.ClassName,
		VarTownship: township, VarVillage: t.Village, VarText: t.Title + "\n" + t.Content, VarChannel: string(t.Channel),
	}
}

// programs caches compiled rules by their source: rules are few and rarely
// change, and compiling is what costs.
type programs struct {
	mu sync.Mutex
	m  map[string]cel.Program
}

func (p *programs) get(expr string) (cel.Program, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if prg, ok := p.m[expr]; ok {
		return prg, nil
	}
	prg, err := compileRule(expr)
	if err != nil {
		return nil, err
	}
	if p.m == nil || len(p.m) > 1000 {
		p.m = map[string]cel.Program{}
	}
	p.m[expr] = prg
	return prg, nil
}

// holds evaluates a rule for a ticket. A rule that fails to evaluate (its
// cost exceeded, say) does not hold: dispatch falls through to the next.
func (p *programs) holds(r Rule, t Ticket) bool {
	prg, err := p.get(r.Expression)
	if err != nil {
		return false
	}
	out, _, err := prg.Eval(ruleInput(t))
	if err != nil {
		return false
	}
	b, ok := out.Value().(bool)
	return ok && b
}

// hasPrefix reports whether a region code lies in a rule's region.
func hasPrefix(code, prefix string) bool { return strings.HasPrefix(code, prefix) }

// sortedRules orders rules by priority, then by ID.
func sortedRules(rules []Rule) []Rule {
	out := slices.Clone(rules)
	slices.SortStableFunc(out, func(a, b Rule) int {
		if a.Priority != b.Priority {
			return a.Priority - b.Priority
		}
		return int(a.ID - b.ID)
	})
	return out
}

// normalize trims a rule's text fields.
func (r *Rule) normalize() {
	r.Name, r.Expression = strings.TrimSpace(r.Name), strings.TrimSpace(r.Expression)
}

// validate checks a rule's fields; the expression is compiled and
// type-checked, so a rule that is saved can always run.
func (r Rule) validate() error {
	var fs []apperr.FieldError
	if r.Name == "" || len([]rune(r.Name)) > 100 {
		fs = append(fs, apperr.FieldError{Field: "name", Key: "hotline.rule.name"})
	}
	if r.DepartmentID <= 0 {
		fs = append(fs, apperr.FieldError{Field: "department_id", Key: "form.required"})
	}
	if r.Priority < 0 || r.Priority > 9999 {
		fs = append(fs, apperr.FieldError{Field: "priority", Key: "hotline.rule.priority"})
	}
	if err := CheckExpression(r.Expression); err != nil {
		fe := apperr.FieldErrors(err)
		if len(fe) == 0 {
			return err
		}
		fs = append(fs, fe...)
	}
	return apperr.Fields(fs)
}

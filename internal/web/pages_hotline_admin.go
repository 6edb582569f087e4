package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/tongban/tongban/internal/hotline"
	"github.com/tongban/tongban/internal/platform/apperr"
)

// registerHotlineAdmin adds the administrators' hotline settings: the
// classification tree and time limits, the dispatch rules, and the API keys
// of Open311 clients.
func (ui *UI) registerHotlineAdmin(rt routeAdder) {
	rt.Handle("GET", "/admin/hotline", ui.hotlineSettings)
	rt.Handle("POST", "/admin/hotline/classes", ui.saveHotlineClass)
	rt.Handle("POST", "/admin/hotline/limits", ui.saveHotlineLimits)
	rt.Handle("GET", "/admin/hotline/rules", ui.hotlineRules)
	rt.Handle("POST", "/admin/hotline/rules", ui.saveHotlineRule)
	rt.Handle("GET", "/admin/hotline/rules/{id}", ui.hotlineRule)
	rt.Handle("POST", "/admin/hotline/rules/{id}", ui.saveHotlineRule)
	rt.Handle("GET", "/admin/hotline/keys", ui.hotlineKeys)
	rt.Handle("POST", "/admin/hotline/keys", ui.issueHotlineKey)
	rt.Handle("POST", "/admin/hotline/keys/{id}/revoke", ui.revokeHotlineKey)
}

// HotlineSettingsView is the classification tree and the limits of a region.
type HotlineSettingsView struct {
	Page
	Classes []HotlineClassRow
	Places  []HotlineChoice
	Region  string
	Limits  []HotlineLimitRow
	Saved   bool
}

// HotlineClassRow is a class of the tree.
type HotlineClassRow struct {
	hotline.Class
	Path string
}

// HotlineLimitRow is the limit in force for one category.
type HotlineLimitRow struct {
	Category, Label      string
	SignDays, HandleDays string
}

var classFields = []string{"code", "parent_code", "name", "keywords", "sort", "active"}

func (ui *UI) settingsView(r *http.Request, region string) (HotlineSettingsView, error) {
	ctx := r.Context()
	p := HotlineSettingsView{Page: ui.page(r, "hotline.ui.settings_title"), Region: region}
	if p.Region == "" {
		p.Region = ui.Hotline.HomeRegion()
	}
	limits, err := ui.Hotline.Limits(ctx, p.Region)
	if err != nil {
		return p, err
	}
	for _, l := range limits {
		p.Limits = append(p.Limits, HotlineLimitRow{Category: string(l.Category), Label: p.T("hotline.category." + string(l.Category)),
			SignDays: strconv.Itoa(l.SignDays), HandleDays: strconv.Itoa(l.HandleDays)})
	}
	classes, err := ui.Hotline.Classes(ctx)
	if err != nil {
		return p, err
	}
	for _, c := range classes {
		p.Classes = append(p.Classes, HotlineClassRow{Class: c, Path: hotline.PathName(classes, c.Code)})
	}
	p.Places, err = ui.placeChoices(r, p.Page)
	return p, err
}

func (ui *UI) hotlineSettings(w http.ResponseWriter, r *http.Request) error {
	p, err := ui.settingsView(r, r.URL.Query().Get("region"))
	if err != nil {
		return err
	}
	p.Saved = r.URL.Query().Get("saved") != ""
	return ui.render(w, http.StatusOK, "hotline_settings", p)
}

// saveHotlineClass adds a class or changes the one with the code given.
func (ui *UI) saveHotlineClass(w http.ResponseWriter, r *http.Request) error {
	c := hotline.Class{Code: r.PostFormValue("code"), ParentCode: r.PostFormValue("parent_code"), Name: r.PostFormValue("name"),
		Keywords: r.PostFormValue("keywords"), Active: r.PostFormValue("active") != ""}
	c.Sort, _ = strconv.Atoi(r.PostFormValue("sort"))
	if _, err := ui.Hotline.SaveClass(r.Context(), c); err != nil {
		return ui.settingsAgain(w, r, err, "", classFields)
	}
	http.Redirect(w, r, "/admin/hotline?saved=1", http.StatusSeeOther)
	return nil
}

// saveHotlineLimits sets a region's limits for every category.
func (ui *UI) saveHotlineLimits(w http.ResponseWriter, r *http.Request) error {
	region := r.PostFormValue("region_code")
	var limits []hotline.Limit
	var fields []string
	for _, c := range hotline.Categories {
		sign, _ := strconv.Atoi(strings.TrimSpace(r.PostFormValue("sign_days." + string(c))))
		handle, _ := strconv.Atoi(strings.TrimSpace(r.PostFormValue("handle_days." + string(c))))
		limits = append(limits, hotline.Limit{Category: c, SignDays: sign, HandleDays: handle})
		fields = append(fields, "sign_days."+string(c), "handle_days."+string(c))
	}
	if err := ui.Hotline.SaveLimits(r.Context(), region, limits); err != nil {
		return ui.settingsAgain(w, r, err, region, append(fields, "region_code"))
	}
	http.Redirect(w, r, "/admin/hotline?saved=1&region="+url.QueryEscape(region), http.StatusSeeOther)
	return nil
}

func (ui *UI) settingsAgain(w http.ResponseWriter, r *http.Request, err error, region string, fields []string) error {
	form, ok := ui.formFrom(r, err, fields...)
	if !ok {
		return err
	}
	if region == "" || !strings.HasPrefix(region, ui.Hotline.HomeRegion()) {
		region = ""
	}
	p, perr := ui.settingsView(r, region)
	if perr != nil {
		return perr
	}
	p.Page.Form = form
	for i, l := range p.Limits { // show what was typed, not what is stored
		if v, ok := form.Values["sign_days."+l.Category]; ok {
			p.Limits[i].SignDays, p.Limits[i].HandleDays = v, form.Values["handle_days."+l.Category]
		}
	}
	return ui.render(w, statusOf(err), "hotline_settings", p)
}

// HotlineRulesView lists the dispatch rules with a form for a new one (or one
// rule's form).
type HotlineRulesView struct {
	Page
	Rules       []HotlineRuleRow
	Departments []hotline.Department
	Action      string
	Editing     bool
	Variables   []HotlineChoice
}

// HotlineRuleRow is a rule in the list.
type HotlineRuleRow struct {
	hotline.Rule
	URL, Updated string
}

var ruleFields = []string{"name", "expression", "department_id", "priority", "active"}

// ruleVariables explains the names an expression may use.
var ruleVariables = []string{hotline.VarCategory, hotline.VarClassification, hotline.VarClassName, hotline.VarTownship,
	hotline.VarVillage, hotline.VarText, hotline.VarChannel}

func (ui *UI) rulesView(r *http.Request) (HotlineRulesView, error) {
	ctx := r.Context()
	p := HotlineRulesView{Page: ui.page(r, "hotline.ui.rules_title"), Action: "/admin/hotline/rules"}
	rules, err := ui.Hotline.Rules(ctx)
	if err != nil {
		return p, err
	}
	for _, rl := range rules {
		p.Rules = append(p.Rules, HotlineRuleRow{Rule: rl, URL: "/admin/hotline/rules/" + strconv.FormatInt(rl.ID, 10),
			Updated: rl.UpdatedAt.In(caseDays).Format("2006-01-02 15:04") + " " + rl.UpdatedBy})
	}
	if p.Departments, err = ui.Hotline.TargetDepartments(ctx); err != nil {
		return p, err
	}
	for _, v := range ruleVariables {
		p.Variables = append(p.Variables, HotlineChoice{Value: v, Label: p.T("hotline.rule.var." + v)})
	}
	p.Form.Values = map[string]string{"priority": "100", "active": "on"}
	return p, nil
}

func (ui *UI) hotlineRules(w http.ResponseWriter, r *http.Request) error {
	p, err := ui.rulesView(r)
	if err != nil {
		return err
	}
	return ui.render(w, http.StatusOK, "hotline_rules", p)
}

// hotlineRule shows one rule's form above the list.
func (ui *UI) hotlineRule(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "rule")
	if err != nil {
		return err
	}
	p, err := ui.rulesView(r)
	if err != nil {
		return err
	}
	rl, err := ui.Hotline.Rule(r.Context(), id)
	if err != nil {
		return err
	}
	p.Editing, p.Action, p.Page.Title = true, "/admin/hotline/rules/"+strconv.FormatInt(id, 10), rl.Name
	p.Form.Values = map[string]string{"name": rl.Name, "expression": rl.Expression, "department_id": strconv.FormatInt(rl.DepartmentID, 10),
		"priority": strconv.Itoa(rl.Priority), "active": ""}
	if rl.Active {
		p.Form.Values["active"] = "on"
	}
	return ui.render(w, http.StatusOK, "hotline_rules", p)
}

// saveHotlineRule adds or changes a rule; an expression that does not
// compile comes back with its line and column.
func (ui *UI) saveHotlineRule(w http.ResponseWriter, r *http.Request) error {
	rl := hotline.Rule{Name: r.PostFormValue("name"), Expression: r.PostFormValue("expression"), Active: r.PostFormValue("active") != ""}
	rl.DepartmentID, _ = strconv.ParseInt(r.PostFormValue("department_id"), 10, 64)
	var fs []apperr.FieldError
	prio, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue("priority")))
	if err != nil {
		fs = append(fs, apperr.FieldError{Field: "priority", Key: "hotline.rule.priority"})
	}
	rl.Priority = prio
	editing := r.PathValue("id") != ""
	if editing {
		if rl.ID, err = pathID(r, "rule"); err != nil {
			return err
		}
	}
	err = apperr.Fields(fs)
	if err == nil {
		_, err = ui.Hotline.SaveRule(r.Context(), rl)
	}
	if err != nil {
		form, ok := ui.formFrom(r, err, ruleFields...)
		if !ok {
			return err
		}
		p, perr := ui.rulesView(r)
		if perr != nil {
			return perr
		}
		p.Page.Form, p.Editing = form, editing
		if editing {
			p.Action = "/admin/hotline/rules/" + strconv.FormatInt(rl.ID, 10)
		}
		return ui.render(w, statusOf(err), "hotline_rules", p)
	}
	http.Redirect(w, r, "/admin/hotline/rules", http.StatusSeeOther)
	return nil
}

// HotlineKeysView lists the Open311 keys; a key just issued is shown once.
type HotlineKeysView struct {
	Page
	Keys     []HotlineKeyRow
	Issued   string
	Endpoint string
}

// HotlineKeyRow is a key in the list.
type HotlineKeyRow struct {
	ID                        int64
	Name, Prefix, Created, By string
	Revoked                   string
}

func (ui *UI) keysView(r *http.Request) (HotlineKeysView, error) {
	p := HotlineKeysView{Page: ui.page(r, "hotline.ui.keys_title"), Endpoint: "/open311/v2/services.json?jurisdiction_id=" + ui.Hotline.HomeRegion()}
	keys, err := ui.Hotline.Keys(r.Context())
	if err != nil {
		return p, err
	}
	for _, k := range keys {
		row := HotlineKeyRow{ID: k.ID, Name: k.Name, Prefix: k.Prefix, Created: k.CreatedAt.In(caseDays).Format("2006-01-02 15:04"), By: k.CreatedBy}
		if k.Revoked() {
			row.Revoked = k.RevokedAt.In(caseDays).Format("2006-01-02 15:04")
		}
		p.Keys = append(p.Keys, row)
	}
	return p, nil
}

func (ui *UI) hotlineKeys(w http.ResponseWriter, r *http.Request) error {
	p, err := ui.keysView(r)
	if err != nil {
		return err
	}
	return ui.render(w, http.StatusOK, "hotline_keys", p)
}

// issueHotlineKey issues a key and shows it, the only time it is shown.
func (ui *UI) issueHotlineKey(w http.ResponseWriter, r *http.Request) error {
	_, plain, err := ui.Hotline.IssueKey(r.Context(), r.PostFormValue("name"))
	if err != nil {
		form, ok := ui.formFrom(r, err, "name")
		if !ok {
			return err
		}
		p, perr := ui.keysView(r)
		if perr != nil {
			return perr
		}
		p.Page.Form = form
		return ui.render(w, statusOf(err), "hotline_keys", p)
	}
	p, err := ui.keysView(r)
	if err != nil {
		return err
	}
	p.Issued = plain
	return ui.render(w, http.StatusOK, "hotline_keys", p)
}

func (ui *UI) revokeHotlineKey(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "key")
	if err != nil {
		return err
	}
	if err := ui.Hotline.RevokeKey(r.Context(), id); err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/hotline/keys", http.StatusSeeOther)
	return nil
}

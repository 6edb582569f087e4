package casework

import (
	"context"
	"encoding/json"
	"strconv"
	"sync"
	"time"

	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/audit"
	"github.com/tongban/tongban/internal/platform/principal"
)

// FormVersion is one stored version of an item's application form.
type FormVersion struct {
	ID        int64
	ItemID    int64
	Version   int // 0 for DefaultForm, which is not stored
	Spec      FormSpec
	CreatedBy int64
	CreatedAt time.Time
	Active    bool
}

// Statuses of a stored workflow version. A draft may be changed; once active
// a definition never changes, since the cases opened under it follow it.
const (
	WorkflowDraft   = "draft"
	WorkflowActive  = "active"
	WorkflowRetired = "retired"
)

// WorkflowVersion is one stored version of an item's workflow.
type WorkflowVersion struct {
	ID          int64 // what cases refer to (Case.WorkflowID)
	ItemID      int64
	Version     int
	Workflow    Workflow
	Status      string
	CreatedBy   int64
	CreatedAt   time.Time
	ActivatedBy int64
	ActivatedAt time.Time
}

// DefinitionStore is what stored forms and workflows need from the database.
type DefinitionStore interface {
	// InsertItemForm stores f as the item's next form version and sets its ID
	// and Version.
	InsertItemForm(ctx context.Context, f *FormVersion) error
	// DeactivateItemForms marks every form of an item inactive.
	DeactivateItemForms(ctx context.Context, itemID int64) error
	// ActiveItemForm returns the item's active form, or a NotFound error.
	ActiveItemForm(ctx context.Context, itemID int64) (FormVersion, error)
	// InsertItemWorkflow stores w as the item's next workflow version and sets
	// its ID and Version.
	InsertItemWorkflow(ctx context.Context, w *WorkflowVersion) error
	// UpdateItemWorkflowDraft replaces a draft's definition; a Conflict error
	// means it is no longer a draft.
	UpdateItemWorkflowDraft(ctx context.Context, w WorkflowVersion) error
	// SetItemWorkflowStatus saves a version's status and activation.
	SetItemWorkflowStatus(ctx context.Context, w WorkflowVersion) error
	// ItemWorkflows lists an item's workflow versions, newest first.
	ItemWorkflows(ctx context.Context, itemID int64) ([]WorkflowVersion, error)
	GetItemWorkflow(ctx context.Context, id int64) (WorkflowVersion, error)
	// ActiveItemWorkflow returns the item's active workflow, or a NotFound error.
	ActiveItemWorkflow(ctx context.Context, itemID int64) (WorkflowVersion, error)
}

// maxDefinitionBytes bounds a stored workflow as JSON.
const maxDefinitionBytes = 64 << 10

// FormFor returns the application form of a published item: its active
// stored form, or DefaultForm. Forms are public, like the item's guide.
func (m *Manager) FormFor(ctx context.Context, itemID int64) (FormSpec, error) {
	item, err := m.items.Published(ctx, itemID)
	if err != nil {
		return FormSpec{}, err
	}
	f, err := m.formOf(ctx, item)
	return f.Spec, err
}

// formOf returns the item's active stored form, or DefaultForm as version 0.
func (m *Manager) formOf(ctx context.Context, item PublishedItem) (FormVersion, error) {
	f, err := m.store.ActiveItemForm(ctx, item.ItemID)
	if apperr.KindOf(err) == apperr.NotFound {
		return FormVersion{ItemID: item.ItemID, Spec: DefaultForm(item)}, nil
	}
	return f, err
}

// ItemForm returns an item's form with its version for its administrators'
// editor; Version 0 means the item uses DefaultForm.
func (m *Manager) ItemForm(ctx context.Context, itemID int64) (FormVersion, error) {
	item, _, err := m.itemAdmin(ctx, itemID)
	if err != nil {
		return FormVersion{}, err
	}
	return m.formOf(ctx, item)
}

// SaveForm stores a new version of an item's form, which becomes the one
// applicants fill in. Check must pass; every problem is reported at once.
func (m *Manager) SaveForm(ctx context.Context, itemID int64, spec FormSpec) (FormVersion, error) {
	item, p, err := m.itemAdmin(ctx, itemID)
	if err != nil {
		return FormVersion{}, err
	}
	if err := spec.Check(); err != nil {
		return FormVersion{}, err
	}
	f := FormVersion{ItemID: item.ItemID, Spec: spec, CreatedBy: p.ID, CreatedAt: m.now(), Active: true}
	err = m.tx.InTx(ctx, func(ctx context.Context) error {
		if err := m.store.DeactivateItemForms(ctx, item.ItemID); err != nil {
			return err
		}
		if err := m.store.InsertItemForm(ctx, &f); err != nil {
			return err
		}
		return m.auditItem(ctx, "item.form.save", item, "v"+strconv.Itoa(f.Version))
	})
	return f, err
}

// SaveWorkflowDraft saves an item's workflow as a draft: the newest version
// when it is still a draft, otherwise a new version. A draft may be invalid;
// ActivateWorkflow is where it must pass.
func (m *Manager) SaveWorkflowDraft(ctx context.Context, itemID int64, w Workflow) (WorkflowVersion, error) {
	item, p, err := m.itemAdmin(ctx, itemID)
	if err != nil {
		return WorkflowVersion{}, err
	}
	if b, _ := json.Marshal(w); len(b) > maxDefinitionBytes {
		return WorkflowVersion{}, apperr.Field("definition", "itemdefs.workflow.too_large")
	}
	var v WorkflowVersion
	err = m.tx.InTx(ctx, func(ctx context.Context) error {
		vs, err := m.store.ItemWorkflows(ctx, item.ItemID)
		if err != nil {
			return err
		}
		if len(vs) > 0 && vs[0].Status == WorkflowDraft {
			v = vs[0]
			v.Workflow = w
			err = m.store.UpdateItemWorkflowDraft(ctx, v)
		} else {
			v = WorkflowVersion{ItemID: item.ItemID, Workflow: w, Status: WorkflowDraft, CreatedBy: p.ID, CreatedAt: m.now()}
			err = m.store.InsertItemWorkflow(ctx, &v)
		}
		if err != nil {
			return err
		}
		return m.auditItem(ctx, "item.workflow.draft", item, "v"+strconv.Itoa(v.Version))
	})
	return v, err
}

// ActivateWorkflow makes a version the item's workflow for cases opened from
// now on; open cases keep the one they were opened under. A definition that
// fails CheckWorkflow is refused with every problem on "definition".
func (m *Manager) ActivateWorkflow(ctx context.Context, itemID int64, version int) error {
	item, p, err := m.itemAdmin(ctx, itemID)
	if err != nil {
		return err
	}
	return m.tx.InTx(ctx, func(ctx context.Context) error {
		vs, err := m.store.ItemWorkflows(ctx, item.ItemID)
		if err != nil {
			return err
		}
		var target *WorkflowVersion
		for i := range vs {
			if vs[i].Version == version {
				target = &vs[i]
			}
		}
		switch {
		case target == nil:
			return apperr.NotFoundf("workflow version")
		case target.Status == WorkflowActive:
			return apperr.New(apperr.Conflict, "itemdefs.workflow.already_active")
		}
		if err := apperr.Fields(CheckWorkflow(target.Workflow)); err != nil {
			return err
		}
		for _, v := range vs {
			if v.Status == WorkflowActive {
				v.Status = WorkflowRetired
				if err := m.store.SetItemWorkflowStatus(ctx, v); err != nil {
					return err
				}
			}
		}
		target.Status, target.ActivatedBy, target.ActivatedAt = WorkflowActive, p.ID, m.now()
		if err := m.store.SetItemWorkflowStatus(ctx, *target); err != nil {
			return err
		}
		return m.auditItem(ctx, "item.workflow.activate", item, "v"+strconv.Itoa(version))
	})
}

// ItemWorkflows lists an item's stored workflow versions, newest first, for
// its administrators.
func (m *Manager) ItemWorkflows(ctx context.Context, itemID int64) ([]WorkflowVersion, error) {
	if _, _, err := m.itemAdmin(ctx, itemID); err != nil {
		return nil, err
	}
	return m.store.ItemWorkflows(ctx, itemID)
}

// ActiveWorkflow returns the workflow new cases of an item follow and its id
// (what the cases record), for its administrators: the active stored version,
// or DefaultWorkflow for the item's time limit with id 0.
func (m *Manager) ActiveWorkflow(ctx context.Context, itemID int64) (Workflow, int64, error) {
	item, _, err := m.itemAdmin(ctx, itemID)
	if err != nil {
		return Workflow{}, 0, err
	}
	v, err := m.store.ActiveItemWorkflow(ctx, item.ItemID)
	switch {
	case apperr.KindOf(err) == apperr.NotFound:
		return DefaultWorkflow(clockFor(item).Limit), 0, nil
	case err != nil:
		return Workflow{}, 0, err
	}
	return v.Workflow, v.ID, nil
}

// itemAdmin authorizes the signed-in item administrator for a published item:
// anyone else is refused before the item is even looked up, and so is an
// administrator whose scope does not cover the item's region and department.
func (m *Manager) itemAdmin(ctx context.Context, itemID int64) (PublishedItem, principal.Principal, error) {
	p := principal.From(ctx)
	if p.Kind == principal.Anonymous {
		return PublishedItem{}, p, apperr.New(apperr.Unauthenticated, "auth.required")
	}
	if !p.CanAnywhere(principal.ReviewItems) {
		return PublishedItem{}, p, apperr.Forbid()
	}
	item, err := m.items.Published(ctx, itemID)
	if err != nil {
		return item, p, err
	}
	if !p.Can(principal.ReviewItems, principal.Scope{RegionCode: item.RegionCode, DepartmentID: item.DepartmentID}) {
		return item, p, apperr.Forbid()
	}
	return item, p, nil
}

// auditItem records a change to an item's definitions in the caller's
// transaction.
func (m *Manager) auditItem(ctx context.Context, action string, item PublishedItem, detail string) error {
	if m.audit == nil {
		return nil
	}
	return m.audit.AppendAudit(ctx, audit.New(ctx, m.now(), action, "item", strconv.FormatInt(item.ItemID, 10), item.RegionCode, detail))
}

// snapshotWorkflow fixes the process a new case follows, inside open's
// transaction: the item's active workflow (its id on the case) or, with id 0,
// DefaultWorkflow. It sets the case's initial state from it.
func (m *Manager) snapshotWorkflow(ctx context.Context, c *Case) error {
	v, err := m.store.ActiveItemWorkflow(ctx, c.ItemID)
	switch {
	case apperr.KindOf(err) == apperr.NotFound:
		c.WorkflowID = 0
	case err != nil:
		return err
	default:
		c.WorkflowID = v.ID
		m.workflowCache().put(v.ID, v.Workflow)
	}
	c.State = m.workflowFor(*c).Initial
	return nil
}

// storedWorkflow returns the stored definition a case was opened under.
// Active and retired definitions never change, so each is read once and kept.
// workflowFor has no context, so a definition not yet cached is read outside
// the caller's transaction; it was committed before any case referred to it.
// If it cannot be read, the result has no states and no actions: the case is
// stuck visibly rather than moved along the wrong process.
func (m *Manager) storedWorkflow(id int64) Workflow {
	cache := m.workflowCache()
	if w, ok := cache.get(id); ok {
		return w
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	v, err := m.store.GetItemWorkflow(ctx, id)
	if err != nil || v.Status == WorkflowDraft {
		return Workflow{Name: "unavailable"}
	}
	cache.put(id, v.Workflow)
	return v.Workflow
}

// workflowCache holds stored workflow definitions by id.
type workflowCache struct {
	mu   sync.RWMutex
	byID map[int64]Workflow
}

func (c *workflowCache) get(id int64) (Workflow, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	w, ok := c.byID[id]
	return w, ok
}

func (c *workflowCache) put(id int64, w Workflow) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.byID == nil {
		c.byID = map[int64]Workflow{}
	}
	c.byID[id] = w
}

func (m *Manager) workflowCache() *workflowCache { return &m.workflows }

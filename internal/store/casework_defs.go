package store

import (
	"context"
	"encoding/json"

	"github.com/tongban/tongban/internal/casework"
	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/sqldb"
)

var _ casework.DefinitionStore = (*Store)(nil)

// InsertItemForm stores the item's next form version; the version number is
// taken in the same statement, and two concurrent saves meet the unique
// (item_id, version) key as a Conflict rather than sharing a number.
func (s *Store) InsertItemForm(ctx context.Context, f *casework.FormVersion) error {
	err := s.db.W(ctx).QueryRowContext(ctx, `/* casework.SaveForm */
		INSERT INTO item_forms (item_id, version, spec, created_by, created_at, active)
		VALUES ($1, (SELECT COALESCE(MAX(version), 0) + 1 FROM item_forms WHERE item_id = $1), $2, $3, $4, $5)
		RETURNING id, version`,
		f.ItemID, toJSON(f.Spec), f.CreatedBy, sqldb.T(f.CreatedAt), f.Active).Scan(&f.ID, &f.Version)
	return mapErr(err, "item form")
}

// DeactivateItemForms marks every form of an item inactive.
func (s *Store) DeactivateItemForms(ctx context.Context, itemID int64) error {
	_, err := s.db.W(ctx).ExecContext(ctx, `/* casework.SaveForm */
		UPDATE item_forms SET active = FALSE WHERE item_id = $1 AND active = TRUE`, itemID)
	return err
}

// ActiveItemForm returns the item's active form.
func (s *Store) ActiveItemForm(ctx context.Context, itemID int64) (casework.FormVersion, error) {
	var f casework.FormVersion
	var spec string
	var created sqldb.Time
	err := s.db.Q(ctx).QueryRowContext(ctx, `/* casework.FormFor */
		SELECT id, item_id, version, spec, created_by, created_at, active
		FROM item_forms WHERE item_id = $1 AND active = TRUE`, itemID).
		Scan(&f.ID, &f.ItemID, &f.Version, &spec, &f.CreatedBy, &created, &f.Active)
	if err != nil {
		return f, mapErr(err, "item form")
	}
	f.CreatedAt = created.Time
	return f, json.Unmarshal([]byte(spec), &f.Spec)
}

// InsertItemWorkflow stores the item's next workflow version.
func (s *Store) InsertItemWorkflow(ctx context.Context, w *casework.WorkflowVersion) error {
	def, err := json.Marshal(w.Workflow)
	if err != nil {
		return err
	}
	err = s.db.W(ctx).QueryRowContext(ctx, `/* casework.SaveWorkflowDraft */
		INSERT INTO item_workflows (item_id, version, definition, status, created_by, created_at, activated_by, activated_at)
		VALUES ($1, (SELECT COALESCE(MAX(version), 0) + 1 FROM item_workflows WHERE item_id = $1), $2, $3, $4, $5, $6, $7)
		RETURNING id, version`,
		w.ItemID, string(def), w.Status, w.CreatedBy, sqldb.T(w.CreatedAt), w.ActivatedBy, sqldb.NT(w.ActivatedAt)).Scan(&w.ID, &w.Version)
	return mapErr(err, "item workflow")
}

// UpdateItemWorkflowDraft replaces a draft's definition, provided it is
// still a draft: an active definition is never rewritten.
func (s *Store) UpdateItemWorkflowDraft(ctx context.Context, w casework.WorkflowVersion) error {
	def, err := json.Marshal(w.Workflow)
	if err != nil {
		return err
	}
	res, err := s.db.W(ctx).ExecContext(ctx, `/* casework.SaveWorkflowDraft */
		UPDATE item_workflows SET definition = $1 WHERE id = $2 AND status = 'draft'`, string(def), w.ID)
	return oneRow(res, err, "item workflow")
}

// SetItemWorkflowStatus saves a version's status and activation.
func (s *Store) SetItemWorkflowStatus(ctx context.Context, w casework.WorkflowVersion) error {
	res, err := s.db.W(ctx).ExecContext(ctx, `/* casework.ActivateWorkflow */
		UPDATE item_workflows SET status = $1, activated_by = $2, activated_at = $3 WHERE id = $4`,
		w.Status, w.ActivatedBy, sqldb.NT(w.ActivatedAt), w.ID)
	return oneRow(res, err, "item workflow")
}

// oneRow maps an update that changed nothing to a Conflict: the row is not
// in the state the caller read.
func oneRow(res interface{ RowsAffected() (int64, error) }, err error, what string) error {
	if err != nil {
		return mapErr(err, what)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return apperr.New(apperr.Conflict, "itemdefs.changed")
	}
	return nil
}

const itemWorkflowColumns = `id, item_id, version, definition, status, created_by, created_at, activated_by, activated_at`

func scanItemWorkflow(sc interface{ Scan(...any) error }) (casework.WorkflowVersion, error) {
	var w casework.WorkflowVersion
	var def string
	var created sqldb.Time
	var activated sqldb.NullTime
	if err := sc.Scan(&w.ID, &w.ItemID, &w.Version, &def, &w.Status, &w.CreatedBy, &created, &w.ActivatedBy, &activated); err != nil {
		return w, err
	}
	w.CreatedAt = created.Time
	if activated.Valid {
		w.ActivatedAt = activated.Time
	}
	return w, json.Unmarshal([]byte(def), &w.Workflow)
}

// ItemWorkflows lists an item's workflow versions, newest first.
func (s *Store) ItemWorkflows(ctx context.Context, itemID int64) ([]casework.WorkflowVersion, error) {
	rows, err := s.db.Q(ctx).QueryContext(ctx, `/* casework.ItemWorkflows */
		SELECT `+itemWorkflowColumns+` FROM item_workflows WHERE item_id = $1 ORDER BY version DESC`, itemID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []casework.WorkflowVersion
	for rows.Next() {
		w, err := scanItemWorkflow(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, rows.Err()
}

// GetItemWorkflow returns one workflow version by its id.
func (s *Store) GetItemWorkflow(ctx context.Context, id int64) (casework.WorkflowVersion, error) {
	w, err := scanItemWorkflow(s.db.Q(ctx).QueryRowContext(ctx, `/* casework.workflowFor */
		SELECT `+itemWorkflowColumns+` FROM item_workflows WHERE id = $1`, id))
	return w, mapErr(err, "item workflow")
}

// ActiveItemWorkflow returns the item's active workflow.
func (s *Store) ActiveItemWorkflow(ctx context.Context, itemID int64) (casework.WorkflowVersion, error) {
	w, err := scanItemWorkflow(s.db.Q(ctx).QueryRowContext(ctx, `/* casework.ActiveWorkflow */
		SELECT `+itemWorkflowColumns+` FROM item_workflows WHERE item_id = $1 AND status = 'active'`, itemID))
	return w, mapErr(err, "item workflow")
}

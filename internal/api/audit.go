package api

import (
	"context"
	"net/http"

	"github.com/tongban/tongban/internal/platform/audit"
	"github.com/tongban/tongban/internal/platform/principal"
)

// AuditEntry is one line of the audit trail.
type AuditEntry struct {
	ID         int64  `json:"id"`
	At         string `json:"at"`
	ActorKind  string `json:"actor_kind"`
	ActorID    int64  `json:"actor_id"`
	ActorName  string `json:"actor_name"`
	Action     string `json:"action"`
	TargetKind string `json:"target_kind"`
	TargetID   string `json:"target_id"`
	RegionCode string `json:"region_code"`
	Detail     string `json:"detail"`
	IP         string `json:"ip"`
	RequestID  string `json:"request_id"`
}

func auditEntryOf(e audit.Entry) AuditEntry {
	return AuditEntry{
		ID: e.ID, At: timestamp(e.At), ActorKind: e.ActorKind, ActorID: e.ActorID, ActorName: e.ActorName,
		Action: e.Action, TargetKind: e.TargetKind, TargetID: e.TargetID, RegionCode: e.RegionCode,
		Detail: e.Detail, IP: e.IP, RequestID: e.RequestID,
	}
}

func (a *API) auditTrail(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	limit, offset, err := page(q)
	if err != nil {
		return err
	}
	entries, total, err := a.listAudit(r.Context(), audit.Filter{
		Action: q.Get("action"), TargetKind: q.Get("target_kind"), TargetID: q.Get("target_id"),
		Limit: limit, Offset: offset,
	})
	if err != nil {
		return err
	}
	return encode(w, http.StatusOK, listOf(entries, total, auditEntryOf))
}

// listAudit is the audit trail's one use case. audit.Reader is a bare store
// interface with no manager in front of it, so the authorization the other
// endpoints get from their module is done here: only supervisors and system
// administrators read the trail, and only for their own region subtree. It
// belongs in a module method, where the admin pages can share it.
func (a *API) listAudit(ctx context.Context, f audit.Filter) ([]audit.Entry, int, error) {
	p, err := principal.AuthorizeOwn(ctx, principal.ViewAudit)
	if err != nil {
		return nil, 0, err
	}
	f.RegionPrefix = p.Scope.RegionCode
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	return a.Audit.ListAudit(ctx, f)
}

package api

import (
	"net/http"

	"github.com/tongban/tongban/internal/platform/audit"
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
	entries, total, err := audit.List(r.Context(), a.Audit, audit.Filter{
		Action: q.Get("action"), TargetKind: q.Get("target_kind"), TargetID: q.Get("target_id"),
		Limit: limit, Offset: offset,
	})
	if err != nil {
		return err
	}
	return encode(w, http.StatusOK, listOf(entries, total, auditEntryOf))
}

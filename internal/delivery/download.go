package delivery

import (
	"context"

	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/principal"
)

// Download returns the result document of an online delivery to its
// applicant as a PDF, drawn on demand from the delivery's data (nothing big is
// stored). The first download completes the delivery and the case; later ones
// only return the document. To anyone but the applicant the delivery does not
// exist.
func (m *Manager) Download(ctx context.Context, id int64) ([]byte, Delivery, error) {
	p := principal.From(ctx)
	if p.Kind == principal.Anonymous {
		return nil, Delivery{}, apperr.New(apperr.Unauthenticated, "auth.required")
	}
	d, err := m.store.GetDelivery(ctx, id)
	if err != nil {
		return nil, Delivery{}, err
	}
	if !isApplicant(p, d) {
		return nil, Delivery{}, apperr.NotFoundf("delivery")
	}
	if d.Method != Online {
		return nil, Delivery{}, apperr.New(apperr.Conflict, "delivery.not_online")
	}
	// Drawn before the transaction: a PDF takes a while, and a write
	// transaction should not wait on it.
	pdf, err := m.render(DocumentOf(d))
	if err != nil {
		return nil, Delivery{}, err
	}
	if d.Completed() {
		return pdf, d, nil
	}
	err = m.tx.InTx(ctx, func(ctx context.Context) error {
		done, err := m.complete(ctx, d, StatusReady, HowDownloaded, Event{Kind: KindDownloaded}, "", nil)
		if done {
			d.Status, d.CompletedHow = StatusCompleted, HowDownloaded
		}
		return err // not done: a download a moment ago completed it
	})
	return pdf, d, err
}

// DocumentOf is the result document of a delivery.
func DocumentOf(d Delivery) Document {
	return Document{CaseNumber: d.CaseNumber, ItemName: d.ItemName, ApplicantName: d.ApplicantName,
		ResultType: d.ResultType, ResultName: d.ResultName, Opinion: d.Opinion, DepartmentName: d.DepartmentName,
		Concluded: d.CreatedAt}
}

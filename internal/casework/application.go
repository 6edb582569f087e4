package casework

import (
	"context"

	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/principal"
)

// Application returns one of the signed-in person's applications by its ID,
// draft or submitted, so a client can resume a draft it created elsewhere.
// Another person's application is "not found", as if it did not exist.
func (m *Manager) Application(ctx context.Context, id int64) (Application, error) {
	p, err := principal.RequirePerson(ctx)
	if err != nil {
		return Application{}, err
	}
	return m.ownApplication(ctx, p, id)
}

// Item returns the published version of an item as casework sees it, for the
// application forms: its materials, fee and result.
func (m *Manager) Item(ctx context.Context, itemID int64) (PublishedItem, error) {
	return m.items.Published(ctx, itemID)
}

// MyCaseByNumber returns one of the signed-in person's cases by its number
// (a payment names the case it pays for by number).
func (m *Manager) MyCaseByNumber(ctx context.Context, number string) (Case, error) {
	p, err := principal.RequirePerson(ctx)
	if err != nil {
		return Case{}, err
	}
	c, err := m.store.GetCaseByNumber(ctx, number)
	if err != nil {
		return Case{}, err
	}
	if !isApplicant(p, c) {
		return Case{}, apperr.NotFoundf("case")
	}
	return c, nil
}

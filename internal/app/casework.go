package app

import (
	"context"
	"time"

	"github.com/tongban/tongban/internal/casework"
	"github.com/tongban/tongban/internal/catalog"
	"github.com/tongban/tongban/internal/platform/calendar"
)

// chinaTime is where case days are counted. China keeps one offset all year,
// so a fixed zone needs no time-zone database on the machine.
var chinaTime = time.FixedZone("CST", 8*3600)

// CatalogItems lets casework read the published item version a case is made
// under, without casework importing the catalog.
type CatalogItems struct{ Catalog *catalog.Manager }

// Published adapts catalog.Manager.Published to casework.ItemSource.
func (c CatalogItems) Published(ctx context.Context, id int64) (casework.PublishedItem, error) {
	p, err := c.Catalog.Published(ctx, id)
	if err != nil {
		return casework.PublishedItem{}, err
	}
	e := p.Version.Elements
	return casework.PublishedItem{
		ItemID: p.ID, Version: p.Version.Version, Name: e.Name, RegionCode: p.RegionCode, DepartmentID: p.DepartmentID,
		ImplCode: e.ImplCode, PromisedDays: e.PromisedDays, StatutoryDays: e.StatutoryDays, StatutoryUnit: e.StatutoryUnit,
		ServiceObjects: e.ServiceObjects, Suspended: p.State == catalog.StateSuspended,
	}, nil
}

// newCases wires the case-handling module.
func (a *App) newCases() error {
	cal, err := calendar.New()
	if err != nil {
		return err
	}
	a.Calendar = cal
	a.Cases = casework.NewManager(casework.Deps{
		Tx: a.DB, Store: a.Store, Items: CatalogItems{a.Items}, Audit: a.Store, Calendar: cal,
		Numbers: casework.NewNumberer(a.Store, chinaTime), Now: a.Now, Location: chinaTime,
		Thresholds: casework.DefaultThresholds,
	})
	return nil
}

package app

import (
	"context"
	"strconv"

	"github.com/tongban/tongban/internal/casework"
	"github.com/tongban/tongban/internal/payment"
	"github.com/tongban/tongban/internal/platform/apperr"
)

// Timeline actions for fees, shown on the case page.
const (
	eventFeeDue  = "payment.due"
	eventFeePaid = "payment.paid"
)

// caseDepartments lets casework resolve transfer targets from the region module.
type caseDepartments struct{ a *App }

// DepartmentRegion adapts the store's department to casework.Departments.
func (d caseDepartments) DepartmentRegion(ctx context.Context, id int64) (string, string, error) {
	dept, err := d.a.Store.GetDepartment(ctx, id)
	if err != nil {
		return "", "", err
	}
	return dept.RegionCode, dept.Name, nil
}

// wireFees opens a payment order, in the transaction of the case change that
// makes it due: on submission (or window registration) for an item with a
// fixed charge due then, and on approval with the fee the department fixed for
// the others. It puts the payment on the case's timeline when the gateway
// reports it.
func (a *App) wireFees() {
	a.Cases.Observe(casework.ObserverFunc(func(ctx context.Context, c casework.Case, e casework.Event) error {
		var fen int64
		switch e.Action {
		case casework.ActionApprove, casework.ActionCommitment:
			fen, _ = strconv.ParseInt(e.Detail["fee_fen"], 10, 64)
		case casework.EventSubmit, casework.EventRegister:
			fen = -1 // the item says whether a charge is due now
		}
		if fen == 0 {
			return nil
		}
		item, err := (CatalogItems{a.Items}).Published(ctx, c.ItemID)
		if err != nil {
			return err
		}
		if fen < 0 {
			if !item.Charged || item.SubmissionFeeFen <= 0 {
				return nil
			}
			fen = item.SubmissionFeeFen
		}
		line := payment.Line{Name: item.Name, Amount: fen}
		if len(item.FeeLines) > 0 {
			line.Name, line.Standard = item.FeeLines[0].Name, item.FeeLines[0].Standard
		}
		o, err := a.Payments.CreateOrder(ctx, payment.NewOrder{CaseRef: c.Number, PayerID: c.PersonID, ItemSlug: item.Slug,
			RegionCode: c.RegionCode, DepartmentID: c.DepartmentID, Lines: []payment.Line{line}})
		if err != nil {
			return err
		}
		return a.Cases.Note(ctx, c.ID, eventFeeDue, "", map[string]string{"order_no": o.No, "amount": payment.FormatFen(o.Total)})
	}))
	a.Payments.OnPaid(func(ctx context.Context, o payment.Order) error {
		c, err := a.Store.GetCaseByNumber(ctx, o.CaseRef)
		if apperr.KindOf(err) == apperr.NotFound {
			return nil // an order of something other than a case: nothing to note
		} else if err != nil {
			return err
		}
		return a.Cases.Note(ctx, c.ID, eventFeePaid, "", map[string]string{"order_no": o.No, "amount": payment.FormatFen(o.Total),
			"receipt": o.ReceiptNo})
	})
}

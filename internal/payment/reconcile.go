package payment

import (
	"context"
	"sort"
	"time"

	"github.com/tongban/tongban/internal/platform/calendar"
	"github.com/tongban/tongban/internal/platform/principal"
)

// Movement is one money movement of an order as the platform recorded it.
type Movement struct {
	OrderNo string
	Kind    string // KindPay or KindRefund
	Amount  int64
	TxnID   string
}

// Mismatch is a movement both sides know with different amounts.
type Mismatch struct {
	Platform Movement
	Gateway  StatementLine
}

// Report is a day's reconciliation (对账) against the gateway's statement.
type Report struct {
	Day               calendar.Date
	Matched           []Movement
	MissingOnPlatform []StatementLine // the gateway took or returned money the platform did not record
	MissingAtGateway  []Movement      // the platform recorded money the gateway does not show
	AmountMismatches  []Mismatch
}

// Balanced reports whether the day reconciles.
func (r Report) Balanced() bool {
	return len(r.MissingOnPlatform) == 0 && len(r.MissingAtGateway) == 0 && len(r.AmountMismatches) == 0
}

// Reconcile compares the payments and refunds the platform recorded on a
// Beijing calendar day with the gateway's statement of that day. The
// statement is install-wide, so only system administrators run it.
func (m *Manager) Reconcile(ctx context.Context, day calendar.Date) (Report, error) {
	if _, err := principal.AuthorizeOwn(ctx, principal.ReconcilePay); err != nil {
		return Report{}, err
	}
	from, to := DayBounds(day)
	orders, err := m.store.OrdersMovedBetween(ctx, from, to)
	if err != nil {
		return Report{}, err
	}
	lines, err := m.gw.Statement(ctx, day)
	if err != nil {
		return Report{}, err
	}
	return compare(day, movements(orders, from, to), lines), nil
}

// movements turns orders into the day's money movements.
func movements(orders []Order, from, to time.Time) []Movement {
	var out []Movement
	in := func(t time.Time) bool { return !t.Before(from) && t.Before(to) }
	for _, o := range orders {
		if !o.PaidAt.IsZero() && in(o.PaidAt) {
			out = append(out, Movement{OrderNo: o.No, Kind: KindPay, Amount: o.Total, TxnID: o.GatewayTxn})
		}
		if o.State == Refunded && in(o.RefundedAt) {
			out = append(out, Movement{OrderNo: o.No, Kind: KindRefund, Amount: o.Total, TxnID: o.GatewayTxn})
		}
	}
	return out
}

func compare(day calendar.Date, platform []Movement, gateway []StatementLine) Report {
	r := Report{Day: day}
	type key struct{ no, kind string }
	byKey := map[key]StatementLine{}
	for _, l := range gateway {
		k := key{l.OrderNo, l.Kind}
		if prev, ok := byKey[k]; ok { // several lines of one kind add up
			l.Amount += prev.Amount
		}
		byKey[k] = l
	}
	for _, mv := range platform {
		k := key{mv.OrderNo, mv.Kind}
		l, ok := byKey[k]
		switch {
		case !ok:
			r.MissingAtGateway = append(r.MissingAtGateway, mv)
		case l.Amount != mv.Amount:
			r.AmountMismatches = append(r.AmountMismatches, Mismatch{Platform: mv, Gateway: l})
		default:
			r.Matched = append(r.Matched, mv)
		}
		delete(byKey, k)
	}
	for _, l := range byKey {
		r.MissingOnPlatform = append(r.MissingOnPlatform, l)
	}
	sort.Slice(r.MissingOnPlatform, func(i, j int) bool {
		a, b := r.MissingOnPlatform[i], r.MissingOnPlatform[j]
		return a.OrderNo < b.OrderNo || a.OrderNo == b.OrderNo && a.Kind < b.Kind
	})
	return r
}

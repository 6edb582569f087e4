package delivery_test

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tongban/tongban/internal/delivery"
	"github.com/tongban/tongban/internal/delivery/sandboxcarrier"
	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/principal"
	"github.com/tongban/tongban/internal/testkit"
)

const (
	applicantID = 9001
	county      = "620825"
	marketDept  = 11 // 县市场监管局
	healthDept  = 12 // 县卫健局
	step        = 3 * time.Minute
	mailPhone   = "13987654321"
	mailAddress = "甘肃省平凉市庄浪县水洛镇紫荆路 88 号"
)

// timeline records what delivery writes to the case.
type timeline struct {
	mu        sync.Mutex
	notes     []string // action: comment
	delivered []string // how
}

func (t *timeline) Note(_ context.Context, caseID int64, action, comment string, _ map[string]string) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.notes = append(t.notes, action+":"+comment)
	return nil
}

func (t *timeline) Delivered(_ context.Context, caseID int64, how string) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.delivered = append(t.delivered, how)
	return nil
}

type fixture struct {
	env *testkit.Env
	m   *delivery.Manager
	tl  *timeline
}

func setup(t *testing.T) fixture {
	t.Helper()
	env := testkit.NewEnv(t)
	tl := &timeline{}
	render := func(d delivery.Document) ([]byte, error) {
		return []byte("%PDF-fake " + d.CaseNumber + " " + d.ResultName), nil
	}
	m := delivery.NewManager(delivery.Deps{Tx: env.DB.DB, Store: env.Store, Timeline: tl, Audit: env.Store, Render: render,
		Carrier: sandboxcarrier.New(env.Store, step, env.Clock.Now), Now: env.Clock.Now})
	return fixture{env: env, m: m, tl: tl}
}

var nextCase atomic.Int64

func newDelivery(method delivery.Method) delivery.New {
	id := nextCase.Add(1)
	return delivery.New{CaseID: id, CaseNumber: fmt.Sprintf("TB620825TEST%06d", id),
		ItemName: "食品经营许可", RegionCode: county, DepartmentID: marketDept, DepartmentName: "庄浪县市场监督管理局",
		PersonID: applicantID, ApplicantName: "王建国", Method: method, ResultName: "食品经营许可证",
		ResultType: delivery.ResultCertificate, Opinion: "准予许可。"}
}

func open(t *testing.T, f fixture, n delivery.New) delivery.Delivery {
	t.Helper()
	d, err := f.m.Open(context.Background(), n)
	if err != nil {
		t.Fatalf("open %s: %v", n.Method, err)
	}
	return d
}

var (
	applicant = testkit.AsPerson(context.Background(), applicantID, "王建国")
	stranger  = testkit.AsPerson(context.Background(), 9002, "李四")
	reviewer  = testkit.AsStaff(context.Background(), 1, principal.Reviewer, county, marketDept)
	other     = testkit.AsStaff(context.Background(), 2, principal.Reviewer, county, healthDept)
	clerk     = testkit.AsStaff(context.Background(), 3, principal.WindowClerk, "620825100", 0) // 水洛镇's hall
	farClerk  = testkit.AsStaff(context.Background(), 4, principal.WindowClerk, "620826", 0)    // another county
	countyHd  = testkit.AsStaff(context.Background(), 5, principal.WindowClerk, county, 0)
)

func TestOnlineDelivery(t *testing.T) {
	t.Parallel()
	f := setup(t)
	d := open(t, f, newDelivery(delivery.Online))
	if d.Status != delivery.StatusReady || !slices.Equal(f.tl.notes, []string{"delivery.ready:"}) {
		t.Fatalf("opened %+v, timeline %v", d, f.tl.notes)
	}
	for name, ctx := range map[string]context.Context{"another citizen": stranger, "the reviewer": reviewer} {
		if _, _, err := f.m.Download(ctx, d.ID); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("%s downloading: %v", name, err)
		}
	}
	if _, _, err := f.m.Download(context.Background(), d.ID); apperr.KindOf(err) != apperr.Unauthenticated {
		t.Errorf("a visitor downloading: %v", err)
	}
	pdf, got, err := f.m.Download(applicant, d.ID)
	if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF-")) || !bytes.Contains(pdf, []byte(d.CaseNumber)) {
		t.Fatalf("download = %q, %v", pdf, err)
	}
	if got.Status != delivery.StatusCompleted || got.CompletedHow != delivery.HowDownloaded {
		t.Fatalf("after the first download: %+v", got)
	}
	if _, _, err := f.m.Download(applicant, d.ID); err != nil {
		t.Fatalf("second download: %v", err)
	}
	if !slices.Equal(f.tl.delivered, []string{"downloaded"}) || !slices.Equal(f.tl.notes, []string{"delivery.ready:", "delivery.downloaded:"}) {
		t.Fatalf("timeline %v, delivered %v", f.tl.notes, f.tl.delivered)
	}
	if _, err := f.m.Open(context.Background(), delivery.New{CaseID: d.CaseID, CaseNumber: "x", RegionCode: county, PersonID: 1,
		Method: delivery.Online, ResultName: "x", ResultType: delivery.ResultOther}); apperr.KindOf(err) != apperr.Conflict {
		t.Fatalf("a second delivery for one case: %v", err)
	}
}

func TestMailDeliveryFollowsTheCarrier(t *testing.T) {
	t.Parallel()
	f := setup(t)
	ctx := context.Background()
	n := newDelivery(delivery.Mail)
	if _, err := f.m.Open(ctx, n); apperr.KindOf(err) != apperr.Invalid || len(apperr.FieldErrors(err)) != 3 {
		t.Fatalf("mail without an address: %v", err)
	}
	n.Recipient, n.Address, n.Phone = "王建国", mailAddress, mailPhone
	d := open(t, f, n)
	if d.Status != delivery.StatusPending || len(f.tl.notes) != 0 {
		t.Fatalf("opened %+v, timeline %v", d, f.tl.notes)
	}
	var raw []byte
	for _, col := range []string{"recipient_enc", "address_enc", "phone_enc"} {
		var b []byte
		if err := f.env.DB.Q(ctx).QueryRowContext(ctx, `SELECT `+col+` FROM deliveries WHERE id = $1`, d.ID).Scan(&b); err != nil || len(b) == 0 {
			t.Fatalf("%s: %d bytes, %v", col, len(b), err)
		}
		raw = append(raw, b...)
	}
	for _, plain := range []string{mailPhone, "紫荆路", "王建国"} {
		if bytes.Contains(raw, []byte(plain)) {
			t.Errorf("the delivery row holds %q in plain text", plain)
		}
	}

	for name, c := range map[string]context.Context{"another department's reviewer": other, "the applicant": applicant} {
		if _, err := f.m.Dispatch(c, d.ID); apperr.KindOf(err) != apperr.Forbidden {
			t.Errorf("%s dispatching: %v", name, err)
		}
	}
	shipped, err := f.m.Dispatch(reviewer, d.ID)
	if err != nil || shipped.Status != delivery.StatusShipped || !regexp.MustCompile(`^SB\d{12}$`).MatchString(shipped.TrackingNo) {
		t.Fatalf("dispatch = %+v, %v", shipped, err)
	}
	if _, err := f.m.Dispatch(reviewer, d.ID); apperr.KindOf(err) != apperr.Conflict {
		t.Fatalf("dispatching twice: %v", err)
	}

	refresh := func(want int) {
		t.Helper()
		if got, err := f.m.Refresh(ctx); err != nil || got != want {
			t.Fatalf("refresh recorded %d scans, %v; want %d", got, err, want)
		}
	}
	refresh(1) // 揽收 at once
	refresh(0)
	f.env.Clock.Advance(step)
	refresh(1) // 运输中
	f.env.Clock.Advance(10 * step)
	refresh(2) // 派送中, 已签收
	refresh(0)
	want := []string{"delivery.shipped:" + shipped.TrackingNo, "delivery.scan:快件已揽收", "delivery.scan:快件运输中，已到达转运中心",
		"delivery.scan:快件派送中，请保持电话畅通", "delivery.scan:快件已签收，签收人：本人"}
	if !slices.Equal(f.tl.notes, want) || !slices.Equal(f.tl.delivered, []string{"signed"}) {
		t.Fatalf("timeline %q, delivered %v", f.tl.notes, f.tl.delivered)
	}
	v, err := f.m.OfCase(applicant, d.CaseID)
	if err != nil || v.Status != delivery.StatusCompleted || v.CompletedHow != delivery.HowSigned || len(v.Events) != 5 ||
		v.Events[4].ScanStatus != delivery.ScanSigned || v.Phone != mailPhone {
		t.Fatalf("applicant's view = %+v, %v", v, err)
	}
	v, err = f.m.OfCase(reviewer, d.CaseID)
	if err != nil || v.Phone != "139****4321" || v.Recipient != "王**" || v.CanDispatch {
		t.Fatalf("reviewer's view = %+v, %v", v, err)
	}
}

func TestWindowPickup(t *testing.T) {
	t.Parallel()
	f := setup(t)
	d := open(t, f, newDelivery(delivery.Window))
	if d.Status != delivery.StatusReady || !slices.Equal(f.tl.notes, []string{"delivery.pickup:"}) {
		t.Fatalf("opened %+v, timeline %v", d, f.tl.notes)
	}
	v, err := f.m.OfCase(applicant, d.CaseID)
	if err != nil || !regexp.MustCompile(`^\d{6}$`).MatchString(v.PickupCode) || v.CanDownload {
		t.Fatalf("applicant's view = %+v, %v", v, err)
	}
	code := v.PickupCode
	if v, err := f.m.OfCase(reviewer, d.CaseID); err != nil || v.PickupCode != "" {
		t.Fatalf("staff see the pickup code: %+v, %v", v, err)
	}
	ctx := context.Background()
	var raw []byte
	if err := f.env.DB.Q(ctx).QueryRowContext(ctx, `SELECT pickup_code_enc FROM deliveries WHERE id = $1`, d.ID).Scan(&raw); err != nil || bytes.Contains(raw, []byte(code)) {
		t.Fatalf("pickup code at rest: %v", err)
	}

	wrong := "000000"
	if code == wrong {
		wrong = "000001"
	}
	for _, tc := range []struct {
		name string
		ctx  context.Context
		code string
		kind apperr.Kind
		key  string
	}{
		{"a reviewer", reviewer, code, apperr.Forbidden, ""},
		{"a citizen", applicant, code, apperr.Forbidden, ""},
		{"a visitor", ctx, code, apperr.Unauthenticated, ""},
		{"a clerk of another county", farClerk, code, apperr.Forbidden, "delivery.pickup.other_hall"},
		{"a malformed code", clerk, "12ab", apperr.Invalid, "delivery.pickup.code_format"},
		{"a wrong code", clerk, wrong, apperr.Invalid, "delivery.pickup.wrong_code"},
	} {
		_, err := f.m.Collect(tc.ctx, tc.code)
		if apperr.KindOf(err) != tc.kind {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.kind)
			continue
		}
		if tc.key != "" && !strings.Contains(err.Error(), tc.key) && !slices.ContainsFunc(apperr.FieldErrors(err), func(fe apperr.FieldError) bool { return fe.Key == tc.key }) {
			t.Errorf("%s: %v, want %s", tc.name, err, tc.key)
		}
	}
	// A county hall covers its townships' cases too; full-width digits are fine.
	got, err := f.m.Collect(countyHd, toFullWidth(code))
	if err != nil || got.ID != d.ID || got.Status != delivery.StatusCompleted || got.CompletedHow != delivery.HowCollected {
		t.Fatalf("collect = %+v, %v", got, err)
	}
	if _, err := f.m.Collect(clerk, code); apperr.KindOf(err) != apperr.Invalid {
		t.Fatalf("the code used twice: %v", err)
	}
	if v, err := f.m.OfCase(applicant, d.CaseID); err != nil || v.PickupCode != "" || v.Status != delivery.StatusCompleted {
		t.Fatalf("after pickup: %+v, %v", v, err)
	}
	if !slices.Equal(f.tl.delivered, []string{"collected"}) || !slices.Equal(f.tl.notes, []string{"delivery.pickup:", "delivery.collected:"}) {
		t.Fatalf("timeline %v, delivered %v", f.tl.notes, f.tl.delivered)
	}
}

func toFullWidth(s string) string {
	var b strings.Builder
	for _, r := range s {
		b.WriteRune(r + 0xFEE0)
	}
	return b.String()
}

func TestWhoSeesADelivery(t *testing.T) {
	t.Parallel()
	f := setup(t)
	n := newDelivery(delivery.Mail)
	n.Recipient, n.Address, n.Phone = "王建国", mailAddress, mailPhone
	d := open(t, f, n)
	for name, ctx := range map[string]context.Context{"another citizen": stranger, "another department": other, "a far clerk": farClerk} {
		if _, err := f.m.OfCase(ctx, d.CaseID); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := f.m.OfCase(context.Background(), d.CaseID); apperr.KindOf(err) != apperr.Unauthenticated {
		t.Errorf("a visitor: %v", err)
	}
	supervisor := testkit.AsStaff(context.Background(), 6, principal.Supervisor, county, 0)
	if v, err := f.m.OfCase(supervisor, d.CaseID); err != nil || v.CanDispatch {
		t.Errorf("supervisor: %+v, %v", v, err)
	}
	if v, err := f.m.OfCase(reviewer, d.CaseID); err != nil || !v.CanDispatch {
		t.Errorf("reviewer: %+v, %v", v, err)
	}
	if _, err := f.m.Dispatch(supervisor, d.ID); apperr.KindOf(err) != apperr.Forbidden {
		t.Errorf("a supervisor dispatching: %v", err)
	}
	if _, err := f.m.OfCase(applicant, 424242); apperr.KindOf(err) != apperr.NotFound {
		t.Errorf("a case without a delivery: %v", err)
	}
}

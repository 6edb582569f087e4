package notify_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tongban/tongban/internal/notify"
	"github.com/tongban/tongban/internal/platform/apperr"
	"github.com/tongban/tongban/internal/platform/principal"
	"github.com/tongban/tongban/internal/testkit"
)

const (
	applicantID = 9001
	phone       = "13912345678"
	email       = "wangjg@example.com"
)

type fixture struct {
	env *testkit.Env
	m   *notify.Manager
}

// lockedBuffer lets the worker goroutine log while the test reads.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func setup(t *testing.T, senders map[notify.Channel]notify.Sender) (fixture, *lockedBuffer) {
	t.Helper()
	env := testkit.NewEnv(t)
	logs := &lockedBuffer{}
	m := notify.NewManager(notify.Deps{Tx: env.DB.DB, Store: env.Store, Senders: senders,
		Log: slog.New(slog.NewTextHandler(logs, nil)), Now: env.Clock.Now, MaxAttempts: 2})
	return fixture{env: env, m: m}, logs
}

func applicant() context.Context {
	return testkit.AsPerson(context.Background(), applicantID, "王建国")
}

func send(t *testing.T, m *notify.Manager, msg notify.Message) notify.Notice {
	t.Helper()
	n, err := m.Send(context.Background(), msg)
	if err != nil {
		t.Fatalf("send %q: %v", msg.Title, err)
	}
	return n
}

func TestInbox(t *testing.T) {
	t.Parallel()
	f, _ := setup(t, nil)
	me := notify.Recipient{Kind: notify.ToPerson, ID: applicantID}
	first := send(t, f.m, notify.Message{To: me, Title: "申请已提交", Body: "办件 1", Link: "/me/cases/1"})
	f.env.Clock.Advance(time.Minute)
	second := send(t, f.m, notify.Message{To: me, Title: "申请已受理", Link: "/me/cases/1"})
	send(t, f.m, notify.Message{To: notify.Recipient{Kind: notify.ToPerson, ID: applicantID, OrgID: 5}, Title: "为企业申请"})
	send(t, f.m, notify.Message{To: notify.Recipient{Kind: notify.ToPerson, ID: 9002}, Title: "别人的消息"})
	staffNotice := send(t, f.m, notify.Message{To: notify.Recipient{Kind: notify.ToStaff, ID: applicantID}, Title: "催办提醒"})

	in, err := f.m.Inbox(applicant())
	if err != nil {
		t.Fatal(err)
	}
	if len(in.Notices) != 2 || in.Notices[0].ID != second.ID || in.Notices[1].ID != first.ID || in.Unread != 2 {
		t.Fatalf("inbox = %+v", in)
	}
	if !in.Notices[0].Unread() || in.Notices[1].Link != "/me/cases/1" {
		t.Fatalf("notice = %+v", in.Notices[0])
	}
	if n, err := f.m.Unread(applicant()); err != nil || n != 2 {
		t.Fatalf("unread = %d, %v", n, err)
	}

	// A staff member with the same id has an inbox of their own.
	staff := testkit.AsStaff(context.Background(), applicantID, principal.Reviewer, "620825", 0)
	if in, err := f.m.Inbox(staff); err != nil || len(in.Notices) != 1 || in.Notices[0].ID != staffNotice.ID {
		t.Fatalf("staff inbox = %+v, %v", in, err)
	}
	// Another inbox's notice cannot be marked, and looks absent.
	if err := f.m.MarkRead(staff, first.ID); apperr.KindOf(err) != apperr.NotFound {
		t.Fatalf("marking another's notice: %v", err)
	}
	if err := f.m.MarkRead(applicant(), first.ID); err != nil {
		t.Fatal(err)
	}
	if err := f.m.MarkRead(applicant(), first.ID); err != nil {
		t.Fatalf("marking twice: %v", err)
	}
	in, _ = f.m.Inbox(applicant())
	if in.Unread != 1 || in.Notices[1].Unread() || !in.Notices[0].Unread() {
		t.Fatalf("after one read: %+v", in)
	}
	if n, err := f.m.MarkAllRead(applicant()); err != nil || n != 1 {
		t.Fatalf("mark all = %d, %v", n, err)
	}
	if n, _ := f.m.Unread(applicant()); n != 0 {
		t.Fatalf("unread after all read = %d", n)
	}
	if _, err := f.m.Inbox(context.Background()); apperr.KindOf(err) != apperr.Unauthenticated {
		t.Fatalf("visitor's inbox: %v", err)
	}
	if n, err := f.m.Unread(context.Background()); err != nil || n != 0 {
		t.Fatalf("visitor's unread = %d, %v", n, err)
	}
}

func TestSendRefusesWhatCannotArrive(t *testing.T) {
	t.Parallel()
	f, _ := setup(t, nil)
	for _, msg := range []notify.Message{
		{To: notify.Recipient{Kind: notify.ToPerson}, Title: "无人"},
		{To: notify.Recipient{Kind: "robot", ID: 1}, Title: "未知"},
		{To: notify.Recipient{Kind: notify.ToPerson, ID: 1}, Title: "  "},
	} {
		if _, err := f.m.Send(context.Background(), msg); apperr.KindOf(err) != apperr.Invalid {
			t.Errorf("Send(%+v) = %v, want invalid", msg, err)
		}
	}
}

// The SMS and e-mail copies are queued in the notice's transaction with their
// addresses sealed, and the worker hands them over outside it.
func TestOutboxDeliveredByRun(t *testing.T) {
	t.Parallel()
	f, logs := setup(t, nil)
	ctx := context.Background()
	n := send(t, f.m, notify.Message{To: notify.Recipient{Kind: notify.ToPerson, ID: applicantID},
		Title: "请补正材料", Body: "缺少营业执照复印件", Phone: "139 1234-5678", Email: email})

	rows, err := f.env.DB.Q(ctx).QueryContext(ctx, `SELECT address_enc, address_masked, status FROM notice_outbox WHERE notice_id = $1 ORDER BY id`, n.ID)
	if err != nil {
		t.Fatal(err)
	}
	var masked []string
	for rows.Next() {
		var enc []byte
		var m, status string
		if err := rows.Scan(&enc, &m, &status); err != nil {
			t.Fatal(err)
		}
		for _, plain := range []string{phone, email, "wangjg"} {
			if bytes.Contains(enc, []byte(plain)) || strings.Contains(m, plain) {
				t.Errorf("outbox row holds %q in plain text", plain)
			}
		}
		if status != notify.StatusPending {
			t.Errorf("status = %s before the worker ran", status)
		}
		masked = append(masked, m)
	}
	rows.Close()
	if strings.Join(masked, ",") != "139****5678,w*****@example.com" {
		t.Fatalf("masked = %v", masked)
	}

	run, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { f.m.Run(run, 10*time.Millisecond); close(done) }()
	admin := testkit.AsStaff(ctx, 1, principal.SystemAdmin, "620825", 0)
	deadline := time.Now().Add(5 * time.Second)
	var log []notify.Outgoing
	for time.Now().Before(deadline) {
		if log, err = f.m.DeliveryLog(admin, 10); err != nil {
			t.Fatal(err)
		}
		if len(log) == 2 && log[0].Status == notify.StatusSent && log[1].Status == notify.StatusSent {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	stop()
	<-done
	if len(log) != 2 || log[0].Status != notify.StatusSent || log[0].Attempts != 1 || log[0].SentAt.IsZero() {
		t.Fatalf("delivery log = %+v", log)
	}
	for _, o := range log {
		if o.Address != "" {
			t.Errorf("the delivery log carries a full address: %+v", o)
		}
	}
	logs.mu.Lock()
	text := logs.b.String()
	logs.mu.Unlock()
	if !strings.Contains(text, "139****5678") || strings.Contains(text, phone) || strings.Contains(text, email) || strings.Contains(text, "营业执照") {
		t.Fatalf("log lines: %s", text)
	}
	clerk := testkit.AsStaff(ctx, 2, principal.WindowClerk, "620825", 0)
	if _, err := f.m.DeliveryLog(clerk, 10); apperr.KindOf(err) != apperr.Forbidden {
		t.Fatalf("a clerk reading the delivery log: %v", err)
	}
}

// failing is an SMS gateway that is down.
type failing struct{ calls []notify.Outgoing }

func (s *failing) Send(_ context.Context, o notify.Outgoing) error {
	s.calls = append(s.calls, o)
	return errors.New("gateway timeout")
}

func TestFailedCopiesBackOffThenGiveUp(t *testing.T) {
	t.Parallel()
	sms := &failing{}
	f, _ := setup(t, map[notify.Channel]notify.Sender{notify.SMS: sms})
	ctx := context.Background()
	send(t, f.m, notify.Message{To: notify.Recipient{Kind: notify.ToPerson, ID: applicantID}, Title: "申请已受理", Phone: phone})
	if n, err := f.m.Deliver(ctx); err != nil || n != 0 || len(sms.calls) != 1 || sms.calls[0].Address != phone {
		t.Fatalf("first pass: sent %d, %v, calls %+v", n, err, sms.calls)
	}
	if _, err := f.m.Deliver(ctx); err != nil || len(sms.calls) != 1 {
		t.Fatalf("retried before the back-off: %d calls, %v", len(sms.calls), err)
	}
	f.env.Clock.Advance(31 * time.Second)
	if _, err := f.m.Deliver(ctx); err != nil || len(sms.calls) != 2 {
		t.Fatalf("not retried after the back-off: %d calls, %v", len(sms.calls), err)
	}
	f.env.Clock.Advance(time.Hour)
	if _, err := f.m.Deliver(ctx); err != nil || len(sms.calls) != 2 {
		t.Fatalf("retried after giving up: %d calls, %v", len(sms.calls), err)
	}
	log, err := f.m.DeliveryLog(testkit.AsStaff(ctx, 1, principal.Supervisor, "620825", 0), 10)
	if err != nil || len(log) != 1 || log[0].Status != notify.StatusFailed || log[0].Attempts != 2 || log[0].LastError != "gateway timeout" {
		t.Fatalf("log = %+v, %v", log, err)
	}
}

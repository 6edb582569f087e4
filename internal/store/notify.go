package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/tongban/tongban/internal/notify"
	"github.com/tongban/tongban/internal/sqldb"
)

var _ notify.Store = (*Store)(nil)

// ctxOutboxAddress binds a sealed phone number or e-mail address to its column.
const ctxOutboxAddress = "notice_outbox.address"

// InsertNotice stores a notice.
func (s *Store) InsertNotice(ctx context.Context, n *notify.Notice) error {
	err := s.db.W(ctx).QueryRowContext(ctx, `/* notify.Send */
		INSERT INTO notices (recipient_kind, recipient_id, org_id, title, body, link, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		string(n.To.Kind), n.To.ID, n.To.OrgID, n.Title, n.Body, n.Link, sqldb.T(n.CreatedAt)).Scan(&n.ID)
	return mapErr(err, "notice")
}

// EnqueueOutgoing stores an outbox row with its address sealed.
func (s *Store) EnqueueOutgoing(ctx context.Context, o *notify.Outgoing) error {
	enc, err := s.keys.Seal(o.Address, ctxOutboxAddress)
	if err != nil {
		return err
	}
	err = s.db.W(ctx).QueryRowContext(ctx, `/* notify.Send */
		INSERT INTO notice_outbox (notice_id, channel, address_enc, address_masked, status, next_at, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		o.NoticeID, string(o.Channel), enc, o.MaskedAddress, o.Status, sqldb.T(o.NextAt), sqldb.T(o.CreatedAt)).Scan(&o.ID)
	return mapErr(err, "notice copy")
}

// Notices lists an inbox, newest first.
func (s *Store) Notices(ctx context.Context, to notify.Recipient, limit int) ([]notify.Notice, error) {
	rows, err := s.db.Q(ctx).QueryContext(ctx, `/* notify.Inbox */
		SELECT id, title, body, link, created_at, read_at FROM notices
		WHERE recipient_kind = $1 AND recipient_id = $2 AND org_id = $3 ORDER BY id DESC LIMIT $4`,
		string(to.Kind), to.ID, to.OrgID, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []notify.Notice
	for rows.Next() {
		n := notify.Notice{To: to}
		var created sqldb.Time
		var read sqldb.NullTime
		if err := rows.Scan(&n.ID, &n.Title, &n.Body, &n.Link, &created, &read); err != nil {
			return nil, err
		}
		n.CreatedAt, n.ReadAt = created.Time, read.Time
		out = append(out, n)
	}
	return out, rows.Err()
}

// UnreadNotices counts an inbox's unread notices.
func (s *Store) UnreadNotices(ctx context.Context, to notify.Recipient) (int, error) {
	return s.count(ctx, `/* notify.Unread */
		SELECT COUNT(*) FROM notices WHERE recipient_kind = $1 AND recipient_id = $2 AND org_id = $3 AND read_at IS NULL`,
		string(to.Kind), to.ID, to.OrgID)
}

// MarkNoticeRead marks one notice of the inbox read if it is unread.
func (s *Store) MarkNoticeRead(ctx context.Context, to notify.Recipient, id int64, at time.Time) (bool, error) {
	var found int
	err := s.db.W(ctx).QueryRowContext(ctx, `/* notify.MarkRead */
		UPDATE notices SET read_at = COALESCE(read_at, $1)
		WHERE id = $2 AND recipient_kind = $3 AND recipient_id = $4 AND org_id = $5 RETURNING 1`,
		sqldb.T(at), id, string(to.Kind), to.ID, to.OrgID).Scan(&found)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// MarkAllNoticesRead marks every unread notice of the inbox read.
func (s *Store) MarkAllNoticesRead(ctx context.Context, to notify.Recipient, at time.Time) (int, error) {
	res, err := s.db.W(ctx).ExecContext(ctx, `/* notify.MarkAllRead */
		UPDATE notices SET read_at = $1
		WHERE recipient_kind = $2 AND recipient_id = $3 AND org_id = $4 AND read_at IS NULL`,
		sqldb.T(at), string(to.Kind), to.ID, to.OrgID)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// DueOutgoing returns pending copies due by now with their addresses opened.
func (s *Store) DueOutgoing(ctx context.Context, now time.Time, limit int) ([]notify.Outgoing, error) {
	rows, err := s.db.Q(ctx).QueryContext(ctx, `/* notify.Deliver */
		SELECT o.id, o.notice_id, o.channel, o.address_enc, o.address_masked, o.attempts, n.title, n.body
		FROM notice_outbox o JOIN notices n ON n.id = o.notice_id
		WHERE o.status = 'pending' AND o.next_at <= $1 ORDER BY o.id LIMIT $2`, sqldb.T(now), limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []notify.Outgoing
	for rows.Next() {
		o := notify.Outgoing{Status: notify.StatusPending}
		var channel string
		var enc []byte
		if err := rows.Scan(&o.ID, &o.NoticeID, &channel, &enc, &o.MaskedAddress, &o.Attempts, &o.Title, &o.Body); err != nil {
			return nil, err
		}
		o.Channel = notify.Channel(channel)
		if o.Address, err = s.keys.Open(enc, ctxOutboxAddress); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// OutgoingSent records a copy as handed over.
func (s *Store) OutgoingSent(ctx context.Context, id int64, attempts int, at time.Time) error {
	_, err := s.db.W(ctx).ExecContext(ctx, `/* notify.Deliver */
		UPDATE notice_outbox SET status = 'sent', attempts = $1, sent_at = $2, last_error = '' WHERE id = $3`,
		attempts, sqldb.T(at), id)
	return err
}

// OutgoingFailed records a failed attempt; final gives the copy up.
func (s *Store) OutgoingFailed(ctx context.Context, id int64, attempts int, next time.Time, lastErr string, final bool) error {
	status := notify.StatusPending
	if final {
		status = notify.StatusFailed
	}
	_, err := s.db.W(ctx).ExecContext(ctx, `/* notify.Deliver */
		UPDATE notice_outbox SET status = $1, attempts = $2, next_at = $3, last_error = $4 WHERE id = $5`,
		status, attempts, sqldb.T(next), lastErr, id)
	return err
}

// OutgoingLog lists copies newest first; the sealed address is not read.
func (s *Store) OutgoingLog(ctx context.Context, limit int) ([]notify.Outgoing, error) {
	rows, err := s.db.Q(ctx).QueryContext(ctx, `/* notify.DeliveryLog */
		SELECT o.id, o.notice_id, o.channel, o.address_masked, COALESCE(n.title, ''), o.status, o.attempts, o.last_error,
			o.created_at, o.next_at, o.sent_at
		FROM notice_outbox o LEFT JOIN notices n ON n.id = o.notice_id ORDER BY o.id DESC LIMIT $1`, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []notify.Outgoing
	for rows.Next() {
		var o notify.Outgoing
		var channel string
		var created, next sqldb.Time
		var sent sqldb.NullTime
		if err := rows.Scan(&o.ID, &o.NoticeID, &channel, &o.MaskedAddress, &o.Title, &o.Status, &o.Attempts, &o.LastError, &created, &next, &sent); err != nil {
			return nil, err
		}
		o.Channel, o.CreatedAt, o.NextAt, o.SentAt = notify.Channel(channel), created.Time, next.Time, sent.Time
		out = append(out, o)
	}
	return out, rows.Err()
}

package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/tongban/tongban/internal/delivery"
	"github.com/tongban/tongban/internal/delivery/sandboxcarrier"
	"github.com/tongban/tongban/internal/sqldb"
)

var (
	_ delivery.Store       = (*Store)(nil)
	_ sandboxcarrier.Store = (*Store)(nil)
)

// Encryption contexts of the delivery columns that hold personal data.
const (
	ctxDeliveryRecipient = "deliveries.recipient"
	ctxDeliveryAddress   = "deliveries.address"
	ctxDeliveryPhone     = "deliveries.phone"
	ctxPickupCode        = "deliveries.pickup_code"
)

const deliveryColumns = `id, case_id, case_number, item_name, region_code, department_id, department_name, person_id, org_id,
	applicant_name, method, result_name, result_type, opinion, recipient_enc, address_enc, phone_enc, carrier, tracking_no,
	scans, status, completed_how, created_at, updated_at, completed_at`

// sealOptional seals a value, or stores NULL for an empty one.
func (s *Store) sealOptional(v, context string) ([]byte, error) {
	if v == "" {
		return nil, nil
	}
	return s.keys.Seal(v, context)
}

// openOptional opens a sealed value; NULL is "".
func (s *Store) openOptional(enc []byte, context string) (string, error) {
	if enc == nil {
		return "", nil
	}
	return s.keys.Open(enc, context)
}

func (s *Store) scanDelivery(sc interface{ Scan(...any) error }) (delivery.Delivery, error) {
	var d delivery.Delivery
	var method string
	var recipient, address, phone []byte
	var created, updated sqldb.Time
	var completed sqldb.NullTime
	if err := sc.Scan(&d.ID, &d.CaseID, &d.CaseNumber, &d.ItemName, &d.RegionCode, &d.DepartmentID, &d.DepartmentName,
		&d.PersonID, &d.OrgID, &d.ApplicantName, &method, &d.ResultName, &d.ResultType, &d.Opinion, &recipient, &address, &phone,
		&d.Carrier, &d.TrackingNo, &d.Scans, &d.Status, &d.CompletedHow, &created, &updated, &completed); err != nil {
		return d, err
	}
	d.Method, d.CreatedAt, d.UpdatedAt, d.CompletedAt = delivery.Method(method), created.Time, updated.Time, completed.Time
	var err error
	if d.Recipient, err = s.openOptional(recipient, ctxDeliveryRecipient); err != nil {
		return d, err
	}
	if d.Address, err = s.openOptional(address, ctxDeliveryAddress); err != nil {
		return d, err
	}
	d.Phone, err = s.openOptional(phone, ctxDeliveryPhone)
	return d, err
}

// InsertDelivery stores a delivery with its personal data and pickup code sealed.
func (s *Store) InsertDelivery(ctx context.Context, d *delivery.Delivery, pickupCode string) error {
	recipient, err := s.sealOptional(d.Recipient, ctxDeliveryRecipient)
	if err != nil {
		return err
	}
	address, err := s.sealOptional(d.Address, ctxDeliveryAddress)
	if err != nil {
		return err
	}
	phone, err := s.sealOptional(d.Phone, ctxDeliveryPhone)
	if err != nil {
		return err
	}
	code, err := s.sealOptional(pickupCode, ctxPickupCode)
	if err != nil {
		return err
	}
	var codeIdx []byte
	if pickupCode != "" {
		codeIdx = s.keys.Index(pickupCode, ctxPickupCode)
	}
	err = s.db.W(ctx).QueryRowContext(ctx, `/* delivery.Open */
		INSERT INTO deliveries (case_id, case_number, item_name, region_code, department_id, department_name, person_id, org_id,
			applicant_name, method, result_name, result_type, opinion, recipient_enc, address_enc, phone_enc,
			pickup_code_idx, pickup_code_enc, status, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21) RETURNING id`,
		d.CaseID, d.CaseNumber, d.ItemName, d.RegionCode, d.DepartmentID, d.DepartmentName, d.PersonID, d.OrgID,
		d.ApplicantName, string(d.Method), d.ResultName, d.ResultType, d.Opinion, recipient, address, phone,
		codeIdx, code, d.Status, sqldb.T(d.CreatedAt), sqldb.T(d.UpdatedAt)).Scan(&d.ID)
	return mapErr(err, "delivery")
}

// GetDelivery returns one delivery, opened.
func (s *Store) GetDelivery(ctx context.Context, id int64) (delivery.Delivery, error) {
	d, err := s.scanDelivery(s.db.Q(ctx).QueryRowContext(ctx, `/* delivery.Get */
		SELECT `+deliveryColumns+` FROM deliveries WHERE id = $1`, id))
	return d, mapErr(err, "delivery")
}

// DeliveryOfCase returns the delivery of a case.
func (s *Store) DeliveryOfCase(ctx context.Context, caseID int64) (delivery.Delivery, error) {
	d, err := s.scanDelivery(s.db.Q(ctx).QueryRowContext(ctx, `/* delivery.OfCase */
		SELECT `+deliveryColumns+` FROM deliveries WHERE case_id = $1`, caseID))
	return d, mapErr(err, "delivery")
}

// PickupCodeTaken reports whether an unused code is given out already.
func (s *Store) PickupCodeTaken(ctx context.Context, code string) (bool, error) {
	n, err := s.count(ctx, `/* delivery.Open */ SELECT COUNT(*) FROM deliveries WHERE pickup_code_idx = $1`,
		s.keys.Index(code, ctxPickupCode))
	return n > 0, err
}

// DeliveryByPickupCode finds the delivery of an unused code by its keyed hash.
func (s *Store) DeliveryByPickupCode(ctx context.Context, code string) (delivery.Delivery, error) {
	d, err := s.scanDelivery(s.db.Q(ctx).QueryRowContext(ctx, `/* delivery.Collect */
		SELECT `+deliveryColumns+` FROM deliveries WHERE pickup_code_idx = $1`, s.keys.Index(code, ctxPickupCode)))
	return d, mapErr(err, "delivery")
}

// PickupCode opens a delivery's unused pickup code; "" once it is used.
func (s *Store) PickupCode(ctx context.Context, id int64) (string, error) {
	var enc []byte
	err := s.db.Q(ctx).QueryRowContext(ctx, `/* delivery.OfCase */
		SELECT pickup_code_enc FROM deliveries WHERE id = $1`, id).Scan(&enc)
	if err != nil {
		return "", mapErr(err, "delivery")
	}
	return s.openOptional(enc, ctxPickupCode)
}

// MarkShipped moves a pending delivery to shipped.
func (s *Store) MarkShipped(ctx context.Context, id int64, carrier, trackingNo string, at time.Time) (bool, error) {
	return s.changed(ctx, `/* delivery.Dispatch */
		UPDATE deliveries SET status = 'shipped', carrier = $1, tracking_no = $2, updated_at = $3
		WHERE id = $4 AND status = 'pending'`, carrier, trackingNo, sqldb.T(at), id)
}

// ChangeDeliveryMethod stores an applicant's new delivery method.
func (s *Store) ChangeDeliveryMethod(ctx context.Context, d delivery.Delivery, from, pickupCode string) (bool, error) {
	recipient, err := s.sealOptional(d.Recipient, ctxDeliveryRecipient)
	if err != nil {
		return false, err
	}
	address, err := s.sealOptional(d.Address, ctxDeliveryAddress)
	if err != nil {
		return false, err
	}
	phone, err := s.sealOptional(d.Phone, ctxDeliveryPhone)
	if err != nil {
		return false, err
	}
	code, err := s.sealOptional(pickupCode, ctxPickupCode)
	if err != nil {
		return false, err
	}
	var codeIdx []byte
	if pickupCode != "" {
		codeIdx = s.keys.Index(pickupCode, ctxPickupCode)
	}
	return s.changed(ctx, `/* delivery.ChangeMethod */
		UPDATE deliveries SET method = $1, status = $2, recipient_enc = $3, address_enc = $4, phone_enc = $5,
			pickup_code_idx = $6, pickup_code_enc = $7, updated_at = $8
		WHERE id = $9 AND status = $10`,
		string(d.Method), d.Status, recipient, address, phone, codeIdx, code, sqldb.T(d.UpdatedAt), d.ID, from)
}

// AdvanceScans moves the recorded scan count from one value to another.
func (s *Store) AdvanceScans(ctx context.Context, id int64, from, to int, at time.Time) (bool, error) {
	return s.changed(ctx, `/* delivery.Refresh */
		UPDATE deliveries SET scans = $1, updated_at = $2 WHERE id = $3 AND scans = $4`, to, sqldb.T(at), id, from)
}

// CompleteDelivery moves a delivery to completed and clears its pickup code,
// so the code cannot be used again.
func (s *Store) CompleteDelivery(ctx context.Context, id int64, from, how string, at time.Time) (bool, error) {
	return s.changed(ctx, `/* delivery.Complete */
		UPDATE deliveries SET status = 'completed', completed_how = $1, completed_at = $2, updated_at = $2,
			pickup_code_idx = NULL, pickup_code_enc = NULL
		WHERE id = $3 AND status = $4`, how, sqldb.T(at), id, from)
}

// ShippedDeliveries lists deliveries with the carrier, oldest first.
func (s *Store) ShippedDeliveries(ctx context.Context, limit int) ([]delivery.Delivery, error) {
	rows, err := s.db.Q(ctx).QueryContext(ctx, `/* delivery.Refresh */
		SELECT `+deliveryColumns+` FROM deliveries WHERE status = 'shipped' AND method = 'mail' ORDER BY id LIMIT $1`, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []delivery.Delivery
	for rows.Next() {
		d, err := s.scanDelivery(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// AppendDeliveryEvent stores one step of a delivery.
func (s *Store) AppendDeliveryEvent(ctx context.Context, e *delivery.Event) error {
	err := s.db.W(ctx).QueryRowContext(ctx, `/* delivery.Step */
		INSERT INTO delivery_events (delivery_id, at, kind, scan_status, text, actor_name)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		e.DeliveryID, sqldb.T(e.At), e.Kind, e.ScanStatus, e.Text, e.ActorName).Scan(&e.ID)
	return mapErr(err, "delivery event")
}

// DeliveryEvents lists a delivery's steps, oldest first.
func (s *Store) DeliveryEvents(ctx context.Context, deliveryID int64) ([]delivery.Event, error) {
	rows, err := s.db.Q(ctx).QueryContext(ctx, `/* delivery.OfCase */
		SELECT id, at, kind, scan_status, text, actor_name FROM delivery_events WHERE delivery_id = $1 ORDER BY id`, deliveryID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []delivery.Event
	for rows.Next() {
		e := delivery.Event{DeliveryID: deliveryID}
		var at sqldb.Time
		if err := rows.Scan(&e.ID, &at, &e.Kind, &e.ScanStatus, &e.Text, &e.ActorName); err != nil {
			return nil, err
		}
		e.At = at.Time
		out = append(out, e)
	}
	return out, rows.Err()
}

// InsertCarrierParcel books a sandbox parcel.
func (s *Store) InsertCarrierParcel(ctx context.Context, p sandboxcarrier.Parcel) error {
	_, err := s.db.W(ctx).ExecContext(ctx, `/* sandboxcarrier.Ship */
		INSERT INTO sandbox_parcels (tracking_no, reference, contents, shipped_at) VALUES ($1, $2, $3, $4)`,
		p.TrackingNo, p.Reference, p.Contents, sqldb.T(p.ShippedAt))
	return mapErr(err, "parcel")
}

func scanParcel(row *sql.Row) (sandboxcarrier.Parcel, error) {
	var p sandboxcarrier.Parcel
	var at sqldb.Time
	err := row.Scan(&p.TrackingNo, &p.Reference, &p.Contents, &at)
	p.ShippedAt = at.Time
	if errors.Is(err, sql.ErrNoRows) {
		return p, mapErr(err, "parcel")
	}
	return p, err
}

// CarrierParcel returns a sandbox parcel by tracking number.
func (s *Store) CarrierParcel(ctx context.Context, trackingNo string) (sandboxcarrier.Parcel, error) {
	return scanParcel(s.db.Q(ctx).QueryRowContext(ctx, `/* sandboxcarrier.Track */
		SELECT tracking_no, reference, contents, shipped_at FROM sandbox_parcels WHERE tracking_no = $1`, trackingNo))
}

// CarrierParcelByReference returns the sandbox parcel booked under a reference.
func (s *Store) CarrierParcelByReference(ctx context.Context, reference string) (sandboxcarrier.Parcel, error) {
	return scanParcel(s.db.Q(ctx).QueryRowContext(ctx, `/* sandboxcarrier.Ship */
		SELECT tracking_no, reference, contents, shipped_at FROM sandbox_parcels WHERE reference = $1`, reference))
}

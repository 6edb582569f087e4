package store

import (
	"context"
	"strings"

	"github.com/tongban/tongban/internal/region"
	"github.com/tongban/tongban/internal/region/divisions"
	"github.com/tongban/tongban/internal/sqldb"
)

var _ region.Store = (*Store)(nil)

// InsertRegion adds a division.
func (s *Store) InsertRegion(ctx context.Context, r region.Region) error {
	_, err := s.db.W(ctx).ExecContext(ctx, `/* region.InsertRegion */
		INSERT INTO regions (code, name, level, parent_code, created_at) VALUES ($1, $2, $3, $4, $5)`,
		r.Code, r.Name, int(r.Level), nullString(r.ParentCode), sqldb.T(r.CreatedAt))
	return mapErr(err, "region")
}

const regionColumns = `code, name, level, COALESCE(parent_code, ''), created_at`

func scanRegion(sc interface{ Scan(...any) error }) (region.Region, error) {
	var r region.Region
	var level int
	var at sqldb.Time
	err := sc.Scan(&r.Code, &r.Name, &level, &r.ParentCode, &at)
	r.Level, r.CreatedAt = divisions.Level(level), at.Time
	return r, err
}

// GetRegion returns one division.
func (s *Store) GetRegion(ctx context.Context, code string) (region.Region, error) {
	r, err := scanRegion(s.db.Q(ctx).QueryRowContext(ctx, `/* region.GetRegion */
		SELECT `+regionColumns+` FROM regions WHERE code = $1`, code))
	return r, mapErr(err, "region")
}

// RegionExists tells identity whether a code names a division.
func (s *Store) RegionExists(ctx context.Context, code string) (bool, error) {
	n, err := s.count(ctx, `/* region.Exists */ SELECT COUNT(*) FROM regions WHERE code = $1`, code)
	return n > 0, err
}

// ListRegions lists divisions in code order.
func (s *Store) ListRegions(ctx context.Context, f region.RegionFilter) ([]region.Region, error) {
	q := `/* region.ListRegions */ SELECT ` + regionColumns + ` FROM regions WHERE code LIKE $1 AND ($2 = '' OR parent_code = $2) AND ($3 = 0 OR level <= $3) ORDER BY code`
	rows, err := s.db.Q(ctx).QueryContext(ctx, q, f.Prefix+"%", f.ParentCode, f.MaxLevel)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []region.Region
	for rows.Next() {
		r, err := scanRegion(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

const departmentColumns = `id, slug, name, short_name, kind, region_code, COALESCE(credit_code, ''), COALESCE(phone, ''), note, active, created_at`

func scanDepartment(sc interface{ Scan(...any) error }) (region.Department, error) {
	var d region.Department
	var at sqldb.Time
	err := sc.Scan(&d.ID, &d.Slug, &d.Name, &d.ShortName, &d.Kind, &d.RegionCode, &d.CreditCode, &d.Phone, &d.Note, &d.Active, &at)
	d.CreatedAt = at.Time
	return d, err
}

// InsertDepartment adds a department and sets its ID.
func (s *Store) InsertDepartment(ctx context.Context, d *region.Department) error {
	err := s.db.W(ctx).QueryRowContext(ctx, `/* region.InsertDepartment */
		INSERT INTO departments (slug, name, short_name, kind, region_code, credit_code, phone, note, active, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
		d.Slug, d.Name, d.ShortName, d.Kind, d.RegionCode, nullString(d.CreditCode), nullString(d.Phone), d.Note, d.Active, sqldb.T(d.CreatedAt)).Scan(&d.ID)
	return mapErr(err, "department")
}

// UpdateDepartment saves a department's editable fields.
func (s *Store) UpdateDepartment(ctx context.Context, d region.Department) error {
	_, err := s.db.W(ctx).ExecContext(ctx, `/* region.UpdateDepartment */
		UPDATE departments SET slug = $1, name = $2, short_name = $3, kind = $4, region_code = $5, credit_code = $6,
		phone = $7, note = $8, active = $9 WHERE id = $10`,
		d.Slug, d.Name, d.ShortName, d.Kind, d.RegionCode, nullString(d.CreditCode), nullString(d.Phone), d.Note, d.Active, d.ID)
	return mapErr(err, "department")
}

// GetDepartment returns one department.
func (s *Store) GetDepartment(ctx context.Context, id int64) (region.Department, error) {
	d, err := scanDepartment(s.db.Q(ctx).QueryRowContext(ctx, `/* region.GetDepartment */
		SELECT `+departmentColumns+` FROM departments WHERE id = $1`, id))
	return d, mapErr(err, "department")
}

// GetDepartmentBySlug returns one department by slug.
func (s *Store) GetDepartmentBySlug(ctx context.Context, slug string) (region.Department, error) {
	d, err := scanDepartment(s.db.Q(ctx).QueryRowContext(ctx, `/* region.GetDepartmentBySlug */
		SELECT `+departmentColumns+` FROM departments WHERE slug = $1`, strings.ToLower(slug)))
	return d, mapErr(err, "department")
}

// ListDepartments lists departments by region, then name.
func (s *Store) ListDepartments(ctx context.Context, f region.DepartmentFilter) ([]region.Department, error) {
	rows, err := s.db.Q(ctx).QueryContext(ctx, `/* region.ListDepartments */
		SELECT `+departmentColumns+` FROM departments
		WHERE region_code LIKE $1 AND ($2 = 0 OR id = $2) AND ($3 = FALSE OR active = TRUE)
		ORDER BY region_code, id`, f.RegionPrefix+"%", f.DepartmentID, f.ActiveOnly)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []region.Department
	for rows.Next() {
		d, err := scanDepartment(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

const hallColumns = `id, region_code, name, address, hours, phone, created_at`

func scanHall(sc interface{ Scan(...any) error }) (region.Hall, error) {
	var h region.Hall
	var at sqldb.Time
	err := sc.Scan(&h.ID, &h.RegionCode, &h.Name, &h.Address, &h.Hours, &h.Phone, &at)
	h.CreatedAt = at.Time
	return h, err
}

// InsertHall adds a hall and sets its ID.
func (s *Store) InsertHall(ctx context.Context, h *region.Hall) error {
	err := s.db.W(ctx).QueryRowContext(ctx, `/* region.InsertHall */
		INSERT INTO halls (region_code, name, address, hours, phone, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		h.RegionCode, h.Name, h.Address, h.Hours, h.Phone, sqldb.T(h.CreatedAt)).Scan(&h.ID)
	return mapErr(err, "hall")
}

// UpdateHall saves a hall's editable fields.
func (s *Store) UpdateHall(ctx context.Context, h region.Hall) error {
	_, err := s.db.W(ctx).ExecContext(ctx, `/* region.UpdateHall */
		UPDATE halls SET region_code = $1, name = $2, address = $3, hours = $4, phone = $5 WHERE id = $6`,
		h.RegionCode, h.Name, h.Address, h.Hours, h.Phone, h.ID)
	return mapErr(err, "hall")
}

// GetHall returns one hall.
func (s *Store) GetHall(ctx context.Context, id int64) (region.Hall, error) {
	h, err := scanHall(s.db.Q(ctx).QueryRowContext(ctx, `/* region.GetHall */ SELECT `+hallColumns+` FROM halls WHERE id = $1`, id))
	return h, mapErr(err, "hall")
}

// ListHalls lists halls in a region subtree.
func (s *Store) ListHalls(ctx context.Context, regionPrefix string) ([]region.Hall, error) {
	rows, err := s.db.Q(ctx).QueryContext(ctx, `/* region.ListHalls */
		SELECT `+hallColumns+` FROM halls WHERE region_code LIKE $1 ORDER BY region_code, id`, regionPrefix+"%")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []region.Hall
	for rows.Next() {
		h, err := scanHall(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// InsertWindow adds a window with its departments and sets its ID.
func (s *Store) InsertWindow(ctx context.Context, w *region.Window) error {
	return s.db.InTx(ctx, func(ctx context.Context) error {
		err := s.db.W(ctx).QueryRowContext(ctx, `/* region.InsertWindow */
			INSERT INTO windows (hall_id, number, name, comprehensive, active, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
			w.HallID, w.Number, w.Name, w.Comprehensive, w.Active, sqldb.T(w.CreatedAt)).Scan(&w.ID)
		if err != nil {
			return mapErr(err, "window")
		}
		return s.setWindowDepartments(ctx, w.ID, w.DepartmentIDs)
	})
}

// UpdateWindow saves a window and its departments.
func (s *Store) UpdateWindow(ctx context.Context, w region.Window) error {
	return s.db.InTx(ctx, func(ctx context.Context) error {
		_, err := s.db.W(ctx).ExecContext(ctx, `/* region.UpdateWindow */
			UPDATE windows SET number = $1, name = $2, comprehensive = $3, active = $4 WHERE id = $5`,
			w.Number, w.Name, w.Comprehensive, w.Active, w.ID)
		if err != nil {
			return mapErr(err, "window")
		}
		return s.setWindowDepartments(ctx, w.ID, w.DepartmentIDs)
	})
}

func (s *Store) setWindowDepartments(ctx context.Context, windowID int64, ids []int64) error {
	if _, err := s.db.W(ctx).ExecContext(ctx, `DELETE FROM window_departments WHERE window_id = $1`, windowID); err != nil {
		return err
	}
	for _, id := range ids {
		if _, err := s.db.W(ctx).ExecContext(ctx, `INSERT INTO window_departments (window_id, department_id) VALUES ($1, $2)`, windowID, id); err != nil {
			return mapErr(err, "window")
		}
	}
	return nil
}

// GetWindow returns one window with its departments.
func (s *Store) GetWindow(ctx context.Context, id int64) (region.Window, error) {
	ws, err := s.listWindows(ctx, `w.id = $1`, id)
	if err != nil {
		return region.Window{}, err
	}
	if len(ws) == 0 {
		return region.Window{}, mapErr(sqldb.ErrNoRows, "window")
	}
	return ws[0], nil
}

// ListWindows lists a hall's windows by number.
func (s *Store) ListWindows(ctx context.Context, hallID int64) ([]region.Window, error) {
	return s.listWindows(ctx, `w.hall_id = $1`, hallID)
}

func (s *Store) listWindows(ctx context.Context, cond string, arg any) ([]region.Window, error) {
	rows, err := s.db.Q(ctx).QueryContext(ctx, `/* region.ListWindows */
		SELECT w.id, w.hall_id, w.number, w.name, w.comprehensive, w.active, w.created_at, COALESCE(wd.department_id, 0)
		FROM windows w LEFT JOIN window_departments wd ON wd.window_id = w.id
		WHERE `+cond+` ORDER BY w.number, wd.department_id`, arg)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []region.Window
	for rows.Next() {
		var w region.Window
		var at sqldb.Time
		var dept int64
		if err := rows.Scan(&w.ID, &w.HallID, &w.Number, &w.Name, &w.Comprehensive, &w.Active, &at, &dept); err != nil {
			return nil, err
		}
		if n := len(out); n > 0 && out[n-1].ID == w.ID {
			if dept != 0 {
				out[n-1].DepartmentIDs = append(out[n-1].DepartmentIDs, dept)
			}
			continue
		}
		w.CreatedAt = at.Time
		if dept != 0 {
			w.DepartmentIDs = []int64{dept}
		}
		out = append(out, w)
	}
	return out, rows.Err()
}

// DepartmentRegion tells identity which region a department belongs to.
func (s *Store) DepartmentRegion(ctx context.Context, departmentID int64) (string, error) {
	var code string
	err := s.db.Q(ctx).QueryRowContext(ctx, `/* region.DepartmentRegion */ SELECT region_code FROM departments WHERE id = $1`, departmentID).Scan(&code)
	return code, mapErr(err, "department")
}

package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/tongban/tongban/internal/license"
	"github.com/tongban/tongban/internal/sqldb"
)

// ReserveLogIndex grows the log by one leaf with a single UPDATE of the head
// row: on PostgreSQL its row lock queues every other appender until this
// transaction ends (a waiting UPDATE re-reads the row it waited for, so no
// two get the same index); on SQLite the single writer does the same.
func (s *Store) ReserveLogIndex(ctx context.Context) (uint64, error) {
	var size int64
	err := s.db.W(ctx).QueryRowContext(ctx, `/* license.AppendLog */
		UPDATE license_log_head SET size = size + 1 WHERE id = 1 RETURNING size`).Scan(&size)
	if err != nil {
		return 0, err
	}
	return uint64(size - 1), nil
}

// LogHead returns the committed size and root of the log.
func (s *Store) LogHead(ctx context.Context) (uint64, []byte, error) {
	var size int64
	var root []byte
	err := s.db.Q(ctx).QueryRowContext(ctx, `/* license.LogHead */ SELECT size, root_hash FROM license_log_head WHERE id = 1`).Scan(&size, &root)
	return uint64(size), root, err
}

// SetLogRoot records the root of the tree after an append.
func (s *Store) SetLogRoot(ctx context.Context, size uint64, root []byte, at time.Time) error {
	res, err := s.db.W(ctx).ExecContext(ctx, `/* license.AppendLog */
		UPDATE license_log_head SET root_hash = $1, updated_at = $2 WHERE id = 1 AND size = $3`, root, sqldb.T(at), int64(size))
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return fmt.Errorf("log head moved during an append (%d rows, %v)", n, err)
	}
	return nil
}

// LogNodes returns the hashes of complete subtrees, in the order asked. A
// proof needs at most about 2·log2(n) of them, so one query serves.
func (s *Store) LogNodes(ctx context.Context, ids []license.LogNode) ([][]byte, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	var where strings.Builder
	args := make([]any, 0, 2*len(ids))
	for i, id := range ids {
		if i > 0 {
			where.WriteString(" OR ")
		}
		fmt.Fprintf(&where, "(level = $%d AND idx = $%d)", 2*i+1, 2*i+2)
		args = append(args, int(id.Level), int64(id.Index))
	}
	rows, err := s.db.Q(ctx).QueryContext(ctx, `/* license.LogNodes */ SELECT level, idx, hash FROM license_log_nodes WHERE `+where.String(), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	type key struct {
		level int
		idx   int64
	}
	found := make(map[key][]byte, len(ids))
	for rows.Next() {
		var k key
		var h []byte
		if err := rows.Scan(&k.level, &k.idx, &h); err != nil {
			return nil, err
		}
		found[k] = h
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([][]byte, len(ids))
	for i, id := range ids {
		h, ok := found[key{int(id.Level), int64(id.Index)}]
		if !ok {
			return nil, fmt.Errorf("log node (%d, %d) missing", id.Level, id.Index)
		}
		out[i] = h
	}
	return out, nil
}

// InsertLogNodes stores the complete subtrees an append made.
func (s *Store) InsertLogNodes(ctx context.Context, nodes []license.LogNode) error {
	if len(nodes) == 0 {
		return nil
	}
	var values strings.Builder
	args := make([]any, 0, 3*len(nodes))
	for i, n := range nodes {
		if i > 0 {
			values.WriteString(", ")
		}
		fmt.Fprintf(&values, "($%d, $%d, $%d)", 3*i+1, 3*i+2, 3*i+3)
		args = append(args, int(n.Level), int64(n.Index), n.Hash)
	}
	_, err := s.db.W(ctx).ExecContext(ctx, `/* license.AppendLog */ INSERT INTO license_log_nodes (level, idx, hash) VALUES `+values.String(), args...)
	return mapErr(err, "log node")
}

// InsertLogLeaf stores a leaf's entry.
func (s *Store) InsertLogLeaf(ctx context.Context, l license.LogLeaf) error {
	_, err := s.db.W(ctx).ExecContext(ctx, `/* license.AppendLog */
		INSERT INTO license_log_leaves (idx, kind, license_id, entry, at) VALUES ($1, $2, $3, $4, $5)`,
		int64(l.Index), l.Kind, l.LicenseID, string(l.Entry), sqldb.T(l.At))
	return mapErr(err, "log leaf")
}

// GetLogLeaf returns a leaf.
func (s *Store) GetLogLeaf(ctx context.Context, index uint64) (license.LogLeaf, error) {
	var l license.LogLeaf
	var idx int64
	var entry string
	var at sqldb.Time
	err := s.db.Q(ctx).QueryRowContext(ctx, `/* license.LogLeaf */ SELECT idx, kind, license_id, entry, at FROM license_log_leaves WHERE idx = $1`,
		int64(index)).Scan(&idx, &l.Kind, &l.LicenseID, &entry, &at)
	l.Index, l.Entry, l.At = uint64(idx), []byte(entry), at.Time
	return l, mapErr(err, "log leaf")
}

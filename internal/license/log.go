package license

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/transparency-dev/merkle/compact"
	"github.com/transparency-dev/merkle/proof"
	"github.com/transparency-dev/merkle/rfc6962"
	"golang.org/x/mod/sumdb/note"
)

// The transparency log is an append-only Merkle tree with RFC 6962 hashing
// (SHA-256; leaf = H(0x00||entry), node = H(0x01||left||right)). Each leaf is
// the canonical JSON of one event: an issuance, a status change or a use.
//
// Storage: the head row (size, root), every leaf's entry, and the hash of
// every complete subtree ("node" (level, index) covers leaves
// [index·2^level, (index+1)·2^level)). A complete subtree never changes, so a
// node is written once, when its last leaf arrives: appending leaf n writes
// the leaf hash and one node per trailing one-bit of n — two rows per leaf on
// average. Every proof the log gives needs only complete nodes plus at most one
// ephemeral node rebuilt from complete ones, so any inclusion or consistency
// proof, and the root of any size, costs O(log n) reads by primary key,
// whatever the size of the log; nothing is loaded whole.

// Log entry kinds.
const (
	EntryIssue  = "issue"
	EntryStatus = "status"
	EntryUse    = "use"
)

// LogLeaf is one stored leaf.
type LogLeaf struct {
	Index     uint64
	Kind      string
	LicenseID int64
	Entry     []byte // canonical JSON
	At        time.Time
}

// LogNode is the hash of one complete subtree.
type LogNode struct {
	Level uint
	Index uint64
	Hash  []byte
}

// LogStore is the persistence of the log.
type LogStore interface {
	// ReserveLogIndex grows the head by one and returns the new leaf's index.
	// It must run in a transaction, and holds the head (its row lock on
	// PostgreSQL, the single writer on SQLite) until that ends, so appends
	// are serialized.
	ReserveLogIndex(ctx context.Context) (uint64, error)
	// LogHead returns the committed size and root (nil when empty).
	LogHead(ctx context.Context) (uint64, []byte, error)
	SetLogRoot(ctx context.Context, size uint64, root []byte, at time.Time) error
	// LogNodes returns the hashes of the given complete subtrees, in order.
	LogNodes(ctx context.Context, ids []LogNode) ([][]byte, error)
	InsertLogNodes(ctx context.Context, nodes []LogNode) error
	InsertLogLeaf(ctx context.Context, l LogLeaf) error
	GetLogLeaf(ctx context.Context, index uint64) (LogLeaf, error)
}

var (
	hasher       = rfc6962.DefaultHasher
	rangeFactory = &compact.RangeFactory{Hash: hasher.HashChildren}
)

// nodeHashes fetches the hashes of compact node IDs.
func (m *Manager) nodeHashes(ctx context.Context, ids []compact.NodeID) ([][]byte, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	keys := make([]LogNode, len(ids))
	for i, id := range ids {
		keys[i] = LogNode{Level: id.Level, Index: id.Index}
	}
	return m.store.LogNodes(ctx, keys)
}

// appendLog appends an entry to the log in ctx's transaction and returns its
// index. Call it as late in the transaction as possible: it queues every
// other appender until the transaction ends.
func (m *Manager) appendLog(ctx context.Context, kind string, licenseID int64, entry any) (uint64, error) {
	data, err := Canonical(entry)
	if err != nil {
		return 0, err
	}
	var idx uint64
	err = m.tx.InTx(ctx, func(ctx context.Context) error {
		if idx, err = m.store.ReserveLogIndex(ctx); err != nil {
			return err
		}
		hashes, err := m.nodeHashes(ctx, compact.RangeNodes(0, idx, nil))
		if err != nil {
			return err
		}
		r, err := rangeFactory.NewRange(0, idx, hashes)
		if err != nil {
			return err
		}
		var nodes []LogNode
		if err := r.Append(hasher.HashLeaf(data), func(id compact.NodeID, h []byte) {
			nodes = append(nodes, LogNode{Level: id.Level, Index: id.Index, Hash: h})
		}); err != nil {
			return err
		}
		root, err := r.GetRootHash(nil)
		if err != nil {
			return err
		}
		if err := m.store.InsertLogNodes(ctx, nodes); err != nil {
			return err
		}
		at := m.now()
		if err := m.store.InsertLogLeaf(ctx, LogLeaf{Index: idx, Kind: kind, LicenseID: licenseID, Entry: data, At: at}); err != nil {
			return err
		}
		return m.store.SetLogRoot(ctx, idx+1, root, at)
	})
	return idx, err
}

// rootAt computes the root of the tree of a size from stored nodes.
func (m *Manager) rootAt(ctx context.Context, size uint64) ([]byte, error) {
	if size == 0 {
		return hasher.EmptyRoot(), nil
	}
	hashes, err := m.nodeHashes(ctx, compact.RangeNodes(0, size, nil))
	if err != nil {
		return nil, err
	}
	r, err := rangeFactory.NewRange(0, size, hashes)
	if err != nil {
		return nil, err
	}
	return r.GetRootHash(nil)
}

// inclusion returns the audit path of leaf index in the tree of size.
func (m *Manager) inclusion(ctx context.Context, index, size uint64) ([][]byte, error) {
	nodes, err := proof.Inclusion(index, size)
	if err != nil {
		return nil, err
	}
	return m.proofHashes(ctx, nodes)
}

// proofHashes fetches a proof's complete nodes and rebuilds its ephemeral one.
func (m *Manager) proofHashes(ctx context.Context, nodes proof.Nodes) ([][]byte, error) {
	hashes, err := m.nodeHashes(ctx, nodes.IDs)
	if err != nil {
		return nil, err
	}
	return nodes.Rehash(hashes, hasher.HashChildren)
}

// ConsistencyProof proves that the tree of size1 is a prefix of the tree of
// size2 (RFC 6962 §2.1.2). Public: the log's hashes reveal nothing.
func (m *Manager) ConsistencyProof(ctx context.Context, size1, size2 uint64) ([][]byte, error) {
	size, _, err := m.store.LogHead(ctx)
	if err != nil {
		return nil, err
	}
	if size2 > size || size1 > size2 {
		return nil, fmt.Errorf("consistency %d→%d beyond log size %d", size1, size2, size)
	}
	nodes, err := proof.Consistency(size1, size2)
	if err != nil {
		return nil, err
	}
	return m.proofHashes(ctx, nodes)
}

// LogRoot returns the current size and root hash of the log.
func (m *Manager) LogRoot(ctx context.Context) (uint64, []byte, error) {
	size, root, err := m.store.LogHead(ctx)
	if err == nil && size == 0 {
		root = hasher.EmptyRoot()
	}
	return size, root, err
}

// checkpointText is the body of a checkpoint note (the transparency-log
// checkpoint format: origin, decimal size, base64 root, one per line).
func checkpointText(origin string, size uint64, root []byte) string {
	return origin + "\n" + strconv.FormatUint(size, 10) + "\n" + base64.StdEncoding.EncodeToString(root) + "\n"
}

// signCheckpoint signs the checkpoint of a size and root.
func (m *Manager) signCheckpoint(ctx context.Context, size uint64, root []byte) ([]byte, error) {
	k, err := m.platformKeys(ctx)
	if err != nil {
		return nil, err
	}
	return note.Sign(&note.Note{Text: checkpointText(m.origin, size, root)}, k.logSigner)
}

// Checkpoint returns the latest signed checkpoint; anyone may read it.
func (m *Manager) Checkpoint(ctx context.Context) ([]byte, error) {
	size, root, err := m.LogRoot(ctx)
	if err != nil {
		return nil, err
	}
	return m.signCheckpoint(ctx, size, root)
}

// Checkpoint is a parsed, verified checkpoint.
type Checkpoint struct {
	Origin string
	Size   uint64
	Root   []byte
}

// OpenCheckpoint verifies a signed checkpoint with the log's verifier key
// and parses it.
func OpenCheckpoint(signed []byte, verifierKey string) (Checkpoint, error) {
	v, err := note.NewVerifier(verifierKey)
	if err != nil {
		return Checkpoint{}, fmt.Errorf("log key: %w", err)
	}
	n, err := note.Open(signed, note.VerifierList(v))
	if err != nil {
		return Checkpoint{}, fmt.Errorf("checkpoint signature: %w", err)
	}
	lines := strings.Split(strings.TrimSuffix(n.Text, "\n"), "\n")
	if len(lines) < 3 {
		return Checkpoint{}, errors.New("checkpoint has fewer than three lines")
	}
	size, err := strconv.ParseUint(lines[1], 10, 64)
	if err != nil {
		return Checkpoint{}, fmt.Errorf("checkpoint size: %w", err)
	}
	root, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil || len(root) != sha256.Size {
		return Checkpoint{}, errors.New("checkpoint root is not a base64 SHA-256 hash")
	}
	if lines[0] != v.Name() {
		return Checkpoint{}, fmt.Errorf("checkpoint origin %q is not the key's name %q", lines[0], v.Name())
	}
	return Checkpoint{Origin: lines[0], Size: size, Root: root}, nil
}

// VerifyInclusion checks that entry is leaf index of the tree of size whose
// root is root, by the audit path.
func VerifyInclusion(entry []byte, index, size uint64, path [][]byte, root []byte) error {
	return proof.VerifyInclusion(hasher, index, size, hasher.HashLeaf(entry), path, root)
}

// VerifyConsistency checks a consistency proof between two roots.
func VerifyConsistency(size1, size2 uint64, path [][]byte, root1, root2 []byte) error {
	return proof.VerifyConsistency(hasher, size1, size2, path, root1, root2)
}

// digest is the lowercase hex SHA-256 of b, as log entries refer to data.
func digest(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// issueEntry is the log entry of an issuance: it binds the identifier to the
// exact payload both signatures cover.
type issueEntry struct {
	Kind          string `json:"kind"`
	Identifier    string `json:"identifier"`
	PayloadSHA256 string `json:"payload_sha256"`
	Seal          string `json:"seal"`
	At            string `json:"at"`
}

// statusEntry is the log entry of a status change.
type statusEntry struct {
	Kind         string `json:"kind"`
	Identifier   string `json:"identifier"`
	Status       string `json:"status"`
	ReasonSHA256 string `json:"reason_sha256"`
	At           string `json:"at"`
}

// useEntry is the log entry of a use; the purpose is hashed so the public
// log reveals nothing of it, while the holder's copy can be checked.
type useEntry struct {
	Kind          string `json:"kind"`
	Identifier    string `json:"identifier"`
	UseID         int64  `json:"use_id"`
	DepartmentID  int64  `json:"department_id"`
	PurposeSHA256 string `json:"purpose_sha256"`
	At            string `json:"at"`
}

// entryTime is how entries write time: UTC, seconds.
func entryTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// checkIssueEntry reports whether entry is the issuance of identifier with
// payload. The entry's bytes are what the leaf hash covers, so reading them
// with any JSON decoder is safe.
func checkIssueEntry(entry []byte, identifier string, payload []byte) bool {
	var e issueEntry
	if err := json.Unmarshal(entry, &e); err != nil {
		return false
	}
	return e.Kind == EntryIssue && e.Identifier == identifier && e.PayloadSHA256 == digest(payload)
}

package guide

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// ExtractTTCFace returns face n of a TrueType collection (TTC) as a standalone
// TrueType font. PDF libraries want a plain TTF, while Debian's CJK fonts ship
// as collections: the face's offset table is copied and each of its tables is
// appended, 4-byte aligned, with its offset rewritten. The tables themselves are
// unchanged, so their checksums stay valid; only head.checkSumAdjustment is
// recomputed for the new file.
func ExtractTTCFace(ttc []byte, n int) ([]byte, error) {
	if len(ttc) < 12 || string(ttc[:4]) != "ttcf" {
		return nil, errors.New("not a TrueType collection (no ttcf header)")
	}
	be := binary.BigEndian
	faces := int(be.Uint32(ttc[8:]))
	if n < 0 || n >= faces || len(ttc) < 12+4*faces {
		return nil, fmt.Errorf("face %d not in a collection of %d", n, faces)
	}
	dir := int(be.Uint32(ttc[12+4*n:]))
	if dir+12 > len(ttc) {
		return nil, errors.New("face offset table out of range")
	}
	numTables := int(be.Uint16(ttc[dir+4:]))
	header := 12 + 16*numTables
	if dir+header > len(ttc) {
		return nil, errors.New("table directory out of range")
	}
	out := make([]byte, header, len(ttc))
	copy(out, ttc[dir:dir+header])
	headAt := -1
	for i := range numTables {
		rec := out[12+16*i:]
		off, length := int(be.Uint32(rec[8:])), int(be.Uint32(rec[12:]))
		if off < 0 || length < 0 || off+length > len(ttc) {
			return nil, fmt.Errorf("table %q out of range", rec[:4])
		}
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
		if string(rec[:4]) == "head" {
			headAt = len(out)
		}
		be.PutUint32(rec[8:], uint32(len(out)))
		out = append(out, ttc[off:off+length]...)
	}
	for len(out)%4 != 0 {
		out = append(out, 0)
	}
	if headAt >= 0 && headAt+12 <= len(out) {
		be.PutUint32(out[headAt+8:], 0)
		var sum uint32
		for i := 0; i < len(out); i += 4 {
			sum += be.Uint32(out[i:])
		}
		be.PutUint32(out[headAt+8:], 0xB1B0AFBA-sum)
	}
	return out, nil
}

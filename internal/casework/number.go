package casework

import (
	"fmt"
	"strings"
	"time"
)

// Case number (办件编号) shapes. The national number is the 31-character
// implementation code, the acceptance date as yyyyMMdd and a 4-digit daily
// sequence: 43 characters (domain reference §1.3).
const (
	ImplCodeLength   = 31
	CaseNumberLength = ImplCodeLength + 8 + 4
	maxDailySequence = 9999
)

// LocalImplCode stands in for the national implementation code of an item that
// has none yet, so that its case numbers keep the national shape and sort with
// the others: "TB" + the 12-digit division code of the item's region (right
// padded with zeros) + the department id (6 digits) + "L" + the item id
// (10 digits). The "TB" prefix and the "L" cannot occur in a real code at those
// positions, whose first 18 characters are a credit code (GB 32100 never uses
// the letter pair "TB" as registration authority and class), so a local number
// is never mistaken for a national one.
func LocalImplCode(regionCode string, departmentID, itemID int64) string {
	region := regionCode + strings.Repeat("0", 12)
	return fmt.Sprintf("TB%s%06dL%010d", region[:12], departmentID%1_000_000, itemID%10_000_000_000)
}

// IsLocalImplCode reports whether code was made by LocalImplCode.
func IsLocalImplCode(code string) bool {
	return len(code) == ImplCodeLength && strings.HasPrefix(code, "TB") && code[20] == 'L'
}

// FormatCaseNumber builds the 43-character case number for an item's
// implementation code, the day (in the local calendar) and the daily sequence.
func FormatCaseNumber(implCode string, day time.Time, seq int) (string, error) {
	if len(implCode) != ImplCodeLength {
		return "", fmt.Errorf("casework: implementation code %q is not %d characters", implCode, ImplCodeLength)
	}
	if seq < 1 || seq > maxDailySequence {
		return "", fmt.Errorf("casework: daily sequence %d out of range 1–%d", seq, maxDailySequence)
	}
	return fmt.Sprintf("%s%s%04d", implCode, day.Format("20060102"), seq), nil
}

// ParseCaseNumber splits a case number into its parts.
func ParseCaseNumber(n string) (implCode string, day time.Time, seq int, err error) {
	if len(n) != CaseNumberLength {
		return "", time.Time{}, 0, fmt.Errorf("casework: a case number has %d characters, got %d", CaseNumberLength, len(n))
	}
	day, err = time.Parse("20060102", n[ImplCodeLength:ImplCodeLength+8])
	if err != nil {
		return "", time.Time{}, 0, fmt.Errorf("casework: bad date in case number: %w", err)
	}
	if _, err := fmt.Sscanf(n[ImplCodeLength+8:], "%04d", &seq); err != nil || seq < 1 {
		return "", time.Time{}, 0, fmt.Errorf("casework: bad sequence in case number")
	}
	return n[:ImplCodeLength], day, seq, nil
}

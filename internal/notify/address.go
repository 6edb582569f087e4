package notify

import (
	"strings"

	"github.com/tongban/tongban/internal/platform/fieldcrypt"
)

// normalizePhone removes spaces and the hyphens people type into numbers,
// and full-width digits from Chinese input methods.
func normalizePhone(s string) string {
	s = fieldcrypt.Normalize(s)
	return strings.NewReplacer(" ", "", "-", "").Replace(s)
}

// mask hides an address for the delivery log and log lines.
func mask(c Channel, address string) string {
	if c == Email {
		return maskEmail(address)
	}
	return fieldcrypt.MaskPhone(address)
}

// maskEmail keeps the first character of the mailbox and the domain:
// "wangjg@example.com" becomes "w*****@example.com".
func maskEmail(s string) string {
	local, domain, ok := strings.Cut(strings.TrimSpace(s), "@")
	if !ok {
		return fieldcrypt.MaskName(s)
	}
	return fieldcrypt.MaskName(local) + "@" + domain
}

package license_test

import (
	"context"
	"encoding/base64"

	"github.com/tongban/tongban/internal/platform/audit"
	"github.com/tongban/tongban/internal/platform/principal"
	"github.com/tongban/tongban/internal/testkit"
)

func base64URL(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

func base64URLDecode(s string) ([]byte, error) { return base64.RawURLEncoding.DecodeString(s) }

func testkitPerson(ctx context.Context, id int64) context.Context {
	return testkit.AsPerson(ctx, id, "某人")
}

func testkitStaff(ctx context.Context, role principal.Role, regionCode string, dept int64) context.Context {
	return testkit.AsStaff(ctx, 999, role, regionCode, dept)
}

func auditFilter(action string) audit.Filter { return audit.Filter{Action: action, Limit: 50} }

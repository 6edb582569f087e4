// Package reqinfo carries facts about the current request — its ID, the client's
// address and the user's language — through the context, so that logs, audit
// entries and messages can name them without knowing about HTTP.
package reqinfo

import "context"

// Info describes one request.
type Info struct {
	ID        string // request ID, also sent back as X-Request-ID
	IP        string // client address
	UserAgent string
	Lang      string // "zh" or "en"
}

type ctxKey struct{}

// With returns ctx carrying info.
func With(ctx context.Context, info Info) context.Context {
	return context.WithValue(ctx, ctxKey{}, info)
}

// From returns the request info in ctx (zero outside a request).
func From(ctx context.Context) Info {
	info, _ := ctx.Value(ctxKey{}).(Info)
	return info
}

package rating

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"time"

	"github.com/tongban/tongban/internal/platform/apperr"
)

// PadLinkTTL is how long a visit's rating link stays open: the applicant
// rates before leaving the hall, or not at all.
const PadLinkTTL = 2 * time.Hour

// PadStore keeps the one-time rating links of window visits.
type PadStore interface {
	// SetPadToken stores a visit's link as the hash of its token, replacing
	// any earlier one.
	SetPadToken(ctx context.Context, serviceID int64, tokenHash string, expires time.Time) error
	// ServiceByPadToken finds the visit of a link and when the link expires.
	ServiceByPadToken(ctx context.Context, tokenHash string) (Service, time.Time, error)
}

// PadLink gives the clerk who opened a visit a fresh one-time link for the
// applicant to rate it on the hall's pad or their own phone. The pad needs no
// one's session, so the applicant never holds the clerk's; only the link's
// hash is kept, and a new link replaces the old one.
func (m *Manager) PadLink(ctx context.Context, visitID int64) (string, error) {
	s, err := m.clerksVisit(ctx, visitID)
	if err != nil {
		return "", err
	}
	b := make([]byte, 18)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	token := base64.RawURLEncoding.EncodeToString(b)
	if err := m.store.SetPadToken(ctx, s.ID, padHash(token), m.now().Add(PadLinkTTL)); err != nil {
		return "", err
	}
	return token, nil
}

// PadVisit is the visit behind a rating link, for anyone holding the link
// while it is open; an unknown or expired link is not found.
func (m *Manager) PadVisit(ctx context.Context, token string) (Rated, error) {
	s, err := m.padService(ctx, token)
	if err != nil {
		return Rated{}, err
	}
	rated, err := m.withRatings(ctx, []Service{s})
	if err != nil {
		return Rated{}, err
	}
	return rated[0], nil
}

// RatePad records the applicant's rating given through the link: once, as a
// real-name rating of the case's applicant, on a hall channel (the pad, or a
// phone that scanned the QR code).
func (m *Manager) RatePad(ctx context.Context, token string, in Input) (Rating, error) {
	var r Rating
	err := m.tx.InTx(ctx, func(ctx context.Context) error {
		s, err := m.padService(ctx, token)
		if err != nil {
			return err
		}
		prior, err := m.store.RatingsOf(ctx, []int64{s.ID})
		if err != nil {
			return err
		}
		if len(prior[s.ID]) > 0 {
			return apperr.New(apperr.Conflict, "rating.already_rated")
		}
		r, err = m.rate(ctx, s, in, padChannels)
		return err
	})
	return r, err
}

// padChannels are where a link is opened: the hall's devices, or a phone that
// scanned its QR code.
var padChannels = []Channel{ChannelQR, ChannelHallPad, ChannelHallTerminal}

func (m *Manager) padService(ctx context.Context, token string) (Service, error) {
	if len(token) < 20 || len(token) > 64 {
		return Service{}, apperr.NotFoundf("service")
	}
	s, expires, err := m.store.ServiceByPadToken(ctx, padHash(token))
	if err != nil {
		return Service{}, err
	}
	if s.Stage != StageVisit || !m.now().Before(expires) {
		return Service{}, apperr.NotFoundf("service")
	}
	return s, nil
}

// padHash is what the database keeps of a link's token.
func padHash(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

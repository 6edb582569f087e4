package casework

// assignTrust records each provided material's trust level (domain.md §0)
// from how it came: a license the platform issued (A, set when the license is
// checked), a file the applicant uploaded (C), or only the applicant's word
// (D). Lines a window clerk registered from the originals in front of them are
// verified by staff (B). Lines not provided carry no level.
func assignTrust(mats []MaterialCheck, byClerk bool) {
	for i := range mats {
		m := &mats[i]
		switch {
		case !m.Provided:
			m.Trust = ""
		case m.LicenseRef != "":
			m.Trust = TrustIssued
		case byClerk:
			m.Trust = TrustVerified
		case m.FileID != 0:
			m.Trust = TrustUploaded
		default:
			m.Trust = TrustDeclared
		}
	}
}

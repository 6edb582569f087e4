package upload

import "time"

// File is one uploaded file: its metadata row. The content lives in the blob
// store under SHA256, so two uploads of the same bytes share one blob.
type File struct {
	ID            int64
	OwnerPersonID int64  // the applicant the file belongs to
	OwnerOrgID    int64  // the enterprise the applicant acted for, 0 for themselves
	Name          string // the file name as uploaded, without any folder
	MediaType     string // sniffed from the content, never taken from the client
	Size          int64  // bytes
	SHA256        string // lowercase hex of the content's SHA-256
	UploadedBy    int64  // the window clerk who uploaded it for the owner, 0 when the owner did
	CreatedAt     time.Time
}

// ownedBy reports whether the file belongs to a person acting for org (0 for
// themselves): a file uploaded for an enterprise is not the person's own.
func (f File) ownedBy(personID, orgID int64) bool {
	return f.OwnerPersonID == personID && f.OwnerOrgID == orgID
}

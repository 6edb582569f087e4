// Package casework owns applications and cases (办件): drafts that save
// automatically and resume on any device, submission and window registration
// (无差别受理) creating a case with its case number in one transaction, the
// department inbox scoped by region and department, workflow actions with the
// case timeline and audit, deadlines in working days with pause and resume,
// the applicant's "my cases" and the supervision lights. Workflow definitions
// are data (Workflow, Validate, DefaultWorkflow); published items are read
// through ItemSource, which app adapts from the catalog.
package casework

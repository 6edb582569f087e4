// Package casework owns applications and cases (办件): case numbers, workflow
// definitions as data, deadlines in working days with pause and resume, and the
// supervision lights. This first part holds the rules that every later screen
// relies on; applying, the window and the back office build on it.
package casework

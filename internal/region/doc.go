// Package region owns where government works: administrative divisions from
// province down to village, the departments of each region, and the service halls
// with their windows. Every scope in Tongban — a staff member's, a record's — is a
// region code plus, optionally, a department from here.
package region

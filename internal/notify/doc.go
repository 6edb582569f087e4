// Package notify owns notices (站内消息) to applicants and staff and the
// outside copies of each notice: an SMS to a phone, an e-mail to an address.
// Send stores the notice and queues one outbox row per outside channel in the
// caller's transaction, so a notice commits or rolls back with the change it
// tells of; a worker (Run) hands the rows to each channel's Sender later,
// never inside a request's transaction, and keeps a delivery log with masked
// addresses. Phone numbers and e-mail addresses are encrypted at rest by the
// store. Every recipient reads their own inbox and marks notices read.
package notify

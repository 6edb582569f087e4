// Package hotline owns the 12345 hotline (政务服务便民热线): tickets (工单)
// recorded from a phone call by an operator or filed online by a citizen (the
// portal, the mobile layout, or an Open311 client), and their closed loop —
// 受理 → 派单 → 签收 → 办理 → 答复 → 办结 → 回访 → 评价, with 督办 at any
// time, 退单/改派 with reasons, 并单 of duplicates, and a second handling
// (重办) when the requester is unsatisfied. Deadlines are working days on the
// platform calendar, per category and configurable per region, with the
// calendar's green/yellow/red lights.
//
// Dispatch rules are data: CEL expressions over a ticket (category,
// classification, township, village, words of the text) naming a department,
// compiled and type-checked when an administrator saves them. The package
// also keeps the classification tree, the operators' knowledge base and the
// API keys of Open311 clients. It knows no other module: departments and
// service items are reached through the small interfaces it declares, which
// the composition root plugs in.
package hotline

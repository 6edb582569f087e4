// Package rating owns 好差评: the ratings applicants give the services they
// received, and the rectification (差评整改) of every bad one.
//
// A rateable service is an event of a case (its submission, acceptance or
// conclusion), recorded when casework reports it, or a visit to a window that
// a clerk opens for the applicant to rate on the hall's pad. Each service is
// rated once by its applicant (一事一评 online, 一次一评 at the window), with
// one follow-up rating (追评) after that; the database enforces both. A rating
// carries one of five levels, the dimensions of its mode (online or on-site),
// a comment (required for a bad rating), the channel it came through, and the
// attribution of its service: item, department, hall and window, staff member.
//
// A bad rating (不满意, 非常不满意) opens a rectification task in the
// responsible department — verify, rectify or explain, feed back to the rater,
// call back, close — due in working days on the platform calendar, with the
// same lights as case supervision. A department that judges a rating wrong
// appeals; a supervisor's review either upholds the appeal, which takes the
// rating out of the statistics and closes the task, or rejects it, which sends
// the task back to rectification. The package also computes the public
// satisfaction statistics and the supervisors' rates (差评整改率, 实名差评回访率).
//
// It knows no other module: the composition root tells it of case events and
// plugs in case facts, halls and windows, the notices to raters and the light
// rule of case supervision.
package rating

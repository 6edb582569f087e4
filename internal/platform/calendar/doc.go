// Package calendar is the working-day calendar that every statutory deadline
// in Tongban is computed with.
//
// Chinese administrative law counts most limits in working days (工作日)
// excluding statutory holidays, and the State Council moves working days onto
// weekends (调休) every year, so "Monday to Friday" is not enough. The package
// embeds the national holiday notices from 2007 on (NateScarlet/holiday-cn,
// see holidays/README.md) and lets administrators add local overrides.
//
// Dates are civil dates (Date) without a time zone: a deadline is a day on
// the Chinese calendar, not an instant. Convert an instant with FromTime in
// the agency's location (normally Asia/Shanghai).
//
// Counting follows 民法典 art. 201 and 203 (domain.md §8): the day of the
// triggering act is not counted, counting begins the next day, and a
// calendar-day period that ends on a rest day ends on the next working day
// instead. A result that depends on a year whose notice has not been
// published yet is computed with the weekday rule and flagged provisional.
package calendar

package backupplan

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Schedule is a parsed AWS cron expression as AWS Backup takes it in a
// rule's ScheduleExpression: cron(minutes hours day-of-month month
// day-of-week year), in UTC, with the fields and wildcards of the
// EventBridge cron reference:
//
//	minutes       0-59              , - * /
//	hours         0-23              , - * /
//	day-of-month  1-31              , - * ? / L W
//	month         1-12 or JAN-DEC   , - * /
//	day-of-week   1-7 or SUN-SAT    , - * ? L #
//	year          1970-2199         , - * /
//
// One of day-of-month and day-of-week is "?", the other not. "n/k" and
// "*/k" step from n (the field's first value for "*"); a range whose end
// comes before its start wraps (FRI-MON, 22-2). L, W and # stand alone in
// their field: L (last day), LW (last weekday), nW (weekday nearest day n);
// L (Saturday), xL (last day x of the month), x#n (n-th day x).
type Schedule struct {
	minutes [60]bool
	hours   [24]bool
	months  [13]bool // 1 to 12
	dom     dayField
	dow     dayField
	years   [maxYear - minYear + 1]bool
}

const (
	minYear = 1970
	maxYear = 2199
)

// dayField is day-of-month or day-of-week.
type dayField struct {
	any         bool     // "?"
	values      [32]bool // plain values: 1-31, or 1-7 (1 is Sunday)
	last        bool     // day-of-month L
	lastWeekday bool     // day-of-month LW
	nearest     int      // day-of-month nW: the weekday nearest day n
	lastOf      int      // day-of-week xL: the last day x of the month
	nth, nthOf  int      // day-of-week x#n: the n-th day x of the month
}

var (
	monthNames = names("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
	dayNames   = names("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT")
)

// names numbers ns from 1.
func names(ns ...string) map[string]int {
	m := make(map[string]int, len(ns))
	for i, n := range ns {
		m[n] = i + 1
	}
	return m
}

// field describes one position of the expression.
type field struct {
	name   string
	lo, hi int
	names  map[string]int
	step   bool // "/" allowed
}

var fields = [6]field{
	{name: "minutes", lo: 0, hi: 59, step: true},
	{name: "hours", lo: 0, hi: 23, step: true},
	{name: "day-of-month", lo: 1, hi: 31, step: true},
	{name: "month", lo: 1, hi: 12, names: monthNames, step: true},
	{name: "day-of-week", lo: 1, hi: 7, names: dayNames},
	{name: "year", lo: minYear, hi: maxYear, step: true},
}

// ParseSchedule parses expr. Its errors say what is wrong in a sentence
// that does not repeat expr.
func ParseSchedule(expr string) (Schedule, error) {
	var s Schedule
	inner, ok := strings.CutPrefix(expr, "cron(")
	if !ok || !strings.HasSuffix(inner, ")") {
		if strings.HasPrefix(expr, "rate(") {
			return s, errors.New("AWS Backup takes only cron expressions, not rate expressions; use cron(minutes hours day-of-month month day-of-week year), such as cron(0 5 ? * * *)")
		}
		return s, errors.New("is not a cron expression: use cron(minutes hours day-of-month month day-of-week year), such as cron(0 5 ? * * *) for 05:00 UTC every day")
	}
	f := strings.Fields(strings.TrimSuffix(inner, ")"))
	if len(f) != len(fields) {
		return s, fmt.Errorf("has %d fields; an AWS cron expression has 6: minutes hours day-of-month month day-of-week year", len(f))
	}
	switch domAny, dowAny := f[2] == "?", f[4] == "?"; {
	case domAny && dowAny:
		return s, errors.New(`has "?" in both day-of-month and day-of-week; give one of them a value, such as cron(0 5 ? * * *)`)
	case !domAny && !dowAny:
		return s, fmt.Errorf(`sets both day-of-month (%s) and day-of-week (%s); AWS cron needs "?" in one of them, such as cron(0 5 * * ? *) or cron(0 5 ? * MON *)`, f[2], f[4])
	}
	var err error
	set := func(i int, dst []bool) {
		if err == nil {
			err = parseList(fields[i], f[i], dst)
		}
	}
	set(0, s.minutes[:])
	set(1, s.hours[:])
	set(3, s.months[:])
	years := make([]bool, maxYear+1)
	set(5, years)
	copy(s.years[:], years[minYear:])
	if err == nil {
		s.dom, err = parseDayOfMonth(f[2])
	}
	if err == nil {
		s.dow, err = parseDayOfWeek(f[4])
	}
	return s, err
}

func parseDayOfMonth(v string) (dayField, error) {
	var d dayField
	switch v := strings.ToUpper(v); {
	case v == "?":
		d.any = true
	case v == "L":
		d.last = true
	case v == "LW":
		d.lastWeekday = true
	case strings.HasSuffix(v, "W"):
		n, err := strconv.Atoi(strings.TrimSuffix(v, "W"))
		if err != nil || n < 1 || n > 31 {
			return d, fmt.Errorf("day-of-month %q: nW takes a day n from 1 to 31 (15W is the weekday nearest the 15th)", v)
		}
		d.nearest = n
	case strings.ContainsAny(v, "LW"):
		return d, fmt.Errorf("day-of-month %q: L, LW and nW stand alone in the field", v)
	default:
		return d, parseList(fields[2], v, d.values[:])
	}
	return d, nil
}

func parseDayOfWeek(v string) (dayField, error) {
	var d dayField
	day := func(s string) (int, bool) {
		if n, ok := dayNames[s]; ok {
			return n, true
		}
		n, err := strconv.Atoi(s)
		return n, err == nil && n >= 1 && n <= 7
	}
	switch v := strings.ToUpper(v); {
	case v == "?":
		d.any = true
	case v == "L":
		d.values[7] = true // the last day of the week: Saturday
	case strings.Contains(v, "#"):
		x, n, _ := strings.Cut(v, "#")
		dx, ok := day(x)
		k, err := strconv.Atoi(n)
		if !ok || err != nil || k < 1 || k > 5 {
			return d, fmt.Errorf("day-of-week %q: x#n takes a day x (1-7 or SUN-SAT) and n from 1 to 5 (3#2 is the second Tuesday), once", v)
		}
		d.nthOf, d.nth = dx, k
	case strings.HasSuffix(v, "L"):
		dx, ok := day(strings.TrimSuffix(v, "L"))
		if !ok {
			return d, fmt.Errorf("day-of-week %q: xL takes a day x (1-7 or SUN-SAT; 6L is the last Friday of the month)", v)
		}
		d.lastOf = dx
	case strings.ContainsAny(v, "L"):
		return d, fmt.Errorf("day-of-week %q: L, xL and x#n stand alone in the field", v)
	default:
		return d, parseList(fields[4], v, d.values[:])
	}
	return d, nil
}

// parseList sets dst[v] for every value the comma-separated list v names.
func parseList(f field, v string, dst []bool) error {
	for _, item := range strings.Split(v, ",") {
		if err := parseItem(f, item, dst); err != nil {
			return fmt.Errorf("%s %q: %w", f.name, v, err)
		}
	}
	return nil
}

func parseItem(f field, item string, dst []bool) error {
	rng, stepText, stepped := strings.Cut(item, "/")
	step := 1
	if stepped {
		n, err := strconv.Atoi(stepText)
		switch {
		case !f.step:
			return errors.New(`"/" is not allowed in this field`)
		case err != nil || n < 1 || n > f.hi-f.lo+1:
			return fmt.Errorf("%q is not a step from 1 to %d", stepText, f.hi-f.lo+1)
		}
		step = n
	}
	var from, to int
	switch a, b, isRange := strings.Cut(rng, "-"); {
	case rng == "*":
		from, to = f.lo, f.hi
	case isRange:
		var err error
		if from, err = value(f, a); err != nil {
			return err
		}
		if to, err = value(f, b); err != nil {
			return err
		}
	default:
		var err error
		if from, err = value(f, rng); err != nil {
			return err
		}
		to = from
		if stepped {
			to = f.hi // n/k runs from n to the end of the field
		}
	}
	n := f.hi - f.lo + 1
	span := (to - from + n) % n // a range whose end comes first wraps
	for i := 0; i <= span; i += step {
		dst[f.lo+(from-f.lo+i)%n] = true
	}
	return nil
}

// value reads one number or name of field f.
func value(f field, s string) (int, error) {
	if n, ok := f.names[strings.ToUpper(s)]; ok {
		return n, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < f.lo || n > f.hi || strings.HasPrefix(s, "+") {
		if f.names != nil {
			return 0, fmt.Errorf("%q is not a value from %d to %d or a name such as %s", s, f.lo, f.hi, firstName(f.names))
		}
		return 0, fmt.Errorf("%q is not a value from %d to %d", s, f.lo, f.hi)
	}
	return n, nil
}

func firstName(m map[string]int) string {
	for k, v := range m {
		if v == 1 {
			return k
		}
	}
	return ""
}

// Frequency is how often a schedule runs.
type Frequency struct {
	Shortest, Longest time.Duration // the shortest and the longest time between two runs
	// Ends is true when the year field leaves out some year from 1970 to
	// 2199: the schedule stops (or pauses) and is no standing schedule.
	Ends bool
}

// Daily reports whether the schedule runs at least every 24 hours, for good.
func (f Frequency) Daily() bool { return !f.Ends && f.Longest <= RequiredInterval }

func (f Frequency) String() string {
	s := "runs " + every(f.Longest)
	if f.Shortest != f.Longest {
		s = fmt.Sprintf("runs at gaps of %s to %s", span(f.Shortest), span(f.Longest))
	}
	if f.Ends {
		s += ", only in the years its year field names"
	}
	return s
}

func every(d time.Duration) string {
	switch d {
	case time.Hour:
		return "hourly"
	case 24 * time.Hour:
		return "daily"
	}
	return "every " + span(d)
}

func span(d time.Duration) string {
	switch {
	case d%(24*time.Hour) == 0:
		return plural(int(d/(24*time.Hour)), "day")
	case d%time.Hour == 0:
		return plural(int(d/time.Hour), "hour")
	}
	return plural(int(d/time.Minute), "minute")
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}

// The day pattern of a cron expression (month, day-of-month, day-of-week)
// repeats every 28 years from 1901 to 2099; two cycles show every gap
// between runs, the one across the cycle's end included.
const (
	cycleStart = 2001 // 1 January 2001 is a Monday
	cycleYears = 56
)

// Frequency computes how often s runs in UTC. ok is false when it never
// runs (such as on 30 February).
func (s Schedule) Frequency() (f Frequency, ok bool) {
	var times []int // minutes after midnight, ascending
	for h, hOK := range s.hours {
		for m, mOK := range s.minutes {
			if hOK && mOK {
				times = append(times, h*60+m)
			}
		}
	}
	first, last := times[0], times[len(times)-1]
	shortest, longest := 0, 0
	for i := 1; i < len(times); i++ {
		g := times[i] - times[i-1]
		if shortest == 0 || g < shortest {
			shortest = g
		}
		longest = max(longest, g)
	}
	minDays, maxDays, ok := s.dayGaps()
	if !ok {
		return Frequency{}, false
	}
	// from the last run of one day to the first of the next day it runs
	if g := minDays*1440 - last + first; shortest == 0 || g < shortest {
		shortest = g
	}
	longest = max(longest, maxDays*1440-last+first)
	f = Frequency{Shortest: time.Duration(shortest) * time.Minute, Longest: time.Duration(longest) * time.Minute}
	for _, y := range s.years {
		f.Ends = f.Ends || !y
	}
	return f, true
}

// dayGaps returns the fewest and the most days between two consecutive
// days the schedule runs on; ok is false when it runs on none.
func (s Schedule) dayGaps() (fewest, most int, ok bool) {
	everyDay := true
	for m := 1; m <= 12; m++ {
		everyDay = everyDay && s.months[m]
	}
	if everyDay && (s.dom.any && s.dow.plainAll(7) || s.dow.any && s.dom.plainAll(31)) {
		return 1, 1, true
	}
	day, prev := 0, -1
	weekday := 2 // 1 January 2001, 1 is Sunday
	for y := cycleStart; y < cycleStart+cycleYears; y++ {
		for m := 1; m <= 12; m++ {
			n := daysIn(y, m)
			for d := 1; d <= n && s.months[m]; d++ {
				if s.runsOn(d, n, (weekday-1+d-1)%7+1, weekday) {
					if g := day + d - 1 - prev; prev >= 0 {
						if fewest == 0 || g < fewest {
							fewest = g
						}
						most = max(most, g)
					}
					prev = day + d - 1
				}
			}
			day += n
			weekday = (weekday-1+n)%7 + 1
		}
	}
	return fewest, most, fewest > 0
}

// runsOn reports whether s runs on day d of a month of n days whose day
// is weekday wd and whose first day is weekday w1.
func (s Schedule) runsOn(d, n, wd, w1 int) bool {
	if s.dom.any {
		return s.dow.matchesWeekday(d, n, wd)
	}
	return s.dom.matchesDay(d, n, w1)
}

func (f dayField) plainAll(hi int) bool {
	if f.any || f.last || f.lastWeekday || f.nearest > 0 || f.lastOf > 0 || f.nth > 0 {
		return false
	}
	for i := 1; i <= hi; i++ {
		if !f.values[i] {
			return false
		}
	}
	return true
}

func (f dayField) matchesDay(d, n, w1 int) bool {
	weekdayOf := func(day int) int { return (w1-1+day-1)%7 + 1 }
	switch {
	case f.last:
		return d == n
	case f.lastWeekday:
		t := n
		switch weekdayOf(n) {
		case 7:
			t = n - 1
		case 1:
			t = n - 2
		}
		return d == t
	case f.nearest > 0:
		t := f.nearest
		if t > n {
			return false
		}
		switch weekdayOf(t) {
		case 7: // Saturday: the Friday before, or Monday the 3rd
			if t == 1 {
				t = 3
			} else {
				t--
			}
		case 1: // Sunday: the Monday after, or the Friday before the last day
			if t == n {
				t -= 2
			} else {
				t++
			}
		}
		return d == t
	}
	return f.values[d]
}

func (f dayField) matchesWeekday(d, n, wd int) bool {
	switch {
	case f.lastOf > 0:
		return wd == f.lastOf && d+7 > n
	case f.nth > 0:
		return wd == f.nthOf && (d-1)/7+1 == f.nth
	}
	return f.values[wd]
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

package backupplan

import (
	"strings"
	"testing"
	"time"
)

const (
	hour = time.Hour
	day  = 24 * time.Hour
)

func TestSchedule_frequency(t *testing.T) {
	for _, c := range []struct {
		expr              string
		shortest, longest time.Duration
		ends              bool
		desc              string
	}{
		{"cron(0 5 ? * * *)", day, day, false, "runs daily"},
		{"cron(0 5 * * ? *)", day, day, false, "runs daily"},
		{"cron(0 12 * * ? *)", day, day, false, "runs daily"},
		{"cron(0 0/6 * * ? *)", 6 * hour, 6 * hour, false, "runs every 6 hours"},
		{"cron(0 */6 * * ? *)", 6 * hour, 6 * hour, false, "runs every 6 hours"},
		{"cron(30 1/6 * * ? *)", 6 * hour, 6 * hour, false, "runs every 6 hours"},
		{"cron(15 * ? * * *)", hour, hour, false, "runs hourly"},
		{"cron(0 0,12 * * ? *)", 12 * hour, 12 * hour, false, "runs every 12 hours"},
		{"cron(0 8-18/2 ? * MON-FRI *)", 2 * hour, 3*day - 10*hour, false, "runs at gaps of 2 hours to 62 hours"},
		{"cron(0 22-2 * * ? *)", hour, 20 * hour, false, ""}, // a range that wraps past midnight
		{"cron(0 5 ? * MON-FRI *)", day, 3 * day, false, "runs at gaps of 1 day to 3 days"},
		{"cron(0 5 ? * FRI-MON *)", day, 4 * day, false, ""}, // Fri, Sat, Sun, Mon
		{"cron(0 5 ? * SUN *)", 7 * day, 7 * day, false, "runs every 7 days"},
		{"cron(0 5 ? * 1 *)", 7 * day, 7 * day, false, ""},
		{"cron(0 5 ? * L *)", 7 * day, 7 * day, false, ""}, // Saturdays
		{"cron(0 5 1 * ? *)", 28 * day, 31 * day, false, ""},
		{"cron(0 5 L * ? *)", 28 * day, 31 * day, false, ""},
		{"cron(0 5 LW * ? *)", 28 * day, 33 * day, false, ""},
		{"cron(0 5 15W * ? *)", 28 * day, 32 * day, false, ""},
		{"cron(0 5 ? * 6L *)", 28 * day, 35 * day, false, ""},
		{"cron(0 5 ? * 3#2 *)", 28 * day, 35 * day, false, ""},
		{"cron(0 5 29 2 ? *)", 1461 * day, 1461 * day, false, ""}, // leap days, 2001 to 2056
		{"cron(0 5 ? jan,JUL * *)", day, 154 * day, false, ""},
		{"cron(0 5 ? * 6l *)", 28 * day, 35 * day, false, ""}, // names and letters in any case
		{"cron(0 5 1 1/3 ? *)", 90 * day, 92 * day, false, ""},
		{"cron(0 5 ? * * 2030)", day, day, true, "runs daily, only in the years its year field names"},
		{"cron(0 5 ? * * 2025-2199)", day, day, true, ""},
		{"cron(0 5 ? * * 1970-2199)", day, day, false, ""},
		{"cron(0 5 ? * * */1)", day, day, false, ""},
		{"cron(0,30 * * * ? *)", 30 * time.Minute, 30 * time.Minute, false, "runs every 30 minutes"},
		{"cron(0,59 0 * * ? *)", 59 * time.Minute, day - 59*time.Minute, false, ""},
		{"cron(59 23 * * ? *)", day, day, false, ""},
		{"cron(0 5   ?  *  *  * )", day, day, false, ""}, // any white space between fields
	} {
		s, err := ParseSchedule(c.expr)
		if err != nil {
			t.Errorf("%s: %v", c.expr, err)
			continue
		}
		f, ok := s.Frequency()
		if !ok || f.Shortest != c.shortest || f.Longest != c.longest || f.Ends != c.ends {
			t.Errorf("%s: %+v (runs %v), want shortest %v longest %v ends %v", c.expr, f, ok, c.shortest, c.longest, c.ends)
		}
		if c.desc != "" && f.String() != c.desc {
			t.Errorf("%s: %q, want %q", c.expr, f.String(), c.desc)
		}
		if daily := !c.ends && c.longest <= day; f.Daily() != daily {
			t.Errorf("%s: Daily() %v", c.expr, f.Daily())
		}
	}
}

func TestSchedule_neverRuns(t *testing.T) {
	for _, expr := range []string{"cron(0 5 30 2 ? *)", "cron(0 5 31 4,6,9,11 ? *)", "cron(0 5 31W 2 ? *)"} {
		s, err := ParseSchedule(expr)
		if err != nil {
			t.Errorf("%s: %v", expr, err)
			continue
		}
		if f, ok := s.Frequency(); ok {
			t.Errorf("%s runs: %+v", expr, f)
		}
	}
}

func TestSchedule_malformed(t *testing.T) {
	for expr, want := range map[string]string{
		"":                               "is not a cron expression",
		"0 5 * * ? *":                    "is not a cron expression",
		"cron 0 5 * * ? *":               "is not a cron expression",
		"cron(0 5 * * ? *":               "is not a cron expression",
		"rate(1 day)":                    "not rate expressions",
		"cron(0 5 * * *)":                "has 5 fields",
		"cron(0 5 * * ? * *)":            "has 7 fields",
		"cron()":                         "has 0 fields",
		"cron(0 5 ? * ? *)":              `"?" in both`,
		"cron(0 5 * * * *)":              "sets both day-of-month (*) and day-of-week (*)",
		"cron(0 5 1 * MON *)":            "sets both",
		"cron(60 5 * * ? *)":             `minutes "60": "60" is not a value from 0 to 59`,
		"cron(0 24 * * ? *)":             `hours "24"`,
		"cron(0 5 0 * ? *)":              `day-of-month "0"`,
		"cron(0 5 32 * ? *)":             `day-of-month "32"`,
		"cron(0 5 ? 13 * *)":             `month "13": "13" is not a value from 1 to 12 or a name such as JAN`,
		"cron(0 5 ? JANUARY * *)":        `month "JANUARY"`,
		"cron(0 5 ? * 8 *)":              `day-of-week "8"`,
		"cron(0 5 ? * 0 *)":              `day-of-week "0"`,
		"cron(0 5 ? * * 1969)":           `year "1969"`,
		"cron(0 5 ? * * 2200)":           `year "2200"`,
		"cron(0 5 ? * MON/2 *)":          `"/" is not allowed`,
		"cron(0/0 5 * * ? *)":            `"0" is not a step`,
		"cron(0/x 5 * * ? *)":            `"x" is not a step`,
		"cron(a 5 * * ? *)":              `"a" is not a value`,
		"cron(+5 5 * * ? *)":             `"+5" is not a value`,
		"cron(5- 5 * * ? *)":             `"" is not a value`,
		"cron(0 5 1W,15 * ? *)":          "stand alone",
		"cron(0 5 L,15 * ? *)":           "stand alone",
		"cron(0 5 32W * ? *)":            "nW takes a day n",
		"cron(0 5 W * ? *)":              "nW takes a day n",
		"cron(0 5 ? * 3#6 *)":            "x#n takes",
		"cron(0 5 ? * 3#1,6#3 *)":        "x#n takes",
		"cron(0 5 ? * 9L *)":             "xL takes",
		"cron(0 5 ? * L,2 *)":            "stand alone",
		"cron(0 5 ? * 2,L3 *)":           "stand alone",
		"cron(0 5 ? * * 2030-2031/0)":    "is not a step",
		"cron(0 5 ? * * 2030,,2031)":     `"" is not a value`,
		"cron(0 5 ? * MON-FRI-SAT *)":    `"FRI-SAT" is not a value`,
		"cron(0 5 ? * * 2030) trailing)": "has 7 fields",
	} {
		_, err := ParseSchedule(expr)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %q", expr, err, want)
		}
	}
}

// Package cwlogs holds CloudWatch Logs facts the resources share. Pure data.
package cwlogs

// RetentionDays are the retention periods CloudWatch Logs accepts
// (PutRetentionPolicy refuses any other value).
var RetentionDays = []int{1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731,
	1096, 1827, 2192, 2557, 2922, 3288, 3653}

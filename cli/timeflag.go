package cli

import (
	"fmt"
	"strconv"
	"time"
)

// timeLayouts are the formats every time flag accepts (--since, --until,
// --to-time, ...). A time without a zone is UTC, as block times are shown
// in blocksql.blocks and by `blocksql log`.
var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04",
	"2006-01-02T15:04",
	"2006-01-02",
}

// timeFormats is the help text of every time flag.
const timeFormats = "RFC 3339 (2026-03-01T14:00:00+01:00), 'YYYY-MM-DD HH:MM[:SS[.ffffff]]', " +
	"YYYY-MM-DD or Unix seconds; UTC unless a zone is given"

// parseTime reads the value of the time flag --flagName; "" is the zero time.
func parseTime(flagName, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), nil
		}
	}
	if sec, err := strconv.ParseInt(s, 10, 64); err == nil {
		return time.Unix(sec, 0).UTC(), nil
	}
	return time.Time{}, &UsageError{Msg: fmt.Sprintf("--%s %q is not a time", flagName, s),
		Hint: fmt.Sprintf("--%s '2026-03-01 14:00' (UTC), --%s 2026-03-01 or --%s 2026-03-01T14:00:00+01:00",
			flagName, flagName, flagName)}
}

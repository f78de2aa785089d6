package postgres_test

import (
	"testing"

	"github.com/jackc/pgx/v5"
)

// TestToCharAsPostgreSQL: to_char of a date, timestamp or timestamptz was
// refused with 0A000 (not translated) on a SQLite node. Its template
// patterns for dates and times now print as PostgreSQL's, FM, quoted text
// and case included; a pattern not translated is still refused.
func TestToCharAsPostgreSQL(t *testing.T) {
	sameAsPostgreSQL(t,
		"CREATE TABLE tc (id int PRIMARY KEY, d date, ts timestamp, tz timestamptz)",
		"INSERT INTO tc VALUES (1, '2024-03-05', '2024-03-05 07:08:09.012345', '2024-01-01 12:00:00+02'), "+
			"(2, '0099-12-31', '1969-12-31 23:59:59', '2000-02-29 00:00:00+00'), (3, NULL, NULL, NULL)",
		"SELECT id, to_char(ts, 'YYYY-MM-DD HH24:MI:SS.MS.US \"lit\" Month|Mon|MONTH|month|Day|Dy|DAY|day|FMMonth|FMDay|"+
			"HH|HH12|AM|pm|A.M.|p.m.|DDD|D|ID|IW|WW|W|Q|CC|J|SSSS|Y,YYY|YYY|YY|Y|FMDD|FMHH12'), "+
			"to_char(d, 'YYYY Y,YYY CC FMYYYY DY dy J'), to_char(tz, 'hh24:mi FMDD') FROM tc WHERE id = 9 ORDER BY id",
		"SELECT id, to_char(ts, 'YYYY-MM-DD HH24:MI:SS.MS.US \"lit\" Month|Mon|MONTH|month|Day|Dy|DAY|day|FMMonth|FMDay|"+
			"HH|HH12|AM|pm|A.M.|p.m.|DDD|D|ID|IW|WW|W|Q|CC|J|SSSS|Y,YYY|YYY|YY|Y|FMDD|FMHH12'), "+
			"to_char(d, 'YYYY Y,YYY CC FMYYYY DY dy J Dy'), to_char(tz, 'hh24:mi \\\"q\\\" \"a\\\"b\"') FROM tc ORDER BY id",
		"SELECT id FROM tc WHERE to_char(ts, 'YYYY') = '2024' ORDER BY id",
	)
	// What is not translated is refused, not answered otherwise.
	c := startNodeOn(t, "sqlite", "").connect(t)
	for _, q := range []string{"SELECT to_char(now(), 'TZ')", "SELECT to_char(now(), 'DDth')", "SELECT to_char(12.5, '99D9')"} {
		if got := answer(c, q, pgx.QueryExecModeSimpleProtocol); got != "error 0A000" {
			t.Errorf("%s: %s, want error 0A000", q, got)
		}
	}
}

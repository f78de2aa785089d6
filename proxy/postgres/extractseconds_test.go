package postgres_test

import "testing"

// TestExtractSecondsAndEpochAsPostgreSQL: extract and date_part of second,
// milliseconds, microseconds and epoch were refused with 0A000 (not
// translated) on a SQLite node; and extract of a date's hour or minute
// answered 0 where PostgreSQL refuses it.
func TestExtractSecondsAndEpochAsPostgreSQL(t *testing.T) {
	sameAsPostgreSQL(t,
		"CREATE TABLE es (id int PRIMARY KEY, d date, ts timestamp, tz timestamptz)",
		"INSERT INTO es VALUES (1, '2024-02-29', '2024-02-29 10:20:09.5', '1969-12-31 23:59:59.25+00'), "+
			"(2, '1960-01-03', '1999-12-31 00:00:00', '2001-01-01 00:00:00.000001+03'), (3, NULL, NULL, NULL)",
		"SELECT id, extract(second FROM ts), extract(milliseconds FROM ts), extract(microseconds FROM tz), extract(epoch FROM ts), "+
			"extract(epoch FROM tz), extract(epoch FROM d), extract(seconds FROM tz), extract(millisecond FROM tz), "+
			"extract(microsecond FROM ts) FROM es ORDER BY id",
		"SELECT id, date_part('second', ts), date_part('epoch', tz), date_part('epoch', d), date_part('milliseconds', tz), "+
			"date_part('microseconds', ts), date_part('second', d), date_part('hour', d) FROM es ORDER BY id",
		"SELECT id FROM es WHERE extract(epoch FROM tz) < 0 ORDER BY id",
		"SELECT extract(second FROM d) FROM es",
		"SELECT extract(hour FROM d) FROM es",
		"SELECT extract(minute FROM d) FROM es",
	)
}

package postgres_test

import "testing"

// TestIntervalArithmeticAsPostgreSQL: a date, timestamp or timestamptz
// plus or minus an interval literal was refused with 0A000 on a SQLite
// node (now() - interval '7 days' in a WHERE clause, an expiry in an
// UPDATE). The months go first, cut to the month's last day, then the
// days, then the time; fractions spread as PostgreSQL spreads them.
func TestIntervalArithmeticAsPostgreSQL(t *testing.T) {
	sameAsPostgreSQL(t,
		"CREATE TABLE iv (id int PRIMARY KEY, d date, ts timestamp, tz timestamptz)",
		"INSERT INTO iv VALUES (1, '2024-02-29', '2024-01-31 10:00:00', '2024-03-31 23:30:00+00'), "+
			"(2, '2023-12-31', '1999-12-31 23:59:59.5', '2000-01-01 00:00:00+00'), (3, NULL, NULL, NULL)",
		"SELECT id, ts + interval '1 month', tz - interval '1 month', d + interval '1 year', interval '1 day' + d, "+
			"ts + interval '1.5 days', ts + interval '1.5 months', ts + interval '1.5 years', ts + interval '0.3 weeks' FROM iv ORDER BY id",
		"SELECT id, ts + interval '2 hours 30 minutes', ts + interval '1 day 02:03:04.5', ts + interval '-01:30', "+
			"ts + interval '3 days ago', ts + interval '@ 2 hours', tz - '7 days'::interval, ts + interval '1d 2h 3m 4s', "+
			"ts + interval '5 secs 3 msec 7 usec', ts + interval '1day', ts + interval '1 day -2 hours', ts + interval '-1 day +2 hours', "+
			"ts + interval '1:2', ts + interval '1:2:3.25', ts + interval '5', ts + interval '0.5 minutes 0.25 sec', "+
			"ts + interval '1 century', ts + interval '2 decades', ts + interval '1 mon 3 yrs' FROM iv ORDER BY id",
		"SELECT id FROM iv WHERE ts > timestamp '2024-03-01' - interval '2 months' ORDER BY id",
		"UPDATE iv SET ts = ts + interval '1 week', tz = tz + interval '36 hours' WHERE id < 3",
		"SELECT id, ts, tz FROM iv ORDER BY id",
		"SELECT timestamp '2024-01-01' + interval '1 hour 1 hour'",
		"SELECT timestamp '2024-01-01' + interval '1 fortnight'",
		"SELECT timestamp '2024-01-01' + interval ''",
		"SELECT timestamp '2024-01-01' + interval 'ago'",
	)
}

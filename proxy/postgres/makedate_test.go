package postgres_test

import "testing"

// TestMakeDateAsPostgreSQL: make_date, make_timestamp and
// make_timestamptz were refused with 0A000 (not translated) on a SQLite
// node; they now answer as PostgreSQL's, their range errors included.
func TestMakeDateAsPostgreSQL(t *testing.T) {
	sameAsPostgreSQL(t,
		"CREATE TABLE mk (id int PRIMARY KEY, y int, m int, d int)",
		"INSERT INTO mk VALUES (1, 2024, 2, 29), (2, 1999, 12, 31), (3, NULL, 1, 1)",
		"SELECT id, make_date(y, m, d), make_timestamp(y, m, d, 10, 20, 30.5), make_timestamptz(y, m, d, 23, 59, 59.9999995), "+
			"make_timestamp(y, m, d, 24, 0, 0), make_timestamp(y, m, d, 23, 0, 60) FROM mk ORDER BY id",
		"UPDATE mk SET d = extract(day FROM make_date(y, m, d) + 1) WHERE id = 1",
		"SELECT id, d FROM mk ORDER BY id",
		"SELECT make_date(2023, 2, 29)",
		"SELECT make_date(0, 1, 1)",
		"SELECT make_date(2024, 13, 1)",
		"SELECT make_timestamp(2024, 1, 1, 23, 60, 0)",
		"SELECT make_timestamp(2024, 1, 1, 23, 0, -1)",
		"SELECT make_timestamp(2024, 1, 1, 24, 0, 1)",
		"SELECT make_date(2024.5, 1, 1)",
	)
}

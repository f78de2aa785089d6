package postgres_test

import "testing"

// TestNegativeZero: abs() of a double precision -0 is 0, as C's fabs()
// gives it in PostgreSQL, and so is an average of -0s (PostgreSQL adds
// from 0); a sum of -0s is -0 (it adds from the first value), and -0
// itself stays -0.
func TestNegativeZero(t *testing.T) {
	sameAsPostgreSQL(t,
		"CREATE TABLE z (id bigint PRIMARY KEY, n double precision NOT NULL DEFAULT 0, r real)",
		"INSERT INTO z (id, r) VALUES (-7, 0), (6, -1.5)",
		// seed 34
		"SELECT id, abs((n / id)) AS e0, n / id AS e1, abs(r / id) AS e2, abs(id) AS e3 FROM z ORDER BY id",
		"SELECT abs('-0'::float8), abs(-1.5::float8), abs(CAST(-0.0 AS double precision) * 1)",
		"SELECT sum(n / id), avg(n / id), min(n / id), sum(r / id), avg(r / id) FROM z WHERE id < 0",
		"SELECT sum(n / id), avg(n / id), sum(r / id), avg(r / id), sum(-n) FROM z",
	)
}

package postgres_test

import "testing"

// TestMathFunctionsAsPostgreSQL: floor, ceil, ceiling, trunc, sign, mod,
// sqrt and power were refused with 0A000 (not translated) on a SQLite
// node. Their result types are PostgreSQL's (an integer argument takes the
// double precision form), and so are their errors.
func TestMathFunctionsAsPostgreSQL(t *testing.T) {
	sameAsPostgreSQL(t,
		"CREATE TABLE mf (id int PRIMARY KEY, n numeric(8,3), f float8, r real, i int, b bigint, s smallint)",
		"INSERT INTO mf VALUES (1, 2.5, -0.5, 2.5, -7, 9000000000, 5), (2, -2.5, 1e300, -1.25, 7, -3, -2), (3, -0.5, 0, 0, 0, 0, 0), "+
			"(4, NULL, NULL, NULL, NULL, NULL, NULL)",
		"SELECT id, floor(n), ceil(n), ceiling(n), trunc(n), sign(n), floor(f), ceil(f), trunc(f), sign(f), "+
			"floor(r), ceil(i), trunc(b), sign(i), sign(s) FROM mf ORDER BY id",
		"SELECT id, trunc(n, 1), trunc(n, 5), trunc(n * 1000, -2), trunc(i, 2), mod(i, 3), mod(b, 4), mod(s, s + 3), "+
			"mod(n, 2), mod(n, 0.7) FROM mf ORDER BY id",
		"SELECT id, sqrt(abs(f)), power(i, 2), power(f, 2), pow(2, i), sqrt(s * s) FROM mf WHERE id <> 2 ORDER BY id",
		"SELECT floor(2.5), ceil(-0.5), trunc(-2.7), trunc(1234.567, -2), trunc(1.2, 3), sign(-2.50), mod(-7.50, 2.0), mod(7, -3)",
		"SELECT id FROM mf WHERE floor(n) = -3 OR mod(i, 2) = 1 ORDER BY id",
		"UPDATE mf SET n = trunc(n * 3, 2), b = mod(b, 1000) WHERE id < 3",
		"SELECT id, n, b FROM mf ORDER BY id",
		"SELECT mod(i, 0) FROM mf WHERE id = 1",
		"SELECT mod(n, 0) FROM mf WHERE id = 1",
		"SELECT sqrt(f) FROM mf WHERE id = 1",
		"SELECT power(0::float8, -1)",
		"SELECT power(-8::float8, 0.5::float8)",
		"SELECT power(f, 2) FROM mf WHERE id = 2",
		"SELECT trunc(f, 1) FROM mf",
		"SELECT mod(f, 2) FROM mf",
		"SELECT floor(n, 1) FROM mf",
	)
}

package postgres_test

import "testing"

// TestRealArithmetic: real op real is a real, computed in single
// precision (0.1::real + 0.1::real is 0.2, not 0.20000000298023224), and
// out of range where a real is; a real with an integer, a numeric or a
// double precision is a double precision. The SQLite node computed every
// float operation in double precision and typed it so.
func TestRealArithmetic(t *testing.T) {
	sameAsPostgreSQL(t,
		"CREATE TABLE rr (id int PRIMARY KEY, r real, f float8)",
		"INSERT INTO rr VALUES (1, 33554472, 2.5), (2, 0.1, 0.1)",
		"SELECT r / 2::real, r / 1e3::real, r * 2::real, r + r, r / r, r - 1::real, r + '2', r * 2, r * 1.5, r + f, -r FROM rr ORDER BY id",
		"SELECT r * 3.4e38::real FROM rr",
		"SELECT r / 0::real FROM rr",
		"SELECT r * 1e-45::real FROM rr WHERE id = 2",
		"UPDATE rr SET f = r + r, r = r * 3::real WHERE id = 2 RETURNING f, r, f::text, r::text",
		"SELECT id, f, r FROM rr ORDER BY id",
	)
}

// TestFloatTextAtHalfway: a float whose shortest decimal in Go lies
// exactly halfway to the next float prints as PostgreSQL prints it, one
// digit longer (3.8785094139697024e+16, not 3.878509413969702e+16).
func TestFloatTextAtHalfway(t *testing.T) {
	sameAsPostgreSQL(t,
		"CREATE TABLE hw (id int PRIMARY KEY, f float8, r real)",
		"INSERT INTO hw VALUES (1, 38785094139697024, 33554472), (2, 828855643377400064, 33554488), (3, 0.1, 0.1)",
		"SELECT id, f::text, r::text, f, r, (f / 1e9)::text, f * 1e-9 FROM hw ORDER BY id",
		"SELECT string_agg(f::text || '/' || r::text, ',' ORDER BY id) FROM hw",
	)
}

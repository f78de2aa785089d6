package postgres_test

import "testing"

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

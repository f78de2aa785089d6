package postgres_test

import "testing"

// TestSmallintArithmetic: smallint with smallint is smallint, out of
// range past it (22003), as are its negation and abs() of -32768; with an
// integer or bigint it widens.
func TestSmallintArithmetic(t *testing.T) {
	sameAsPostgreSQL(t,
		"CREATE TABLE si (id int PRIMARY KEY, a smallint, b smallint)",
		"INSERT INTO si VALUES (1, 7, 5000), (2, -32768, 2), (3, 300, -100)",
		"SELECT id, a + b, a - b, a / b, a % b, a + 1, a * 2::bigint FROM si ORDER BY id",
		"SELECT a * b FROM si ORDER BY id",
		"SELECT -a FROM si ORDER BY id",
		"SELECT abs(a) FROM si ORDER BY id",
		"SELECT a * b FROM si WHERE id = 3",
		"SELECT 7::smallint * 5000::smallint",
		"SELECT 300::smallint * 100::smallint, 2::smallint + 2::smallint",
		"UPDATE si SET b = a + b WHERE id = 3 RETURNING a + b, b",
	)
}

package postgres_test

import "testing"

// TestDropDefault: after ALTER COLUMN … DROP DEFAULT a row that leaves the
// column out holds NULL, in an INSERT … VALUES, an INSERT … SELECT and
// DEFAULT VALUES; a SQLite node still wrote the default the column was
// created with.
func TestDropDefault(t *testing.T) {
	sameAsPostgreSQL(t,
		"CREATE TABLE dd (id int PRIMARY KEY, a text DEFAULT 'x', b int DEFAULT 7, n int NOT NULL DEFAULT 3)",
		"ALTER TABLE dd ALTER COLUMN a DROP DEFAULT",
		"INSERT INTO dd (id) VALUES (1)",
		"INSERT INTO dd (id, b) SELECT 2, 8",
		"ALTER TABLE dd ALTER COLUMN b DROP DEFAULT, ALTER COLUMN a SET DEFAULT 'y'",
		"INSERT INTO dd (id) VALUES (3)",
		"ALTER TABLE dd ALTER COLUMN n DROP DEFAULT",
		"INSERT INTO dd (id) VALUES (4)",
		"SELECT id, a, b, n FROM dd ORDER BY id",
	)
}

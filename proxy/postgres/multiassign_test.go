package postgres_test

import "testing"

// TestMultipleColumnAssignment: UPDATE … SET (a, b) = (x, y), in an
// UPDATE and in ON CONFLICT DO UPDATE, sets each column to its value; on
// a SQLite node it was refused (only the form with a subquery still is).
func TestMultipleColumnAssignment(t *testing.T) {
	sameAsPostgreSQL(t,
		"CREATE TABLE ma (id int PRIMARY KEY, a text DEFAULT 'x', b int, n int NOT NULL DEFAULT 3)",
		"INSERT INTO ma (id, a, b) VALUES (1, 'y', 1), (2, 'z', 2)",
		"UPDATE ma SET (a, b) = ('m', b + 10), n = 4 WHERE id = 1",
		"UPDATE ma SET (b, a) = (b * 2, a || 'x') WHERE id = 2",
		"UPDATE ma SET (a, b) = ('m', 'notint')",
		"INSERT INTO ma (id, a) VALUES (1, 'q') ON CONFLICT (id) DO UPDATE SET (a, b) = (EXCLUDED.a, 7)",
		"SELECT id, a, b, n FROM ma ORDER BY id",
	)
}

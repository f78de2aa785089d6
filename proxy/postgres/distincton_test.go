package postgres_test

import "testing"

// TestDistinctOnAsPostgreSQL: SELECT DISTINCT ON (…) … ORDER BY … (the
// first row of each group, "the latest event per user") was refused with
// 0A000 on a SQLite node. Its ORDER BY must begin with the DISTINCT ON
// expressions (42P10); without one the row kept is PostgreSQL's choice,
// which a SQLite node still refuses.
func TestDistinctOnAsPostgreSQL(t *testing.T) {
	sameAsPostgreSQL(t,
		"CREATE TABLE ev (id int PRIMARY KEY, usr text, at timestamp, amt numeric(6,2))",
		"INSERT INTO ev VALUES (1, 'ann', '2024-01-01 10:00', 5.5), (2, 'bob', '2024-01-02 09:00', 1), (3, 'ann', '2024-01-03 08:00', 12.25), "+
			"(4, 'cy', NULL, 3), (5, 'bob', '2024-01-01 00:00', 10.5), (6, NULL, '2024-01-05 00:00', 2)",
		"SELECT DISTINCT ON (usr) usr, id, at FROM ev ORDER BY usr, at DESC",
		"SELECT DISTINCT ON (usr) usr, id, amt FROM ev ORDER BY usr DESC NULLS LAST, amt",
		"SELECT DISTINCT ON (usr) id, usr AS u FROM ev WHERE id > 1 ORDER BY usr, id DESC LIMIT 2 OFFSET 1",
		"SELECT DISTINCT ON (u) usr AS u, amt FROM ev ORDER BY u, amt DESC",
		"SELECT DISTINCT ON (usr, at IS NULL) usr, id FROM ev ORDER BY at IS NULL, usr, id",
		"SELECT count(*) FROM (SELECT DISTINCT ON (usr) usr, id FROM ev ORDER BY usr, id) AS d",
		"SELECT DISTINCT ON (usr) usr, id FROM ev ORDER BY id",
	)
}

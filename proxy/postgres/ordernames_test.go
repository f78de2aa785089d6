package postgres_test

import "testing"

// TestOrderAndGroupByNamesAsPostgreSQL: a bare name in GROUP BY is an
// input column's before it is an output column's (a SQLite node grouped
// by the output column, which gave other groups), and a bare name in
// ORDER BY that names two different output columns is ambiguous (42702;
// a SQLite node sorted by one of them).
func TestOrderAndGroupByNamesAsPostgreSQL(t *testing.T) {
	sameAsPostgreSQL(t,
		"CREATE TABLE og (id int PRIMARY KEY, n int, s text)",
		"INSERT INTO og VALUES (1, 1, 'a'), (2, 2, 'a'), (3, 3, 'b'), (4, 4, 'b'), (5, 5, 'c')",
		"SELECT n / 2 AS n, count(*) FROM og GROUP BY n ORDER BY 1, 2",
		"SELECT s AS k, count(*) FROM og GROUP BY k ORDER BY k",
		"SELECT upper(s) AS s, sum(n) FROM og GROUP BY s ORDER BY s",
		"SELECT id, id * 2 AS id FROM og ORDER BY id",
		"SELECT id, id AS id FROM og ORDER BY id DESC",
		"SELECT n AS x, id AS x FROM og ORDER BY x",
		"SELECT -n AS n FROM og ORDER BY n",
		"SELECT count(*) FROM og GROUP BY nosuch",
	)
}

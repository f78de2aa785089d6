package postgres_test

import "testing"

// TestCastColumnNames: a cast's result column is named after its type
// unless its argument has a name of its own (a column's, a function's):
// a cast of a cast or of a CASE takes the outer type's name.
func TestCastColumnNames(t *testing.T) {
	sameAsPostgreSQL(t,
		"CREATE TABLE c (id int PRIMARY KEY, n numeric(6,2), d double precision, s varchar(5))",
		"INSERT INTO c VALUES (1, 2.5, 1.5, 'ab')",
		"SELECT CAST('-0'::float8 AS numeric), CAST(1.5::float8 AS text), CAST(CAST(2 AS bigint) AS integer), CAST(CASE WHEN true THEN 1 END AS bigint), CAST(n AS integer), CAST(abs(n) AS text), CAST(coalesce(n, 1) AS double precision), CAST(s AS varchar(2)), CAST(d::numeric AS numeric(4,1)), id::text::int FROM c",
		"SELECT CAST(1 + 1 AS text), CAST(CAST(-0.0 AS double precision) * 1 AS numeric), 1.5::float8::numeric(3,1), 'x'::text::varchar(3) FROM c",
	)
}

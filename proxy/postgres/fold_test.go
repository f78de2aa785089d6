package postgres_test

import "testing"

// TestPlanTimeFolding: PostgreSQL computes a constant expression while it
// plans a statement, so a constant cast that fails there fails whether or
// not a row reaches it, but COALESCE stops at an argument that computes to
// a non-NULL constant, and the arguments after it fail nothing. A string
// literal is converted while the statement is parsed, dropped or not.
func TestPlanTimeFolding(t *testing.T) {
	sameAsPostgreSQL(t,
		"CREATE TABLE f (id int PRIMARY KEY, n numeric(6,2))",
		"INSERT INTO f VALUES (1, 2.50), (2, NULL)",
		// seed 5: a NULLIF of constants is a constant.
		"SELECT (coalesce(nullif(1.5::float8, 100), CAST(9223372036854775807 AS numeric(10,2))) = (7 % 2147483647)) AS c0",
		"SELECT coalesce(nullif(1.5::float8, 100), CAST(9223372036854775807 AS numeric(10,2))) FROM f WHERE id < 0",
		// seed 13: an operator's, a function's.
		"SELECT (coalesce((7 % 2147483647), CAST(9223372036854775807 AS numeric(10,2))) > (-0.005 * CAST(3 AS bigint))) AS c2",
		"SELECT CASE WHEN round(-2.5) = (CAST(3 AS bigint) * 12345678901234567.89) THEN nullif(1.5::float8, 1) - -CAST(12345678901234567.89 AS integer) ELSE 2.50 END AS c0",
		"SELECT coalesce(1 + 1, CAST(9223372036854775807 AS integer)), coalesce(abs(-2.5), CAST(12345678901234567.89 AS numeric(10,2))) FROM f ORDER BY id",
		"SELECT coalesce(upper('a') || 1, CAST(9223372036854775807 AS integer)::text), coalesce(round(2.5), 1e400::float8) FROM f ORDER BY id",
		"SELECT coalesce(CASE WHEN 1 > 0 THEN 1 END, CAST(9223372036854775807 AS integer)) FROM f ORDER BY id",
		// What PostgreSQL does not compute while planning does not stop it.
		"SELECT coalesce(n, CAST(9223372036854775807 AS integer)) FROM f WHERE id < 0",
		"SELECT coalesce(NULL::int, CAST(9223372036854775807 AS integer)) FROM f WHERE id < 0",
		"SELECT coalesce(length(concat('a', 1)), CAST(9223372036854775807 AS integer)) FROM f WHERE id < 0",
		"SELECT coalesce(current_date, CAST(9223372036854775807 AS integer)::text::date) FROM f WHERE id < 0",
		"SELECT coalesce(DATE '2020-01-01'::timestamptz, CAST(9223372036854775807 AS integer)::text::timestamptz) FROM f WHERE id < 0",
		"SELECT coalesce(TIMESTAMPTZ '2020-01-01 00:00+00'::date, CAST(9223372036854775807 AS integer)::text::date) FROM f WHERE id < 0",
		"SELECT coalesce(TIMESTAMPTZ '2020-01-01 00:00+00', CAST(9223372036854775807 AS integer)::text::timestamptz) FROM f ORDER BY id",
		// So does a CASE at a condition PostgreSQL computes, and only there.
		"SELECT CASE WHEN abs(-1) = 1 THEN 1 ELSE CAST(9223372036854775807 AS integer) END FROM f ORDER BY id",
		"SELECT CASE WHEN current_date > DATE '2000-01-01' THEN 1 ELSE CAST(9223372036854775807 AS integer) END FROM f WHERE id < 0",
		"SELECT CASE WHEN concat('a') = 'a' THEN 1 ELSE CAST(9223372036854775807 AS integer) END FROM f WHERE id < 0",
		// A string literal fails however the statement goes on.
		"SELECT coalesce(2, CAST('x' AS integer)) FROM f ORDER BY id",
		"SELECT coalesce(DATE '2020-01-01', '2024-13-01'::date) FROM f ORDER BY id",
		"SELECT CASE WHEN true THEN 1.5::float8 ELSE '1e400'::float8 END FROM f ORDER BY id",
	)
}

// TestStrictOperatorOfConstantNull: a comparison or arithmetic with a
// constant that is NULL (nullif(1e2, 100)) is folded to NULL while
// PostgreSQL plans, so its other side, out of range for a row (-id of the
// smallest bigint), is never computed; the SQLite node computed it and
// failed with 22003 (differential seed 337).
func TestStrictOperatorOfConstantNull(t *testing.T) {
	sameAsPostgreSQL(t,
		"CREATE TABLE t3 (id bigint NOT NULL, ref integer, n double precision NOT NULL DEFAULT 0, PRIMARY KEY (id))",
		"INSERT INTO t3 (id, ref) VALUES (-9223372036854775808, 53), (5, 1)",
		"DELETE FROM t3 WHERE nullif(1e2, 100) = ref - -id",
		"SELECT id FROM t3 WHERE ref - -id > nullif(2, 2)",
		"SELECT nullif(1, 1) + -id FROM t3",
		"SELECT id FROM t3 WHERE nullif(1, 2) = ref - -id",
	)
}

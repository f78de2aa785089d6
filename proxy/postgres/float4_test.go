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

// TestRealCommonType: a real with an integer or a numeric in COALESCE,
// CASE, GREATEST, LEAST or an IN list is a real (a double precision wins
// over it), so r IN (0.1, 2) finds a real 0.1 where r = 0.1, compared as
// double precision, does not. The SQLite node made every such mix a
// double precision (differential seed 329, once the tester's tables had a
// real column).
func TestRealCommonType(t *testing.T) {
	sameAsPostgreSQL(t,
		"CREATE TABLE t2 (a integer NOT NULL, c varchar(8) NOT NULL, v bigint, amt numeric(8,3) NOT NULL DEFAULT 0, r real, PRIMARY KEY (a, c))",
		"INSERT INTO t2 (a, c, v, amt, r) VALUES (11, 'x', 121, 4233.942, 0.1), (9, 'k2', 5, 1, 2.5e-3), (-38, 'y', NULL, 2, -2.25), (1, 'n', 7, 3, NULL)",
		"SELECT a, coalesce(r, (v - v)) AS e2, CASE WHEN r IS NOT NULL THEN abs(r) ELSE abs(2147483647) END AS e1, least(amt, r), greatest(r, 1.5::float8) FROM t2 ORDER BY a",
		"SELECT a FROM t2 WHERE r IN (123456.789, 0.1, 0.1) ORDER BY a",
		"SELECT a FROM t2 WHERE r = 0.1 OR r IN (0.1::float8) ORDER BY a",
		"SELECT a FROM t2 WHERE r NOT IN (0.1, -2.25) ORDER BY a",
		"SELECT a FROM t2 WHERE r IN (656, 1e40) ORDER BY a",
		"DELETE FROM t2 WHERE amt <> coalesce(amt, r) RETURNING a",
		// A constant out of a real's range fails while PostgreSQL plans,
		// with no row read, unless the planner drops it first.
		"SELECT a FROM t2 WHERE a < -100 AND r IN (1, 1e300)",
		"SELECT coalesce(r, 1e300) FROM t2 WHERE a < -100",
		"SELECT coalesce(r, 2, 1e300), coalesce(2, r, 1e300) FROM t2 ORDER BY a",
		"SELECT CASE WHEN a > 0 THEN r ELSE 1e300 END FROM t2 WHERE a < -100",
		"SELECT greatest(r, 1e39, 1) FROM t2 WHERE a < -100",
	)
}

// TestRealAggregatesAndCasts: sum(real) is a real added in single
// precision (avg a double precision), a float sum out of range fails, and
// a real converts to numeric through its 6 significant digits
// (33554472::real::numeric is 33554500), as float4_numeric reads it.
func TestRealAggregatesAndCasts(t *testing.T) {
	sameAsPostgreSQL(t,
		"CREATE TABLE t2 (a integer PRIMARY KEY, r real, f float8, d numeric(10,3))",
		"INSERT INTO t2 VALUES (1, 0.1, 0.1, 1.5), (2, 0.2, 0.7, 2.25), (3, 33554472, 1e10, -3), (4, NULL, NULL, NULL)",
		"SELECT sum(r), avg(r), min(r), max(r), count(r) FROM t2",
		"SELECT round(r), round(r::numeric, 2), r::numeric, r::int, r::bigint, r::float8, f::real, d::real, a::real FROM t2 ORDER BY a",
		"SELECT r::text, cast(r AS varchar), r || 'x' FROM t2 ORDER BY a",
		"SELECT a FROM t2 WHERE r > 0.1 ORDER BY a",
		"SELECT a FROM t2 WHERE r BETWEEN 0.1 AND 0.2 ORDER BY a",
		"SELECT a, r FROM t2 ORDER BY r DESC NULLS LAST, a",
		"UPDATE t2 SET r = f WHERE a = 2 RETURNING r",
		"UPDATE t2 SET r = d * 3 WHERE a = 1 RETURNING r",
		"UPDATE t2 SET r = 1e39 WHERE a = 1",
		"UPDATE t2 SET r = '0.30000001' WHERE a = 1 RETURNING r, r::text",
		"SELECT sum(r) FILTER (WHERE a < 3), string_agg(r::text, ',' ORDER BY a) FROM t2",
		"SELECT r + 1, r - 0.5, r * d, r / f FROM t2 ORDER BY a",
		"SELECT ('-0'::real)::numeric, ('-0'::float8)::numeric, ('1e30'::real)::numeric(40,2)",
		"INSERT INTO t2 VALUES (5, 3e38, 1e308, 0), (6, 3e38, 1e308, 0)",
		"SELECT sum(r) FROM t2",
		"SELECT sum(f) FROM t2",
		"SELECT avg(r), avg(f) FROM t2",
	)
}

package postgres_test

import "testing"

// TestTimestampPrecisionAsPostgreSQL: timestamp(p) and timestamptz(p)
// columns and casts were refused with 0A000 on a SQLite node (what
// Prisma, Rails and other ORMs declare). A value keeps p fractional
// digits, rounded as PostgreSQL rounds them (a half away from
// 2000-01-01), and the catalog shows the precision.
func TestTimestampPrecisionAsPostgreSQL(t *testing.T) {
	sameAsPostgreSQL(t,
		"CREATE TABLE tp (id int PRIMARY KEY, a timestamp(0), b timestamp(3), c timestamptz(2), d timestamp(6), "+
			"e timestamp with time zone, f timestamp(7))",
		"INSERT INTO tp VALUES (1, '2024-05-06 07:08:09.5', '2024-12-31 23:59:59.9995', '2024-01-01 10:00:00.125+02', "+
			"'2024-05-06 07:08:09.1234565', '2024-05-06 07:08:09.25', '2024-05-06 07:08:09.1234567')",
		"INSERT INTO tp VALUES (2, '1999-12-31 23:59:59.5', '1999-12-31 23:59:59.0005', '1970-01-01 00:00:00.005Z', "+
			"'1999-12-31 23:59:59.9999995', '1900-02-03 04:05:06.5', '2000-01-01 00:00:00.0000005')",
		"INSERT INTO tp (id, a, b) VALUES (3, '2000-01-01 00:00:00.5', '2000-01-01 00:00:00.0004')",
		"SELECT id, a, b, c, d, e, f FROM tp ORDER BY id",
		"UPDATE tp SET a = b, b = d WHERE id < 3",
		"SELECT id, a, b FROM tp ORDER BY id",
		"SELECT '2024-05-06 07:08:09.123456'::timestamp(2), CAST('2024-05-06 07:08:09.5' AS timestamptz(0)), "+
			"'1999-12-31 23:59:59.95'::timestamp(1)",
		"SELECT id FROM tp WHERE a = '2024-12-31 23:59:59' OR b = '2024-05-06 07:08:09.123' ORDER BY id",
		"SELECT id, b = '2024-05-06 07:08:09.1234', b IN ('2024-05-06 07:08:09.1234', '2000-01-01'), "+
			"CASE WHEN id = 1 THEN b ELSE '2024-05-06 07:08:09.1234' END, coalesce(b, '1999-01-02 03:04:05.6789') FROM tp ORDER BY id",
		"SELECT attname, format_type(atttypid, atttypmod), atttypmod FROM pg_attribute "+
			"WHERE attrelid = 'tp'::regclass AND attnum > 1 ORDER BY attnum",
		"SELECT column_name, datetime_precision FROM information_schema.columns WHERE table_name = 'tp' AND column_name <> 'id' "+
			"ORDER BY ordinal_position",
		"CREATE TABLE tq (x timestamp(-1))",
		"CREATE TABLE tq (x timestamptz(-2))",
		"CREATE TABLE tq (x timestamp(1, 2))",
	)
}

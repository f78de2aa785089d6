package mysql_test

import (
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	gosql "github.com/go-sql-driver/mysql"
)

// TestFloatColumnsAsMariaDB: a FLOAT column stores single precision and
// shows 6 significant digits (33554473 is stored as 33554472 and shown as
// 33554500, 0.1 is not equal to 0.1), FLOAT(m,d) and DOUBLE(m,d) round to
// their decimals when stored (12.345 is 12.35, 0.125 is 0.12) and refuse,
// or under IGNORE clip, values past 10^(m-d) - 10^-d (1264); the type is
// kept by COALESCE, MAX and the like and lost by arithmetic, a DEFAULT is
// stored as a value written is, and strings
// and JSON made of such values carry the digits MariaDB shows. Each
// statement's outcome (error code or none) and each answer, in both
// protocols, is MariaDB's own. A SQLite node stored a FLOAT as a DOUBLE.
func TestFloatColumnsAsMariaDB(t *testing.T) {
	forEachBackend(t, func(t *testing.T, backend string) {
		stmts := []string{
			"CREATE TABLE f (id INT PRIMARY KEY, a FLOAT, b FLOAT(7,2), c DOUBLE(8,3), d FLOAT UNSIGNED, g FLOAT(5,2) UNSIGNED)",
			"INSERT INTO f (id, a) VALUES (1, 0.1), (2, 33554473), (3, 1234567), (4, 123456789), (5, 1e-10), (6, 3.4e38), " +
				"(7, 1e15), (8, 123456789012345678), (9, 1.2345678e-12), (10, -0.000123456), (11, 999999.5), (12, 1e-45)",
			"INSERT INTO f (id, b, c) VALUES (21, 12.345, 12.3455), (22, 1.005, 1.0005), (23, -0.005, 0.0625), (24, 99999.99, 99999.9994), (25, '3.14159', -99999.9994), (26, 0.125, 2.675)",
			"INSERT INTO f (id, b) VALUES (27, 99999.996)",
			"INSERT INTO f (id, c) VALUES (28, 99999.9995)",
			"INSERT INTO f (id, d) VALUES (29, -1)",
			"INSERT INTO f (id, a) VALUES (30, -3.5e38)",
			"INSERT INTO f (id, a) VALUES (31, '1.5abc')",
			"INSERT INTO f (id, g) VALUES (32, -0.001)",
			"INSERT INTO f (id, g) VALUES (33, -0.0)",
			"INSERT IGNORE INTO f (id, b) VALUES (34, 1e9), (35, -1e9)",
			"INSERT IGNORE INTO f (id, d, a) VALUES (36, -5, 1e39)",
			"INSERT IGNORE INTO f (id, c, b) VALUES (37, '123456.7899x', '12.345abc')",
			"UPDATE f SET b = b * 10 WHERE id = 21",
			"UPDATE f SET b = b * 1e6 WHERE id = 21",
			"UPDATE IGNORE f SET b = b * 1e6, a = 1e39 WHERE id = 22",
			// Defaults are stored as values written are.
			"CREATE TABLE fd (id INT PRIMARY KEY, b FLOAT(7,2) DEFAULT 12.345, a FLOAT DEFAULT 33554473, i FLOAT DEFAULT -0.1)",
			"INSERT INTO fd (id) VALUES (1)",
		}
		queries := []string{
			"SELECT * FROM f ORDER BY id",
			"SELECT id, CONCAT(a, ''), CAST(b AS CHAR), CONCAT(c, '/'), a + 0, b + 0, -a, ABS(a), a * 2, JSON_OBJECT('a', a, 'b', b, 'c', c), JSON_ARRAY(a) FROM f ORDER BY id",
			"SELECT COALESCE(a, a), IFNULL(a, 1), IF(id > 0, a, a), GREATEST(a, a), NULLIF(a, 1), (SELECT a) FROM f WHERE id = 2",
			"SELECT b, a, i, b + 0, a + 0, i + 0 FROM fd",
			// MariaDB's RADIANS multiplies by M_PI / 180, one double.
			"SELECT RADIANS(b), DEGREES(RADIANS(b)), RADIANS(a) FROM f WHERE id IN (2, 37) ORDER BY id",
			// A number among strings is the string MySQL makes of it.
			"SELECT IF(id > 0, a, 'x'), CASE WHEN id > 0 THEN a ELSE 'x' END, IF(id > 0, ROUND(1e0, 2), 'x'), COALESCE(1 / 3, 'x') FROM f WHERE id = 2",
			"SELECT MAX(a), MIN(a), GROUP_CONCAT(a ORDER BY id), GROUP_CONCAT(b ORDER BY id), SUM(a) FROM f",
			// MariaDB compares numbers with fixed decimals within half a
			// unit past the last: b holds 12.350000381… and equals 12.35.
			"SELECT id, b = 12.35, b < 12.35, b <=> 12.35, b > 12.349, c = 2.675, ROUND(a, 2) = 0.1 FROM f WHERE a = 0.1 OR a = 33554472 OR b = 12.35 OR c = 1 ORDER BY id",
		}
		// The MariaDB node reads its database as text, where a FLOAT has 6
		// digits: a prepared read sends the single-precision value of
		// those (the deviation mariadb-node-prepared-fixed-double, README).
		sameAsMariaDB(t, backend, backend == "sqlite", stmts, queries)
	})
}

// sameAsMariaDB runs stmts on a node on backend (in its database app) and
// on MariaDB itself, comparing each statement's outcome (error code or
// none), then queries, comparing their answers in the text protocol and,
// with binary, in the binary protocol too.
func sameAsMariaDB(t *testing.T, backend string, binary bool, stmts, queries []string) {
	t.Helper()
	maria := mariaDirect(t)
	_, db := appNode(t, backend)
	mustExec(t, db, "USE app")
	for _, s := range stmts {
		got, want := outcome(db.Exec(s)), outcome(maria.Exec(s))
		if got != want {
			t.Errorf("%s: blocksql %s, MariaDB %s", s, got, want)
		}
	}
	for _, q := range queries {
		var got, want [][][]string
		bothProtocols(t, db, q, func(rows *sql.Rows) { got = append(got, scanStrings(t, q, rows)) })
		bothProtocols(t, maria, q, func(rows *sql.Rows) { want = append(want, scanStrings(t, q, rows)) })
		if !binary {
			got, want = got[:1], want[:1]
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s (text, binary protocol):\nblocksql %q\nMariaDB  %q", q, got, want)
		}
	}
}

// outcome is a statement's result as compared: its error code, or ok.
func outcome(_ sql.Result, err error) string {
	var me *gosql.MySQLError
	switch {
	case err == nil:
		return "ok"
	case errors.As(err, &me):
		return fmt.Sprintf("error %d", me.Number)
	}
	return err.Error()
}

// TestWrongValueErrorsAsMariaDB: a value that is no number for a number
// column is 1366 with SQLSTATE 22007 (a data exception, which drivers map
// to their data error), and says which type it is not; the SQLite node
// sent HY000, and "decimal" for a DOUBLE.
func TestWrongValueErrorsAsMariaDB(t *testing.T) {
	forEachBackend(t, func(t *testing.T, backend string) {
		maria := mariaDirect(t)
		const table = "CREATE TABLE w (id INT PRIMARY KEY, i INT, d DECIMAL(6,2), r DOUBLE, f FLOAT, t TINYINT)"
		_, db := appNode(t, backend)
		mustExec(t, db, "USE app")
		mustExec(t, db, table)
		mustExec(t, maria, table)
		for _, s := range []string{
			"INSERT INTO w (id, i) VALUES (1, 'abc')",
			"INSERT INTO w (id, d) VALUES (1, 'abc')",
			"INSERT INTO w (id, r) VALUES (1, 'abc')",
			"INSERT INTO w (id, f) VALUES (1, 'abc')",
			"INSERT INTO w (id, r) VALUES (1, '1.5x')",
			"INSERT INTO w (id, t) VALUES (1, 1000)",
		} {
			got, want := wrongValue(db.Exec(s)), wrongValue(maria.Exec(s))
			if got != want {
				t.Errorf("%s: blocksql %s, MariaDB %s", s, got, want)
			}
		}
	})
}

// wrongValue is a failed write's error number, SQLSTATE and message up to
// the value MariaDB quotes in it.
func wrongValue(_ sql.Result, err error) string {
	var me *gosql.MySQLError
	if !errors.As(err, &me) {
		return fmt.Sprint(err)
	}
	msg, _, _ := strings.Cut(me.Message, ":")
	msg, _, _ = strings.Cut(msg, " for column")
	return fmt.Sprintf("%d (%s) %s", me.Number, me.SQLState, msg)
}

// TestTimestampYearAndIgnoredDatesAsMariaDB: a TIMESTAMP holds 1970-01-01
// 00:00:01 to 2038-01-19 03:14:07 (UTC) and refuses a time past them with
// 1292; INSERT IGNORE and UPDATE IGNORE store the zero date for a date the
// column refuses, as MariaDB does; a YEAR column's zero reads 0000; the
// zero date of a DATETIME(n) or TIMESTAMP(n) has n digits after the point
// and is the number 0 (a TIMESTAMP's the second 0). A SQLite node stored
// any TIMESTAMP, failed such IGNOREs with 1292, showed 0 for the zero year,
// 0000-00-00 00:00:00 for a DATETIME(2)'s zero, and NULL for it plus 0 and
// for DATE, YEAR, QUARTER of it, which failed a write with 1292; a MariaDB
// node failed to write the zero year (its row history's JSON).
func TestTimestampYearAndIgnoredDatesAsMariaDB(t *testing.T) {
	forEachBackend(t, func(t *testing.T, backend string) {
		sameAsMariaDB(t, backend, true, []string{
			"CREATE TABLE tm (id INT PRIMARY KEY, ts TIMESTAMP NULL, ts3 TIMESTAMP(3) NULL, d DATE, dt DATETIME(2), y YEAR, n INT)",
			"INSERT INTO tm (id, ts) VALUES (1, '2038-01-19 03:14:07'), (2, '1970-01-01 00:00:01'), (3, '0000-00-00 00:00:00')",
			"INSERT INTO tm (id, ts) VALUES (4, '2038-01-19 03:14:08')",
			"INSERT INTO tm (id, ts) VALUES (4, '1970-01-01 00:00:00')",
			"INSERT INTO tm (id, ts3) VALUES (4, '2038-01-19 03:14:07.999')",
			"INSERT INTO tm (id, ts) VALUES (5, 20380119031408)",
			"UPDATE tm SET ts = '1969-12-31 23:59:59' WHERE id = 1",
			"INSERT IGNORE INTO tm (id, ts, d, dt) VALUES (6, '2038-01-19 03:14:08', '2024-02-30', '2024-13-01'), (7, '1999-01-01', '2024-02-29', 'never')",
			"UPDATE IGNORE tm SET ts = '1960-01-01', ts3 = '2040-01-01', d = '2023-02-29' WHERE id = 1",
			"INSERT INTO tm (id, y) VALUES (8, 0), (9, '0'), (10, 69), (11, 2155)",
			"INSERT INTO tm (id, ts3, d, dt) VALUES (12, 0, '0000-00-00 00:00:00', '0000-00-00 00:00:00'), (13, '0000-00-00', 0, 0)",
			// Date functions of the zero date in a write (seed 681): DATE
			// of it is it, DAYOFWEEK NULL, neither an error.
			"UPDATE tm SET d = DATE(d), n = MONTH(d) WHERE id = 12",
			"UPDATE tm SET n = DAYOFWEEK(dt) WHERE id = 13",
			"UPDATE tm SET n = DATEDIFF(d, '2024-01-01') WHERE id = 12",
			"UPDATE tm SET n = 5 WHERE '' > DATE_FORMAT(d, '%d/%m/%y %H:%i')", // seed 683
			"UPDATE tm SET d = DATE_ADD(d, INTERVAL 1 DAY) WHERE id = 12",
		}, []string{
			"SELECT DATE_FORMAT(d, '%Y/%m %d %e %D %T %r'), DATE_FORMAT(dt, '%W') FROM tm WHERE id = 12",
			"SELECT * FROM tm ORDER BY id",
			"SELECT id, CONCAT(y, ''), y + 0, ts + 0, ts3 + 0, dt + 0, d + 0, CONCAT(dt, ''), UNIX_TIMESTAMP(ts3), UNIX_TIMESTAMP(dt) FROM tm ORDER BY id",
			// The zero date with a DATETIME(2)'s digits equals 0 and
			// '0000-00-00' as MariaDB's does.
			"SELECT id, DATE(d), YEAR(dt), MONTH(d), QUARTER(dt), DAYOFWEEK(d), DATE(0), DAYOFMONTH(0), DATE(CONCAT(d, ' 10:00')) FROM tm WHERE id > 11 ORDER BY id",
			"SELECT id, dt = 0, dt = '0000-00-00', dt <=> '0000-00-00 00:00:00', d = 0, ts3 = 0, ts3 IN (0, 1), dt < '2000-01-01' FROM tm WHERE id > 11 ORDER BY id",
		})
	})
}

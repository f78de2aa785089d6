package mysql_test

import (
	"reflect"
	"strings"
	"testing"
)

// TestViews: a view is chain DDL, read identically on every backend, shown
// by SHOW and information_schema, and read-only.
func TestViews(t *testing.T) { forEachBackend(t, testViews) }

func testViews(t *testing.T, backend string) {
	n, _ := appNode(t, backend, "CREATE TABLE app.t (id INT PRIMARY KEY, a VARCHAR(5), qty INT)")
	db := n.open(t, "root", "app", "")
	mustExec(t, db, "INSERT INTO t VALUES (1, 'x', 2), (2, 'y', 3)")
	mustExec(t, db, "CREATE ALGORITHM=MERGE SQL SECURITY INVOKER VIEW v AS SELECT id, CONCAT(a, 'y'), qty - -1 AS q FROM t WHERE id > 0")

	rows, err := db.Query("SELECT * FROM v ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	cols, _ := rows.Columns()
	if got := strings.Join(cols, "|"); got != "id|CONCAT(a, 'y')|q" {
		t.Errorf("view columns %q, want MySQL's names id|CONCAT(a, 'y')|q", got)
	}
	if got := scanStrings(t, "SELECT * FROM v", rows); !sameRows(got, [][]string{{"1", "xy", "3"}, {"2", "yy", "4"}}) {
		t.Errorf("SELECT * FROM v = %q", got)
	}
	if got := queryStrings(t, db, "SHOW FULL TABLES"); !sameRows(got, [][]string{{"t", "BASE TABLE"}, {"v", "VIEW"}}) {
		t.Errorf("SHOW FULL TABLES = %q", got)
	}
	create := queryStrings(t, db, "SHOW CREATE VIEW v")
	if len(create) != 1 || !strings.Contains(create[0][1], "ALGORITHM=MERGE") || !strings.Contains(create[0][1], "SQL SECURITY INVOKER") {
		t.Errorf("SHOW CREATE VIEW v = %q", create)
	}
	if got := queryStrings(t, db, "SELECT TABLE_NAME, SECURITY_TYPE, ALGORITHM FROM information_schema.VIEWS"); !sameRows(got, [][]string{{"v", "INVOKER", "MERGE"}}) {
		t.Errorf("information_schema.VIEWS = %q", got)
	}
	if got := queryStrings(t, db, "SELECT TABLE_TYPE FROM information_schema.TABLES WHERE TABLE_NAME = 'v'"); !sameRows(got, [][]string{{"VIEW"}}) {
		t.Errorf("information_schema.TABLES type of v = %q", got)
	}
	mustExec(t, db, "CREATE OR REPLACE VIEW v AS SELECT id FROM t WHERE qty > 2")
	mustExec(t, db, "ALTER TABLE t ADD COLUMN note INT")
	if got := queryStrings(t, db, "SELECT * FROM v"); !sameRows(got, [][]string{{"2"}}) {
		t.Errorf("replaced view = %q", got)
	}
	for _, c := range []struct {
		query string
		code  uint16
	}{
		{"INSERT INTO v VALUES (3)", 1471},
		{"UPDATE v SET id = 5", 1288},
		{"DELETE FROM v", 1288},
		{"CREATE VIEW v AS SELECT 1", 1050},
		{"CREATE TABLE v (id INT)", 1050},
		{"CREATE VIEW t AS SELECT 1", 1050},
		{"DROP TABLE v", 1965},
		{"DROP VIEW t", 4092},
		{"SHOW CREATE VIEW t", 1347},
		{"CREATE VIEW w AS SELECT id, NOW() FROM t", 1235},
	} {
		_, err := db.Exec(c.query)
		assertCode(t, err, c.code)
	}
	mustExec(t, db, "INSERT INTO t (id, a, qty) SELECT id + 10, 'z', 9 FROM v")
	mustExec(t, db, "DROP VIEW IF EXISTS v, nope")
	if got := queryStrings(t, db, "SHOW TABLES"); !sameRows(got, [][]string{{"t"}}) {
		t.Errorf("after DROP VIEW: %q", got)
	}
}

// TestViewOverMissingTable: both backends refuse, at CREATE VIEW, a view
// MariaDB refuses, with MariaDB's error.
func TestViewOverMissingTable(t *testing.T) { forEachBackend(t, testViewOverMissingTable) }

func testViewOverMissingTable(t *testing.T, backend string) {
	_, db := appNode(t, backend, "CREATE TABLE app.t (id INT PRIMARY KEY)")
	for _, c := range []struct {
		query string
		code  uint16
		msg   string
	}{
		{"CREATE VIEW app.v AS SELECT id FROM app.nope", 1146, "Table 'app.nope' doesn't exist"},
		{"CREATE VIEW app.v AS SELECT nope FROM app.t", 1054, "Unknown column 'nope' in 'SELECT'"},
	} {
		_, err := db.Exec(c.query)
		if me := assertCode(t, err, c.code); me.Message != c.msg {
			t.Errorf("%s: message %q, want %q", c.query, me.Message, c.msg)
		}
	}
	mustExec(t, db, "CREATE VIEW app.v AS WITH c AS (SELECT id FROM app.t) SELECT id FROM c")
	if got := queryStrings(t, db, "SHOW TABLES FROM app"); !sameRows(got, [][]string{{"t"}, {"v"}}) {
		t.Errorf("tables: %q", got)
	}
}

// TestViewComputedDecimals: a view's computed DECIMAL columns (a product,
// a sum, an average) read on a SQLite node as DOUBLEs computed in floating
// point: 12345678901234567890.1234567891 * 2 was 2.4691357802469134e19 and
// 0.1 * 2 was 0.2 where MariaDB gives 24691357802469135780.2469135782 and
// 0.2000000000 as DECIMAL(31,10). The view's SELECT is translated with its
// tables' types now, and the types of its computed columns are kept, for
// SELECT * and named columns alike; a view replaced or dropped loses them.
// Values and types read off MariaDB 10.11.
func TestViewComputedDecimals(t *testing.T) { forEachBackend(t, testViewComputedDecimals) }

func testViewComputedDecimals(t *testing.T, backend string) {
	n, _ := appNode(t, backend, "CREATE TABLE app.dd (id INT PRIMARY KEY, d DECIMAL(30,10))")
	db := n.open(t, "root", "app", "")
	mustExec(t, db, "INSERT INTO dd VALUES (1, 12345678901234567890.1234567891), (2, 0.1), (3, 0.2)")
	mustExec(t, db, "CREATE VIEW vd AS SELECT id, d * 2 AS d2, d FROM dd")
	mustExec(t, db, "CREATE VIEW vs AS SELECT SUM(d) s, AVG(d) a, COUNT(*) c FROM dd")
	want := []string{"INT", "DECIMAL(31,10)", "DECIMAL(30,10)",
		"1", "24691357802469135780.2469135782", "12345678901234567890.1234567891",
		"2", "0.2000000000", "0.1000000000", "3", "0.4000000000", "0.2000000000"}
	for _, q := range []string{"SELECT * FROM vd ORDER BY id", "SELECT id, d2, d FROM vd ORDER BY id"} {
		if got := queryTypesAndCells(t, db, q, sizedTypeName); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %q, want %q", q, got, want)
		}
	}
	want = []string{"DECIMAL(52,10)", "DECIMAL(34,14)", "BIGINT",
		"12345678901234567890.4234567891", "4115226300411522630.14115226303333", "3"}
	if got := queryTypesAndCells(t, db, "SELECT * FROM vs", sizedTypeName); !reflect.DeepEqual(got, want) {
		t.Errorf("SELECT * FROM vs: %q, want %q", got, want)
	}
	assertRows(t, db, "SELECT s + 1, (SELECT SUM(d2) FROM vd) FROM vs",
		[][]string{{"12345678901234567891.4234567891", "24691357802469135780.8469135782"}})
	// Replaced by a view whose column of that name is a string.
	mustExec(t, db, "CREATE OR REPLACE VIEW vd AS SELECT id, CONCAT(d, 'x') AS d2 FROM dd")
	assertRows(t, db, "SELECT d2 FROM vd WHERE id = 2", [][]string{{"0.1000000000x"}})
}

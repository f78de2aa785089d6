package mysql_test

import (
	"database/sql"
	"reflect"
	"strings"
	"testing"
)

func TestShowAndDescribe(t *testing.T) { forEachBackend(t, testShowAndDescribe) }

func testShowAndDescribe(t *testing.T, backend string) {
	n := shopNodeOn(t, backend)
	db := n.open(t, "root", "shop", "")
	mustExec(t, db, "CREATE TABLE orders (id BIGINT PRIMARY KEY, item_id INT NOT NULL, KEY by_item (item_id))")
	describeItems := [][]string{
		{"id", "int(11)", "NO", "PRI", "NULL", "auto_increment"},
		{"name", "varchar(64)", "NO", "UNI", "NULL", ""},
		{"qty", "int(11)", "YES", "", "NULL", ""},
		{"price", "decimal(10,2)", "YES", "", "NULL", ""},
		{"weight", "double", "YES", "", "NULL", ""},
		{"created", "datetime", "YES", "", "NULL", ""},
		{"note", "text", "YES", "", "NULL", ""},
	}
	cases := []struct {
		query string
		want  [][]string
	}{
		{"SHOW DATABASES", [][]string{{"blocksql"}, {"information_schema"}, {"shop"}}},
		{"SHOW DATABASES LIKE 'sh%'", [][]string{{"shop"}}},
		{"SHOW TABLES", [][]string{{"items"}, {"orders"}}},
		{"SHOW FULL TABLES FROM shop LIKE 'ord%'", [][]string{{"orders", "BASE TABLE"}}},
		{"SHOW FULL TABLES WHERE Table_type = 'BASE TABLE' AND Tables_in_shop <> 'items'", [][]string{{"orders", "BASE TABLE"}}},
		{"SHOW TABLES FROM blocksql", [][]string{{"blocks"}, {"row_changes"}, {"statement_tables"}, {"statements"}, {"transactions"}}},
		{"DESCRIBE items", describeItems},
		{"DESC shop.items", describeItems},
		{"SHOW COLUMNS FROM items LIKE 'n%'", [][]string{describeItems[1], describeItems[6]}},
		{"DESCRIBE items qty", [][]string{describeItems[2]}},
		{"SHOW VARIABLES LIKE 'max_allowed_packet'", [][]string{{"max_allowed_packet", "67108864"}}},
		{"SHOW VARIABLES WHERE Variable_name IN ('autocommit', 'time_zone')", [][]string{{"autocommit", "1"}, {"time_zone", "+00:00"}}},
		{"SHOW TRIGGERS", nil},
	}
	for _, c := range cases {
		if got := queryStrings(t, db, c.query); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s\n got %q\nwant %q", c.query, got, c.want)
		}
	}
	idx := queryStrings(t, db, "SHOW INDEX FROM orders")
	if len(idx) != 2 || idx[0][2] != "PRIMARY" || idx[1][2] != "by_item" || idx[1][1] != "1" {
		t.Errorf("SHOW INDEX FROM orders = %q", idx)
	}
	create := queryStrings(t, db, "SHOW CREATE TABLE items")
	if create[0][0] != "items" || !strings.HasPrefix(create[0][1], "CREATE TABLE `items`") {
		t.Errorf("SHOW CREATE TABLE = %q", create)
	}
	for _, q := range []string{"SHOW ENGINES", "SHOW COLLATION LIKE 'utf8mb4%'", "SHOW CHARACTER SET", "SHOW STATUS", "SHOW TABLE STATUS", "SHOW FULL COLUMNS FROM items"} {
		if len(queryStrings(t, db, q)) == 0 {
			t.Errorf("%s returned no rows", q)
		}
	}
	assertCode(t, execErr2(db, "SHOW COLUMNS FROM nosuch"), 1146)
	assertCode(t, execErr2(db, "SHOW TABLES FROM nosuch"), 1049)
}

func TestUseAndSessionVariables(t *testing.T) { forEachBackend(t, testUseAndSessionVariables) }

func testUseAndSessionVariables(t *testing.T, backend string) {
	n := shopNodeOn(t, backend)
	db := n.open(t, "root", "", "")
	db.SetMaxOpenConns(1)
	assertCode(t, execErr2(db, "USE nosuch"), 1049)
	mustExec(t, db, "USE shop")
	mustExec(t, db, "SET NAMES utf8mb4 COLLATE utf8mb4_unicode_ci")
	mustExec(t, db, "SET sql_mode = 'ANSI_QUOTES', @@session.time_zone = '+02:00', @who = 'me'")
	mustExec(t, db, "SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED")
	got := queryStrings(t, db, "SELECT DATABASE(), @@collation_connection, @@sql_mode, @@time_zone, @who, "+
		"@@transaction_isolation, @@tx_isolation, @@autocommit")
	want := [][]string{{"shop", "utf8mb4_unicode_ci", "ANSI_QUOTES", "+02:00", "me", "READ-COMMITTED", "READ-COMMITTED", "1"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %q\nwant %q", got, want)
	}
	assertCode(t, execErr2(db, "SET GLOBAL max_connections = 10"), 1227)
	mustExec(t, db, "USE blocksql")
	mustExec(t, db, "USE information_schema")
}

// TestOperationLogIsReadable: auditors read who changed what with plain SQL.
func TestOperationLogIsReadable(t *testing.T) { forEachBackend(t, testOperationLogIsReadable) }

func testOperationLogIsReadable(t *testing.T, backend string) {
	n := shopNodeOn(t, backend)
	db := n.open(t, "root", "shop", "")
	mustExec(t, db, "INSERT INTO items (name) VALUES (?)", "audited")
	got := queryStrings(t, db, "SELECT user, db, original_sql FROM blocksql.statements WHERE original_sql LIKE 'INSERT%'")
	want := [][]string{{"root", "shop", "INSERT INTO items (name) VALUES (?)"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	cols := queryStrings(t, db, "DESCRIBE blocksql.statements")
	if len(cols) == 0 || cols[0][0] != "height" {
		t.Fatalf("DESCRIBE blocksql.statements = %q", cols)
	}
}

func TestWarningsAndIgnoredLocks(t *testing.T) {
	n := shopNode(t)
	db := n.open(t, "root", "shop", "")
	db.SetMaxOpenConns(1)
	queryStrings(t, db, "SELECT * FROM items FOR UPDATE")
	w := queryStrings(t, db, "SHOW WARNINGS")
	if len(w) != 1 || w[0][0] != "Note" || !strings.Contains(w[0][2], "ignored") {
		t.Fatalf("SHOW WARNINGS after FOR UPDATE = %q", w)
	}
	assertCode(t, execErr2(db, "SELECT 1 INTO OUTFILE '/tmp/x'"), 1235)
	w = queryStrings(t, db, "SHOW WARNINGS")
	if len(w) != 1 || w[0][0] != "Error" || w[0][1] != "1235" {
		t.Fatalf("SHOW WARNINGS after an error = %q", w)
	}
}

// TestSQLNotesOff: with @@sql_notes off a statement's notes are not
// recorded (mariadb-dump turns it off), warnings still are.
func TestSQLNotesOff(t *testing.T) {
	n := shopNode(t)
	db := n.open(t, "root", "shop", "")
	db.SetMaxOpenConns(1)
	mustExec(t, db, "SET sql_notes = 0")
	queryStrings(t, db, "SELECT * FROM items FOR UPDATE")
	if w := queryStrings(t, db, "SHOW WARNINGS"); len(w) != 0 {
		t.Fatalf("SHOW WARNINGS with sql_notes off = %q", w)
	}
	if got := queryStrings(t, db, "SELECT @@sql_notes, @@warning_count"); got[0][0] != "0" || got[0][1] != "0" {
		t.Fatalf("@@sql_notes, @@warning_count = %q", got)
	}
	mustExec(t, db, "SET sql_notes = 1")
	queryStrings(t, db, "SELECT * FROM items FOR UPDATE")
	if w := queryStrings(t, db, "SHOW WARNINGS"); len(w) != 1 || w[0][0] != "Note" {
		t.Fatalf("SHOW WARNINGS with sql_notes on = %q", w)
	}
}

// TestSelectHints: what a SELECT tells MySQL's planner or cache
// (SQL_NO_CACHE in a versioned comment as mysqldump writes it,
// SQL_BUFFER_RESULT, HIGH_PRIORITY, STRAIGHT_JOIN, optimizer hints) leaves
// the rows as they are, in a read and in an INSERT … SELECT (SQLite read
// SQL_NO_CACHE as a column: 1054); SQL_CALC_FOUND_ROWS is refused with 1235.
func TestSelectHints(t *testing.T) {
	forEachBackend(t, func(t *testing.T, backend string) {
		_, db := appNode(t, backend, "CREATE TABLE app.h (id INT PRIMARY KEY, v INT)", "INSERT INTO app.h VALUES (1, 10), (2, 20)")
		want := [][]string{{"1", "10"}, {"2", "20"}}
		for _, q := range []string{
			"SELECT /*!40001 SQL_NO_CACHE */ `id`, `v` FROM app.h ORDER BY id",
			"SELECT SQL_NO_CACHE SQL_BUFFER_RESULT HIGH_PRIORITY id, v FROM app.h ORDER BY id",
			"SELECT STRAIGHT_JOIN a.id, b.v FROM app.h a STRAIGHT_JOIN app.h b ON a.id = b.id ORDER BY a.id",
			"SELECT /*+ MAX_EXECUTION_TIME(1000) */ SQL_SMALL_RESULT id, v FROM app.h ORDER BY id",
		} {
			assertRows(t, db, q, want)
		}
		mustExec(t, db, "CREATE TABLE app.h2 (id INT PRIMARY KEY, v INT)")
		mustExec(t, db, "INSERT INTO app.h2 SELECT SQL_NO_CACHE id, v FROM app.h")
		assertRows(t, db, "SELECT id, v FROM app.h2 ORDER BY id", want)
		_, err := db.Query("SELECT SQL_CALC_FOUND_ROWS id FROM app.h LIMIT 1")
		assertCode(t, err, 1235)
	})
}

func execErr2(db *sql.DB, q string) error {
	_, err := db.Exec(q)
	return err
}

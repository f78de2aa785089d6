package mysql_test

import (
	"context"
	"database/sql"
	"testing"

	mysqlfront "github.com/blocksql/blocksql/proxy/mysql"
)

// Writes in a READ ONLY transaction or session fail with 1792 (25006).
func TestReadOnlyTransactions(t *testing.T) {
	n := shopNode(t)
	db := n.open(t, "root", "shop", "")
	db.SetMaxOpenConns(1)
	ctx := context.Background()
	tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	_, err = tx.Exec("INSERT INTO items (id, name) VALUES (1, 'a')")
	me := assertCode(t, err, 1792)
	if string(me.SQLState[:]) != "25006" {
		t.Fatalf("SQLSTATE %s, want 25006", me.SQLState)
	}
	if want := "Cannot execute statement in a READ ONLY transaction"; me.Message != want { // MariaDB's, no period
		t.Errorf("message %q, want %q", me.Message, want)
	}
	tx.Rollback()
	mustExec(t, db, "INSERT INTO items (id, name) VALUES (1, 'a')") // the next transaction may write
	mustExec(t, db, "SET SESSION TRANSACTION READ ONLY")
	_, err = db.Exec("INSERT INTO items (id, name) VALUES (2, 'b')")
	assertCode(t, err, 1792)
	mustExec(t, db, "SET SESSION TRANSACTION READ WRITE")
	mustExec(t, db, "INSERT INTO items (id, name) VALUES (2, 'b')")
	if got := queryStrings(t, db, "SELECT COUNT(*) FROM items"); got[0][0] != "2" {
		t.Fatalf("%s rows, want 2", got[0][0])
	}
}

// The collation a client sends in its handshake, or with SET NAMES, is
// what @@collation_connection reports.
func TestConnectionCollation(t *testing.T) {
	n := startNode(t, mysqlfront.Config{})
	for _, coll := range []string{"latin1_general_ci", "utf8mb4_unicode_ci", "binary"} {
		db := n.open(t, "root", "", "collation="+coll)
		got := queryStrings(t, db, "SELECT @@collation_connection, @@character_set_client")
		if got[0][0] != coll {
			t.Errorf("collation=%s: @@collation_connection = %s", coll, got[0][0])
		}
	}
	db := n.open(t, "root", "", "")
	db.SetMaxOpenConns(1)
	mustExec(t, db, "SET NAMES latin1 COLLATE latin1_bin")
	if got := queryStrings(t, db, "SELECT @@collation_connection, @@character_set_results"); got[0][0] != "latin1_bin" || got[0][1] != "latin1" {
		t.Fatalf("after SET NAMES: %v", got)
	}
}

// DO evaluates through the text and binary protocols; result columns of
// a single (derived) table carry its alias; DECIMAL/FLOAT UNSIGNED columns
// can be created and read back.
func TestDoAliasesAndUnsignedDecimals(t *testing.T) {
	n := startNode(t, mysqlfront.Config{})
	db := n.open(t, "root", "", "columnsWithAlias=true")
	db.SetMaxOpenConns(1)
	mustExec(t, db, "DO 1, 2+3")
	mustExec(t, db, "DO ?", 7) // prepared
	rows, err := db.Query("SELECT * FROM (SELECT 1 AS one) AS A")
	if err != nil {
		t.Fatal(err)
	}
	cols, _ := rows.Columns()
	rows.Close()
	if len(cols) != 1 || cols[0] != "A.one" {
		t.Fatalf("columns %v, want [A.one]", cols)
	}
	mustExec(t, db, "CREATE DATABASE shop")
	mustExec(t, db, "CREATE TABLE shop.u (d DECIMAL(10,2) UNSIGNED, f FLOAT(7,4) UNSIGNED, g DOUBLE UNSIGNED)")
	mustExec(t, db, "INSERT INTO shop.u VALUES (12.5, 1.25, 3)")
	if got := queryStrings(t, db, "SELECT d, f, g FROM shop.u"); got[0][0] != "12.50" || got[0][2] != "3" {
		t.Fatalf("row %v, want 12.50 1.2500 3", got[0])
	}
}

// TIME values are durations: negative and above 24 hours, in the text
// and the binary protocol, computed and stored.
func TestTimeValues(t *testing.T) {
	n := startNode(t, mysqlfront.Config{})
	db := n.open(t, "root", "", "")
	db.SetMaxOpenConns(1)
	want := []string{"-12:34:56", "100:00:00", "838:59:59"}
	text := queryStrings(t, db, "SELECT CAST('-12:34:56' AS TIME), CAST('100:00:00' AS TIME), CAST('1000:00:00' AS TIME)")
	binary := queryStrings(t, db, "SELECT CAST(? AS TIME), CAST(? AS TIME), CAST(? AS TIME)", "-12:34:56", "100:00:00", "1000:00:00")
	for i, w := range want {
		if text[0][i] != w || binary[0][i] != w {
			t.Errorf("value %d: text %q, binary %q, want %q", i, text[0][i], binary[0][i], w)
		}
	}
	mustExec(t, db, "CREATE DATABASE shop")
	mustExec(t, db, "CREATE TABLE shop.d (id INT PRIMARY KEY, t TIME)")
	mustExec(t, db, "INSERT INTO shop.d VALUES (1, ?), (2, '-01:02:03')", "37:00:01")
	for _, args := range [][]any{nil, {0}} { // text, then binary rows
		q := "SELECT t FROM shop.d WHERE id > 0 ORDER BY id"
		if args != nil {
			q = "SELECT t FROM shop.d WHERE id > ? ORDER BY id"
		}
		got := queryStrings(t, db, q, args...)
		if len(got) != 2 || got[0][0] != "37:00:01" || got[1][0] != "-01:02:03" {
			t.Errorf("%s: %v", q, got)
		}
	}
}

// SHOW PROCESSLIST lists the node's sessions; KILL QUERY leaves the
// connection usable, KILL CONNECTION ends it.
func TestProcessListAndKill(t *testing.T) {
	n := startNode(t, mysqlfront.Config{})
	db := n.open(t, "root", "", "")
	ctx := context.Background()
	victim, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer victim.Close()
	var id string
	if err := victim.QueryRowContext(ctx, "SELECT CONNECTION_ID()").Scan(&id); err != nil {
		t.Fatal(err)
	}
	admin, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	rows, err := admin.QueryContext(ctx, "SHOW FULL PROCESSLIST")
	if err != nil {
		t.Fatal(err)
	}
	list := scanStrings(t, "SHOW PROCESSLIST", rows)
	var found, self bool
	for _, r := range list {
		found = found || (r[0] == id && r[1] == "root" && r[4] == "Sleep")
		self = self || (r[4] == "Query" && r[7] == "SHOW FULL PROCESSLIST")
	}
	if !found || !self {
		t.Fatalf("process list %v: want connection %s sleeping and this query running", list, id)
	}
	if _, err := admin.ExecContext(ctx, "KILL QUERY "+id); err != nil {
		t.Fatal(err)
	}
	if err := victim.PingContext(ctx); err != nil {
		t.Fatalf("after KILL QUERY: %v", err)
	}
	if _, err := admin.ExecContext(ctx, "KILL "+id); err != nil {
		t.Fatal(err)
	}
	if _, err := victim.ExecContext(ctx, "DO 1"); err == nil {
		t.Fatal("the killed connection still answers")
	}
	_, err = admin.ExecContext(ctx, "KILL 4000000000")
	assertCode(t, err, 1094)
}

// Hex literals into BIT and text columns: stored as MySQL stores them,
// and recorded in row history.
func TestHexLiteralsIntoBitAndText(t *testing.T) {
	n := startNode(t, mysqlfront.Config{})
	db := n.open(t, "root", "", "")
	mustExec(t, db, "CREATE DATABASE shop")
	mustExec(t, db, "CREATE TABLE shop.h (id INT PRIMARY KEY, b BIT(8), v VARCHAR(10))")
	mustExec(t, db, "INSERT INTO shop.h VALUES (1, 0x42, 0x41)")
	if got := queryStrings(t, db, "SELECT b, v FROM shop.h"); got[0][0] != "B" || got[0][1] != "A" {
		t.Fatalf("row %q, want B (0x42) and A", got[0])
	}
}

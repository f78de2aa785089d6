package mysql_test

import (
	"database/sql"
	"fmt"
	"reflect"
	"strings"
	"testing"

	mysqlfront "github.com/blocksql/blocksql/proxy/mysql"
	"github.com/blocksql/blocksql/proxy/mysql/mysqltest"
)

// mariaDirect opens a fresh database on MariaDB itself, to compare
// blocksql's answers with, or skips when MariaDB is not reachable.
func mariaDirect(t *testing.T) *sql.DB {
	t.Helper()
	mysqltest.RequireMariaDB(t)
	root, err := sql.Open("mysql", mysqltest.MariaDSN)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { root.Close() })
	name := strings.TrimSuffix(mysqltest.TestPrefix(), "_")
	mustExec(t, root, "CREATE DATABASE "+name)
	t.Cleanup(func() { root.Exec("DROP DATABASE " + name) })
	db, err := sql.Open("mysql", mysqltest.MariaDSN+name)
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	return db
}

// MOD(x, y) parses as the % operator without parentheses; written back
// naively, MOD(a + 1, 3) * 2 becomes a+1%3*2. Writes (the chain text) and
// reads must answer as MariaDB does.
func TestModFunctionKeepsItsOperands(t *testing.T) {
	forEachBackend(t, testModFunctionKeepsItsOperands)
}

func testModFunctionKeepsItsOperands(t *testing.T, backend string) {
	maria := mariaDirect(t)
	n := startNodeOn(t, mysqlfront.Config{}, backend)
	db := n.open(t, "root", "", "")
	db.SetMaxOpenConns(1)
	mustExec(t, db, "CREATE DATABASE ops")
	mustExec(t, db, "USE ops")
	stmts := []string{
		"CREATE TABLE t (id INT PRIMARY KEY, a INT, b INT, c INT)",
		"INSERT INTO t (id, a) VALUES (1, 4), (2, 7)",
		"UPDATE t SET b = MOD(a + 1, 3) * 2, c = -MOD(a + 1, 3) + 10 - (a - 1) WHERE MOD(a - 1, 3) = 0",
	}
	for _, s := range stmts {
		mustExec(t, db, s)
		mustExec(t, maria, s)
	}
	const q = "SELECT id, b, c, MOD(a + 1, 3) * 2, 2 * MOD(a, 2 + 3), a - MOD(a, 5 - 1), -MOD(a + 1, 3) FROM t ORDER BY id"
	got, want := queryStrings(t, db, q), queryStrings(t, maria, q)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("blocksql answers %v, MariaDB %v", got, want)
	}
}

// SET TRANSACTION READ ONLY (no SESSION) covers the next transaction
// only: an autocommit statement, or the next BEGIN ... COMMIT.
func TestSetTransactionReadOnlyIsForTheNextTransaction(t *testing.T) {
	n := shopNode(t)
	db := n.open(t, "root", "shop", "")
	db.SetMaxOpenConns(1)
	mustExec(t, db, "SET TRANSACTION READ ONLY")
	_, err := db.Exec("INSERT INTO items (id, name) VALUES (1, 'a')")
	assertCode(t, err, 1792)
	mustExec(t, db, "INSERT INTO items (id, name) VALUES (1, 'a')")

	mustExec(t, db, "SET TRANSACTION READ ONLY")
	mustExec(t, db, "BEGIN")
	_, err = db.Exec("INSERT INTO items (id, name) VALUES (2, 'b')")
	assertCode(t, err, 1792)
	_, err = db.Exec("SET TRANSACTION READ WRITE")
	assertCode(t, err, 1568)
	mustExec(t, db, "COMMIT")
	mustExec(t, db, "BEGIN")
	mustExec(t, db, "INSERT INTO items (id, name) VALUES (2, 'b')")
	mustExec(t, db, "COMMIT")
	if got := queryStrings(t, db, "SELECT COUNT(*) FROM items"); got[0][0] != "2" {
		t.Fatalf("%s rows, want 2", got[0][0])
	}
	if got := queryStrings(t, db, "SELECT @@transaction_read_only"); got[0][0] != "0" {
		t.Fatalf("@@transaction_read_only = %s after SET TRANSACTION, want 0 (the session keeps its mode)", got[0][0])
	}
}

// A UNION without ORDER BY returns rows in the order they are found, as
// MariaDB does (SQLite alone would sort them), duplicates removed, in both
// protocols.
func TestUnionKeepsEncounterOrder(t *testing.T) { forEachBackend(t, testUnionKeepsEncounterOrder) }

func testUnionKeepsEncounterOrder(t *testing.T, backend string) {
	maria := mariaDirect(t)
	n := startNodeOn(t, mysqlfront.Config{}, backend)
	db := n.open(t, "root", "", "")
	db.SetMaxOpenConns(1)
	mustExec(t, db, "CREATE DATABASE u")
	mustExec(t, db, "USE u")
	for _, s := range []string{
		"CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(10))",
		"INSERT INTO t VALUES (1, 'pear'), (2, 'apple'), (3, 'fig')",
	} {
		mustExec(t, db, s)
		mustExec(t, maria, s)
	}
	for _, q := range []string{
		"SELECT 1 UNION SELECT 0",
		"SELECT 3 AS x UNION SELECT 1 UNION SELECT 3 UNION SELECT 2",
		"SELECT name FROM t UNION SELECT 'zebra' UNION SELECT 'apple' UNION SELECT 'banana'",
		"SELECT name FROM t UNION ALL SELECT 'apple'",
	} {
		want := queryStrings(t, maria, q)
		if got := queryStrings(t, db, q); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: blocksql answers %v, MariaDB %v", q, got, want)
		}
		stmt, err := db.Prepare(q)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := stmt.Query()
		if err != nil {
			t.Fatal(err)
		}
		if got := scanStrings(t, q, rows); !reflect.DeepEqual(got, want) {
			t.Errorf("%s (prepared): blocksql answers %v, MariaDB %v", q, got, want)
		}
		stmt.Close()
	}
}

// A syntax error in a multi-statement query fails that statement after
// the ones before it ran, as in MySQL; semicolons inside strings, quoted
// names and comments do not split statements.
func TestMultiStatementSyntaxErrorRunsTheStatementsBefore(t *testing.T) {
	n := startNode(t, mysqlfront.Config{})
	admin := n.open(t, "root", "", "")
	mustExec(t, admin, "CREATE DATABASE m")
	mustExec(t, admin, "CREATE TABLE m.t (id INT PRIMARY KEY, s VARCHAR(20))")
	db := n.open(t, "root", "m", "multiStatements=true")
	db.SetMaxOpenConns(1)
	_, err := db.Exec("INSERT INTO t VALUES (1, 'a;b'); /* ; */ INSERT INTO `t` VALUES (2, 'it''s;\\';') -- ;\n" +
		"; INSERT INTO t VALUES (3, 'c') ; INSERT INTO t VALUES (((4); INSERT INTO t VALUES (5, 'e')")
	assertCode(t, err, 1064)
	got := queryStrings(t, admin, "SELECT id, s FROM m.t ORDER BY id")
	want := [][]string{{"1", "a;b"}, {"2", "it's;';"}, {"3", "c"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("rows %v, want %v (the statements before the syntax error)", got, want)
	}
}

// Result columns read from a table are described from its definition as
// MariaDB describes them: NOT NULL (drivers scan such columns into plain
// types), FLOAT(m,d) scale, DATETIME(n) fractional digits.
func TestColumnTypesFromTheTableDefinition(t *testing.T) {
	forEachBackend(t, testColumnTypesFromTheTableDefinition)
}

func testColumnTypesFromTheTableDefinition(t *testing.T, backend string) {
	maria := mariaDirect(t)
	n := startNodeOn(t, mysqlfront.Config{}, backend)
	db := n.open(t, "root", "", "parseTime=true")
	db.SetMaxOpenConns(1)
	mustExec(t, db, "CREATE DATABASE ct")
	mustExec(t, db, "USE ct")
	for _, s := range []string{
		"CREATE TABLE t (id INT NOT NULL, small SMALLINT UNSIGNED NOT NULL, f FLOAT(7,4), d DOUBLE NOT NULL, " +
			"dt DATETIME(2), dt6 DATETIME(6) NOT NULL, v VARCHAR(42) NOT NULL, b LONGBLOB NOT NULL, note TEXT, dec1 DECIMAL(10,3) NOT NULL, y YEAR NOT NULL)",
		"INSERT INTO t VALUES (1, 2, 3.5, 4.25, '2006-01-02 15:04:05.1', '2006-01-02 15:04:05.111111', 'x', 'y', NULL, 1.5, 2006)",
	} {
		mustExec(t, db, s)
		mustExec(t, maria, s)
	}
	for _, q := range []string{"SELECT * FROM t", "SELECT v AS name, id, f FROM t"} {
		want, got := describe(t, maria, q), describe(t, db, q)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\n blocksql %v\n MariaDB  %v", q, got, want)
		}
	}
}

// TestComputedColumnsNullableAsMariaDB: on a MariaDB node, a computed or
// joined result column is NOT NULL exactly where MariaDB says so (COUNT(*),
// arithmetic of NOT NULL columns), so go-sql-driver scans it into a plain
// type; NULLIF and a LEFT JOIN's columns stay nullable.
func TestComputedColumnsNullableAsMariaDB(t *testing.T) {
	maria := mariaDirect(t)
	n := startNodeOn(t, mysqlfront.Config{}, "mariadb")
	db := n.open(t, "root", "", "")
	db.SetMaxOpenConns(1)
	mustExec(t, db, "CREATE DATABASE cn")
	mustExec(t, db, "USE cn")
	for _, s := range []string{"CREATE TABLE t (id INT NOT NULL PRIMARY KEY, v VARCHAR(8) NOT NULL, w INT)",
		"INSERT INTO t VALUES (1, 'a', NULL), (2, 'b', 3)"} {
		mustExec(t, db, s)
		mustExec(t, maria, s)
	}
	nulls := func(d *sql.DB, q string) []bool {
		var out []bool
		for _, ct := range columnTypes(t, d, q) {
			nullable, _ := ct.Nullable()
			out = append(out, nullable)
		}
		return out
	}
	q := "SELECT COUNT(*), a.id + 1, CONCAT(a.v, 'x'), NULLIF(a.id, 1), b.id, c.id, 'lit' FROM t a JOIN t b ON a.id = b.id " +
		"LEFT JOIN t c ON c.w = a.id GROUP BY a.id, b.id, c.id"
	want := nulls(maria, q)
	if got := nulls(db, q); !reflect.DeepEqual(got, want) {
		t.Errorf("nullable %v, want MariaDB's %v", got, want)
	}
	if want[0] || !want[3] || !want[5] {
		t.Errorf("MariaDB's own nullability %v: COUNT(*) NOT NULL, NULLIF and the LEFT JOIN's column nullable expected", want)
	}
	// On every node: a SELECT of literals, which each answers itself, is
	// NOT NULL but for NULL; a join's columns are NOT NULL where their
	// table's are and no outer join can leave their table out.
	sq := startNodeOn(t, mysqlfront.Config{}, "sqlite").open(t, "root", "", "")
	sq.SetMaxOpenConns(1)
	for _, s := range []string{"CREATE DATABASE cn", "USE cn", "CREATE TABLE t (id INT NOT NULL PRIMARY KEY, v VARCHAR(8) NOT NULL, w INT)",
		"INSERT INTO t VALUES (1, 'a', NULL), (2, 'b', 3)"} {
		mustExec(t, sq, s)
	}
	for _, c := range []struct {
		q    string
		want []bool
	}{
		{"SELECT 1, 'x', 1.5, NULL", []bool{false, false, false, true}},
		{"SELECT a.id, b.id, a.v, c.id, c.v, b.w FROM t a JOIN t b ON a.id = b.id LEFT JOIN t c ON c.w = a.id ORDER BY a.id",
			[]bool{false, false, false, true, true, true}},
		{"SELECT a.id, b.id, b.v FROM t a RIGHT JOIN t b ON a.w = b.id", []bool{true, false, false}},
		{"SELECT x.id, x.w FROM t x, (SELECT id FROM t) y WHERE x.id = y.id", []bool{false, true}},
	} {
		if got := nulls(maria, c.q); !reflect.DeepEqual(got, c.want) {
			t.Fatalf("MariaDB's own nullability of %s: %v, want %v", c.q, got, c.want)
		}
		for backend, d := range map[string]*sql.DB{"mariadb": db, "sqlite": sq} {
			if got := nulls(d, c.q); !reflect.DeepEqual(got, c.want) {
				t.Errorf("%s: %s nullable %v, want MariaDB's %v", backend, c.q, got, c.want)
			}
		}
	}
}

// describe is what go-sql-driver tells of each result column of q.
func describe(t *testing.T, db *sql.DB, q string) []string {
	t.Helper()
	return describeColumns(columnTypes(t, db, q))
}

// describeColumns is each column's name, type, scan type, nullability,
// length and scale as go-sql-driver reads them.
func describeColumns(cts []*sql.ColumnType) []string {
	var out []string
	for _, ct := range cts {
		nullable, _ := ct.Nullable()
		length, _ := ct.Length()
		p, s, _ := ct.DecimalSize()
		out = append(out, fmt.Sprintf("%s %s %s null=%v len=%d dec=%d,%d", ct.Name(), ct.DatabaseTypeName(), ct.ScanType(), nullable, length, p, s))
	}
	return out
}

// A number literal longer than the parser can hold is a syntax error
// (1064) on a connection that stays open, not a panic that drops it.
func TestOverlongNumberLiteralIsSyntaxError(t *testing.T) {
	n := startNode(t, mysqlfront.Config{})
	db := n.open(t, "root", "", "")
	db.SetMaxOpenConns(1)
	_, err := db.Query("SELECT " + strings.Repeat("0", 196) + ".")
	assertCode(t, err, 1064)
	if got := queryStrings(t, db, "SELECT CONNECTION_ID() > 0"); got[0][0] != "1" {
		t.Fatalf("after the refused literal: %v", got)
	}
}

// MySQL's ! is NOT binding tighter than a comparison; SQLite has no !.
func TestExclamationNot(t *testing.T) {
	forEachBackend(t, func(t *testing.T, backend string) {
		n := startNodeOn(t, mysqlfront.Config{}, backend)
		db := n.open(t, "root", "", "")
		db.SetMaxOpenConns(1)
		got := queryStrings(t, db, "SELECT !0, !0 = 2, !(0 = 2), !00")
		if want := []string{"1", "0", "1", "1"}; !reflect.DeepEqual(got[0], want) {
			t.Fatalf("got %v, want %v", got[0], want)
		}
		mustExec(t, db, "CREATE DATABASE x")
		mustExec(t, db, "CREATE TABLE x.t (id INT PRIMARY KEY, v INT)")
		mustExec(t, db, "INSERT INTO x.t VALUES (1, !0), (2, !5)")
		mustExec(t, db, "UPDATE x.t SET v = !v WHERE !(id = 1)")
		if got := queryStrings(t, db, "SELECT v FROM x.t ORDER BY id"); got[0][0] != "1" || got[1][0] != "1" {
			t.Fatalf("rows after ! in writes: %v", got)
		}
	})
}

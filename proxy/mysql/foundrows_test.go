package mysql_test

import (
	"database/sql"
	"strings"
	"testing"

	mysqlfront "github.com/blocksql/blocksql/proxy/mysql"
)

// An UPDATE reports the rows it changed, or, to a client that set
// CLIENT_FOUND_ROWS, the rows it matched: in autocommit, inside a
// transaction (answered from the speculative run and validated at COMMIT),
// through prepared statements and in ROW_COUNT(), on both backends.
func TestFoundRows(t *testing.T) {
	forEachBackend(t, func(t *testing.T, backend string) {
		n := startNodeOn(t, mysqlfront.Config{}, backend)
		setup := n.open(t, "root", "", "")
		mustExec(t, setup, "CREATE DATABASE shop")
		mustExec(t, setup, "CREATE TABLE shop.t (id INT NOT NULL, data INT NOT NULL)")
		mustExec(t, setup, "INSERT INTO shop.t VALUES (0, 0), (0, 0), (1, 0), (1, 0), (1, 1)")
		changed, found := n.open(t, "root", "shop", ""), n.open(t, "root", "shop", "clientFoundRows=true")
		found.SetMaxOpenConns(1)

		wantRows(t, changed, "UPDATE t SET data = 1 WHERE id = 0", 2)
		wantRows(t, found, "UPDATE t SET data = 1 WHERE id = 1", 3) // 2 changed
		wantRows(t, changed, "UPDATE t SET data = 1 WHERE id = 1", 0)
		wantRows(t, found, "UPDATE t SET data = ? WHERE id = ?", 3, 1, 1) // prepared, none changed
		wantRows(t, found, "UPDATE t SET data = 2 WHERE id = 1 ORDER BY data LIMIT 2", 2)
		if got := queryStrings(t, found, "SELECT ROW_COUNT()"); got[0][0] != "2" {
			t.Errorf("ROW_COUNT() = %s, want 2 (rows matched)", got[0][0])
		}

		tx, err := found.Begin()
		if err != nil {
			t.Fatal(err)
		}
		wantRows(t, tx, "UPDATE t SET data = 2 WHERE id = 1", 3) // 1 changed
		wantRows(t, tx, "UPDATE t SET data = 2 WHERE id = 1", 3) // sees its own write
		if err := tx.Commit(); err != nil {
			t.Fatalf("COMMIT: %v", err)
		}
		if got := queryStrings(t, changed, "SELECT COUNT(*) FROM t WHERE data = 2"); got[0][0] != "3" {
			t.Errorf("rows with data = 2 after COMMIT: %s, want 3", got[0][0])
		}
	})
}

func wantRows(t *testing.T, db interface {
	Exec(string, ...any) (sql.Result, error)
}, query string, want int64, args ...any) {
	t.Helper()
	n, err := mustExec(t, db, query, args...).RowsAffected()
	if err != nil || n != want {
		t.Errorf("%s: %d rows affected (%v), want %d", query, n, err, want)
	}
}

// The OK packet of an UPDATE says how many rows it matched and changed,
// which the mariadb client prints.
func TestUpdateInfo(t *testing.T) {
	n := startNode(t, mysqlfront.Config{})
	db := n.open(t, "root", "", "")
	mustExec(t, db, "CREATE DATABASE shop")
	mustExec(t, db, "CREATE TABLE shop.t (id INT PRIMARY KEY, data INT NOT NULL)")
	mustExec(t, db, "INSERT INTO shop.t VALUES (1, 0), (2, 0), (3, 1)")
	out, err := mariadbCLI(t, n, "-vvv", "-e", "UPDATE shop.t SET data = 1")
	if err != nil {
		t.Fatalf("mariadb: %v\n%s", err, out)
	}
	if !strings.Contains(out, "Rows matched: 3  Changed: 2  Warnings: 0") {
		t.Fatalf("mariadb -vvv printed:\n%s\nwant the line Rows matched: 3  Changed: 2  Warnings: 0", out)
	}
}

// BINARY(n) values are right-padded with NUL bytes to n, as MySQL stores
// them, on both backends; a value longer than n is refused.
func TestBinaryPadding(t *testing.T) {
	forEachBackend(t, func(t *testing.T, backend string) {
		n := startNodeOn(t, mysqlfront.Config{}, backend)
		db := n.open(t, "root", "", "")
		mustExec(t, db, "CREATE DATABASE shop")
		mustExec(t, db, "CREATE TABLE shop.b (id INT PRIMARY KEY, b BINARY(4), d BINARY(3) DEFAULT 'a')")
		mustExec(t, db, "INSERT INTO shop.b (id, b) VALUES (1, 0), (2, 'Test'), (3, 'ab'), (4, x'01'), (5, NULL)")
		mustExec(t, db, "INSERT INTO shop.b (id, b) VALUES (?, ?)", 6, []byte("z"))
		mustExec(t, db, "UPDATE shop.b SET b = '12' WHERE id = 5")
		got := queryStrings(t, db, "SELECT id, HEX(b), HEX(d), b = 'ab\\0\\0' FROM shop.b ORDER BY id")
		want := [][]string{{"1", "30000000", "610000", "0"}, {"2", "54657374", "610000", "0"},
			{"3", "61620000", "610000", "1"}, {"4", "01000000", "610000", "0"},
			{"5", "31320000", "610000", "0"}, {"6", "7A000000", "610000", "0"}}
		if strings.Join(flatten(got), " ") != strings.Join(flatten(want), " ") {
			t.Errorf("rows %v, want %v", got, want)
		}
		var raw []byte
		if err := db.QueryRow("SELECT b FROM shop.b WHERE id = 3").Scan(&raw); err != nil || string(raw) != "ab\x00\x00" {
			t.Errorf("b of row 3 = %q (%v), want \"ab\\x00\\x00\"", raw, err)
		}
		if _, err := db.Exec("INSERT INTO shop.b (id, b) VALUES (7, 'abcde')"); err == nil || !strings.Contains(err.Error(), "1406") {
			t.Errorf("5 bytes into BINARY(4): %v, want error 1406", err)
		}
	})
}

func flatten(rows [][]string) []string {
	var out []string
	for _, r := range rows {
		out = append(out, strings.Join(r, "|"))
	}
	return out
}

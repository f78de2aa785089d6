package replay_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/blocksql/blocksql/replay"
)

// TestSkippingInsertIDs: INSERT ... ON DUPLICATE KEY UPDATE and INSERT
// IGNORE report MariaDB's insert id on every backend: the first id
// generated for a row that was inserted; else, when a row was inserted
// or changed, the last row's (for ON DUPLICATE KEY UPDATE, that of the
// row it updated); else 0.
func TestSkippingInsertIDs(t *testing.T) {
	stmts := []struct {
		sql  string
		want string // rows affected, insert id, as MariaDB answers
	}{
		{"INSERT INTO t (u, n) VALUES ('a', 1), ('b', 2)", "2 1"},
		{"INSERT INTO t (u, n) VALUES ('a', 5) ON DUPLICATE KEY UPDATE n = n + 1", "2 1"},
		{"INSERT INTO t (u, n) VALUES ('b', 5) ON DUPLICATE KEY UPDATE n = n", "0 0"},
		{"INSERT INTO t (u, n) VALUES ('c', 5), ('a', 5) ON DUPLICATE KEY UPDATE n = n + 1", "3 5"},
		{"INSERT INTO t (id, u, n) VALUES (1, 'zz', 5), (9, 'b', 5) ON DUPLICATE KEY UPDATE n = n + 1", "4 2"},
		{"INSERT INTO t (u, n) VALUES ('b', 5), ('a', 5) ON DUPLICATE KEY UPDATE n = IF(u = 'a', n + 1, n)", "2 1"},
		{"INSERT INTO t (id, u, n) VALUES (60, 'y', 5) ON DUPLICATE KEY UPDATE n = n + 1", "1 60"},
		// the given id 61 is not stored (the row updates 'y'): the counter
		// stays at 61, as InnoDB keeps it; so does the ignored row's 80
		{"INSERT INTO t (id, u, n) VALUES (61, 'y', 5) ON DUPLICATE KEY UPDATE n = n + 1", "2 60"},
		{"INSERT IGNORE INTO t (id, u, n) VALUES (20, 'x', 1), (80, 'a', 1)", "1 80"},
		// 'a' is ignored and gives its id, 61, to 'new', which MariaDB reports
		{"INSERT IGNORE INTO t (u, n) VALUES ('a', 1), ('new', 1)", "1 61"},
		{"INSERT IGNORE INTO t (u, n) VALUES ('a', 1)", "0 0"},
	}
	for _, be := range backends {
		t.Run(be.name, func(t *testing.T) {
			e := applyEach(t, be, "CREATE TABLE t (id INT AUTO_INCREMENT PRIMARY KEY, u VARCHAR(10), n INT, UNIQUE KEY uu (u))", stmts)
			got := strings.Join(readRows(t, e, "SELECT id, u, n FROM app.t ORDER BY id"), " ")
			if want := "[1 a 5] [2 b 3] [5 c 5] [20 x 1] [60 y 6] [61 new 1]"; got != want {
				t.Errorf("rows %s, want %s", got, want)
			}
		})
	}
}

// TestAutoIncOutOfRange: when the next AUTO_INCREMENT id does not fit its
// column, an INSERT, ON DUPLICATE KEY UPDATE or REPLACE fails with
// MariaDB's error 167, and INSERT IGNORE skips the row.
func TestAutoIncOutOfRange(t *testing.T) {
	stmts := []struct{ sql, want string }{
		{"INSERT INTO a (id, k) VALUES (127, 'x')", "1 127"},
		{"INSERT INTO a (k) VALUES ('y')", "error 167"},
		{"INSERT INTO a (k) VALUES ('x') ON DUPLICATE KEY UPDATE k = 'z'", "error 167"},
		{"REPLACE INTO a (k) VALUES ('q')", "error 167"},
		{"INSERT IGNORE INTO a (k) VALUES ('y')", "0 0"},
		// the explicit id past the range fails first, as in MariaDB
		{"INSERT INTO a (id, k) VALUES (5, 'y'), (128, 'z'), (NULL, 'w')", "error 1264"},
		// and so does an earlier row's invalid value
		{"INSERT INTO a (id, k) VALUES (6, 'toolong'), (NULL, 'w')", "error 1406"},
		{"INSERT INTO a (id, k) VALUES (5, 'y')", "1 5"},
	}
	for _, be := range backends {
		t.Run(be.name, func(t *testing.T) {
			e := applyEach(t, be, "CREATE TABLE a (id TINYINT AUTO_INCREMENT PRIMARY KEY, k VARCHAR(3), UNIQUE KEY (k))", stmts)
			if got := strings.Join(readRows(t, e, "SELECT id, k FROM app.a ORDER BY id"), " "); got != "[5 y] [127 x]" {
				t.Errorf("rows %s, want [5 y] [127 x]", got)
			}
		})
	}
}

// TestInsertIgnoreClippedIDMovesCounter: INSERT IGNORE stores an id
// given past its column's range as the largest the column holds, reports
// that id as the insert id, and the counter moves past it, as in MariaDB:
// the next generated id fails with 167 (ON DUPLICATE KEY UPDATE and
// REPLACE too, although their row is a duplicate).
func TestInsertIgnoreClippedIDMovesCounter(t *testing.T) {
	stmts := []struct{ sql, want string }{
		{"INSERT INTO a (id, k) VALUES (5, 'w')", "1 5"},
		{"INSERT IGNORE INTO a (id, k) VALUES (6, 'y'), (200, 'x')", "2 127"},
		{"INSERT IGNORE INTO a (id, k) VALUES (7, 'y'), (300, 'u')", "0 0"},
		{"INSERT INTO a (k) VALUES ('z')", "error 167"},
		{"INSERT INTO a (k) VALUES ('y') ON DUPLICATE KEY UPDATE k = 'v'", "error 167"},
		{"REPLACE INTO a (k) VALUES ('y')", "error 167"},
	}
	for _, be := range backends {
		t.Run(be.name, func(t *testing.T) {
			e := applyEach(t, be, "CREATE TABLE a (id TINYINT AUTO_INCREMENT PRIMARY KEY, k VARCHAR(3), UNIQUE KEY (k))", stmts)
			if got := strings.Join(readRows(t, e, "SELECT id, k FROM app.a ORDER BY id"), " "); got != "[5 w] [6 y] [127 x]" {
				t.Errorf("rows %s, want [5 w] [6 y] [127 x]", got)
			}
		})
	}
}

// TestInsertIgnoreSkipsOverflowingIDs: INSERT IGNORE leaves out a row
// whose generated id is past the column's range, even where the largest
// id is free, and the counter stays just past the range, as in MariaDB.
func TestInsertIgnoreSkipsOverflowingIDs(t *testing.T) {
	stmts := []struct{ sql, want string }{
		{"INSERT INTO a (id, k) VALUES (127, 'w')", "1 127"},
		{"INSERT IGNORE INTO a (k) VALUES ('p'), ('q')", "0 0"},
		{"DELETE FROM a WHERE id = 127", "1 0"},
		{"INSERT IGNORE INTO a (k) VALUES ('p'), ('q')", "0 0"},
		{"INSERT IGNORE INTO a (id, k) VALUES (NULL, 'p'), (3, 'q')", "1 3"},
	}
	for _, be := range backends {
		t.Run(be.name, func(t *testing.T) {
			e := applyEach(t, be, "CREATE TABLE a (id TINYINT AUTO_INCREMENT PRIMARY KEY, k VARCHAR(3), UNIQUE KEY (k))", stmts)
			if got := strings.Join(readRows(t, e, "SELECT id, k FROM app.a ORDER BY id"), " "); got != "[3 q]" {
				t.Errorf("rows %s, want [3 q]", got)
			}
			if next, _ := e.NextAutoID("app", "a"); next != 128 {
				t.Errorf("next AUTO_INCREMENT id %d, want 128", next)
			}
		})
	}
}

// applyEach creates database app with table, then applies each statement
// in its own block and checks its answer: "rows insert-id" or "error N".
func applyEach(t *testing.T, be backend, table string, stmts []struct{ sql, want string }) *replay.Engine {
	t.Helper()
	c := newChain(t)
	e := newEngine(t, be.open(t))
	ctx := context.Background()
	for _, setup := range [][]byte{c.tx("", "CREATE DATABASE app"), c.tx("app", table)} {
		if _, _, err := e.ApplyBlock(ctx, c.block(setup)); err != nil {
			t.Fatal(err)
		}
	}
	for _, s := range stmts {
		res, _, err := e.ApplyBlock(ctx, c.block(c.tx("app", s.sql)))
		if err != nil {
			t.Fatal(err)
		}
		st := res[0].Statements[0]
		got := fmt.Sprintf("%d %d", st.RowsAffected, st.LastInsertID)
		if st.Code != 0 {
			got = fmt.Sprintf("error %d", st.Code)
		}
		if got != s.want {
			t.Errorf("%s: got %s, want %s", s.sql, got, s.want)
		}
	}
	return e
}

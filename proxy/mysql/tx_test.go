package mysql_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/go-mysql-org/go-mysql/client"
)

func TestTransactionCommitAndRollback(t *testing.T) {
	forEachBackend(t, testTransactionCommitAndRollback)
}

func testTransactionCommitAndRollback(t *testing.T, backend string) {
	n := shopNodeOn(t, backend)
	db := n.open(t, "root", "shop", "")
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	mustExec(t, tx, "INSERT INTO items (name, qty) VALUES ('a', 1)")
	if n, _ := mustExec(t, tx, "UPDATE items SET qty = 2 WHERE name = 'a'").RowsAffected(); n != 1 {
		t.Fatalf("UPDATE inside the transaction affected %d rows, want 1", n)
	}
	// Reads in a transaction see its own writes; other sessions do not.
	if got := queryStrings(t, tx, "SELECT name, qty FROM items"); !reflect.DeepEqual(got, [][]string{{"a", "2"}}) {
		t.Fatalf("inside the transaction got %v, want [[a 2]]", got)
	}
	other := n.open(t, "root", "shop", "")
	if got := queryStrings(t, other, "SELECT COUNT(*) FROM items"); got[0][0] != "0" {
		t.Fatalf("another session sees %s rows before COMMIT, want 0", got[0][0])
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := queryStrings(t, db, "SELECT name, qty FROM items"); !reflect.DeepEqual(got, [][]string{{"a", "2"}}) {
		t.Fatalf("after COMMIT got %v, want [[a 2]]", got)
	}
	tx, _ = db.Begin()
	mustExec(t, tx, "DELETE FROM items")
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	if got := queryStrings(t, db, "SELECT COUNT(*) FROM items"); got[0][0] != "1" {
		t.Fatalf("after ROLLBACK COUNT(*) = %s, want 1", got[0][0])
	}
}

// TestDuplicateKeyFailsAtTheStatement: as in MySQL, a duplicate key inside
// a transaction fails that statement only; COMMIT applies the others.
func TestDuplicateKeyFailsAtTheStatement(t *testing.T) {
	forEachBackend(t, testDuplicateKeyFailsAtTheStatement)
}

func testDuplicateKeyFailsAtTheStatement(t *testing.T, backend string) {
	n := shopNodeOn(t, backend)
	db := n.open(t, "root", "shop", "")
	mustExec(t, db, "INSERT INTO items (name) VALUES ('taken')")
	tx, _ := db.BeginTx(context.Background(), nil)
	mustExec(t, tx, "INSERT INTO items (name) VALUES ('fresh')")
	_, err := tx.Exec("INSERT INTO items (name) VALUES ('taken')")
	if me := assertCode(t, err, 1062); string(me.SQLState[:]) != "23000" {
		t.Errorf("SQLSTATE %s, want 23000", me.SQLState)
	}
	mustExec(t, tx, "INSERT INTO items (name) VALUES ('later')")
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	got := queryStrings(t, db, "SELECT name FROM items ORDER BY name")
	if !reflect.DeepEqual(got, [][]string{{"fresh"}, {"later"}, {"taken"}}) {
		t.Fatalf("rows %v, want fresh, later, taken", got)
	}
}

// TestStatusFlags: OK packets carry IN_TRANS and AUTOCOMMIT as the
// session's state changes, including autocommit=0's implicit transaction.
func TestStatusFlags(t *testing.T) {
	n := shopNode(t)
	c, err := client.Connect(n.addr, "root", "", "shop")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	steps := []struct {
		query            string
		inTx, autocommit bool
	}{
		{"SELECT 1", false, true},
		{"BEGIN", true, true},
		{"INSERT INTO items (name) VALUES ('a')", true, true},
		{"COMMIT", false, true},
		{"SET autocommit = 0", false, false},
		{"INSERT INTO items (name) VALUES ('b')", true, false},
		{"ROLLBACK", false, false},
		{"INSERT INTO items (name) VALUES ('c')", true, false},
		{"SET autocommit = 1", false, true}, // commits, as in MySQL
	}
	for _, s := range steps {
		if _, err := c.Execute(s.query); err != nil {
			t.Fatalf("%s: %v", s.query, err)
		}
		if c.IsInTransaction() != s.inTx || c.IsAutoCommit() != s.autocommit {
			t.Fatalf("after %q: in_trans=%v autocommit=%v, want %v/%v",
				s.query, c.IsInTransaction(), c.IsAutoCommit(), s.inTx, s.autocommit)
		}
	}
	r, err := c.Execute("SELECT name FROM items ORDER BY name")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for i := range r.Values {
		s, _ := r.GetString(i, 0)
		names = append(names, s)
	}
	if !reflect.DeepEqual(names, []string{"a", "c"}) {
		t.Fatalf("names %v, want [a c] (b rolled back)", names)
	}
}

// TestDDLCommitsImplicitly: as in MySQL, DDL inside a transaction commits
// the writes before it, then runs on its own.
func TestDDLCommitsImplicitly(t *testing.T) {
	n := shopNode(t)
	db := n.open(t, "root", "shop", "")
	db.SetMaxOpenConns(1)
	mustExec(t, db, "BEGIN")
	mustExec(t, db, "INSERT INTO items (name) VALUES ('before-ddl')")
	mustExec(t, db, "CREATE TABLE other (id INT PRIMARY KEY)")
	mustExec(t, db, "ROLLBACK") // nothing left to roll back
	if got := queryStrings(t, db, "SELECT name FROM items"); !reflect.DeepEqual(got, [][]string{{"before-ddl"}}) {
		t.Fatalf("rows %v, want the write committed by the DDL", got)
	}
}

package mysql_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"testing"

	gomysql "github.com/go-sql-driver/mysql"
)

// Interactive transactions seen through go-sql-driver/mysql: every
// statement answers when it is sent, and COMMIT either applies what the
// client was told or fails with 1213.

func TestInsertIDInsideTransaction(t *testing.T) { forEachBackend(t, testInsertIDInsideTransaction) }

func testInsertIDInsideTransaction(t *testing.T, backend string) {
	n := shopNodeOn(t, backend)
	db := n.open(t, "root", "shop", "")
	mustExec(t, db, "CREATE TABLE order_lines (id INT AUTO_INCREMENT PRIMARY KEY, item_id INT NOT NULL, n INT)")
	mustExec(t, db, "INSERT INTO items (name) VALUES ('old')")
	tx, _ := db.Begin()
	res := mustExec(t, tx, "INSERT INTO items (name) VALUES ('new')")
	id, _ := res.LastInsertId()
	if rows, _ := res.RowsAffected(); id != 2 || rows != 1 {
		t.Fatalf("insert id %d, rows %d; want 2, 1", id, rows)
	}
	if got := queryStrings(t, tx, "SELECT LAST_INSERT_ID()"); got[0][0] != "2" {
		t.Fatalf("LAST_INSERT_ID() = %s, want 2", got[0][0])
	}
	r1 := mustExec(t, tx, "INSERT INTO order_lines (item_id, n) VALUES (?, 1), (?, 2)", id, id)
	if first, _ := r1.LastInsertId(); first != 1 {
		t.Fatalf("multi-row insert id %d, want the first, 1", first)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	got := queryStrings(t, db, "SELECT l.id, i.name, l.n FROM order_lines l JOIN items i ON i.id = l.item_id ORDER BY l.id")
	if want := [][]string{{"1", "new", "1"}, {"2", "new", "2"}}; !reflect.DeepEqual(got, want) {
		t.Fatalf("stored %v, want %v", got, want)
	}
	if got := mustExec(t, db, "INSERT INTO items (name) VALUES ('next')"); lastID(got) != 3 {
		t.Fatalf("the next autocommit id is %d, want 3", lastID(got))
	}
}

func lastID(r sql.Result) int64 { id, _ := r.LastInsertId(); return id }

func rowsAffected(_ *testing.T, r sql.Result) int64 { n, _ := r.RowsAffected(); return n }

func TestRollbackLeavesNothing(t *testing.T) { forEachBackend(t, testRollbackLeavesNothing) }

func testRollbackLeavesNothing(t *testing.T, backend string) {
	n := shopNodeOn(t, backend)
	db := n.open(t, "root", "shop", "")
	h := n.eng.Height()
	tx, _ := db.Begin()
	mustExec(t, tx, "INSERT INTO items (name) VALUES ('ghost')")
	if got := queryStrings(t, tx, "SELECT COUNT(*) FROM items"); got[0][0] != "1" {
		t.Fatalf("own write not visible: %v", got)
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	if got := queryStrings(t, db, "SELECT COUNT(*) FROM items"); got[0][0] != "0" {
		t.Fatalf("after ROLLBACK %s rows, want 0", got[0][0])
	}
	if n.eng.Height() != h {
		t.Fatalf("ROLLBACK reached the chain: height %d → %d", h, n.eng.Height())
	}
}

// TestConflictAbortsWith1213: two transactions are told the same thing
// about one row; the one that commits second no longer holds and gets 1213,
// and its retry commits. The operation log holds each committed tx once.
func TestConflictAbortsWith1213(t *testing.T) { forEachBackend(t, testConflictAbortsWith1213) }

func testConflictAbortsWith1213(t *testing.T, backend string) {
	n := shopNodeOn(t, backend)
	db := n.open(t, "root", "shop", "")
	mustExec(t, db, "INSERT INTO items (name, qty) VALUES ('stock', 10)")
	ctx := context.Background()
	a, _ := db.BeginTx(ctx, nil)
	b, _ := db.BeginTx(ctx, nil)
	take := "UPDATE items SET qty = qty - 10 WHERE name = 'stock' AND qty >= 10"
	for _, tx := range []*sql.Tx{a, b} {
		if rows, _ := mustExec(t, tx, take).RowsAffected(); rows != 1 {
			t.Fatalf("each transaction is told 1 row, got %d", rows)
		}
	}
	if err := a.Commit(); err != nil {
		t.Fatal(err)
	}
	if me := assertCode(t, b.Commit(), 1213); string(me.SQLState[:]) != "40001" {
		t.Fatalf("SQLSTATE %s, want 40001", me.SQLState)
	}
	retry, _ := db.BeginTx(ctx, nil)
	if rows, _ := mustExec(t, retry, take).RowsAffected(); rows != 0 {
		t.Fatalf("the retry sees the committed stock: %d rows, want 0", rows)
	}
	if err := retry.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := queryStrings(t, db, "SELECT qty FROM items WHERE name = 'stock'"); got[0][0] != "0" {
		t.Fatalf("qty %s, want 0: taken once", got[0][0])
	}
	got := queryStrings(t, db, "SELECT outcome, error_code, COUNT(*) FROM blocksql.statements WHERE original_sql = ? GROUP BY outcome, error_code ORDER BY outcome", take)
	if want := [][]string{{"aborted", "1213", "1"}, {"ok", "0", "2"}}; !reflect.DeepEqual(got, want) {
		t.Fatalf("operation log %v, want %v", got, want)
	}
}

// TestLockingReadIsValidated: a row read FOR UPDATE that another
// transaction changes before COMMIT aborts the reader with 1213.
func TestLockingReadIsValidated(t *testing.T) { forEachBackend(t, testLockingReadIsValidated) }

func testLockingReadIsValidated(t *testing.T, backend string) {
	n := shopNodeOn(t, backend)
	db := n.open(t, "root", "shop", "")
	mustExec(t, db, "INSERT INTO items (name, qty) VALUES ('a', 1), ('b', 1)")
	tx, _ := db.Begin()
	got := queryStrings(t, tx, "SELECT qty FROM items WHERE name = ? FOR UPDATE", "a")
	qty, _ := strconv.Atoi(got[0][0])
	mustExec(t, tx, "UPDATE items SET qty = ? WHERE name = 'b'", qty+1)
	mustExec(t, db, "UPDATE items SET qty = 5 WHERE name = 'a'")
	assertCode(t, tx.Commit(), 1213)
	if got := queryStrings(t, db, "SELECT qty FROM items ORDER BY name"); !reflect.DeepEqual(got, [][]string{{"5"}, {"1"}}) {
		t.Fatalf("rows %v: the aborted transaction must leave b alone", got)
	}
	// Unchanged rows commit.
	tx, _ = db.Begin()
	queryStrings(t, tx, "SELECT qty FROM items WHERE name = 'a' LOCK IN SHARE MODE")
	mustExec(t, tx, "UPDATE items SET qty = 6 WHERE name = 'b'")
	mustExec(t, db, "UPDATE items SET qty = 9 WHERE name = 'b'") // not in the read set; the tx overwrites it
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

// TestConcurrentTransactionsGetDistinctIDs: ids handed out inside open
// transactions never collide, so none of them aborts, and each client's id
// is the one stored.
func TestConcurrentTransactionsGetDistinctIDs(t *testing.T) {
	n := shopNode(t)
	db := n.open(t, "root", "shop", "")
	db.SetMaxOpenConns(8)
	var txs []*sql.Tx
	ids := map[int64]string{}
	for i := range 8 {
		tx, err := db.Begin()
		if err != nil {
			t.Fatal(err)
		}
		name := "n" + strconv.Itoa(i)
		ids[lastID(mustExec(t, tx, "INSERT INTO items (name) VALUES (?)", name))] = name
		txs = append(txs, tx)
	}
	if len(ids) != 8 {
		t.Fatalf("ids %v: open transactions were told the same id", ids)
	}
	for i := len(txs) - 1; i >= 0; i-- { // commit out of order
		if err := txs[i].Commit(); err != nil {
			t.Fatalf("commit %d: %v", i, err)
		}
	}
	for id, name := range ids {
		if got := queryStrings(t, db, "SELECT name FROM items WHERE id = ?", id); len(got) != 1 || got[0][0] != name {
			t.Fatalf("id %d holds %v, want %s", id, got, name)
		}
	}
}

// TestAutocommitInsertSkipsReservedIDs: an autocommit INSERT committed
// while a transaction is open does not take the id that transaction was
// told, so the transaction commits.
func TestAutocommitInsertSkipsReservedIDs(t *testing.T) {
	n := shopNode(t)
	db := n.open(t, "root", "shop", "")
	db.SetMaxOpenConns(2)
	tx, _ := db.Begin()
	told := lastID(mustExec(t, tx, "INSERT INTO items (name) VALUES ('in-tx')"))
	auto := lastID(mustExec(t, db, "INSERT INTO items (name) VALUES ('autocommit')"))
	if auto == told {
		t.Fatalf("autocommit insert took id %d, told to the open transaction", told)
	}
	if err := tx.Commit(); err != nil {
		t.Fatalf("COMMIT after an autocommit insert: %v", err)
	}
	got := queryStrings(t, db, "SELECT id, name FROM items ORDER BY id")
	want := [][]string{{strconv.FormatInt(told, 10), "in-tx"}, {strconv.FormatInt(auto, 10), "autocommit"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("rows %v, want %v", got, want)
	}
}

// TestAutocommitIDsStayDense: with no transaction open, concurrent
// autocommit INSERTs get ids 1..n without gaps, as in MySQL; a table
// dropped and created again starts at 1 even after ids were reserved.
func TestAutocommitIDsStayDense(t *testing.T) {
	n := shopNode(t)
	db := n.open(t, "root", "shop", "")
	db.SetMaxOpenConns(8)
	tx, _ := db.Begin()
	mustExec(t, tx, "INSERT INTO items (name) VALUES ('reserved')")
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	mustExec(t, db, "DROP TABLE items")
	mustExec(t, db, itemsDDL)
	errs := make(chan error, 8)
	for w := range 8 {
		go func() {
			var err error
			for i := 0; i < 10 && err == nil; i++ {
				_, err = db.Exec("INSERT INTO items (name) VALUES (?), (?)", fmt.Sprint(w, "-", i, "a"), fmt.Sprint(w, "-", i, "b"))
			}
			errs <- err
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if got := queryStrings(t, db, "SELECT COUNT(*), MIN(id), MAX(id) FROM items"); !reflect.DeepEqual(got, [][]string{{"160", "1", "160"}}) {
		t.Fatalf("count, min, max id = %v, want 160 rows with ids 1..160", got)
	}
}

// TestFailedInsertAfterRollbackTakesNoIDs: the ids a rolled-back
// transaction was told stay gaps, as in InnoDB, but an autocommit INSERT
// that then fails consumes none, although it reserved ids above the gap
// (MariaDB also consumes none when the first row fails).
func TestFailedInsertAfterRollbackTakesNoIDs(t *testing.T) {
	db := afterRollback(t, "('rolled back')")
	if _, err := db.Exec("INSERT INTO items (name, qty) VALUES ('a', 99999999999), ('b', 1), ('c', 3)"); err == nil {
		t.Fatal("INSERT of an out-of-range qty succeeded")
	}
	if got := lastID(mustExec(t, db, "INSERT INTO items (name) VALUES ('next')")); got != 2 {
		t.Fatalf("insert id after a rolled-back id and a failed INSERT = %d, want 2", got)
	}
}

// TestFailedInsertOfReservedIDsCommits: a transaction whose INSERT failed
// because the ids it drew were past the column's range (a rolled-back
// transaction had taken the last one, and its ids stay gaps, as in
// InnoDB) commits without it, as on MariaDB. Its apply used to draw ids
// from the counter instead, failed otherwise (a value out of range, 1264,
// for the 167 the client saw) and refused the COMMIT with 1213
// (differential seed 875).
func TestFailedInsertOfReservedIDsCommits(t *testing.T) {
	db := shopNode(t).open(t, "root", "shop", "")
	db.SetMaxOpenConns(1)
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	mustExec(t, tx, "INSERT INTO items (id, name) VALUES (2147483647, 'last')")
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	if tx, err = db.Begin(); err != nil {
		t.Fatal(err)
	}
	mustExec(t, tx, "UPDATE items SET qty = 1 WHERE name = 'none'")
	_, err = tx.Exec("INSERT INTO items (name, qty) VALUES ('a', 1), ('b', 99999999999)")
	var me *gomysql.MySQLError
	if !errors.As(err, &me) || me.Number != 167 {
		t.Fatalf("INSERT past the range = %v, want error 167", err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatalf("COMMIT after the failed INSERT: %v", err)
	}
	if got := queryStrings(t, db, "SELECT COUNT(*) FROM items"); got[0][0] != "0" {
		t.Fatalf("rows = %s, want 0", got[0][0])
	}
}

// TestRolledBackIDsStayGapsAcrossOtherDDL: the ids a rolled-back
// transaction was told stay gaps, as in InnoDB, even when DDL on another
// table runs before the next INSERT (it used to forget every table's
// reservations, so the next id depended on unrelated DDL).
func TestRolledBackIDsStayGapsAcrossOtherDDL(t *testing.T) {
	db := afterRollback(t, "('rolled back')")
	mustExec(t, db, "CREATE TABLE other (id INT PRIMARY KEY)")
	if got := lastID(mustExec(t, db, "INSERT INTO items (name) VALUES ('next')")); got != 2 {
		t.Fatalf("insert id after a rolled-back id and DDL on another table = %d, want 2", got)
	}
}

// TestExplicitIDAfterRollbackTakesNoIDs: after a rolled-back transaction's
// ids (gaps, as in InnoDB), an INSERT that gives its own id generates none
// and moves the counter only past that id: the next generated id is the
// first after the gap, as MariaDB's, and the counter a client reads
// (information_schema, SHOW TABLE STATUS) shows it throughout. It used to
// reserve an id per row anyway, so the next generated id skipped one, and
// the counter shown ignored the gap.
func TestExplicitIDAfterRollbackTakesNoIDs(t *testing.T) {
	db := afterRollback(t, "('a'), ('b'), ('c')")
	counter := func() string {
		t.Helper()
		got := queryStrings(t, db, "SELECT AUTO_INCREMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'shop' AND TABLE_NAME = 'items'")
		return got[0][0]
	}
	if got := counter(); got != "4" {
		t.Errorf("counter after three rolled-back ids = %s, want 4", got)
	}
	mustExec(t, db, "INSERT INTO items (id, name) VALUES (1, 'given')")
	if got := counter(); got != "4" {
		t.Errorf("counter after a given id 1 = %s, want 4", got)
	}
	if got := lastID(mustExec(t, db, "INSERT INTO items (name) VALUES ('next')")); got != 4 {
		t.Fatalf("insert id after the gap and a given id = %d, want 4", got)
	}
}

// afterRollback is a session on a shop node, one connection, after a
// transaction that inserted rows (the VALUES list given) and rolled back:
// the ids it was told stay gaps.
func afterRollback(t *testing.T, rows string) *sql.DB {
	t.Helper()
	db := shopNode(t).open(t, "root", "shop", "")
	db.SetMaxOpenConns(1)
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	mustExec(t, tx, "INSERT INTO items (name) VALUES "+rows)
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	return db
}

package replay_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/drivers"
	"github.com/blocksql/blocksql/drivers/mysql"
	"github.com/blocksql/blocksql/replay"
)

// insertRunBlocks: transactions and a group whose consecutive INSERTs
// form runs (insertrun.go), with failures inside runs: a duplicate key,
// a value out of range, a string too long, a duplicate in a group.
func insertRunBlocks(c *chainBuilder) []consensus.Block {
	ins := func(v int, rest string) string {
		return fmt.Sprintf("INSERT INTO t (v, d, note) VALUES (%d, %s)", v, rest)
	}
	return []consensus.Block{
		c.block(c.tx("", "CREATE DATABASE s"),
			c.tx("s", "CREATE TABLE t (id INT AUTO_INCREMENT PRIMARY KEY, v INT UNIQUE, d DECIMAL(6,2), note VARCHAR(10))"),
			c.tx("s", "CREATE TABLE u (k INT PRIMARY KEY, w VARCHAR(5))")),
		c.block(
			c.tx("s", ins(1, "1.5, 'a'"), "INSERT INTO t (v, d, note) VALUES (2, -2.25, 'b'), (3, 0, NULL)",
				ins(4, "4, 'd'"), "INSERT INTO u (k, w) VALUES (1, 'x')", "INSERT INTO u (k, w) VALUES (2, 'y')",
				"INSERT INTO t (id, v, d, note) VALUES (100, 5, 5, 'e')", ins(6, "-6, 'f'"),
				"UPDATE t SET note = 'g' WHERE v = 6", ins(7, "7, 'h'"), ins(8, "8, 'i'")),
			// A duplicate of v = 1 in the middle: the transaction fails there.
			c.tx("s", ins(9, "9, 'j'"), ins(1, "9, 'dup'"), ins(10, "10, 'k'")),
			// 10000 is out of DECIMAL(6,2)'s range (1264).
			c.tx("s", ins(11, "11, 'l'"), ins(12, "10000, 'big'")),
			// Too long for VARCHAR(10) (1406), refused before the database.
			c.tx("s", ins(13, "13, 'm'"), ins(14, "14, 'much too long'")),
			c.tx("s", ins(15, "15, 'n'"), ins(16, "16, 'o'"), ins(17, "17, 'p'"))),
		c.block(c.group(
			member{"s", "root", ins(20, "1, 'g1'")},
			member{"s", "root", ins(2, "1, 'dup'")},
			member{"s", "root", ins(21, "1, 'g3'")},
			member{"", "root", "INSERT INTO s.t (v, d, note) VALUES (22, 1, 'g4')"},
			member{"s", "root", ins(23, "1, 'g5'")},
			member{"s", "root", ins(24, "1, 'g6'")},
		)),
		autocommitRunBlock(c, ins),
		// INSERTs too large for a run (1,200 values each), in one
		// transaction and as transactions of their own: each applies
		// alone, from the tree parsed once.
		c.block(c.tx("s", bigInsert(1000), bigInsert(1400)), c.tx("s", bigInsert(1800)), c.tx("s", bigInsert(2200))),
	}
}

// bigInsert is an INSERT of 400 rows into s.t, v from first.
func bigInsert(first int) string {
	rows := make([]string, 400)
	for i := range rows {
		rows[i] = fmt.Sprintf("(%d, 1, 'b')", first+i)
	}
	return "INSERT INTO t (v, d, note) VALUES " + strings.Join(rows, ", ")
}

// autocommitRunBlock: transactions of one INSERT each, as clients send
// them without a group, run together across transactions; with a
// duplicate key, a second copy of a transaction, an INSERT into another
// table and a string too long among them.
func autocommitRunBlock(c *chainBuilder, ins func(int, string) string) consensus.Block {
	// v NULL: no unique key would stop a second copy.
	again := c.tx("s", "INSERT INTO t (v, d, note) VALUES (NULL, 32, 'a3')")
	return c.block(c.tx("s", ins(30, "30, 'a1'")), c.tx("s", ins(31, "31, 'a2'")), c.tx("s", ins(1, "1, 'dup'")),
		c.tx("s", "INSERT INTO u (k, w) VALUES (3, 'z')"), c.tx("s", ins(33, "33, 'a5'")), again, again,
		c.tx("s", ins(34, "34, 'a7'")), c.tx("s", ins(35, "35, 'much too long'")), c.tx("s", ins(36, "36, 'a9'")))
}

// TestInsertRunsChangeNothingVisible applies the same blocks with insert
// runs and with every statement executed alone (and on MariaDB, which
// captures rows with triggers and never runs them together): every
// result, AppHash, row change and the final state are the same.
func TestInsertRunsChangeNothingVisible(t *testing.T) {
	c := newChain(t)
	blocks := insertRunBlocks(c)
	type outcome struct {
		results []string
		hashes  []string
	}
	apply := func(t *testing.T, d drivers.Driver) (outcome, *replay.Engine) {
		e := newEngine(t, d)
		var o outcome
		for _, blk := range blocks {
			res, h, err := e.ApplyBlock(context.Background(), blk)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range res {
				o.results = append(o.results, resultText(r))
			}
			o.hashes = append(o.hashes, fmt.Sprintf("%x", h))
		}
		return o, e
	}
	replay.SetInsertRuns(t, true)
	runs, eRuns := apply(t, hookedSQLite(t))
	replay.SetInsertRuns(t, false)
	alone, eAlone := apply(t, hookedSQLite(t))
	replay.SetInsertRuns(t, true)

	// Per statement "insert id/rows affected" or the error code, after
	// the failed index. A failed transaction's catalog is put back, so
	// the next one draws the same ids; so does a group's next member.
	want := []string{
		"-1 [1/1 2/2 4/1 0/1 0/1 100/1 101/1 0/1 102/1 103/1]",
		"1 [104/1 1062 0/0]",
		"1 [104/1 1264]",
		"1 [104/1 1406]",
		"-1 [104/1 105/1 106/1]",
		"-1 [107/1 1062 108/1 109/1 110/1 111/1]",
		"-1 [112/1]", "-1 [113/1]", "0 [1062]", "-1 [0/1]", "-1 [114/1]", "-1 [115/1]", "0 [1180]",
		"-1 [116/1]", "0 [1406]", "-1 [117/1]",
		"-1 [118/400 518/400]", "-1 [918/400]", "-1 [1318/400]",
	}
	if got := strings.Join(runs.results[3:], "\n"); got != strings.Join(want, "\n") {
		t.Errorf("results with runs:\n%s\nwant:\n%s", got, strings.Join(want, "\n"))
	}
	if fmt.Sprint(runs) != fmt.Sprint(alone) {
		t.Errorf("runs and statements alone differ:\n%v\n%v", runs, alone)
	}
	if got, want := fmt.Sprint(rowChanges(t, eRuns.Driver())), fmt.Sprint(rowChanges(t, eAlone.Driver())); got != want {
		t.Errorf("row history with runs:\n%s\nalone:\n%s", got, want)
	}
	if a, b := digest(t, eRuns), digest(t, eAlone); a.Hash != b.Hash {
		t.Errorf("state digest %s with runs, %s alone", a.Hash, b.Hash)
	}
	if n := queryInts(t, eRuns.Driver(), "SELECT COUNT(*) FROM "+eRuns.Driver().Internal("statements")+
		" WHERE applied_sql LIKE '/* in the INSERT of transaction %, statement 0 */'"); n == 0 {
		t.Error("no statement's applied_sql names the INSERT it ran in")
	}

	// MariaDB captures rows with triggers; a run's rows are given their
	// statements afterwards.
	maria, eMaria := apply(t, openMariaDB(t))
	if fmt.Sprint(maria) != fmt.Sprint(runs) {
		t.Errorf("MariaDB and SQLite with runs differ:\n%v\n%v", maria, runs)
	}
	replay.SetInsertRuns(t, false)
	mariaAlone, eMariaAlone := apply(t, openMariaDB(t))
	if fmt.Sprint(maria) != fmt.Sprint(mariaAlone) {
		t.Errorf("MariaDB with runs and alone differ:\n%v\n%v", maria, mariaAlone)
	}
	if got, want := fmt.Sprint(rowChanges(t, eMaria.Driver())), fmt.Sprint(rowChanges(t, eMariaAlone.Driver())); got != want {
		t.Errorf("MariaDB row history with runs:\n%s\nalone:\n%s", got, want)
	}
}

// resultText is a transaction's outcome: the failed index, then per
// statement "insert id/rows affected", or its error code.
func resultText(r *consensus.TxResult) string {
	var parts []string
	for _, s := range r.Statements {
		if s.Code != 0 {
			parts = append(parts, fmt.Sprint(s.Code))
			continue
		}
		parts = append(parts, fmt.Sprintf("%d/%d", s.LastInsertID, s.RowsAffected))
	}
	return fmt.Sprintf("%d %v", r.Failed, parts)
}

// TestInsertRunsUnderOlderTriggers: on MariaDB a run of single-row INSERTs
// with consecutive keys is inserted with the capture triggers skipping its
// rows, which the engine records with one statement. A table whose
// triggers an older blocksql installed (they cannot skip) must still get
// every row once: the run goes through its triggers.
func TestInsertRunsUnderOlderTriggers(t *testing.T) {
	blocks := insertRunBlocks(newChain(t))
	want := newEngine(t, openMariaDB(t))
	applyBlocks(t, want, blocks)

	d := openMariaDB(t).(*mysql.Driver)
	applyBlocks(t, newEngine(t, d), blocks[:1])
	raw, err := sql.Open("mysql", mariaDSN)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	rows, err := raw.Query("SELECT trigger_name, action_timing, event_manipulation, action_statement FROM information_schema.triggers "+
		"WHERE event_object_schema = ? AND event_object_table = 't'", d.Prefix()+"s")
	if err != nil {
		t.Fatal(err)
	}
	var ddl []string
	for rows.Next() {
		var name, timing, event, body string
		if err := rows.Scan(&name, &timing, &event, &body); err != nil {
			t.Fatal(err)
		}
		old, ok := strings.CutPrefix(body, "IF @blocksql_capture_off IS NULL THEN ")
		if old, ok = strings.CutSuffix(old, "; END IF"); !ok {
			t.Fatalf("trigger %s without the guard: %s", name, body)
		}
		qn := fmt.Sprintf("`%ss`.`%s`", d.Prefix(), name)
		ddl = append(ddl, "DROP TRIGGER "+qn, fmt.Sprintf("CREATE TRIGGER %s %s %s ON `%ss`.`t` FOR EACH ROW %s", qn, timing, event, d.Prefix(), old))
	}
	rows.Close()
	if len(ddl) != 6 {
		t.Fatalf("%d trigger statements, want 6", len(ddl))
	}
	for _, q := range ddl {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	// Opened again, as a node upgraded over such a database would be,
	// once the old one stopped.
	d.Close()
	again, err := mysql.Open(mariaDSN, d.Prefix())
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	older := newEngine(t, again)
	applyBlocks(t, older, blocks[1:])
	if got, w := fmt.Sprint(rowChanges(t, again)), fmt.Sprint(rowChanges(t, want.Driver())); got != w {
		t.Errorf("row history under older triggers:\n%s\nwant:\n%s", got, w)
	}
	if !bytes.Equal(older.AppHash(), want.AppHash()) {
		t.Errorf("AppHash %x under older triggers, want %x", older.AppHash(), want.AppHash())
	}
}

package replay_test

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/drivers"
	"github.com/blocksql/blocksql/replay"
)

// historyWorkload touches every kind of change row history must record;
// each inner slice is one block of transactions (database first).
var historyWorkload = [][][]string{
	{{"", "CREATE DATABASE shop"}},
	{{"shop", "CREATE TABLE items (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(32) NOT NULL UNIQUE, " +
		"price DECIMAL(8,2), added DATETIME, code VARBINARY(8), qty INT DEFAULT 0)"}},
	{{"shop", "INSERT INTO items (name, price, added, code) VALUES ('pen', 1.5, '2026-03-01 10:00:00', 'ab'), ('ink', 7.25, NULL, NULL)"}},
	{{"shop", "UPDATE items SET qty = 5 WHERE name = 'pen'"}, {"shop", "UPDATE items SET qty = qty WHERE id = 2"}},
	// a failed transaction leaves no row history
	{{"shop", "INSERT INTO items (name) VALUES ('cup')", "INSERT INTO items (name) VALUES ('PEN')"}},
	{{"shop", "INSERT INTO items (id, name, price) VALUES (2, 'ink', 8) ON DUPLICATE KEY UPDATE price = VALUES(price)"}},
	{{"shop", "REPLACE INTO items (id, name, price) VALUES (1, 'pen', 2)"}},
	{{"shop", "ALTER TABLE items ADD COLUMN note VARCHAR(16) DEFAULT 'new'"}},
	{{"shop", "UPDATE items SET note = 'it''s \"quoted\"' WHERE id = 2", "DELETE FROM items WHERE id = 1"}},
	{{"shop", "CREATE TABLE pairs (a INT, b VARCHAR(4), v DOUBLE, PRIMARY KEY (a, b))", "INSERT INTO pairs VALUES (1, 'x', 0.5), (1, 'y', 2)"}},
	{{"shop", "RENAME TABLE pairs TO couples"}, {"shop", "UPDATE couples SET v = v * 2"}},
	{{"shop", "CREATE TABLE notes (body TEXT)", "INSERT INTO notes VALUES ('no key')"}},
	{{"shop", "TRUNCATE TABLE couples"}},
}

func applyHistory(t *testing.T, e *replay.Engine, c *chainBuilder) {
	t.Helper()
	for _, blk := range historyBlocks(t, c) {
		if _, _, err := e.ApplyBlock(context.Background(), blk); err != nil {
			t.Fatalf("block %d: %v", blk.Height, err)
		}
	}
}

func historyBlocks(t *testing.T, c *chainBuilder) []consensus.Block {
	var out []consensus.Block
	for _, txs := range historyWorkload {
		var raw [][]byte
		for _, tx := range txs {
			raw = append(raw, c.tx(tx[0], tx[1:]...))
		}
		out = append(out, c.block(raw...))
	}
	return out
}

// rowChange is one row_changes row without its local id.
type rowChange struct {
	Table, PK, Op, Before, After string
	Height                       int64
	Stmt                         int
}

func (r rowChange) String() string {
	return fmt.Sprintf("h%d/s%d %s %s %s: %s -> %s", r.Height, r.Stmt, r.Op, r.Table, r.PK, r.Before, r.After)
}

func rowChanges(t *testing.T, d drivers.Driver) []rowChange {
	t.Helper()
	rows, err := d.QueryInternal(context.Background(), "SELECT table_name, COALESCE(pk, ''), op, COALESCE(row_before, ''), "+
		"COALESCE(row_after, ''), height, stmt_index FROM "+d.Internal("row_changes")+" ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []rowChange
	for rows.Next() {
		var r rowChange
		if err := rows.Scan(&r.Table, &r.PK, &r.Op, &r.Before, &r.After, &r.Height, &r.Stmt); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

// TestRowHistoryRecordsChanges checks what an auditor reads back: one
// entry per row change, with the row before and after, nothing from the
// failed transaction, no entry for an update that changed nothing.
func TestRowHistoryRecordsChanges(t *testing.T) {
	e := newEngine(t, openSQLite(t, filepath.Join(t.TempDir(), "a.db")))
	applyHistory(t, e, newChain(t))
	got := rowChanges(t, e.Driver())
	var lines []string
	for _, r := range got {
		lines = append(lines, r.String())
	}
	want := []string{
		`h3/s0 insert shop.items [1]:  -> {"id":1,"name":"pen","price":1.50,"added":"2026-03-01 10:00:00","code":"6162","qty":0}`,
		`h3/s0 insert shop.items [2]:  -> {"id":2,"name":"ink","price":7.25,"added":null,"code":null,"qty":0}`,
		`h4/s0 update shop.items [1]: {"id":1,"name":"pen","price":1.50,"added":"2026-03-01 10:00:00","code":"6162","qty":0} -> {"id":1,"name":"pen","price":1.50,"added":"2026-03-01 10:00:00","code":"6162","qty":5}`,
		`h6/s0 update shop.items [2]: {"id":2,"name":"ink","price":7.25,"added":null,"code":null,"qty":0} -> {"id":2,"name":"ink","price":8.00,"added":null,"code":null,"qty":0}`,
		`h7/s0 delete shop.items [1]: {"id":1,"name":"pen","price":1.50,"added":"2026-03-01 10:00:00","code":"6162","qty":5} -> `,
		`h7/s0 insert shop.items [1]:  -> {"id":1,"name":"pen","price":2.00,"added":null,"code":null,"qty":0}`,
		`h9/s0 update shop.items [2]: {"id":2,"name":"ink","price":8.00,"added":null,"code":null,"qty":0,"note":"new"} -> {"id":2,"name":"ink","price":8.00,"added":null,"code":null,"qty":0,"note":"it's \"quoted\""}`,
		`h9/s1 delete shop.items [1]: {"id":1,"name":"pen","price":2.00,"added":null,"code":null,"qty":0,"note":"new"} -> `,
		`h10/s1 insert shop.pairs [1,"x"]:  -> {"a":1,"b":"x","v":0.5}`,
		`h10/s1 insert shop.pairs [1,"y"]:  -> {"a":1,"b":"y","v":2.0}`,
		`h11/s0 update shop.couples [1,"x"]: {"a":1,"b":"x","v":0.5} -> {"a":1,"b":"x","v":1.0}`,
		`h11/s0 update shop.couples [1,"y"]: {"a":1,"b":"y","v":2.0} -> {"a":1,"b":"y","v":4.0}`,
		`h12/s1 insert shop.notes :  -> {"body":"no key"}`,
		`h13/s0 delete shop.couples [1,"x"]: {"a":1,"b":"x","v":1.0} -> `,
		`h13/s0 delete shop.couples [1,"y"]: {"a":1,"b":"y","v":4.0} -> `,
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("row_changes:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
}

// TestRowHistoryBackendsAgree applies the same chain to SQLite and
// MariaDB: row history must hold the same changes, with the same JSON
// once numbers are compared as numbers, and the AppHashes, which cover
// those changes encoded by column type, must be equal.
func TestRowHistoryBackendsAgree(t *testing.T) {
	maria := openMariaDB(t)
	c := newChain(t)
	a := newEngine(t, openSQLite(t, filepath.Join(t.TempDir(), "a.db")))
	b := newEngine(t, maria)
	for _, blk := range historyBlocks(t, c) {
		var hashes [2][]byte
		for i, e := range []*replay.Engine{a, b} {
			_, h, err := e.ApplyBlock(context.Background(), blk)
			if err != nil {
				t.Fatalf("%s block %d: %v", e.Driver().Name(), blk.Height, err)
			}
			hashes[i] = h
		}
		if string(hashes[0]) != string(hashes[1]) {
			t.Errorf("block %d: AppHash (which covers the changed rows) differs between sqlite and mariadb", blk.Height)
		}
	}
	ra, rb := rowChanges(t, a.Driver()), rowChanges(t, b.Driver())
	if len(ra) != len(rb) || len(ra) == 0 {
		t.Fatalf("sqlite has %d row changes, mariadb %d", len(ra), len(rb))
	}
	for i := range ra {
		x, y := normalized(t, ra[i]), normalized(t, rb[i])
		if x != y {
			t.Errorf("change %d differs:\nsqlite  %s\nmariadb %s", i, x, y)
		}
	}
}

// normalized re-encodes the JSON columns with numbers as float64, so
// 2.0 (SQLite) and 2 (MariaDB) for a DOUBLE compare equal.
func normalized(t *testing.T, r rowChange) string {
	for _, p := range []*string{&r.PK, &r.Before, &r.After} {
		if *p == "" {
			continue
		}
		var v any
		if err := json.Unmarshal([]byte(*p), &v); err != nil {
			t.Fatalf("invalid JSON %q: %v", *p, err)
		}
		b, _ := json.Marshal(v)
		*p = string(b)
	}
	return r.String()
}

// TestRowHistoryReplayIdentical rebuilds the database from the same chain:
// row history, local ids included, must come out identical.
func TestRowHistoryReplayIdentical(t *testing.T) {
	c := newChain(t)
	blocks := historyBlocks(t, c)
	var got [2]string
	for i := range got {
		e := newEngine(t, openSQLite(t, filepath.Join(t.TempDir(), "a.db")))
		for _, blk := range blocks {
			if _, _, err := e.ApplyBlock(context.Background(), blk); err != nil {
				t.Fatal(err)
			}
		}
		got[i] = fmt.Sprint(queryInts(t, e.Driver(), "SELECT SUM(id * length(COALESCE(row_after, row_before))) FROM "+
			e.Driver().Internal("row_changes")), rowChanges(t, e.Driver()))
	}
	if got[0] != got[1] {
		t.Errorf("replay differs:\n%s\n%s", got[0], got[1])
	}
}

// TestRowHistoryOff records nothing with history off, and resumes when
// switched back on.
func TestRowHistoryOff(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.db")
	c := newChain(t)
	blocks := historyBlocks(t, c)
	d := openSQLite(t, path)
	e, err := replay.New(context.Background(), d, nil, replay.WithRowHistory(false))
	if err != nil {
		t.Fatal(err)
	}
	for _, blk := range blocks[:4] {
		if _, _, err := e.ApplyBlock(context.Background(), blk); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(rowChanges(t, d)); n != 0 {
		t.Fatalf("history off recorded %d changes", n)
	}
	// Opening the database without saying (verify, snapshots) keeps it off.
	if kept := newEngine(t, d); kept.RowHistory() {
		t.Fatal("opening a history-off database without WithRowHistory turned history on")
	}
	e2, err := replay.New(context.Background(), d, nil, replay.WithRowHistory(true))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := e2.ApplyBlock(context.Background(), blocks[4]); err != nil {
		t.Fatal(err)
	}
	if _, _, err := e2.ApplyBlock(context.Background(), blocks[5]); err != nil {
		t.Fatal(err)
	}
	got := rowChanges(t, d)
	if len(got) != 1 || got[0].Height != 6 || got[0].Op != drivers.OpUpdate {
		t.Errorf("after switching history on: %v, want the one update of block 6", got)
	}
}

// TestUpdateIgnoreRecordsOnlyChangedRows: MariaDB fires an AFTER UPDATE
// trigger for a row UPDATE IGNORE then leaves out for a duplicate key, so
// a MariaDB node's row history recorded updates that never happened (here
// rows 1 and 2, whose new u the next row held), and its row digest named
// them. Only row 3 changed.
func TestUpdateIgnoreRecordsOnlyChangedRows(t *testing.T) {
	e := newEngine(t, openMariaDB(t))
	c := newChain(t)
	for _, txs := range [][][]string{
		{{"", "CREATE DATABASE shop"}},
		{{"shop", "CREATE TABLE u (id INT PRIMARY KEY, u INT UNIQUE, v VARCHAR(3))",
			"INSERT INTO u VALUES (1, 1, 'a'), (2, 2, 'b'), (3, 3, 'c')"}},
		{{"shop", "UPDATE IGNORE u SET u = u + 1, v = CONCAT(v, 'long')"}},
	} {
		var raw [][]byte
		for _, tx := range txs {
			raw = append(raw, c.tx(tx[0], tx[1:]...))
		}
		res, _, err := e.ApplyBlock(context.Background(), c.block(raw...))
		if err != nil || !res[0].OK() {
			t.Fatal(err, res)
		}
	}
	var updates []string
	for _, r := range rowChanges(t, e.Driver()) {
		if r.Op == "update" {
			updates = append(updates, r.String())
		}
	}
	want := `h3/s0 update shop.u [3]: {"id":3,"u":3,"v":"c"} -> {"id":3,"u":4,"v":"clo"}`
	if strings.Join(updates, "\n") != want {
		t.Errorf("updates in row_changes:\n%s\nwant:\n%s", strings.Join(updates, "\n"), want)
	}
}

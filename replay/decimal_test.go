package replay_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/blocksql/blocksql/consensus"
)

// decimalWorkload writes DECIMALs past float64 precision and computes
// with them; each inner slice is one block of transactions.
var decimalWorkload = [][][]string{
	{{"", "CREATE DATABASE bank"}},
	{{"bank", "CREATE TABLE acct (id INT PRIMARY KEY, bal DECIMAL(20,2) NOT NULL, rate DECIMAL(6,4) DEFAULT 0.5)"}},
	{{"bank", "INSERT INTO acct (id, bal) VALUES (1, 12345678901234567.89), (2, 0.10), (3, -0.005)"}},
	{{"bank", "UPDATE acct SET bal = bal - 0.10, rate = rate / 3 WHERE id <= 2"}},
	{{"bank", "INSERT INTO acct (id, bal) VALUES (2, 7) ON DUPLICATE KEY UPDATE bal = bal + 0.01"}},
	{{"bank", "UPDATE acct SET bal = bal * 1000000 WHERE id = 1"}}, // out of range: fails on both
	{{"bank", "DELETE FROM acct WHERE bal = 0.01"}},
}

// TestDecimalBackendsAgree applies DECIMAL writes to SQLite and MariaDB:
// the same AppHashes and state digest, and row history whose DECIMAL
// values are the same JSON text on both (12345678901234567.79, not a
// rounded double).
func TestDecimalBackendsAgree(t *testing.T) {
	maria := openMariaDB(t)
	c := newChain(t)
	var blocks []consensus.Block
	for _, txs := range decimalWorkload {
		var raw [][]byte
		for _, tx := range txs {
			raw = append(raw, c.tx(tx[0], tx[1:]...))
		}
		blocks = append(blocks, c.block(raw...))
	}
	a := newEngine(t, openSQLite(t, filepath.Join(t.TempDir(), "a.db")))
	b := newEngine(t, maria)
	for _, blk := range blocks {
		_, ha, err := a.ApplyBlock(context.Background(), blk)
		if err != nil {
			t.Fatalf("sqlite block %d: %v", blk.Height, err)
		}
		_, hb, err := b.ApplyBlock(context.Background(), blk)
		if err != nil {
			t.Fatalf("mariadb block %d: %v", blk.Height, err)
		}
		if string(ha) != string(hb) {
			t.Fatalf("block %d: AppHash differs", blk.Height)
		}
	}
	if da, db := digest(t, a), digest(t, b); da.Hash != db.Hash {
		t.Errorf("state digests differ:\nsqlite  %+v\nmariadb %+v", da.Tables, db.Tables)
	}
	ra, rb := rowChanges(t, a.Driver()), rowChanges(t, b.Driver())
	if len(ra) != len(rb) || len(ra) == 0 {
		t.Fatalf("sqlite has %d row changes, mariadb %d", len(ra), len(rb))
	}
	for i := range ra {
		if ra[i].String() != rb[i].String() {
			t.Errorf("change %d differs:\nsqlite  %s\nmariadb %s", i, ra[i], rb[i])
		}
	}
	want := `h4/s0 update bank.acct [1]: {"id":1,"bal":12345678901234567.89,"rate":0.5000} -> {"id":1,"bal":12345678901234567.79,"rate":0.1667}`
	if ra[3].String() != want {
		t.Errorf("change 3:\n got  %s\n want %s", ra[3], want)
	}
}

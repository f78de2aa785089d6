package replay_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/replay"
)

// openTx is an interactive transaction built the way the proxy builds one:
// each statement is speculated when sent and keeps the answer it got.
type openTx struct {
	t  *testing.T
	e  *replay.Engine
	tx *consensus.Tx
}

func (c *chainBuilder) begin(e *replay.Engine, db string) *openTx {
	return &openTx{t: c.t.(*testing.T), e: e, tx: &consensus.Tx{Database: db, User: "alice"}}
}

// send speculates one statement and returns its answer.
func (o *openTx) send(sql string) consensus.Answer {
	o.t.Helper()
	canon, err := replay.Canonical(mustParse(o.t, sql))
	if err != nil {
		o.t.Fatal(err)
	}
	next := *o.tx
	next.Statements = append(append([]consensus.Statement(nil), o.tx.Statements...), consensus.Statement{SQL: sql, Canonical: canon})
	sp, err := o.e.Speculate(context.Background(), &next, nil)
	if err != nil || sp.Aborted >= 0 {
		o.t.Fatalf("speculate %q: %v (aborted at %d)", sql, err, sp.Aborted)
	}
	a := sp.Answers[len(sp.Answers)-1]
	next.Statements[len(next.Statements)-1].Answer = &a
	o.tx = &next
	return a
}

func (o *openTx) commit(c *chainBuilder) []byte {
	c.nonce++
	o.tx.Nonce = c.nonce
	o.tx.Sign(c.key)
	return o.tx.Marshal()
}

// TestSpeculatedIDsAreStoredAndReplayed: two transactions open at once are
// told distinct ids; a later block stores exactly those ids, and replaying
// the chain into a fresh database (SQLite and MariaDB) gives the same rows.
func TestSpeculatedIDsAreStoredAndReplayed(t *testing.T) {
	c := newChain(t)
	e := newEngine(t, openSQLite(t, filepath.Join(t.TempDir(), "live.db")))
	blocks := []consensus.Block{c.block(c.tx("", "CREATE DATABASE shop"),
		c.tx("shop", "CREATE TABLE p (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(20))",
			"CREATE TABLE ch (id INT AUTO_INCREMENT PRIMARY KEY, pid INT, name VARCHAR(20))"))}
	apply(t, e, blocks[0])
	a, b := c.begin(e, "shop"), c.begin(e, "shop")
	pa := a.send("INSERT INTO p (name) VALUES ('a')")
	pb := b.send("INSERT INTO p (name) VALUES ('b')")
	if pa.InsertID != 1 || pb.InsertID != 2 {
		t.Fatalf("told ids %d and %d, want 1 and 2", pa.InsertID, pb.InsertID)
	}
	b.send("INSERT INTO ch (pid, name) VALUES (2, 'b1'), (2, 'b2')")
	a.send("INSERT INTO ch (pid, name) VALUES (1, 'a1')")
	// b commits first: ids come from the answers, not from commit order.
	blocks = append(blocks, c.block(b.commit(c)), c.block(a.commit(c)))
	for _, blk := range blocks[1:] {
		if r := apply(t, e, blk); !r[0].OK() {
			t.Fatalf("block %d: %+v", blk.Height, r[0])
		}
	}
	want := digest(t, e)
	if got := queryInts(t, e.Driver(), "SELECT SUM(id * pid) FROM \"shop.ch\""); got != 1*2+2*2+3*1 {
		t.Fatalf("children ids × parent ids = %d, want 9", got)
	}
	for name, d := range map[string]func() *replay.Engine{
		"sqlite":  func() *replay.Engine { return newEngine(t, openSQLite(t, filepath.Join(t.TempDir(), "r.db"))) },
		"mariadb": func() *replay.Engine { return newEngine(t, openMariaDB(t)) },
	} {
		t.Run(name, func(t *testing.T) {
			r := d()
			for _, blk := range blocks {
				apply(t, r, blk)
			}
			if got := digest(t, r); got.Hash != want.Hash {
				t.Fatalf("replayed state %+v, live %+v", got.Tables, want.Tables)
			}
		})
	}
}

// TestStaleAnswerAbortsWith1213: an answer that no longer holds when the
// transaction is applied aborts all of it, identically on replay.
func TestStaleAnswerAbortsWith1213(t *testing.T) {
	c := newChain(t)
	e := newEngine(t, openSQLite(t, filepath.Join(t.TempDir(), "live.db")))
	apply(t, e, c.block(c.tx("", "CREATE DATABASE shop"),
		c.tx("shop", "CREATE TABLE p (id INT PRIMARY KEY, qty INT)", "INSERT INTO p VALUES (1, 5), (2, 5)")))
	o := c.begin(e, "shop")
	o.send("UPDATE p SET qty = 0 WHERE id = 2")
	if a := o.send("UPDATE p SET qty = qty - 5 WHERE id = 1 AND qty >= 5"); a.RowsAffected != 1 {
		t.Fatalf("told %d rows, want 1", a.RowsAffected)
	}
	apply(t, e, c.block(c.tx("shop", "UPDATE p SET qty = 1 WHERE id = 1")))
	r := apply(t, e, c.block(o.commit(c)))
	if r[0].Failed != 1 || r[0].Statements[1].Code != replay.ErDeadlock {
		t.Fatalf("result %+v, want 1213 at statement 2", r[0])
	}
	if got := queryInts(t, e.Driver(), "SELECT SUM(qty) FROM \"shop.p\""); got != 6 {
		t.Fatalf("qty sum %d, want 6: nothing of the aborted transaction applied", got)
	}
}

func apply(t *testing.T, e *replay.Engine, b consensus.Block) []*consensus.TxResult {
	t.Helper()
	r, _, err := e.ApplyBlock(context.Background(), b)
	if err != nil {
		t.Fatalf("block %d: %v", b.Height, err)
	}
	return r
}

// BenchmarkSpeculate measures answering one more INSERT in a transaction
// that already holds n statements (each answer re-runs all of them).
func BenchmarkSpeculate(b *testing.B) {
	for _, n := range []int{0, 10, 100} {
		b.Run(fmt.Sprintf("after-%d", n), func(b *testing.B) {
			c := newChain(b)
			e := newEngine(b, openSQLite(b, filepath.Join(b.TempDir(), "s.db")))
			if _, _, err := e.ApplyBlock(context.Background(), c.block(c.tx("", "CREATE DATABASE shop"),
				c.tx("shop", "CREATE TABLE p (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(20))"))); err != nil {
				b.Fatal(err)
			}
			tx := &consensus.Tx{Database: "shop"}
			canon := "INSERT INTO `p` (`name`) VALUES ('x')"
			for range n + 1 {
				tx.Statements = append(tx.Statements, consensus.Statement{Canonical: canon})
			}
			for i := range n {
				tx.Statements[i].Answer = &consensus.Answer{RowsAffected: 1, InsertID: uint64(i + 1), AutoID: uint64(i + 1)}
			}
			b.ResetTimer()
			for b.Loop() {
				if sp, err := e.Speculate(context.Background(), tx, nil); err != nil || sp.Aborted >= 0 {
					b.Fatalf("%v, aborted at %d", err, sp.Aborted)
				}
			}
		})
	}
}

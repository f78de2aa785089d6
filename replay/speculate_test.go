package replay_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/pingcap/tidb/pkg/parser/ast"

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

// A transaction's statements on an otherwise idle node each run once:
// the speculation of the ones before is left open for the next, instead of
// all of them running again for each new one (a bulk load inside BEGIN ...
// COMMIT was quadratic). The rows and ids are those a full re-run gives.
func TestSpeculationRunsEachStatementOnceWhenIdle(t *testing.T) {
	c := newChain(t)
	e := newEngine(t, openSQLite(t, filepath.Join(t.TempDir(), "live.db")))
	setup := c.block(c.tx("", "CREATE DATABASE shop"), c.tx("shop", "CREATE TABLE p (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(20))"))
	apply(t, e, setup)
	ran := 0
	defer replay.SetBindHook(func(ast.StmtNode) { ran++ })()
	o := c.begin(e, "shop")
	const n = 40
	for i := 1; i <= n; i++ {
		if a := o.send(fmt.Sprintf("INSERT INTO p (name) VALUES ('r%d')", i)); a.InsertID != uint64(i) {
			t.Fatalf("statement %d told id %d", i, a.InsertID)
		}
	}
	if ran != n {
		t.Fatalf("%d statements sent one by one ran %d times, want %d (each once)", n, ran, n)
	}
	commit := c.block(o.commit(c))
	if r := apply(t, e, commit); !r[0].OK() {
		t.Fatalf("commit: %+v", r[0])
	}
	if got := queryInts(t, e.Driver(), "SELECT COUNT(*) * 1000 + MAX(id) FROM \"shop.p\""); got != n*1000+n {
		t.Fatalf("rows*1000+max(id) = %d", got)
	}
	r := newEngine(t, openSQLite(t, filepath.Join(t.TempDir(), "r.db")))
	apply(t, r, setup)
	apply(t, r, commit)
	if a, b := digest(t, e), digest(t, r); a.Hash != b.Hash {
		t.Fatalf("live %+v, replayed %+v", a.Tables, b.Tables)
	}
}

// A speculation left open between statements is never part of a block:
// a block applied meanwhile holds only its own rows, the transaction's
// next statement runs it all again on top of that block, and an abandoned
// transaction leaves nothing.
func TestOpenSpeculationNeverReachesABlock(t *testing.T) {
	for name, open := range map[string]func(t *testing.T) *replay.Engine{
		"sqlite": func(t *testing.T) *replay.Engine {
			return newEngine(t, openSQLite(t, filepath.Join(t.TempDir(), "live.db")))
		},
		"mariadb": func(t *testing.T) *replay.Engine { return newEngine(t, openMariaDB(t)) },
	} {
		t.Run(name, func(t *testing.T) {
			c := newChain(t)
			e := open(t)
			apply(t, e, c.block(c.tx("", "CREATE DATABASE shop"), c.tx("shop", "CREATE TABLE p (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(20))")))
			count := func() int { return digest(t, e).Tables[0].Rows }
			o, abandoned := c.begin(e, "shop"), c.begin(e, "shop")
			abandoned.send("INSERT INTO p (name) VALUES ('never')")
			o.send("INSERT INTO p (name) VALUES ('a'), ('b')")
			if got := o.send("INSERT INTO p (name) VALUES ('c')"); got.InsertID != 4 {
				t.Fatalf("told id %d, want 4 (1 went to the abandoned transaction)", got.InsertID)
			}
			apply(t, e, c.block(c.tx("shop", "INSERT INTO p (name) VALUES ('autocommit')")))
			if got := count(); got != 1 {
				t.Fatalf("%d rows after an autocommit block, want 1: an open speculation was committed with it", got)
			}
			// The block's statement was built without the id floor the
			// proxy gives an autocommit INSERT, so it took id 1; 5 is the
			// next id no open transaction was told.
			if got := o.send("INSERT INTO p (name) VALUES ('d')"); got.InsertID != 5 {
				t.Fatalf("told id %d after the block, want 5", got.InsertID)
			}
			if r := apply(t, e, c.block(o.commit(c))); !r[0].OK() {
				t.Fatalf("commit: %+v", r[0])
			}
			if got := count(); got != 5 {
				t.Fatalf("%d rows, want 5 (the autocommit one and the transaction's four)", got)
			}
		})
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
// that already holds n statements when its speculation was not left open:
// it runs all of them again (the same transaction speculated twice is not
// a continuation of the first, whose last statement had no answer).
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

// TestReservedIDsStopPastTheColumn: after a transaction that was told the
// column's largest id rolls back, an autocommit INSERT IGNORE that
// reserves ids above it leaves out its rows (167) and the next id the node
// reports stays one past the column, where InnoDB's counter stops; it
// moved on by the rows reserved (seed 79 of the differential tester).
func TestReservedIDsStopPastTheColumn(t *testing.T) {
	c := newChain(t)
	e := newEngine(t, openSQLite(t, filepath.Join(t.TempDir(), "live.db")))
	apply(t, e, c.block(c.tx("", "CREATE DATABASE app"),
		c.tx("app", "CREATE TABLE t1 (id INT NOT NULL AUTO_INCREMENT, k VARCHAR(12) NOT NULL, PRIMARY KEY (id), UNIQUE KEY (k))")))
	o := c.begin(e, "app")
	o.send("INSERT INTO t1 (id, k) VALUES (2147483647, 'b')") // never committed
	const q = "INSERT IGNORE INTO app.t1 (k) VALUES ('d'), ('e')"
	floor, release := e.ReserveIDs(mustParse(t, q).(*ast.InsertStmt))
	if floor != 2147483648 {
		t.Fatalf("floor %d, want 2147483648", floor)
	}
	canon, err := replay.Canonical(mustParse(t, q))
	if err != nil {
		t.Fatal(err)
	}
	c.nonce++
	tx := &consensus.Tx{Database: "app", User: "alice", Nonce: c.nonce,
		Statements: []consensus.Statement{{SQL: q, Canonical: canon, IDFloor: floor}}}
	tx.Sign(c.key)
	r := apply(t, e, c.block(tx.Marshal()))
	release(!r[0].OK())
	if st := r[0].Statements[0]; !r[0].OK() || st.RowsAffected != 0 {
		t.Fatalf("result %+v, want ok with no row", r[0])
	}
	if next, _ := e.NextAutoID("app", "t1"); next != 2147483648 {
		t.Errorf("next AUTO_INCREMENT id %d, want 2147483648", next)
	}
}

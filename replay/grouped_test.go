package replay_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/consensus/consensustest"
	"github.com/blocksql/blocksql/drivers"
	"github.com/blocksql/blocksql/replay"
)

// member is one session's autocommit write in a grouped transaction.
type member struct {
	db, user, sql string
}

// group builds one grouped chain transaction of members.
func (c *chainBuilder) group(members ...member) []byte {
	p := replay.NewParser()
	c.nonce++
	tx := &consensus.Tx{Nonce: c.nonce, Group: []consensus.Context{}}
	for _, m := range members {
		nodes, err := replay.Parse(p, m.sql)
		if err != nil {
			c.t.Fatalf("parse %q: %v", m.sql, err)
		}
		canon, err := replay.Canonical(nodes[0])
		if err != nil {
			c.t.Fatal(err)
		}
		tx.Group = append(tx.Group, consensus.Context{Database: m.db, User: m.user, ClientAddr: m.user + ".example:4000"})
		tx.Statements = append(tx.Statements, consensus.Statement{SQL: m.sql, Canonical: canon})
	}
	tx.Sign(c.key)
	return tx.Marshal()
}

// groupMembers: five sessions' writes; two fail (a duplicate in a
// multi-row INSERT, which runs without a savepoint, and a duplicate made
// by an UPDATE, which runs in one), and neither touches the others.
var groupMembers = []member{
	{"s", "root", "INSERT INTO t (v) VALUES (1)"},
	{"s", "root", "INSERT INTO t (v) VALUES (2), (1)"},
	{"", "root", "UPDATE s.t SET v = 10 WHERE v = 1"},
	{"s", "root", "INSERT INTO t (v) VALUES (3)"},
	{"s", "root", "UPDATE t SET v = 3 WHERE v = 10"},
}

// groupWant is each member's outcome: error code, rows affected, insert id.
var groupWant = []struct {
	code             uint16
	affected, lastID uint64
}{{0, 1, 1}, {1062, 0, 0}, {0, 1, 0}, {0, 1, 2}, {1062, 0, 0}}

func groupSetup(c *chainBuilder) consensus.Block {
	return c.block(c.tx("", "CREATE DATABASE s"), c.tx("s", "CREATE TABLE t (id INT AUTO_INCREMENT PRIMARY KEY, v INT UNIQUE)"))
}

// TestGroupMembersStandAlone applies a grouped transaction on SQLite and
// MariaDB: each member gets its own outcome, the state is that of the
// members applied as separate transactions, the operation log shows each
// with its own user, and both backends reach the same AppHash.
func TestGroupMembersStandAlone(t *testing.T) {
	c := newChain(t)
	blocks := []consensus.Block{groupSetup(c), c.block(c.group(groupMembers...))}
	// The same writes, each its own transaction: the reference state.
	ref := newEngine(t, openSQLite(t, filepath.Join(t.TempDir(), "ref.db")))
	rc := newChain(t)
	var single [][]byte
	for _, m := range groupMembers {
		single = append(single, rc.tx(m.db, m.sql))
	}
	for _, b := range []consensus.Block{groupSetup(rc), rc.block(single...)} {
		if _, _, err := ref.ApplyBlock(context.Background(), b); err != nil {
			t.Fatal(err)
		}
	}
	applyOnBackends(t, blocks, func(t *testing.T, e *replay.Engine, d drivers.Driver, res []*consensus.TxResult) {
		checkGroupResult(t, res[0])
		if got, want := digest(t, e).Hash, digest(t, ref).Hash; got != want {
			t.Errorf("state after the group differs from the same writes applied one by one")
		}
		if n := queryInts(t, d, "SELECT COUNT(*) FROM "+d.Internal("statements")+" WHERE user = 'root' AND client_addr = 'root.example:4000' AND height = 2"); n != 5 {
			t.Errorf("operation log holds %d statements of the group with their session's user and address, want 5", n)
		}
		if n := queryInts(t, d, "SELECT COUNT(*) FROM "+d.Internal("statements")+" WHERE outcome = 'error' AND height = 2"); n != 2 {
			t.Errorf("operation log holds %d failed statements, want 2", n)
		}
		if n := queryInts(t, d, "SELECT COUNT(*) FROM "+d.Internal("transactions")+" WHERE outcome = 'partial' AND statement_count = 5"); n != 1 {
			t.Errorf("operation log holds %d partial groups, want 1", n)
		}
	})
}

func checkGroupResult(t *testing.T, r *consensus.TxResult) {
	t.Helper()
	if r.Failed != -1 || len(r.Statements) != len(groupWant) {
		t.Fatalf("group result %+v: want Failed -1 and %d outcomes", r, len(groupWant))
	}
	for j, w := range groupWant {
		m := r.Member(j)
		s := m.Statements[0]
		if s.Code != w.code || s.RowsAffected != w.affected || s.LastInsertID != w.lastID || m.OK() != (w.code == 0) {
			t.Errorf("member %d (%s): code %d affected %d id %d ok %v; want code %d affected %d id %d",
				j, groupMembers[j].sql, s.Code, s.RowsAffected, s.LastInsertID, m.OK(), w.code, w.affected, w.lastID)
		}
	}
}

// TestGroupAppliedOnce: a grouped transaction carried again in a later
// block is not applied again, and every member is told so.
func TestGroupAppliedOnce(t *testing.T) {
	c := newChain(t)
	e := newEngine(t, openSQLite(t, filepath.Join(t.TempDir(), "a.db")))
	g := c.group(member{"s", "a", "INSERT INTO t (v) VALUES (1)"}, member{"s", "b", "INSERT INTO t (v) VALUES (2)"})
	var res []*consensus.TxResult
	for _, b := range []consensus.Block{groupSetup(c), c.block(g), c.block(g)} {
		r, _, err := e.ApplyBlock(context.Background(), b)
		if err != nil {
			t.Fatal(err)
		}
		res = r
	}
	for j := range 2 {
		if m := res[0].Member(j); m.OK() || m.Statements[0].Code != replay.ErDuplicateTx {
			t.Errorf("member %d of the repeated group: %+v, want %d", j, m, replay.ErDuplicateTx)
		}
	}
	rows, err := e.Query(context.Background(), mustParse(t, "SELECT COUNT(*) FROM s.t"))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var n int
	if !rows.Next() || rows.Scan(&n) != nil || n != 2 {
		t.Errorf("table holds %d rows, want 2", n)
	}
}

// TestGroupRefusesDDL: CheckTx keeps DDL and account statements out of
// grouped transactions.
func TestGroupRefusesDDL(t *testing.T) {
	c := newChain(t)
	e := newEngine(t, openSQLite(t, filepath.Join(t.TempDir(), "a.db")))
	for _, sql := range []string{"CREATE TABLE s.x (a INT)", "DROP USER bob", "INSERT INTO t VALUES (1)"} {
		tx, err := consensus.UnmarshalTx(c.group(member{"s", "a", "DELETE FROM t"}, member{"s", "a", sql}))
		if err != nil {
			t.Fatal(err)
		}
		err = e.Check(tx)
		if dml := sql[0] == 'I'; (err == nil) != dml {
			t.Errorf("Check of a group holding %q: %v", sql, err)
		}
	}
	// A text that passed Check alone (and is remembered) is still refused
	// in a group, every time.
	alone, err := consensus.UnmarshalTx(c.tx("s", "CREATE TABLE s.y (a INT)"))
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := e.Check(alone); err != nil {
			t.Fatalf("Check of a CREATE TABLE alone: %v", err)
		}
		grouped, err := consensus.UnmarshalTx(c.group(member{"s", "a", "DELETE FROM t"}, member{"s", "a", "CREATE TABLE s.y (a INT)"}))
		if err != nil {
			t.Fatal(err)
		}
		if err := e.Check(grouped); err == nil {
			t.Error("Check of a group holding a CREATE TABLE checked alone before: accepted")
		}
	}
	// A large group is checked on several cores; the failure named is
	// still the first one.
	var members []member
	for i := range 100 {
		members = append(members, member{"s", "a", fmt.Sprintf("DELETE FROM t WHERE id = %d", i)})
	}
	members[77].sql, members[90].sql = "DROP TABLE t", "DROP TABLE t"
	tx, err := consensus.UnmarshalTx(c.group(members...))
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Check(tx); err == nil || !strings.HasPrefix(err.Error(), "statement 77:") {
		t.Errorf("Check of a group of 100 with DDL at 77 and 90: %v", err)
	}
}

// TestGroupRefusedGoesAlone: on a live node, a write CheckTx would refuse
// in a group (DDL) queued with other clients' inserts does not fail them:
// the refused group was never sent, so each write goes alone and every
// client gets its own success.
func TestGroupRefusedGoesAlone(t *testing.T) {
	n := startLiveNode(t)
	ctx := context.Background()
	for _, s := range []string{"CREATE DATABASE shop", "CREATE TABLE items (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(32) NOT NULL, qty INT, updated DATETIME DEFAULT CURRENT_TIMESTAMP)"} {
		if _, err := submit(ctx, n, s); err != nil {
			t.Fatal(err)
		}
	}
	for round := range 3 {
		sqls := []string{fmt.Sprintf("CREATE TABLE extra%d (a INT)", round)}
		for i := range 11 {
			sqls = append(sqls, fmt.Sprintf("INSERT INTO items (name, qty) VALUES ('r%d-%d', %d)", round, i, i))
		}
		var wg sync.WaitGroup
		start := make(chan struct{})
		for _, sql := range sqls {
			wg.Go(func() {
				<-start
				tx := &consensus.Tx{Database: "shop", User: "app", ClientAddr: "127.0.0.1:5000",
					Statements: []consensus.Statement{{SQL: sql, Canonical: canonical(t, sql)}}}
				r, err := n.SubmitGrouped(ctx, tx)
				if err != nil || !r.OK() || len(r.Statements) != 1 {
					t.Errorf("%s: %+v, %v", sql, r, err)
				}
			})
		}
		close(start)
		wg.Wait()
	}
}

func canonical(t *testing.T, sql string) string {
	nodes, err := replay.Parse(replay.NewParser(), sql)
	if err != nil {
		t.Fatal(err)
	}
	c, err := replay.Canonical(nodes[0])
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// startLiveNode starts a one-validator CometBFT node applying to SQLite
// until the test ends.
func startLiveNode(t *testing.T) *consensus.Node {
	home := t.TempDir()
	p2p, err := consensustest.P2P()
	if err != nil {
		t.Fatal(err)
	}
	if err := consensus.Init(home, consensus.InitOptions{P2PListen: p2p}); err != nil {
		t.Fatal(err)
	}
	e := newEngine(t, openSQLite(t, filepath.Join(home, "data", "blocksql.db")))
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	n, err := consensus.NewNode(home, consensus.NewApp(e, quiet), quiet)
	if err != nil {
		t.Fatal(err)
	}
	if err := n.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = n.Stop() })
	return n
}

// BenchmarkCheckGroup: CheckTx of a group of 512 inserts: of one
// statement shape (placeholders, as drivers send them), whose text Check
// remembers; and, for the cost without the memo, each with its own
// literals and the memo emptied before each Check, so every text is parsed.
func BenchmarkCheckGroup(b *testing.B) {
	e := newEngine(b, openSQLite(b, filepath.Join(b.TempDir(), "a.db")))
	c := newChain(b)
	for _, shape := range []string{"placeholders", "literals"} {
		var members []member
		for i := range 512 {
			sql := "INSERT INTO t (k, c) VALUES (?, ?)"
			if shape == "literals" {
				sql = fmt.Sprintf("INSERT INTO t (k, c) VALUES (%d, %d)", i, -i)
			}
			members = append(members, member{"s", "a", sql})
		}
		tx, err := consensus.UnmarshalTx(c.group(members...))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(shape, func(b *testing.B) {
			for b.Loop() {
				if shape == "literals" {
					replay.ForgetCheckedTexts()
				}
				if err := e.Check(tx); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

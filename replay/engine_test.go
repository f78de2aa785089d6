package replay_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	gomysql "github.com/go-sql-driver/mysql"
	"github.com/pingcap/tidb/pkg/parser/ast"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/drivers"
	"github.com/blocksql/blocksql/drivers/mysql"
	"github.com/blocksql/blocksql/drivers/sqlite"
	"github.com/blocksql/blocksql/replay"
)

const mariaDSN = "root@tcp(127.0.0.1:3306)/"

// chainBuilder makes signed blocks the way a node would.
type chainBuilder struct {
	t      testing.TB
	key    ed25519.PrivateKey
	height int64
	nonce  uint64
	start  time.Time
}

func newChain(t testing.TB) *chainBuilder {
	_, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return &chainBuilder{t: t, key: key, start: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
}

// tx builds one chain transaction from SQL statements run in database db.
func (c *chainBuilder) tx(db string, stmts ...string) []byte {
	p := replay.NewParser()
	c.nonce++
	tx := &consensus.Tx{Database: db, User: "alice", ClientAddr: "127.0.0.1:5000", Nonce: c.nonce}
	for _, s := range stmts {
		nodes, err := replay.Parse(p, s)
		if err != nil {
			c.t.Fatalf("parse %q: %v", s, err)
		}
		canon, err := replay.Canonical(nodes[0])
		if err != nil {
			c.t.Fatal(err)
		}
		tx.Statements = append(tx.Statements, consensus.Statement{SQL: s, Canonical: canon})
	}
	tx.Sign(c.key)
	return tx.Marshal()
}

func (c *chainBuilder) block(txs ...[]byte) consensus.Block {
	c.height++
	return consensus.Block{Height: c.height, Time: c.start.Add(time.Duration(c.height) * time.Second),
		Hash: []byte(fmt.Sprintf("block-%d", c.height)), Txs: txs}
}

func openSQLite(t testing.TB, path string) drivers.Driver {
	d, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

// openMariaDB opens the MariaDB backend under a fresh prefix, or skips.
func openMariaDB(t *testing.T) drivers.Driver { return openMariaDBTB(t) }

func openMariaDBTB(t testing.TB) drivers.Driver {
	db, err := sql.Open("mysql", mariaDSN)
	if err == nil {
		err = db.Ping()
		db.Close()
	}
	if err != nil {
		if os.Getenv("BLOCKSQL_REQUIRE_BACKENDS") == "1" {
			t.Fatalf("MariaDB not reachable at %s: %v", mariaDSN, err)
		}
		t.Skipf("MariaDB not reachable at %s (set BLOCKSQL_REQUIRE_BACKENDS=1 to fail instead): %v", mariaDSN, err)
	}
	prefix := fmt.Sprintf("blocksql_test_%d_", time.Now().UnixNano()%1e9)
	d, err := mysql.Open(mariaDSN, prefix)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		d.Close()
		_ = mysql.DropPrefix(context.Background(), mariaDSN, prefix)
	})
	return d
}

var _ = gomysql.ErrInvalidConn

type step struct {
	txs  [][]string // each tx: statements (first element is the database)
	want []want     // per tx
}

type want struct {
	failed   int // -1 = ok
	code     uint16
	affected []uint64 // per statement, when ok
	lastID   uint64
}

func ok(affected ...uint64) want { return want{failed: -1, affected: affected} }

// workload is a mixed workload covering DDL, every write form and the
// deterministic functions.
func workload() []step {
	return []step{
		{txs: [][]string{{"", "CREATE DATABASE app"}}, want: []want{ok(1)}},
		{txs: [][]string{{"app", "CREATE TABLE users (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(32) NOT NULL, " +
			"balance DECIMAL(10,2) DEFAULT 0, created DATETIME DEFAULT CURRENT_TIMESTAMP, token VARCHAR(64), UNIQUE KEY uname (name))"}},
			want: []want{ok(0)}},
		{txs: [][]string{{"app", "INSERT INTO users (name, balance) VALUES ('ann', 10.5), ('bob', 20), ('cy', 0)"}},
			want: []want{{failed: -1, affected: []uint64{3}, lastID: 1}}},
		// a duplicate fails the whole tx: the first insert is rolled back too
		{txs: [][]string{{"app", "INSERT INTO users (name) VALUES ('dee')", "INSERT INTO users (name) VALUES ('ANN')"}},
			want: []want{{failed: 1, code: drivers.ErDupEntry}}},
		// the failed tx consumed no id: dee gets 4
		{txs: [][]string{{"app", "INSERT INTO users (name, token) VALUES ('dee', UUID())"}},
			want: []want{{failed: -1, affected: []uint64{1}, lastID: 4}}},
		{txs: [][]string{{"app", "UPDATE users SET balance = 20 WHERE name = 'bob'"}}, want: []want{ok(0)}},
		{txs: [][]string{{"app", "UPDATE users SET balance = balance + 1 WHERE id <= 2"}}, want: []want{ok(2)}},
		{txs: [][]string{{"app", "INSERT INTO users (id, name, balance) VALUES (2, 'bob', 5) ON DUPLICATE KEY UPDATE balance = VALUES(balance)"}},
			want: []want{{failed: -1, affected: []uint64{2}, lastID: 2}}},
		// 'cy' is ignored and gives its id, 5, to 'eve', as MariaDB does: the insert id
		{txs: [][]string{{"app", "INSERT IGNORE INTO users (name) VALUES ('cy'), ('eve')"}},
			want: []want{{failed: -1, affected: []uint64{1}, lastID: 5}}},
		{txs: [][]string{{"app", "REPLACE INTO users (id, name, balance) VALUES (3, 'cy', 99)"}},
			want: []want{{failed: -1, affected: []uint64{2}, lastID: 3}}},
		{txs: [][]string{{"app", "INSERT INTO users (name, balance) VALUES ('fay', RAND() * 100)"},
			{"app", "INSERT INTO nope (x) VALUES (1)"},
			{"app", "INSERT INTO users (name, created) VALUES ('gus', NOW())"}},
			want: []want{{failed: -1, affected: []uint64{1}, lastID: 7}, {failed: 0, code: drivers.ErNoSuchTable}, {failed: -1, affected: []uint64{1}, lastID: 8}}},
		{txs: [][]string{{"app", "DELETE FROM users WHERE balance < 50 ORDER BY id DESC LIMIT 2"}}, want: []want{ok(2)}},
		{txs: [][]string{{"app", "ALTER TABLE users ADD COLUMN note VARCHAR(20) DEFAULT 'n/a'"}}, want: []want{ok(0)}},
		{txs: [][]string{{"app", "CREATE TABLE log (k VARCHAR(8) PRIMARY KEY, v INT)", "INSERT INTO log VALUES ('a', 1), ('b', 2)"}},
			want: []want{ok(0, 2)}},
		{txs: [][]string{{"app", "CREATE TABLE users (x INT)"}}, want: []want{{failed: 0, code: drivers.ErTableExists}}},
		// empty column and value lists: a row of defaults, with the next id
		{txs: [][]string{{"app", "CREATE TABLE ticks (id INT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(5) DEFAULT 'x')"},
			{"app", "INSERT INTO ticks () VALUES ()"}, {"app", "INSERT INTO ticks VALUES (), ()"}},
			want: []want{ok(0), {failed: -1, affected: []uint64{1}, lastID: 1}, {failed: -1, affected: []uint64{2}, lastID: 2}}},
		{txs: [][]string{{"app", "INSERT INTO ticks VALUES (), (7, 'y')"}}, want: []want{{failed: 0, code: drivers.ErWrongValueCount}}},
		// explicit ids only: MariaDB reports the last row's
		{txs: [][]string{{"app", "INSERT INTO ticks (id, v) VALUES (9, 'a'), (8, 'b')"}, {"app", "REPLACE INTO ticks (id, v) VALUES (20, 'c'), (19, 'd')"}},
			want: []want{{failed: -1, affected: []uint64{2}, lastID: 8}, {failed: -1, affected: []uint64{2}, lastID: 19}}},
		// INSERT IGNORE that ignored every row, ids generated: MariaDB reports 0
		{txs: [][]string{{"app", "CREATE TABLE tags (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(8) NOT NULL, UNIQUE KEY tname (name))"},
			{"app", "INSERT INTO tags (name) VALUES ('a')"}, {"app", "INSERT IGNORE INTO tags (name) VALUES ('A'), ('a')"}},
			want: []want{ok(0), {failed: -1, affected: []uint64{1}, lastID: 1}, {failed: -1, affected: []uint64{0}, lastID: 0}}},
	}
}

func runWorkload(t *testing.T, e *replay.Engine, c *chainBuilder) [][]*consensus.TxResult {
	ctx := context.Background()
	var all [][]*consensus.TxResult
	for i, s := range workload() {
		var txs [][]byte
		for _, stmts := range s.txs {
			txs = append(txs, c.tx(stmts[0], stmts[1:]...))
		}
		res, _, err := e.ApplyBlock(ctx, c.block(txs...))
		if err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		for j, w := range s.want {
			checkResult(t, fmt.Sprintf("step %d tx %d %v", i, j, s.txs[j][1:]), res[j], w)
		}
		all = append(all, res)
	}
	return all
}

func checkResult(t *testing.T, name string, r *consensus.TxResult, w want) {
	t.Helper()
	if r.Failed != w.failed {
		t.Errorf("%s: failed statement %d, want %d (%+v)", name, r.Failed, w.failed, r.Statements)
		return
	}
	if w.failed >= 0 {
		if got := r.Statements[w.failed].Code; got != w.code {
			t.Errorf("%s: error %d (%s), want %d", name, got, r.Statements[w.failed].Message, w.code)
		}
		return
	}
	for k, a := range w.affected {
		if r.Statements[k].RowsAffected != a {
			t.Errorf("%s: statement %d affected %d rows, want %d", name, k, r.Statements[k].RowsAffected, a)
		}
	}
	if w.lastID != 0 && r.Statements[0].LastInsertID != w.lastID {
		t.Errorf("%s: last insert id %d, want %d", name, r.Statements[0].LastInsertID, w.lastID)
	}
}

func newEngine(t testing.TB, d drivers.Driver) *replay.Engine {
	e, err := replay.New(context.Background(), d, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Before the driver's own cleanup: a speculation left open would hold
	// MariaDB's locks on what the test then drops.
	t.Cleanup(func() { _ = e.Close() })
	return e
}

func TestWorkloadSQLite(t *testing.T) {
	e := newEngine(t, openSQLite(t, filepath.Join(t.TempDir(), "a.db")))
	runWorkload(t, e, newChain(t))
	rows := queryInts(t, e.Driver(), "SELECT COUNT(*) FROM "+e.Driver().Internal("statements"))
	if rows != 28 {
		t.Errorf("operation log holds %d statements, want 28", rows)
	}
}

// TestBackendsAgree applies the same chain to SQLite and MariaDB: every
// outcome, the AppHash and the state digest must be identical.
func TestBackendsAgree(t *testing.T) {
	maria := openMariaDB(t)
	c := newChain(t)
	blocks := replayable(t, c)
	a := newEngine(t, openSQLite(t, filepath.Join(t.TempDir(), "a.db")))
	b := newEngine(t, maria)
	for _, blk := range blocks {
		ra, ha, err := a.ApplyBlock(context.Background(), blk)
		if err != nil {
			t.Fatalf("sqlite block %d: %v", blk.Height, err)
		}
		rb, hb, err := b.ApplyBlock(context.Background(), blk)
		if err != nil {
			t.Fatalf("mariadb block %d: %v", blk.Height, err)
		}
		for i := range ra {
			if string(ra[i].Consensus()) != string(rb[i].Consensus()) {
				t.Errorf("block %d tx %d: sqlite %+v, mariadb %+v", blk.Height, i, ra[i], rb[i])
			}
		}
		if string(ha) != string(hb) {
			t.Fatalf("block %d: AppHash differs", blk.Height)
		}
	}
	da, db := digest(t, a), digest(t, b)
	if da.Hash != db.Hash {
		t.Errorf("state digests differ:\nsqlite  %+v\nmariadb %+v", da.Tables, db.Tables)
	}
	if len(da.Tables) != 4 || da.Tables[1].Rows != 1 || da.Tables[2].Rows != 7 || da.Tables[3].Rows == 0 {
		t.Errorf("digest covers %+v, want 4 non-empty tables (1 row in tags, 7 in ticks)", da.Tables)
	}
}

// replayable records the workload as blocks, checking outcomes on SQLite.
func replayable(t *testing.T, c *chainBuilder) []consensus.Block {
	var blocks []consensus.Block
	for _, s := range workload() {
		var txs [][]byte
		for _, stmts := range s.txs {
			txs = append(txs, c.tx(stmts[0], stmts[1:]...))
		}
		blocks = append(blocks, c.block(txs...))
	}
	return blocks
}

func digest(t *testing.T, e *replay.Engine) *replay.Digest {
	d, err := e.Digest(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func queryInts(t *testing.T, d drivers.Driver, q string) int64 {
	rows, err := d.QueryInternal(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var n int64
	if rows.Next() {
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
	}
	return n
}

// TestRestartResumes reopens the database: height, AppHash, catalog and the
// AUTO_INCREMENT counter survive, and a replayed block is refused.
func TestRestartResumes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.db")
	c := newChain(t)
	d := openSQLite(t, path)
	e := newEngine(t, d)
	runWorkload(t, e, c)
	height, hash := e.Height(), e.AppHash()
	d.Close()

	e2 := newEngine(t, openSQLite(t, path))
	if e2.Height() != height || string(e2.AppHash()) != string(hash) {
		t.Fatalf("after reopen: height %d hash %x, want %d %x", e2.Height(), e2.AppHash(), height, hash)
	}
	if _, ok := e2.Catalog().Table("app", "users"); !ok {
		t.Fatal("catalog lost table app.users")
	}
	res, _, err := e2.ApplyBlock(context.Background(), c.block(c.tx("app", "INSERT INTO users (name) VALUES ('hal')")))
	if err != nil {
		t.Fatal(err)
	}
	if got := res[0].Statements[0].LastInsertID; got != 9 {
		t.Errorf("id after restart = %d, want 9", got)
	}
	stale := consensus.Block{Height: height, Time: time.Now()}
	if _, _, err := e2.ApplyBlock(context.Background(), stale); err == nil {
		t.Error("applying an old height succeeded; want an out-of-order error")
	}
}

// TestEmptyBlockKeepsAppHash: an empty block must not change the AppHash,
// or CometBFT would keep producing blocks to prove it.
func TestEmptyBlockKeepsAppHash(t *testing.T) {
	e := newEngine(t, openSQLite(t, filepath.Join(t.TempDir(), "a.db")))
	c := newChain(t)
	_, h1, err := e.ApplyBlock(context.Background(), c.block(c.tx("", "CREATE DATABASE x")))
	if err != nil {
		t.Fatal(err)
	}
	_, h2, err := e.ApplyBlock(context.Background(), c.block())
	if err != nil {
		t.Fatal(err)
	}
	if string(h1) != string(h2) || e.Height() != 2 {
		t.Errorf("empty block changed AppHash %x → %x (height %d)", h1, h2, e.Height())
	}
}

// TestDuplicateTxAppliedOnce: a transaction included again in a later block
// (or twice in one) is refused with a recorded result, not applied twice.
func TestDuplicateTxAppliedOnce(t *testing.T) {
	e := newEngine(t, openSQLite(t, filepath.Join(t.TempDir(), "a.db")))
	c := newChain(t)
	ins := c.tx("app", "INSERT INTO t VALUES (1)")
	blocks := []consensus.Block{c.block(c.tx("", "CREATE DATABASE app"), c.tx("app", "CREATE TABLE t (x INT)")),
		c.block(ins, ins), c.block(ins)}
	var last []*consensus.TxResult
	for _, b := range blocks {
		res, _, err := e.ApplyBlock(context.Background(), b)
		if err != nil {
			t.Fatal(err)
		}
		last = append(last, res...)
	}
	if !last[2].OK() || last[3].OK() || last[4].OK() || last[4].Statements[0].Code != replay.ErDuplicateTx {
		t.Errorf("results %+v %+v %+v, want ok, duplicate, duplicate", last[2], last[3], last[4])
	}
	rows, err := e.Driver().Query(context.Background(), mustParse(t, "SELECT COUNT(*) FROM app.t"))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var n int
	for rows.Next() {
		_ = rows.Scan(&n)
	}
	if n != 1 {
		t.Errorf("table holds %d rows, want 1", n)
	}
}

func mustParse(t testing.TB, sql string) ast.StmtNode {
	stmt, err := drivers.Parse(sql)
	if err != nil {
		t.Fatal(err)
	}
	return stmt
}

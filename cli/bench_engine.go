package cli

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"database/sql"
	"fmt"
	"path/filepath"
	"time"

	"github.com/pingcap/tidb/pkg/parser"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/drivers/sqlite"
	"github.com/blocksql/blocksql/replay"
)

// The apply workload measures the apply engine alone, with no network and
// no consensus: blocks of single-row autocommit INSERTs applied to a new
// SQLite file with the operation log and row history written as a node
// writes them; once as transactions of their own (few clients), once as
// one grouped transaction per block, as the node's group commit carries
// concurrent clients' writes under load. Each
// transaction passes Check (CheckTx) before its block, untimed, as on a
// node where the mempool did that work. The baseline in the same run is
// SQLite itself inserting the same rows, one transaction per block, with
// one prepared statement.

const (
	benchApplyPerBlock    = 256
	benchApplyBlocks      = 120 // 30,720 statements
	benchApplyQuickBlocks = 8
)

// benchApply is what the apply workload measured.
type benchApply struct {
	Statements      int     `json:"statements"`
	Seconds         float64 `json:"seconds"`
	StmtsPerSec     float64 `json:"statements_per_sec"`
	StmtsPerCPUSec  float64 `json:"statements_per_cpu_sec"`
	DirectRowsPerS  float64 `json:"direct_sqlite_rows_per_sec"`
	DirectSeconds   float64 `json:"direct_sqlite_seconds"`
	ApplyVsDirectDB float64 `json:"apply_vs_direct"`
	// Grouped is the same statements, one grouped transaction per block.
	GroupedStmtsPerSec    float64 `json:"grouped_statements_per_sec,omitempty"`
	GroupedStmtsPerCPUSec float64 `json:"grouped_statements_per_cpu_sec,omitempty"`
	// The floors (bench_floor.go): SQLite itself writing every row the
	// engine wrote, with the file's secondary indexes and without them,
	// per statement of the chain; Grouped* for the grouped chain.
	FloorStmtsPerSec                 float64 `json:"floor_statements_per_sec,omitempty"`
	FloorUnindexedStmtsPerSec        float64 `json:"floor_unindexed_statements_per_sec,omitempty"`
	GroupedFloorStmtsPerSec          float64 `json:"grouped_floor_statements_per_sec,omitempty"`
	GroupedFloorUnindexedStmtsPerSec float64 `json:"grouped_floor_unindexed_statements_per_sec,omitempty"`
}

// benchChainBuilder signs transactions and numbers blocks the way a node's
// chain holds them, without consensus.
type benchChainBuilder struct {
	key    ed25519.PrivateKey
	parser *parser.Parser
	height int64
	nonce  uint64
	start  time.Time
}

func newBenchChainBuilder() (*benchChainBuilder, error) {
	_, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	return &benchChainBuilder{key: key, parser: replay.NewParser(), start: time.Now().UTC().Truncate(time.Second)}, nil
}

// tx is one signed chain transaction of stmts run in database db.
func (c *benchChainBuilder) tx(db string, stmts ...string) ([]byte, error) {
	return c.sign(&consensus.Tx{Database: db, User: "root", ClientAddr: "127.0.0.1:1"}, stmts)
}

// group is one grouped chain transaction: each statement a session's
// autocommit write in database db.
func (c *benchChainBuilder) group(db string, stmts ...string) ([]byte, error) {
	tx := &consensus.Tx{Group: []consensus.Context{}}
	for i := range stmts {
		tx.Group = append(tx.Group, consensus.Context{Database: db, User: "root", ClientAddr: fmt.Sprintf("127.0.0.1:%d", 1000+i)})
	}
	return c.sign(tx, stmts)
}

func (c *benchChainBuilder) sign(tx *consensus.Tx, stmts []string) ([]byte, error) {
	c.nonce++
	tx.Nonce = c.nonce
	for _, s := range stmts {
		nodes, err := replay.Parse(c.parser, s)
		if err != nil {
			return nil, fmt.Errorf("parse %q: %w", s, err)
		}
		canon, err := replay.Canonical(nodes[0])
		if err != nil {
			return nil, err
		}
		tx.Statements = append(tx.Statements, consensus.Statement{SQL: s, Canonical: canon})
	}
	tx.Sign(c.key)
	return tx.Marshal(), nil
}

func (c *benchChainBuilder) block(txs [][]byte) consensus.Block {
	c.height++
	return consensus.Block{Height: c.height, Time: c.start.Add(time.Duration(c.height) * time.Millisecond),
		Hash: fmt.Appendf(nil, "bench-block-%d", c.height), Txs: txs}
}

// benchApplyRow is the n-th row of the apply workload, as SQL values.
func benchApplyRow(n int) (int, string) { return n % 1000, fmt.Sprintf("payload-%08d", n) }

// benchApplyBlocksOf makes the setup block and blocks of single-row
// INSERTs into app.w, each a transaction or, grouped, all of a block's
// in one grouped transaction.
func benchApplyBlocksOf(c *benchChainBuilder, blocks int, grouped bool) (consensus.Block, []consensus.Block, error) {
	var setupTxs [][]byte
	for _, s := range [][2]string{{"", "CREATE DATABASE app"},
		{"app", "CREATE TABLE w (id INT AUTO_INCREMENT PRIMARY KEY, client INT NOT NULL, payload VARCHAR(64) NOT NULL)"}} {
		tx, err := c.tx(s[0], s[1])
		if err != nil {
			return consensus.Block{}, nil, err
		}
		setupTxs = append(setupTxs, tx)
	}
	setup := c.block(setupTxs)
	out := make([]consensus.Block, 0, blocks)
	for b := range blocks {
		txs := make([][]byte, 0, benchApplyPerBlock)
		stmts := make([]string, 0, benchApplyPerBlock)
		for i := range benchApplyPerBlock {
			k, p := benchApplyRow(b*benchApplyPerBlock + i)
			stmts = append(stmts, fmt.Sprintf("INSERT INTO w (client, payload) VALUES (%d, '%s')", k, p))
		}
		if grouped {
			tx, err := c.group("app", stmts...)
			if err != nil {
				return setup, nil, err
			}
			txs = append(txs, tx)
		}
		for _, q := range stmts {
			if grouped {
				break
			}
			tx, err := c.tx("app", q)
			if err != nil {
				return setup, nil, err
			}
			txs = append(txs, tx)
		}
		out = append(out, c.block(txs))
	}
	return setup, out, nil
}

// runBenchApply measures the apply engine and the direct baseline in dir.
func runBenchApply(ctx context.Context, o benchOptions, dir string) (*benchApply, error) {
	blocks := benchApplyBlocks
	if o.quickEngine {
		blocks = benchApplyQuickBlocks
	}
	c, err := newBenchChainBuilder()
	if err != nil {
		return nil, err
	}
	setup, chain, err := benchApplyBlocksOf(c, blocks, false)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(o.progress, "  %-14s %-16s %d single-row INSERT statements ...\n", "engine", "apply", blocks*benchApplyPerBlock)
	wall, cpu, err := benchApplyChain(ctx, filepath.Join(dir, "apply.db"), setup, chain)
	if err != nil {
		return nil, fmt.Errorf("apply: %w", err)
	}
	if c, err = newBenchChainBuilder(); err != nil {
		return nil, err
	}
	setup, chain, err = benchApplyBlocksOf(c, blocks, true)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(o.progress, "  %-14s %-16s the same, one grouped transaction per block ...\n", "engine", "apply")
	gWall, gCPU, err := benchApplyChain(ctx, filepath.Join(dir, "apply-grouped.db"), setup, chain)
	if err != nil {
		return nil, fmt.Errorf("apply grouped: %w", err)
	}
	direct, err := benchDirectInserts(ctx, filepath.Join(dir, "direct.db"), blocks)
	if err != nil {
		return nil, fmt.Errorf("apply baseline: %w", err)
	}
	fmt.Fprintf(o.progress, "  %-14s %-16s the floor: SQLite writing the same rows itself ...\n", "engine", "apply")
	floor, err := benchFloorOf(ctx, filepath.Join(dir, "apply.db"), dir, blocks)
	if err != nil {
		return nil, fmt.Errorf("apply floor: %w", err)
	}
	gFloor, err := benchFloorOf(ctx, filepath.Join(dir, "apply-grouped.db"), dir, blocks)
	if err != nil {
		return nil, fmt.Errorf("apply floor: %w", err)
	}
	n := float64(blocks * benchApplyPerBlock)
	a := &benchApply{Statements: blocks * benchApplyPerBlock, Seconds: benchRound(wall.Seconds()),
		StmtsPerSec: benchRound(n / wall.Seconds()), StmtsPerCPUSec: benchRound(n / cpu.Seconds()),
		DirectRowsPerS: benchRound(n / direct.Seconds()), DirectSeconds: benchRound(direct.Seconds())}
	a.ApplyVsDirectDB = benchRatio(a.StmtsPerSec, a.DirectRowsPerS)
	a.GroupedStmtsPerSec, a.GroupedStmtsPerCPUSec = benchRound(n/gWall.Seconds()), benchRound(n/gCPU.Seconds())
	a.FloorStmtsPerSec, a.FloorUnindexedStmtsPerSec = benchRound(n/floor.Indexed.Seconds()), benchRound(n/floor.Unindexed.Seconds())
	a.GroupedFloorStmtsPerSec = benchRound(n / gFloor.Indexed.Seconds())
	a.GroupedFloorUnindexedStmtsPerSec = benchRound(n / gFloor.Unindexed.Seconds())
	return a, nil
}

// benchApplyChain applies setup, then times chain, each block committed
// on its own as a live node commits it.
func benchApplyChain(ctx context.Context, path string, setup consensus.Block, chain []consensus.Block) (wall, cpu time.Duration, err error) {
	d, err := sqlite.Open(path)
	if err != nil {
		return 0, 0, err
	}
	defer d.Close()
	e, err := replay.New(ctx, d, nil, replay.WithRowHistory(true))
	if err != nil {
		return 0, 0, err
	}
	if _, _, err := e.ApplyBlock(ctx, setup); err != nil {
		return 0, 0, err
	}
	for _, blk := range chain {
		if err := benchCheckBlock(e, blk); err != nil {
			return 0, 0, err
		}
		start, cpu0 := time.Now(), benchCPU()
		res, _, err := e.ApplyBlock(ctx, blk)
		wall, cpu = wall+time.Since(start), cpu+benchCPU()-cpu0
		if err != nil {
			return 0, 0, fmt.Errorf("block %d: %w", blk.Height, err)
		}
		for _, r := range res {
			for _, st := range r.Statements {
				if st.Code != 0 {
					return 0, 0, fmt.Errorf("block %d: an insert failed: %s", blk.Height, st.Message)
				}
			}
		}
	}
	return wall, cpu, nil
}

// benchCheckBlock runs CheckTx's statement check on each transaction.
func benchCheckBlock(e *replay.Engine, blk consensus.Block) error {
	for _, raw := range blk.Txs {
		tx, err := consensus.UnmarshalTx(raw)
		if err == nil {
			err = e.Check(tx)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// benchDirectInserts inserts the apply workload's rows into a new SQLite
// file with the node's pragmas, one transaction per block.
func benchDirectInserts(ctx context.Context, path string, blocks int) (time.Duration, error) {
	db, err := sql.Open("sqlite3", "file:"+path+"?_journal_mode=WAL&_synchronous=NORMAL")
	if err != nil {
		return 0, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.ExecContext(ctx, "CREATE TABLE w (id INTEGER PRIMARY KEY AUTOINCREMENT, client INTEGER NOT NULL, payload TEXT NOT NULL)"); err != nil {
		return 0, err
	}
	start := time.Now()
	for b := range blocks {
		if err := benchDirectBlock(ctx, db, b); err != nil {
			return 0, err
		}
	}
	return time.Since(start), nil
}

func benchDirectBlock(ctx context.Context, db *sql.DB, b int) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	st, err := tx.PrepareContext(ctx, "INSERT INTO w (client, payload) VALUES (?, ?)")
	if err != nil {
		return err
	}
	for i := range benchApplyPerBlock {
		k, p := benchApplyRow(b*benchApplyPerBlock + i)
		if _, err := st.ExecContext(ctx, k, p); err != nil {
			return err
		}
	}
	return tx.Commit()
}

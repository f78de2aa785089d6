package cli

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/drivers"
	"github.com/blocksql/blocksql/drivers/sqlite"
)

// The wire floor with the disk (benchTargetWireRows): the grouped wire
// floor's server (bench_wire.go) in front of nodes that also write every
// decided INSERT's row into a SQLite file of their own, as a node must
// before it can answer a read. Nothing else a blocksql node does is done:
// no parse beyond picking the literal values out of the text, no checks,
// no operation log, no row history, no row digest. Each block is written
// the way the apply engine writes a block (the node's SQLite driver with
// its pragmas, background checkpoints and file growth; the block's rows in
// multi-row INSERTs whose values are bound in one call into C; staged from
// ProcessProposal, while the votes are exchanged, and committed at Commit).
// What it reaches is what consensus, the wire and the disk together allow
// on this machine: no design of blocksql that keeps its rows in a local
// database answers more writes.
const benchTargetWireRows = "consensus-wire-rows"

// wireRowsApplier chains the AppHash as NoopApplier does and writes the
// rows of the block's INSERTs into the workload's table.
type wireRowsApplier struct {
	consensus.NoopApplier
	d      *sqlite.Driver
	table  string
	tx     drivers.Tx
	rows   int64 // in the table before the cell being measured
	staged struct {
		height  int64
		appHash []byte
	}
}

var _ consensus.Stager = (*wireRowsApplier)(nil)

// openWireRowsApplier opens the floor's SQLite file in home, with the
// insert workload's table.
func openWireRowsApplier(ctx context.Context, home string) (*wireRowsApplier, error) {
	d, err := sqlite.Open(filepath.Join(home, "rows.db"))
	if err != nil {
		return nil, err
	}
	t := benchSQLiteDialect.table(benchWorkloads["insert"][0].table)
	a := &wireRowsApplier{d: d, table: t}
	tx, err := d.Begin(ctx)
	if err == nil {
		// The node's table without AUTOINCREMENT's sqlite_sequence row,
		// the least a row costs.
		for _, q := range []string{"CREATE TABLE " + t + " (id INTEGER PRIMARY KEY, k INTEGER NOT NULL DEFAULT 0, c TEXT NOT NULL, pad TEXT NOT NULL)",
			"CREATE INDEX " + t[:len(t)-1] + `.k_idx" ON ` + t + " (k)"} {
			if err = tx.ExecInternal(ctx, q); err != nil {
				break
			}
		}
		if err == nil {
			err = tx.Commit()
		} else {
			tx.Rollback()
		}
	}
	if err != nil {
		d.Close()
		return nil, fmt.Errorf("wire floor with rows: %w", err)
	}
	return a, nil
}

func (a *wireRowsApplier) Close() error { return a.d.Close() }

// ApplyBlock stages b and commits it.
func (a *wireRowsApplier) ApplyBlock(ctx context.Context, b consensus.Block) ([]*consensus.TxResult, []byte, error) {
	res, appHash, err := a.StageBlock(ctx, b)
	if err == nil {
		err = a.CommitStaged(ctx)
	}
	return res, appHash, err
}

// StageBlock writes the rows of b's INSERTs in one local transaction it
// leaves open.
func (a *wireRowsApplier) StageBlock(ctx context.Context, b consensus.Block) ([]*consensus.TxResult, []byte, error) {
	txs := make([]*consensus.Tx, len(b.Txs))
	var rows []any
	for i, raw := range b.Txs {
		tx, err := consensus.UnmarshalTx(raw)
		if err != nil {
			return nil, nil, err
		}
		txs[i] = tx
		for _, s := range tx.Statements {
			vals, ok := wireRowValues(s.SQL)
			if !ok {
				return nil, nil, fmt.Errorf("wire floor with rows: not an INSERT of one literal row: %.80s", s.SQL)
			}
			rows = append(rows, vals...)
		}
	}
	tx, err := a.d.Begin(ctx)
	if err != nil {
		return nil, nil, err
	}
	for len(rows) > 0 {
		n := min(len(rows)/3, benchFloorChunk)
		q := "INSERT INTO " + a.table + " (k, c, pad) VALUES " + strings.Repeat(benchRowPlaceholders(3)+", ", n-1) + benchRowPlaceholders(3)
		if err := tx.ExecInternal(ctx, q, rows[:3*n]...); err != nil {
			tx.Rollback()
			return nil, nil, err
		}
		rows = rows[3*n:]
	}
	appHash := a.NextHash(b)
	a.tx = tx
	a.staged.height, a.staged.appHash = b.Height, appHash
	return consensus.NoopResults(b, txs), appHash, nil
}

// CommitStaged commits the staged block.
func (a *wireRowsApplier) CommitStaged(context.Context) error {
	tx := a.tx
	a.tx = nil
	if tx == nil {
		return nil
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	a.Advance(a.staged.height, a.staged.appHash)
	return nil
}

// AbortStaged rolls the staged block back.
func (a *wireRowsApplier) AbortStaged(context.Context) error {
	tx := a.tx
	a.tx = nil
	if tx == nil {
		return nil
	}
	return tx.Rollback()
}

// wireRowValues picks the three values out of the insert workload's
// statement as go-sql-driver interpolates it: `... VALUES (k, 'c', 'pad')`,
// an integer and two quoted strings without quotes or backslashes inside
// (benchRow's values). It is the least parsing any server does to write
// the row.
func wireRowValues(q string) ([]any, bool) {
	i := strings.LastIndex(q, "VALUES (")
	if i < 0 || !strings.HasSuffix(q, ")") {
		return nil, false
	}
	parts := strings.Split(q[i+len("VALUES ("):len(q)-1], ",")
	if len(parts) != 3 {
		return nil, false
	}
	for j, p := range parts {
		parts[j] = strings.TrimSpace(p)
	}
	k, err := strconv.ParseInt(parts[0], 10, 64)
	if err != nil {
		return nil, false
	}
	vals := []any{k}
	for _, p := range parts[1:] {
		if len(p) < 2 || p[0] != '\'' || p[len(p)-1] != '\'' || strings.ContainsAny(p[1:len(p)-1], `'\`) {
			return nil, false
		}
		vals = append(vals, p[1:len(p)-1])
	}
	return vals, true
}

// checkRows counts the rows each node of a floor with the disk wrote
// against the acknowledged writes of cell c, once every block it decided
// is committed: a floor that lost rows would not be one. On a network a
// node may still be behind the others, so a count short of them is taken
// again for a while. It does nothing on nodes without rows.
func (cl *benchCluster) checkRows(ctx context.Context, c *benchCell) error {
	for _, n := range cl.nodes {
		a := n.rows
		if a == nil {
			continue
		}
		expected := a.rows + c.Rows
		var actual int64
		for deadline := time.Now().Add(benchRowsCatchUp); ; {
			if err := n.node.WaitApplied(ctx); err != nil {
				return err
			}
			var err error
			if actual, err = a.count(ctx); err != nil {
				return err
			}
			if actual >= expected || time.Now().After(deadline) {
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
		a.rows = actual
		if c.RowsExpected == nil || actual != expected {
			c.RowsExpected, c.RowsActual = &expected, &actual
		}
	}
	return nil
}

// benchRowsCatchUp bounds how long a node of a network may take to reach
// the rows the others acknowledged.
const benchRowsCatchUp = 10 * time.Second

func (a *wireRowsApplier) count(ctx context.Context) (int64, error) {
	var n int64
	rows, err := a.d.QueryInternal(ctx, "SELECT COUNT(*) FROM "+a.table)
	if err != nil {
		return 0, err
	}
	for rows.Next() {
		err = rows.Scan(&n)
	}
	return n, errors.Join(err, rows.Err(), rows.Close())
}

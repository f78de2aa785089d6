package cli

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/go-sql-driver/mysql"
)

// benchWorkload is one kind of operation the SQL targets run, each on its
// own table with the columns of sysbench's sbtest (id, k, c, pad).
type benchWorkload struct {
	name    string
	table   string
	preload bool    // load --preload rows before the first cell
	adds    bool    // every row an op reports written is a new row
	share   float64 // fraction of --duration each cell runs
	// prepare runs once per client before the cell is timed.
	prepare func(ctx context.Context, c *benchClient) error
	// op runs one operation and returns how many rows it wrote.
	op func(ctx context.Context, c *benchClient) (int, error)
}

// benchClient is one client of a cell: a connection of its own.
type benchClient struct {
	conn    *sql.Conn
	table   string
	idx     int // 0..clients-1
	clients int
	preload int
	rng     *rand.Rand
	sel     *sql.Stmt // point-select's prepared statement
	retries int64     // transactions that ended in 1213 and were retried
}

// benchWorkloads are the workloads by the name --workloads takes.
// insert-batch is two shapes of batching, each given half the cell time:
// one multi-row INSERT of 10 rows, and BEGIN; 5 INSERTs; COMMIT.
var benchWorkloads = map[string][]benchWorkload{
	"insert": {{name: "insert", table: "items_insert", adds: true, share: 1, op: benchInsert}},
	"insert-batch": {
		{name: "insert-batch", table: "items_batch", adds: true, share: 0.5, op: benchInsertMulti},
		{name: "insert-batch-tx", table: "items_batch_tx", adds: true, share: 0.5, op: benchInsertTx},
	},
	"update":       {{name: "update", table: "items_update", preload: true, share: 1, op: benchUpdate}},
	"point-select": {{name: "point-select", table: "items_select", preload: true, share: 1, prepare: benchPrepareSelect, op: benchPointSelect}},
	"read-write":   {{name: "read-write", table: "items_rw", preload: true, share: 1, op: benchReadWrite}},
	"gorm":         {{name: "gorm", table: "items_gorm", adds: true, share: 1, op: benchParentChildren}},
}

// benchWorkloadNames lists every workload: the default ones, then those run
// only when named.
func benchWorkloadNames() []string {
	return append(splitList(benchDefaultWorkloads), "gorm")
}

// benchHasSQL reports whether any selected workload runs SQL clients
// against the targets (apply and restore measure the engine instead).
func benchHasSQL(names []string) bool {
	return slices.ContainsFunc(names, func(n string) bool { return benchWorkloads[n] != nil })
}

// benchHasWrites reports whether any selected SQL workload writes: only
// then is raw consensus a baseline worth measuring.
func benchHasWrites(names []string) bool {
	return slices.ContainsFunc(names, func(n string) bool { return benchWorkloads[n] != nil && n != "point-select" })
}

const benchInsertSQL = "INSERT INTO %s (k, c, pad) VALUES (?, ?, ?)"

// benchRow is a random sbtest row: k, then c and pad as groups of digits.
func benchRow(rng *rand.Rand) []any {
	return []any{rng.IntN(1_000_000), benchDigits(rng, 119), benchDigits(rng, 59)}
}

func benchDigits(rng *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		if i%12 == 11 {
			b[i] = '-'
		} else {
			b[i] = byte('0' + rng.IntN(10))
		}
	}
	return string(b)
}

func benchInsert(ctx context.Context, c *benchClient) (int, error) {
	_, err := c.conn.ExecContext(ctx, fmt.Sprintf(benchInsertSQL, c.table), benchRow(c.rng)...)
	return 1, err
}

// benchMultiInsertSQL is an INSERT of n rows.
func benchMultiInsertSQL(table string, n int) string {
	return fmt.Sprintf("INSERT INTO %s (k, c, pad) VALUES ", table) +
		strings.TrimSuffix(strings.Repeat("(?, ?, ?), ", n), ", ")
}

func benchInsertMulti(ctx context.Context, c *benchClient) (int, error) {
	const rows = 10
	args := make([]any, 0, 3*rows)
	for range rows {
		args = append(args, benchRow(c.rng)...)
	}
	_, err := c.conn.ExecContext(ctx, benchMultiInsertSQL(c.table, rows), args...)
	return rows, err
}

func benchInsertTx(ctx context.Context, c *benchClient) (int, error) {
	const rows = 5
	q := fmt.Sprintf(benchInsertSQL, c.table)
	return rows, c.inTx(ctx, func(tx *sql.Tx) error {
		for range rows {
			if _, err := tx.ExecContext(ctx, q, benchRow(c.rng)...); err != nil {
				return err
			}
		}
		return nil
	})
}

func benchUpdate(ctx context.Context, c *benchClient) (int, error) {
	id := c.ownID()
	res, err := c.conn.ExecContext(ctx, "UPDATE "+c.table+" SET k = k + 1 WHERE id = ?", id)
	if err != nil {
		return 0, err
	}
	// MySQL counts changed rows and k+1 always changes: anything but one
	// row means the row is missing.
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return 0, fmt.Errorf("update of id %d changed %d rows, want 1 (%v)", id, n, err)
	}
	return 1, nil
}

func benchPrepareSelect(ctx context.Context, c *benchClient) (err error) {
	c.sel, err = c.conn.PrepareContext(ctx, "SELECT c FROM "+c.table+" WHERE id = ?")
	return err
}

func benchPointSelect(ctx context.Context, c *benchClient) (int, error) {
	return 0, benchSelectC(ctx, c.sel.QueryRowContext(ctx, c.anyID()))
}

func benchSelectC(_ context.Context, row *sql.Row) error {
	var s string
	if err := row.Scan(&s); err != nil {
		return err
	}
	if len(s) != 119 {
		return fmt.Errorf("point select returned %d bytes of c, want 119", len(s))
	}
	return nil
}

// benchReadWrite is sysbench oltp_read_write without the range queries:
// 10 point selects, an update, and a delete then insert of the same id.
func benchReadWrite(ctx context.Context, c *benchClient) (int, error) {
	return 0, c.inTx(ctx, func(tx *sql.Tx) error {
		for range 10 {
			q := "SELECT c FROM " + c.table + " WHERE id = ?"
			if err := benchSelectC(ctx, tx.QueryRowContext(ctx, q, c.anyID())); err != nil {
				return err
			}
		}
		id := c.ownID()
		res, err := tx.ExecContext(ctx, "UPDATE "+c.table+" SET k = k + 1 WHERE id = ?", id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return fmt.Errorf("update of id %d inside the transaction changed %d rows, want 1 (%v)", id, n, err)
		}
		id = c.ownID()
		if _, err := tx.ExecContext(ctx, "DELETE FROM "+c.table+" WHERE id = ?", id); err != nil {
			return err
		}
		row := append([]any{id}, benchRow(c.rng)...)
		_, err = tx.ExecContext(ctx, "INSERT INTO "+c.table+" (id, k, c, pad) VALUES (?, ?, ?, ?)", row...)
		return err
	})
}

// benchParentChildren is what an ORM does to create a parent with two
// children: BEGIN; INSERT the parent; INSERT two children carrying the
// parent's id (k); COMMIT. A transaction that ends in a serialization
// failure (1213) is retried, as ORMs and drivers do, and counted.
func benchParentChildren(ctx context.Context, c *benchClient) (int, error) {
	q := fmt.Sprintf(benchInsertSQL, c.table)
	for {
		err := c.inTx(ctx, func(tx *sql.Tx) error {
			res, err := tx.ExecContext(ctx, q, benchRow(c.rng)...)
			if err != nil {
				return err
			}
			parent, err := res.LastInsertId()
			if err != nil || parent == 0 {
				return fmt.Errorf("parent insert id %d inside the transaction (%v)", parent, err)
			}
			for range 2 {
				child := benchRow(c.rng)
				child[0] = parent
				if _, err := tx.ExecContext(ctx, q, child...); err != nil {
					return err
				}
			}
			return nil
		})
		if !benchSerializationFailure(err) {
			return 3, err
		}
		c.retries++
	}
}

// benchSerializationFailure tells whether err asks for the transaction to
// be retried: MySQL 1213 (SQLSTATE 40001).
func benchSerializationFailure(err error) bool {
	var me *mysql.MySQLError
	return errors.As(err, &me) && me.Number == 1213
}

// inTx runs f in a transaction on the client's connection.
func (c *benchClient) inTx(ctx context.Context, f func(*sql.Tx) error) error {
	tx, err := c.conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := f(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

// anyID is any preloaded row.
func (c *benchClient) anyID() int64 { return c.rng.Int64N(int64(c.preload)) + 1 }

// ownID is a preloaded row of this client's share (ids congruent to its
// index modulo the client count): concurrent clients never write the same
// row, so a direct server never deadlocks and never needs a retry.
func (c *benchClient) ownID() int64 {
	slot := c.idx % c.preload
	count := (c.preload - slot + c.clients - 1) / c.clients
	return int64(slot+c.rng.IntN(max(count, 1))*c.clients) + 1
}

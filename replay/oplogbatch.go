package replay

import (
	"context"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/blocksql/blocksql/drivers"
)

// The operation log of a block is written in a few multi-row INSERTs at
// the end of the block instead of three INSERTs per transaction: the rows
// are the same, and they are in the block's local transaction either way.

// oplogTable is one operation-log table and the columns a batch fills.
type oplogTable struct {
	name string
	cols string
	n    int // number of columns
}

var (
	txLogTable = newOplogTable("transactions",
		"tx_hash, height, tx_index, user, client_addr, node, statement_count, outcome, error_code, error_message")
	stmtLogTable = newOplogTable("statements",
		"height, tx_hash, stmt_index, block_time, user, client_addr, node, db, original_sql, params,"+
			" applied_sql, tables_touched, outcome, error_code, error_message, rows_affected, last_insert_id")
	stmtTablesLogTable = newOplogTable("statement_tables", "table_name, block_time, height, tx_hash, stmt_index")
)

func newOplogTable(name, cols string) oplogTable {
	return oplogTable{name: name, cols: cols, n: strings.Count(cols, ",") + 1}
}

// oplogChunk is the most rows one INSERT carries: 256 rows of the widest
// table (17 columns) bind 4,352 parameters, far below SQLite's 32,766 and
// PostgreSQL's 65,535 (MariaDB's connections interpolate them). 256 rather
// than 64: a restore into MariaDB waits on one round trip less per 64 rows,
// and SQLite steps fewer statements (`blocksql bench --workloads restore
// --restore-statements 60000`, two alternated pairs: into MariaDB 11,251 and
// 11,899 statements/s against 9,728 and 11,405, into SQLite 27,298 and 28,332
// against 26,342 and 27,288; `go test ./replay -bench ApplyInsertBlocks`,
// grouped, two pairs: 20.1k and 21.8k statements per CPU second against
// 19.1k and 18.1k).
const oplogChunk = 256

// batchSize is the number of rows (or keys) to send next out of n: the
// largest power of two not above n or limit. Statements then come in a
// handful of shapes per table, which the drivers prepare once, whatever
// the size of the block.
func batchSize(n, limit int) int {
	b := 1
	for b*2 <= min(n, limit) {
		b *= 2
	}
	return b
}

// oplogBatch collects a block's operation-log rows.
type oplogBatch struct {
	args map[*oplogTable][]any // row-major values per table
}

func newOplogBatch() *oplogBatch { return &oplogBatch{args: map[*oplogTable][]any{}} }

func (b *oplogBatch) add(t *oplogTable, row ...any) { b.args[t] = append(b.args[t], row...) }

// flush writes the collected rows, table by table in a fixed order.
func (b *oplogBatch) flush(ctx context.Context, dtx drivers.Tx, drv drivers.Driver) error {
	for _, t := range []*oplogTable{&txLogTable, &stmtLogTable, &stmtTablesLogTable} {
		if err := writeRows(ctx, dtx, drv, t, b.args[t]); err != nil {
			return err
		}
	}
	return nil
}

// writeRows inserts rows (row-major values) into t in multi-row INSERTs.
func writeRows(ctx context.Context, dtx drivers.Tx, drv drivers.Driver, t *oplogTable, args []any) error {
	for len(args) > 0 {
		rows := batchSize(len(args)/t.n, oplogChunk)
		if err := dtx.ExecInternal(ctx, t.insert(drv, rows), args[:rows*t.n]...); err != nil {
			return fmt.Errorf("write %s: %w", t.name, err)
		}
		args = args[rows*t.n:]
	}
	return nil
}

// insert is the INSERT of rows rows into t.
func (t *oplogTable) insert(drv drivers.Driver, rows int) string {
	var sb strings.Builder
	row := "(" + strings.Repeat("?, ", t.n-1) + "?)"
	sb.Grow(64 + len(t.cols) + rows*(len(row)+2))
	sb.WriteString("INSERT INTO " + drv.Internal(t.name) + " (" + t.cols + ") VALUES ")
	for i := range rows {
		if i > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString(row)
	}
	return sb.String()
}

// alreadyApplied returns which of hashes the operation log holds from
// earlier blocks, in one query per chunk of the block's transactions. The
// block adds each transaction it logs, so a second copy later in the same
// block is found too.
func alreadyApplied(ctx context.Context, dtx drivers.Tx, drv drivers.Driver, hashes [][32]byte) (map[[32]byte]bool, error) {
	seen := map[[32]byte]bool{}
	for len(hashes) > 0 {
		chunk := hashes[:batchSize(len(hashes), 256)]
		hashes = hashes[len(chunk):]
		args := make([]any, len(chunk))
		for i, h := range chunk {
			args[i] = hex.EncodeToString(h[:])
		}
		q := "SELECT tx_hash FROM " + drv.Internal("transactions") + " WHERE tx_hash IN (" +
			strings.Repeat("?, ", len(chunk)-1) + "?)"
		if err := scanHashes(ctx, dtx, q, args, seen); err != nil {
			return nil, fmt.Errorf("look up transactions: %w", err)
		}
	}
	return seen, nil
}

func scanHashes(ctx context.Context, dtx drivers.Tx, q string, args []any, into map[[32]byte]bool) error {
	rows, err := dtx.QueryInternal(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return err
		}
		var h [32]byte
		if b, err := hex.DecodeString(s); err == nil && len(b) == len(h) {
			copy(h[:], b)
			into[h] = true
		}
	}
	return rows.Err()
}

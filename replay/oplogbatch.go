package replay

import (
	"context"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

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
	// queued is set once a flush queued the values for a second
	// connection (drivers.AsideTx), which reads them later.
	queued bool
}

// oplogBatches keeps flushed batches, whose slices the next block fills
// again instead of growing new ones from nothing.
var oplogBatches = sync.Pool{New: func() any { return &oplogBatch{args: map[*oplogTable][]any{}} }}

func newOplogBatch() *oplogBatch { return oplogBatches.Get().(*oplogBatch) }

// release empties b for another block and keeps it: the values it held
// are bound (SQLite copies them) or sent by then, unless they were queued.
func (b *oplogBatch) release() {
	if b.queued {
		return
	}
	for t, args := range b.args {
		clear(args)
		b.args[t] = args[:0]
	}
	oplogBatches.Put(b)
}

func (b *oplogBatch) add(t *oplogTable, row ...any) { b.args[t] = append(b.args[t], row...) }

// flush writes the collected rows, table by table in a fixed order; on a
// transaction with a connection for the log (a restore into MariaDB,
// drivers.AsideTx) it queues them there and goes on.
func (b *oplogBatch) flush(ctx context.Context, dtx drivers.Tx, drv drivers.Driver) error {
	exec := dtx.ExecInternal
	if a, ok := dtx.(drivers.AsideTx); ok {
		exec, b.queued = a.ExecAside, true
	}
	for _, t := range []*oplogTable{&txLogTable, &stmtLogTable, &stmtTablesLogTable} {
		if err := writeRows(ctx, exec, drv, t, b.args[t]); err != nil {
			return err
		}
	}
	return nil
}

// writeRows inserts rows (row-major values) into t in multi-row INSERTs.
// Where the driver takes numbered parameters, a column whose value is the
// same in every row of an INSERT (the height, the block time, the group's
// transaction hash, an outcome "ok", ...) is bound once and named by number
// in every row: most of a block's log columns are, and each bound value
// costs SQLite a copy and a call.
func writeRows(ctx context.Context, exec execFunc, drv drivers.Driver, t *oplogTable, args []any) error {
	np, _ := drv.(drivers.NumberedParams)
	numbered := np != nil && np.NumberedParams()
	for len(args) > 0 {
		rows := batchSize(len(args)/t.n, oplogChunk)
		chunk := args[:rows*t.n]
		q, bound := t.insert(drv, rows, 0), chunk
		if numbered && rows > 1 {
			if shared := t.sharedColumns(chunk); shared != 0 {
				if sq := t.insert(drv, rows, shared); len(sq) <= drivers.MaxCachedSQL {
					q, bound = sq, t.sharedArgs(chunk, shared)
				}
			}
		}
		if err := exec(ctx, q, bound...); err != nil {
			return fmt.Errorf("write %s: %w", t.name, err)
		}
		args = args[rows*t.n:]
	}
	return nil
}

// execFunc runs an internal write: drivers.Tx.ExecInternal or
// drivers.AsideTx.ExecAside.
type execFunc func(ctx context.Context, query string, args ...any) error

// sharedColumns is the set (bit i: column i) of columns whose value is
// the same in every row of chunk; only values of comparable kinds count.
func (t *oplogTable) sharedColumns(chunk []any) uint64 {
	var shared uint64
	for c := 0; c < t.n; c++ {
		v := chunk[c]
		if !comparableValue(v) {
			continue
		}
		same := true
		for i := c + t.n; i < len(chunk) && same; i += t.n {
			same = comparableValue(chunk[i]) && chunk[i] == v
		}
		if same {
			shared |= 1 << c
		}
	}
	return shared
}

// comparableValue tells whether == compares v by value.
func comparableValue(v any) bool {
	switch v.(type) {
	case nil, string, int, int64, bool:
		return true
	}
	return false
}

// sharedArgs is chunk's values as the INSERT of t.insert(…, shared)
// binds them: the shared columns' values once, then the others row by row.
func (t *oplogTable) sharedArgs(chunk []any, shared uint64) []any {
	out := make([]any, 0, len(chunk))
	for c := 0; c < t.n; c++ {
		if shared&(1<<c) != 0 {
			out = append(out, chunk[c])
		}
	}
	for i, v := range chunk {
		if shared&(1<<(i%t.n)) == 0 {
			out = append(out, v)
		}
	}
	return out
}

// insertKey names one shape of t.insert.
type insertKey struct {
	table, internal string
	rows            int
	shared          uint64
}

// insertTexts keeps the INSERTs t.insert built: a block writes a handful
// of shapes, the same every block. It keeps at most maxInsertTexts.
var (
	insertTexts     sync.Map // insertKey → string
	insertTextCount atomic.Int64
)

const maxInsertTexts = 1024

// insert is the INSERT of rows rows into t. With shared columns (see
// writeRows) every parameter is numbered: the shared ones first, then the
// others row by row.
func (t *oplogTable) insert(drv drivers.Driver, rows int, shared uint64) string {
	key := insertKey{t.name, drv.Internal(t.name), rows, shared}
	if q, ok := insertTexts.Load(key); ok {
		return q.(string)
	}
	var sb strings.Builder
	sb.WriteString("INSERT INTO " + key.internal + " (" + t.cols + ") VALUES ")
	if shared == 0 {
		row := "(" + strings.Repeat("?, ", t.n-1) + "?)"
		sb.Grow(rows * (len(row) + 2))
		for i := range rows {
			if i > 0 {
				sb.WriteString(", ")
			}
			sb.WriteString(row)
		}
	} else {
		numbers := make([]int, t.n)
		next := 1
		for c := range numbers {
			if shared&(1<<c) != 0 {
				numbers[c], next = next, next+1
			}
		}
		for i := range rows {
			if i > 0 {
				sb.WriteString(", ")
			}
			sb.WriteByte('(')
			for c := range numbers {
				if c > 0 {
					sb.WriteString(", ")
				}
				n := numbers[c]
				if shared&(1<<c) == 0 {
					n, next = next, next+1
				}
				sb.WriteString("?" + strconv.Itoa(n))
			}
			sb.WriteByte(')')
		}
	}
	q := sb.String()
	if insertTextCount.Add(1) <= maxInsertTexts {
		insertTexts.Store(key, q)
	}
	return q
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
	query := dtx.QueryInternal
	if a, ok := dtx.(drivers.AsideTx); ok {
		query = a.QueryAside // the log is there, this transaction's rows too
	}
	rows, err := query(ctx, q, args...)
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

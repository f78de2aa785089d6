package drivers

import "sync/atomic"

// ErMaxPreparedStmtCount is MySQL's ER_MAX_PREPARED_STMT_COUNT_REACHED
// (SQLSTATE 42000).
const ErMaxPreparedStmtCount = 1461

// Default limits of a PreparedBudget: MySQL's max_prepared_stmt_count, and
// the text of that many statements of 16 KiB.
const (
	DefaultMaxPreparedStmtCount = 16382
	DefaultMaxPreparedBytes     = 256 << 20
)

// PreparedBudget bounds the server-side prepared statements all of a
// node's connections hold at once (MySQL COM_STMT_PREPARE, PostgreSQL Parse
// and named portals): their number, as MySQL's max_prepared_stmt_count
// does, and the bytes of their text and bound parameters. A connection
// keeps its statements until it closes them or disconnects, so without a
// bound one client could make the node hold any amount of memory.
type PreparedBudget struct {
	maxCount, maxBytes int64
	count, bytes       atomic.Int64
}

// NewPreparedBudget allows maxCount statements of maxBytes in all; 0 takes
// the defaults.
func NewPreparedBudget(maxCount, maxBytes int64) *PreparedBudget {
	if maxCount <= 0 {
		maxCount = DefaultMaxPreparedStmtCount
	}
	if maxBytes <= 0 {
		maxBytes = DefaultMaxPreparedBytes
	}
	return &PreparedBudget{maxCount: maxCount, maxBytes: maxBytes}
}

// Hold counts one more statement of n bytes, or refuses it: past the
// count with 1461 as MySQL does, past the bytes with 1041
// (ErOutOfResources). A nil budget holds anything.
func (b *PreparedBudget) Hold(n int) error {
	if b == nil {
		return nil
	}
	if b.count.Add(1) > b.maxCount {
		b.count.Add(-1)
		return Errorf(ErMaxPreparedStmtCount, "42000",
			"Can't create more than max_prepared_stmt_count statements (current value: %d)", b.maxCount)
	}
	if b.bytes.Add(int64(n)) > b.maxBytes {
		b.bytes.Add(-int64(n))
		b.count.Add(-1)
		return Errorf(ErOutOfResources, "HY000",
			"blocksql: the node's prepared statements hold %d bytes for all its connections ([limits] max_prepared_bytes); close prepared statements you no longer use",
			b.maxBytes)
	}
	return nil
}

// Release returns a statement of n bytes that Hold counted.
func (b *PreparedBudget) Release(n int) {
	if b == nil {
		return
	}
	b.count.Add(-1)
	b.bytes.Add(-int64(n))
}

// Held is the number of statements and bytes held now.
func (b *PreparedBudget) Held() (count, bytes int64) {
	return b.count.Load(), b.bytes.Load()
}

// MaxCount is the most statements the budget holds
// (@@max_prepared_stmt_count).
func (b *PreparedBudget) MaxCount() int64 { return b.maxCount }

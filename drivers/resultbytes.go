package drivers

import (
	"context"
	"sync/atomic"
)

// ErOutOfResources is MySQL's ER_OUT_OF_RESOURCES (SQLSTATE HY000): a read
// whose rows would hold more memory than the node allows. PostgreSQL
// clients see it as SQLSTATE 54000 (program_limit_exceeded).
const ErOutOfResources = 1041

// Default sizes of a ResultBudget.
const (
	DefaultMaxResultBytes     = 256 << 20
	DefaultMaxNodeResultBytes = 1 << 30
)

// ResultBudget bounds the memory the rows of reads hold while the node
// reads them from the local database and sends them: each result on its
// own, and all results of all connections together, so no client can
// exhaust the node's memory with one large read or many at once.
type ResultBudget struct {
	maxResult, maxNode int64
	used               atomic.Int64
}

// NewResultBudget allows maxResult bytes per result and maxNode bytes for
// all results held at once; 0 takes the defaults.
func NewResultBudget(maxResult, maxNode int64) *ResultBudget {
	if maxResult <= 0 {
		maxResult = DefaultMaxResultBytes
	}
	if maxNode <= 0 {
		maxNode = DefaultMaxNodeResultBytes
	}
	return &ResultBudget{maxResult: maxResult, maxNode: maxNode}
}

// Held is the number of bytes results hold now.
func (b *ResultBudget) Held() int64 { return b.used.Load() }

// Start opens the tally of one result. A nil budget gives a tally that
// counts nothing.
func (b *ResultBudget) Start() *ResultTally { return &ResultTally{b: b} }

// ResultTally counts the bytes of one result against its budget until
// Release. It is used by one goroutine.
type ResultTally struct {
	b *ResultBudget
	n int64
}

// Add counts n more bytes, or refuses them with ErOutOfResources when the
// result or the node would go over its limit; the bytes counted so far
// stay held until Release.
func (t *ResultTally) Add(n int) error {
	if t == nil || t.b == nil {
		return nil
	}
	if t.n+int64(n) > t.b.maxResult {
		return Errorf(ErOutOfResources, "HY000",
			"blocksql: the result is larger than the %d bytes a read may hold ([limits] max_result_bytes); select fewer rows or columns, or add a LIMIT",
			t.b.maxResult)
	}
	if t.b.used.Add(int64(n)) > t.b.maxNode {
		t.b.used.Add(-int64(n))
		return Errorf(ErOutOfResources, "HY000",
			"blocksql: the node holds %d bytes of results for all its connections ([limits] max_node_result_bytes); retry the read later, or read fewer rows",
			t.b.maxNode)
	}
	t.n += int64(n)
	return nil
}

// Release returns the result's bytes to the node's budget.
func (t *ResultTally) Release() {
	if t == nil || t.b == nil || t.n == 0 {
		return
	}
	t.b.used.Add(-t.n)
	t.n = 0
}

// ValueBytes is what a scanned value costs in memory: its bytes and the
// interface holding it.
func ValueBytes(v any) int {
	const overhead = 16
	switch x := v.(type) {
	case []byte:
		return overhead + len(x)
	case string:
		return overhead + len(x)
	}
	return overhead
}

type resultTallyKey struct{}

// WithResultTally has a read's driver count its rows' bytes on t (see
// ResultTallyOf).
func WithResultTally(ctx context.Context, t *ResultTally) context.Context {
	return context.WithValue(ctx, resultTallyKey{}, t)
}

// ResultTallyOf is the tally WithResultTally set, or nil (which counts
// nothing).
func ResultTallyOf(ctx context.Context) *ResultTally {
	t, _ := ctx.Value(resultTallyKey{}).(*ResultTally)
	return t
}

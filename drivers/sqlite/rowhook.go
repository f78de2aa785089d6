package sqlite

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/blocksql/blocksql/drivers"
)

// Row capture without triggers: built with the sqlite_preupdate_hook tag
// (preupdate.go), the writer connection reports every row change to the
// driver before SQLite makes it, with the row before and after. The engine
// turns the capture on around each write statement and takes the changes
// after it (drivers.RowHook); a statement or transaction it rolls back is
// its to forget. Without the tag the hook is absent, RowHookActive is
// false and the engine falls back to capture triggers.

var _ drivers.RowHook = (*Tx)(nil)

// rawChange is one change as the hook saw it: the physical table and the
// values by column position.
type rawChange struct {
	table         string
	op            string
	before, after []any
	err           error // a value SQLite could not hand over
}

type rowHook struct {
	mu     sync.Mutex
	c      hookBuffer // what the hook captured (preupdate.go)
	closed bool
}

// setOn turns the capture on, dropping what a statement that failed left,
// or off.
func (h *rowHook) setOn(on bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.c.setOn(on)
	if on {
		h.c.cut(0)
	}
}

// take returns and forgets the changes captured.
func (h *rowHook) take() ([]rawChange, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.c.take()
}

// mark is where the captured changes end, for forget (0 without a hook).
func (h *rowHook) mark() int {
	if h == nil {
		return 0
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.c.size()
}

// forget drops the changes captured since mark gave n: changes undone.
func (h *rowHook) forget(n int) {
	if h == nil {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.c.cut(n)
}

// close frees the capture once the connection it was registered on is
// closed; a second close does nothing.
func (h *rowHook) close() {
	if h == nil {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.closed {
		h.closed = true
		h.c.free()
	}
}

// RowHookActive implements drivers.RowHook.
func (t *Tx) RowHookActive() bool { return t.d.RowHookActive() }

// RowHookActive reports whether the driver captures row changes itself.
func (d *Driver) RowHookActive() bool { return d.hook != nil }

// CaptureRows implements drivers.RowHook.
func (t *Tx) CaptureRows(on bool) {
	if h := t.d.hook; h != nil {
		h.setOn(on)
	}
}

// TakeRowChanges implements drivers.RowHook. Column names come from the
// table as it is now: a write statement does not change them.
func (t *Tx) TakeRowChanges(ctx context.Context) ([]drivers.RowChange, error) {
	if t.d.hook == nil {
		return nil, nil
	}
	raw, err := t.d.hook.take()
	if err != nil || len(raw) == 0 {
		return nil, err
	}
	if err := t.lock(); err != nil {
		return nil, err
	}
	defer t.mu.Unlock()
	l := &execLog{tx: t.tx, cache: t.cache}
	out := make([]drivers.RowChange, len(raw))
	names := map[string][]string{}
	for i, c := range raw {
		if c.err != nil {
			return nil, fmt.Errorf("sqlite row capture of %s: %w", c.table, c.err)
		}
		cols, ok := names[c.table]
		if !ok {
			info, err := l.tableInfo(ctx, c.table)
			if err != nil {
				return nil, fmt.Errorf("sqlite row capture of %s: %w", c.table, err)
			}
			cols = make([]string, len(info))
			for j, ci := range info {
				cols[j] = ci.name
			}
			names[c.table] = cols
		}
		db, name := splitPhysical(c.table)
		out[i] = drivers.RowChange{Table: drivers.CaptureTable{DB: db, Name: name}.Qualified(), Op: c.op, Columns: cols,
			Before: c.before, After: c.after}
	}
	return out, nil
}

// captured reports whether the hook keeps changes to table of the main
// database (not the temporary tables upserts stage rows in): user tables
// only.
func captured(table string) bool {
	return !strings.HasPrefix(table, drivers.Schema+".") && !strings.HasPrefix(table, "sqlite_")
}

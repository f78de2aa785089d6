package replay

import (
	"context"
	"time"

	"github.com/pingcap/tidb/pkg/parser/ast"

	"github.com/blocksql/blocksql/consensus"
)

// SetBindHook installs f as the engine's bind hook until the test ends.
func SetBindHook(f func(ast.StmtNode)) (restore func()) {
	bindHook = f
	return func() { bindHook = nil }
}

// ForgetCheckedTexts empties the memo of texts that passed Check.
func ForgetCheckedTexts() {
	checkedTexts.mu.Lock()
	clear(checkedTexts.m)
	checkedTexts.mu.Unlock()
}

// GroupBlocks and FlushGroup let tests apply blocks as a restore does.
func (e *Engine) GroupBlocks(limit int) { e.groupBlocks(limit) }

func (e *Engine) FlushGroup() error { return e.flushGroup() }

// GroupTxs is the number of transactions a restore commits at once.
const GroupTxs = groupTxs

func (e *Engine) DropGroup() { e.dropGroup() }

// SetInsertRuns turns insert runs (insertrun.go) on or off until the test
// ends.
func SetInsertRuns(tb interface{ Cleanup(func()) }, on bool) {
	old := disableInsertRuns
	disableInsertRuns = !on
	tb.Cleanup(func() { disableInsertRuns = old })
}

// Prepare readies b as a restore's read-ahead does.
func (e *Engine) Prepare(b *consensus.Block) { e.prepare(context.Background(), b) }

// SetWriterWait bounds how long an engine waits for the writer lock until
// the test ends.
func SetWriterWait(d time.Duration) (restore func()) {
	was := writerWait
	writerWait = d
	return func() { writerWait = was }
}

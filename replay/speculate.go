package replay

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/pingcap/tidb/pkg/parser/ast"

	"github.com/blocksql/blocksql/consensus"
)

// Speculation is what the statements of an open transaction answer against
// the node's current state.
type Speculation struct {
	// Answers holds one answer per statement, in order: the ones the
	// client was given for earlier statements, a new one for the last.
	Answers []consensus.Answer
	// Results carry the SQLSTATE and message of statements that failed.
	Results []consensus.StmtResult
	// Aborted is the index of the first statement whose earlier answer no
	// longer holds (the transaction can only end in 1213), or -1.
	Aborted int
}

// Speculate runs tx, an open transaction's statements so far, against the
// node's current state through the apply path, in a local transaction it
// always rolls back, and returns what each statement answers. INSERTs
// without an answer get ids reserved on this node, so concurrent open
// transactions are never told the same id. If read is set and nothing
// aborted, it runs after the statements, inside the same local transaction,
// so it sees the transaction's own writes.
//
// It holds the engine's lock for its duration: a block being staged or
// committed finishes first, and blocks wait for it, never the reverse for
// longer than one speculation (O(statements so far)).
func (e *Engine) Speculate(ctx context.Context, tx *consensus.Tx, read func(context.Context, Querier) error) (*Speculation, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	dtx, err := e.drv.Begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("speculate: begin: %w", err)
	}
	defer func() { _ = dtx.Rollback() }()
	b := &consensus.Block{Height: e.height.Load() + 1, Time: time.Now().UTC()}
	a := &txApply{e: e, dtx: dtx, block: b, tx: tx, sch: e.pub.Load().clone(), ids: &idPlan{reserve: &e.spec}}
	res := &consensus.TxResult{Failed: -1}
	answers, err := a.answerAll(ctx, res)
	if err != nil {
		return nil, fmt.Errorf("speculate: %w", err)
	}
	sp := &Speculation{Answers: answers, Results: res.Statements, Aborted: res.Failed}
	if sp.Aborted < 0 && read != nil {
		q, ok := dtx.(Querier)
		if !ok {
			return nil, fmt.Errorf("the %s driver cannot read inside a transaction", e.drv.Name())
		}
		if err := read(ctx, q); err != nil {
			return nil, err
		}
	}
	return sp, nil
}

// ReserveIDs reserves one AUTO_INCREMENT id per row of an autocommit
// INSERT ... VALUES (qualified) and returns the first, the statement's
// IDFloor: applied, it generates no id below it, so it never takes an id
// an open transaction on this node was told. 0 when the table has no
// AUTO_INCREMENT column. It does not wait for the engine's lock.
func (e *Engine) ReserveIDs(ins *ast.InsertStmt) uint64 {
	tn := insertTarget(ins)
	t := e.pub.Load().table(tn.Schema.O, tn.Name.O)
	if t == nil || t.AutoIncColumn() == nil || ins.Select != nil || len(ins.Lists) == 0 {
		return 0
	}
	e.spec.mu.Lock()
	defer e.spec.mu.Unlock()
	first := e.spec.floorLocked(t)
	e.spec.advanceLocked(t, first+uint64(len(ins.Lists)))
	return first
}

// reservations are the AUTO_INCREMENT ids this node handed out to open
// transactions and pending autocommit INSERTs, per table: the next one is
// max(catalog counter, highest reserved + 1). They live in memory: after a
// restart no transaction is open, and the catalog counter (advanced past
// every id a committed transaction stored) is where reservations resume.
// Ids reserved by a transaction that rolls back are gaps, as in InnoDB.
type reservations struct {
	mu   sync.Mutex
	next map[string]uint64
}

func (r *reservations) floor(t *TableDef) uint64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.floorLocked(t)
}

func (r *reservations) floorLocked(t *TableDef) uint64 {
	return max(t.AutoIncrement, r.next[tableKey(t.DB, t.Name)])
}

func (r *reservations) advance(t *TableDef, next uint64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.advanceLocked(t, next)
}

func (r *reservations) advanceLocked(t *TableDef, next uint64) {
	if r.next == nil {
		r.next = map[string]uint64{}
	}
	k := tableKey(t.DB, t.Name)
	if next > r.next[k] {
		r.next[k] = next
	}
}

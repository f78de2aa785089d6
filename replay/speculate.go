package replay

import (
	"context"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/pingcap/tidb/pkg/parser/ast"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/drivers"
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
// node's current state through the apply path, in a local transaction (or
// savepoint) it always rolls back, and returns what each statement
// answers. INSERTs without an answer get ids reserved on this node, so
// concurrent open transactions are never told the same id. If read is set
// and nothing aborted, it runs after the statements, in the same local
// transaction, so it sees the transaction's own writes.
//
// It never interleaves with applying a block, and the engine never waits
// for more than one speculation. Between blocks it takes the engine's lock
// for its duration (O(statements so far)). While a block is
// staged (applied, waiting for consensus to say commit), it runs inside a
// savepoint of the block's transaction, on top of the block's changes: a
// live node has a block staged most of the time, and waiting for each one
// to commit would put a consensus round behind every statement. Should the
// staged block be dropped instead, answers built on it fail validation and
// the transaction ends in 1213.
func (e *Engine) Speculate(ctx context.Context, tx *consensus.Tx, read func(context.Context, Querier) error) (*Speculation, error) {
	// Speculations queue here, one at a time, so that the engine's own
	// steps (staging, committing a block) wait for one at most.
	e.specMu.Lock()
	defer e.specMu.Unlock()
	for wait := 50 * time.Microsecond; ; wait = min(2*wait, 2*time.Millisecond) {
		if sp, done, err := e.speculateOnStaged(ctx, tx, read); done {
			return sp, err
		}
		if e.mu.TryLock() {
			defer e.mu.Unlock()
			return e.speculateAlone(ctx, tx, read)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(wait): // a block is being applied or committed
		}
	}
}

// speculateAlone speculates between blocks, the engine locked. Instead of
// rolling its local transaction back, it leaves it open (parks it) for the
// transaction's next statement: if nothing else needed the database
// meanwhile, that statement runs alone on top of the ones before instead of
// after all of them again. A bulk load inside BEGIN ... COMMIT on an
// otherwise idle node is then linear in its length, not quadratic. Whatever
// else begins a local transaction rolls a parked one back first (unpark),
// and the next statement re-runs the transaction as before.
func (e *Engine) speculateAlone(ctx context.Context, tx *consensus.Tx, read func(context.Context, Querier) error) (*Speculation, error) {
	height := e.height.Load() + 1
	p := e.parked
	e.parked = nil
	if p == nil || !p.continues(tx, height) {
		if p != nil {
			p.discard()
		}
		// The transaction outlives this request: the client's next
		// statement continues it.
		dtx, err := e.drv.Begin(context.WithoutCancel(ctx))
		if err != nil {
			return nil, fmt.Errorf("speculate: begin: %w", err)
		}
		p = e.newSpec(dtx, e.pub.Load(), height, tx)
	}
	sp, err := e.speculateOn(ctx, p, tx, read)
	if err != nil || sp.Aborted >= 0 {
		p.discard()
		return sp, err
	}
	p.tx = *tx
	p.tx.Statements = slices.Clone(tx.Statements)
	e.park(p)
	return sp, nil
}

// parkIdle is how long a parked speculation waits for its transaction's
// next statement. A transaction that ended (COMMIT with nothing to apply,
// ROLLBACK, a closed connection) says nothing to the engine, and on
// MariaDB an open local transaction holds locks and an old read view:
// one idle this long is rolled back. A bulk load sends its statements
// back to back; a person typing them gets the re-run of before.
const parkIdle = time.Second

// park leaves p open for its transaction's next statement (e.mu held).
func (e *Engine) park(p *parkedSpec) {
	p.stopIdle()
	p.idle = time.AfterFunc(parkIdle, func() {
		e.mu.Lock()
		defer e.mu.Unlock()
		if e.parked == p {
			e.unpark()
		}
	})
	e.parked = p
}

// parkedSpec is a speculation left open on the database (speculateAlone).
type parkedSpec struct {
	dtx     drivers.Tx
	height  int64               // the height it speculated at
	a       *txApply            // its state after tx's statements
	res     *consensus.TxResult // their results
	answers []consensus.Answer  // and answers
	tx      consensus.Tx        // the transaction as speculated
	idle    *time.Timer         // rolls it back after parkIdle (park)
}

// continues reports whether tx is p's transaction with statements added
// (or none: a read), at the same height: the same context, the same
// statements, and each earlier one carrying the answer p gave it.
func (p *parkedSpec) continues(tx *consensus.Tx, height int64) bool {
	if p.height != height || len(tx.Statements) < len(p.tx.Statements) {
		return false
	}
	a, b := *tx, p.tx
	a.Statements, b.Statements = nil, nil
	if !reflect.DeepEqual(a, b) {
		return false
	}
	for j, was := range p.tx.Statements {
		now := tx.Statements[j]
		if now.Answer == nil || !sameAnswer(*now.Answer, p.answers[j]) {
			return false
		}
		now.Answer, was.Answer = nil, nil
		if !reflect.DeepEqual(now, was) {
			return false
		}
	}
	return true
}

// unpark rolls back a parked speculation, before anything else begins a
// local transaction (the engine locked).
func (e *Engine) unpark() {
	if p := e.parked; p != nil {
		e.parked = nil
		p.discard()
	}
}

// discard rolls p's local transaction back.
func (p *parkedSpec) discard() {
	p.stopIdle()
	_ = p.dtx.Rollback()
}

func (p *parkedSpec) stopIdle() {
	if p.idle != nil {
		p.idle.Stop()
	}
}

// speculateOnStaged speculates inside the staged block's transaction, if
// one is staged (done reports whether it was). Holding pending.mu keeps
// the block from committing meanwhile. Cancellation is ignored here: an
// interrupted query could end the block's own transaction.
func (e *Engine) speculateOnStaged(ctx context.Context, tx *consensus.Tx, read func(context.Context, Querier) error) (*Speculation, bool, error) {
	if e.pending.taking.Load() > 0 {
		return nil, false, nil // the block is about to commit: let it
	}
	e.pending.mu.Lock()
	defer e.pending.mu.Unlock()
	st := e.pending.st
	if st == nil || st.spoiled != nil {
		return nil, false, nil
	}
	ctx = context.WithoutCancel(ctx)
	if err := st.dtx.Savepoint(ctx, specSavepoint); err != nil {
		st.spoiled = fmt.Errorf("speculation savepoint: %w", err)
		return nil, true, err
	}
	sp, err := e.speculateIn(ctx, st.dtx, st.work, st.height+1, tx, read)
	uerr := st.dtx.RollbackTo(ctx, specSavepoint)
	if uerr == nil {
		uerr = st.dtx.Release(ctx, specSavepoint)
	}
	if uerr != nil {
		st.spoiled = fmt.Errorf("undo speculation: %w", uerr)
		return nil, true, uerr
	}
	return sp, true, err
}

const specSavepoint = "blocksql_spec"

// speculateIn runs the speculation in dtx over the catalog sch.
func (e *Engine) speculateIn(ctx context.Context, dtx drivers.Tx, sch *schema, height int64, tx *consensus.Tx,
	read func(context.Context, Querier) error) (*Speculation, error) {
	return e.speculateOn(ctx, e.newSpec(dtx, sch, height, tx), tx, read)
}

// newSpec is a speculation of tx in dtx over the catalog sch, nothing run
// yet.
func (e *Engine) newSpec(dtx drivers.Tx, sch *schema, height int64, tx *consensus.Tx) *parkedSpec {
	b := &consensus.Block{Height: height, Time: time.Now().UTC()}
	// Row changes go to a throwaway set: the speculation is rolled back.
	rows := &blockRows{defs: map[stmtTable]*TableDef{}, hook: rowHook(dtx)}
	a := &txApply{e: e, dtx: dtx, block: b, tx: tx, sch: sch.clone(), ids: &idPlan{reserve: &e.spec}, rows: rows}
	return &parkedSpec{dtx: dtx, height: height, a: a, res: &consensus.TxResult{Failed: -1}}
}

// speculateOn runs tx's statements that p has not run yet, then read.
func (e *Engine) speculateOn(ctx context.Context, p *parkedSpec, tx *consensus.Tx,
	read func(context.Context, Querier) error) (*Speculation, error) {
	a := p.a
	a.tx, a.block.Time = tx, time.Now().UTC()
	answers, err := a.answerFrom(ctx, p.res, len(p.answers), p.answers)
	if err != nil {
		return nil, fmt.Errorf("speculate: %w", err)
	}
	p.answers = answers
	// Capped: the next statement's answer and result are appended past
	// these, never over them, so the caller's view needs no copy (a copy per
	// statement would make a long transaction quadratic again).
	n := len(p.res.Statements)
	sp := &Speculation{Answers: answers[:len(answers):len(answers)], Results: p.res.Statements[:n:n], Aborted: p.res.Failed}
	if sp.Aborted < 0 && read != nil {
		q, ok := p.dtx.(Querier)
		if !ok {
			return nil, fmt.Errorf("the %s driver cannot read inside a transaction", e.drv.Name())
		}
		if err := read(ctx, q); err != nil {
			return nil, err
		}
	}
	return sp, nil
}

// ReserveIDs is called for an autocommit INSERT ... VALUES (qualified)
// before it is submitted. It returns the statement's IDFloor: 0 when no
// open transaction on this node holds an id above the catalog counter (the
// engine then assigns ids densely, as MySQL does), else the next id above
// all of them, reserving one per row from there, so the INSERT never takes
// an id an open transaction was told. Until release is called, its rows
// count as in flight: transactions reserve above them. release(failed)
// with failed set (the chain recorded the INSERT as failed) gives its ids
// back unless a transaction reserved above them since: a failed statement
// consumes no id. It does not wait for the engine's lock.
func (e *Engine) ReserveIDs(ins *ast.InsertStmt) (floor uint64, release func(failed bool)) {
	tn := insertTarget(ins)
	t := e.pub.Load().table(tn.Schema.O, tn.Name.O)
	if t == nil || t.AutoIncColumn() == nil || ins.Select != nil || len(ins.Lists) == 0 {
		return 0, func(bool) {}
	}
	n := generatingRows(ins, t)
	if n == 0 {
		return 0, func(bool) {} // every row gives its id
	}
	r := &e.spec
	k := tableKey(t.DB, t.Name)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.init()
	end := uint64(0)
	if next := r.next[k]; next > t.AutoIncrement {
		floor, end = next, autoCap(t, next+n)
		r.next[k] = end
	}
	r.inflight[k] += n
	return floor, func(failed bool) {
		r.mu.Lock()
		defer r.mu.Unlock()
		r.inflight[k] -= n
		if failed && floor != 0 && r.next[k] == end {
			r.next[k] = floor
		}
	}
}

// autoCap bounds a next AUTO_INCREMENT id of t at one past the largest
// its column holds, where InnoDB's counter stops: ids reserved past it
// are never generated (an INSERT that would fails with 167, or, IGNORE,
// leaves its rows out), so the next id a node reports stays there too.
func autoCap(t *TableDef, next uint64) uint64 {
	col := t.AutoIncColumn()
	if col == nil {
		return next
	}
	if limit := autoMax(col.Type); limit < math.MaxUint64 {
		return min(next, limit+1)
	}
	return next
}

// generatingRows counts the rows of ins that generate an AUTO_INCREMENT id
// of t (NULL, 0, DEFAULT or no value), all of them when unsure.
func generatingRows(ins *ast.InsertStmt, t *TableDef) uint64 {
	auto, col := t.AutoIncColumn().Name, -1
	for i, c := range ins.Columns {
		if strings.EqualFold(c.Name.O, auto) {
			col = i
		}
	}
	if len(ins.Columns) == 0 {
		for i, c := range t.Columns {
			if c.Name == auto {
				col = i
			}
		}
	}
	var n uint64
	for _, row := range ins.Lists {
		if col < 0 || col >= len(row) {
			n++
			continue
		}
		if _, generate, err := autoValue(row[col]); generate || err != nil {
			n++
		}
	}
	return n
}

// NextAutoID is the next AUTO_INCREMENT id an autocommit INSERT into
// db.table on this node generates: the catalog counter, or, above it, the
// next id past those reserved for transactions, rolled back ones included
// (their ids are gaps, as in InnoDB). ok is false for a table without an
// AUTO_INCREMENT column.
func (e *Engine) NextAutoID(db, table string) (next uint64, ok bool) {
	t := e.pub.Load().table(db, table)
	if t == nil || t.AutoIncColumn() == nil {
		return 0, false
	}
	r := &e.spec
	r.mu.Lock()
	defer r.mu.Unlock()
	return max(t.AutoIncrement, r.next[tableKey(t.DB, t.Name)]), true
}

// reservations are the AUTO_INCREMENT ids this node handed out to open
// transactions, per table: the next one is max(catalog counter + rows of
// autocommit INSERTs in flight, highest reserved + 1). They live in memory:
// after a restart no transaction is open, and the catalog counter (advanced
// past every id a committed transaction stored) is where reservations
// resume. Ids reserved by a transaction that rolls back are gaps, as in
// InnoDB.
type reservations struct {
	mu       sync.Mutex
	next     map[string]uint64
	inflight map[string]uint64
}

func (r *reservations) init() {
	if r.next == nil {
		r.next = map[string]uint64{}
	}
	if r.inflight == nil {
		r.inflight = map[string]uint64{}
	}
}

// reset forgets the reservations of the tables keys (tableKey) names,
// after DDL changed them: their ids then resume from the catalog counters
// (an open transaction may be told an id another one was, and abort at
// COMMIT).
func (r *reservations) reset(keys []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, k := range keys {
		delete(r.next, k)
		if r.inflight[k] == 0 {
			delete(r.inflight, k)
		}
	}
}

func (r *reservations) floor(t *TableDef) uint64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.init()
	k := tableKey(t.DB, t.Name)
	return max(t.AutoIncrement+r.inflight[k], r.next[k])
}

func (r *reservations) advance(t *TableDef, next uint64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.init()
	k := tableKey(t.DB, t.Name)
	if next = autoCap(t, next); next > r.next[k] {
		r.next[k] = next
	}
}

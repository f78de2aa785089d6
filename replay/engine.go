// Package replay owns the apply engine: the one code path that turns a
// committed block into database changes, used both by the live node (via
// the ABCI application) and by the replayer. For each block it opens ONE
// local transaction, applies every chain transaction inside a savepoint
// (all or nothing), makes each statement deterministic (parameters, time,
// RAND, UUID and AUTO_INCREMENT become literals), writes the operation log,
// the catalog, the height and the AppHash, and commits.
package replay

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pingcap/tidb/pkg/parser/ast"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/drivers"
)

// ErrHeight reports a block that does not follow the last applied one.
var ErrHeight = errors.New("block out of order")

// Engine applies blocks to one local database.
type Engine struct {
	drv        drivers.Driver
	log        *slog.Logger
	pub        atomic.Pointer[schema]
	height     atomic.Int64
	mu         sync.Mutex // serializes ApplyBlock; guards appHash
	appHash    []byte
	after      commitHook                 // see SetAfterCommit
	history    bool                       // row history on (see WithRowHistory)
	historySet bool                       // history given by WithRowHistory
	reader     bool                       // opened by ReadOnly: no writer lock
	pending    stagedSlot                 // block staged by StageBlock
	lastRows   *blockRows                 // what the last block changed; guarded by mu
	spec       reservations               // AUTO_INCREMENT ids reserved on this node
	specMu     sync.Mutex                 // one speculation at a time (speculate.go)
	genesis    []consensus.GenesisAccount // see WithGenesisAccounts
	genesisNet *consensus.Membership      // see WithGenesisMembership
	group      *blockGroup                // blocks sharing a local transaction (group.go); guarded by mu
	parsed     parsedCache                // trees Check parsed, for the apply step (parsecache.go)
	ahead      aheadCache                 // transactions a restore readied, for the apply step (parsecache.go)
	parked     *parkedSpec                // a speculation left open (speculate.go); guarded by mu
}

var _ consensus.Applier = (*Engine)(nil)

// New opens the engine on drv, creating blocksql's tables if needed and
// loading the applied height, AppHash and catalog.
func New(ctx context.Context, drv drivers.Driver, log *slog.Logger, opts ...Option) (*Engine, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	e := &Engine{drv: drv, log: log, history: true}
	for _, o := range opts {
		o(e)
	}
	if !e.reader {
		if err := lockWriter(ctx, drv); err != nil {
			return nil, err
		}
	}
	if err := drv.Init(ctx); err != nil {
		return nil, fmt.Errorf("init %s: %w", drv.Name(), err)
	}
	if err := e.load(ctx); err != nil {
		return nil, err
	}
	if err := e.seedAccounts(ctx); err != nil {
		return nil, err
	}
	if err := e.syncRowHistory(ctx); err != nil {
		return nil, err
	}
	return e, nil
}

// writerWait bounds how long an engine waits for another process's
// connection to give its database up (drivers.SoleWriter): a dead node's
// last statement, or a second node on the same database.
var writerWait = time.Minute

// lockWriter makes the engine its database's one writer, before it reads
// the applied height, when the database is kept by a server.
func lockWriter(ctx context.Context, drv any) error {
	sw, ok := drv.(drivers.SoleWriter)
	if !ok {
		return nil
	}
	return sw.LockWriter(ctx, writerWait)
}

func (e *Engine) load(ctx context.Context) error {
	rows, err := e.drv.QueryInternal(ctx, "SELECT k, v FROM "+e.drv.Internal("meta"))
	if err != nil {
		return fmt.Errorf("load meta: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		var v []byte
		if err := rows.Scan(&k, &v); err != nil {
			return fmt.Errorf("load meta: %w", err)
		}
		switch k {
		case "height":
			h, _ := strconv.ParseInt(string(v), 10, 64)
			e.height.Store(h)
		case "app_hash":
			e.appHash = append([]byte(nil), v...)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	s, err := loadSchema(ctx, e.drv)
	if err != nil {
		return err
	}
	if s.accounts, err = loadAccounts(ctx, e.drv); err != nil {
		return err
	}
	if s.network, err = e.loadMembership(ctx); err != nil {
		return err
	}
	e.pub.Store(s)
	return nil
}

// Driver is the local database the engine applies to.
func (e *Engine) Driver() drivers.Driver { return e.drv }

// Close closes the engine's database.
func (e *Engine) Close() error {
	if e.mu.TryLock() {
		e.unpark()
		e.mu.Unlock()
	}
	return e.drv.Close()
}

// Height is the last applied block height.
func (e *Engine) Height() int64 { return e.height.Load() }

// AppHash is the AppHash after the last applied block.
func (e *Engine) AppHash() []byte {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]byte(nil), e.appHash...)
}

// ChangedRows names the rows the last applied block changed, as
// "db.table key=value (op)", for the report of a block whose AppHash
// differs from the chain's.
func (e *Engine) ChangedRows() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.lastRows == nil {
		return nil
	}
	return e.lastRows.describe()
}

// Info implements consensus.Applier.
func (e *Engine) Info(ctx context.Context) (int64, []byte, error) {
	return e.Height(), e.AppHash(), nil
}

// Catalog describes the user tables as of the last applied block.
func (e *Engine) Catalog() CatalogReader { return catalogView{cur: &e.pub} }

// Query answers a qualified read from the local database.
func (e *Engine) Query(ctx context.Context, stmt ast.StmtNode) (*sql.Rows, error) {
	return e.drv.Query(ctx, stmt)
}

// PlanRead implements drivers.ReadPlanner with the local database's
// planner, or ErrNoPlan when it has none.
func (e *Engine) PlanRead(ctx context.Context, build func([]int64) (ast.StmtNode, error), n int) (drivers.ReadPlan, error) {
	if p, ok := e.drv.(drivers.ReadPlanner); ok {
		return p.PlanRead(ctx, build, n)
	}
	return nil, drivers.ErrNoPlan
}

// QueryPlan implements drivers.ReadPlanner.
func (e *Engine) QueryPlan(ctx context.Context, plan drivers.ReadPlan, vals []int64) (*sql.Rows, error) {
	if p, ok := e.drv.(drivers.ReadPlanner); ok {
		return p.QueryPlan(ctx, plan, vals)
	}
	return nil, drivers.ErrStalePlan
}

// MapError implements drivers.ErrorMapper for the rows Query returned.
func (e *Engine) MapError(err error) error { return drivers.MapReadError(e.drv, err) }

// Check implements consensus.Applier: every statement must parse as one
// write that CheckWrite accepts. A large group's statements are checked on
// several cores: its CheckTx is between one block and the next.
func (e *Engine) Check(tx *consensus.Tx) error {
	n := len(tx.Statements)
	if n == 0 {
		return errors.New("transaction has no statements")
	}
	workers := 1
	if tx.Grouped() && n >= checkSplit {
		workers = min(runtime.GOMAXPROCS(0), n/(checkSplit/2))
	}
	if workers == 1 {
		return e.checkRange(tx, 0, n) // on the caller's goroutine: CheckTx is on the write's path
	}
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() { errs[w] = e.checkRange(tx, w*n/workers, (w+1)*n/workers) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err // the first failing statement
		}
	}
	return nil
}

// checkSplit is the group size from which Check uses several cores.
const checkSplit = 64

// checkRange checks statements [from, to) of tx and returns the first
// failure.
func (e *Engine) checkRange(tx *consensus.Tx, from, to int) error {
	for i := from; i < to; i++ {
		st := tx.Statements[i]
		groupable, err := e.checkText(st.Read, st.Canonical)
		if err == nil && tx.Grouped() && !groupable {
			err = errors.New("a grouped transaction holds only INSERT, UPDATE, DELETE and REPLACE")
		}
		if err != nil {
			return fmt.Errorf("statement %d: %w", i, err)
		}
	}
	return nil
}

// checkText checks one statement's canonical text (see checkMemo) and
// reports whether it may share a grouped transaction. A tree it parses
// goes to the apply step (parsecache.go).
func (e *Engine) checkText(read bool, text string) (bool, error) {
	if groupable, ok := checkedTexts.get(read, text); ok {
		return groupable, nil
	}
	var err error
	var stmt ast.StmtNode
	if read {
		_, _, err = parseLockingRead(text)
	} else {
		stmt, err = parseOne(text)
	}
	if err != nil {
		return false, err
	}
	groupable := !read && Groupable(stmt)
	if !read {
		e.parsed.put(text, stmt)
	}
	checkedTexts.put(read, text, groupable)
	return groupable, nil
}

// Groupable reports whether an autocommit write may share a grouped
// transaction (consensus.Tx.Group): a data change. DDL (which MariaDB
// commits implicitly, ending every savepoint) and account statements go
// alone.
func Groupable(stmt ast.StmtNode) bool {
	switch stmt.(type) {
	case *ast.InsertStmt, *ast.UpdateStmt, *ast.DeleteStmt:
		return true
	}
	return false
}

// parseOne parses the canonical text of one chain statement (with the
// drivers' pooled parsers: Check runs concurrently from CheckTx) and
// applies the determinism rules; an INSERT of parameters it parsed before
// is copied from its template instead (insertclone.go).
func parseOne(sql string) (ast.StmtNode, error) {
	if stmt, ok := insertFromTemplate(sql); ok {
		return stmt, nil
	}
	stmt, err := drivers.Parse(sql)
	if err != nil {
		return nil, err
	}
	if err := CheckWrite(stmt); err != nil {
		return nil, err
	}
	return keepTemplate(sql, stmt), nil
}

// ApplyBlock implements consensus.Applier.
func (e *Engine) ApplyBlock(ctx context.Context, b consensus.Block) ([]*consensus.TxResult, []byte, error) {
	return e.applyBlock(ctx, b, nil)
}

// applyBlock applies b and commits; extra, if set, writes more in the
// block's local transaction (see ApplyBlockPrefix).
func (e *Engine) applyBlock(ctx context.Context, b consensus.Block, extra func(context.Context, drivers.Tx) error) ([]*consensus.TxResult, []byte, error) {
	results, hash, st, err := e.stage(ctx, b, extra)
	if err != nil {
		return nil, nil, err
	}
	if err := e.commit(st); err != nil {
		return nil, nil, err
	}
	return results, hash, nil
}

// staged is a block applied in a local transaction that is not committed
// yet. While a block is staged the engine stays locked.
type staged struct {
	dtx    drivers.Tx
	work   *schema
	height int64
	hash   []byte
	txs    int
	// spoiled is set when a speculation inside the staged transaction
	// could not undo itself: the block must not commit (see speculate.go).
	spoiled error
}

// stage applies b in a new local transaction and leaves it open. On success
// the engine stays locked until commit or abort.
func (e *Engine) stage(ctx context.Context, b consensus.Block, extra func(context.Context, drivers.Tx) error) ([]*consensus.TxResult, []byte, *staged, error) {
	e.mu.Lock()
	if want := e.height.Load() + 1; b.Height != want {
		e.mu.Unlock()
		return nil, nil, nil, fmt.Errorf("%w: got block %d, want %d", ErrHeight, b.Height, want)
	}
	dtx, err := e.begin(ctx)
	if err != nil {
		e.mu.Unlock()
		return nil, nil, nil, fmt.Errorf("apply block %d: begin: %w", b.Height, err)
	}
	results, work, hash, err := e.applyTxs(ctx, dtx, &b)
	if err == nil {
		err = e.finishBlock(ctx, dtx, &b, work, hash)
	}
	if err == nil && extra != nil {
		err = extra(ctx, dtx)
	}
	if err != nil {
		e.rollback(dtx)
		e.mu.Unlock()
		return nil, nil, nil, fmt.Errorf("apply block %d: %w", b.Height, err)
	}
	return results, hash, &staged{dtx: dtx, work: work, height: b.Height, hash: hash, txs: len(b.Txs)}, nil
}

// commit makes a staged block durable and visible, and unlocks the engine.
func (e *Engine) commit(st *staged) error {
	defer e.mu.Unlock()
	if e.group.keep(st) {
		e.publish(st)
		return nil
	}
	if err := st.dtx.Commit(); err != nil {
		e.group.lost(e)
		return fmt.Errorf("apply block %d: commit: %w", st.height, err)
	}
	e.publish(st)
	e.group.committed(e)
	e.afterCommit(st.height)
	return nil
}

// publish makes a block's state the engine's.
func (e *Engine) publish(st *staged) {
	e.pub.Store(st.work)
	e.height.Store(st.height)
	e.appHash = st.hash
}

// abort rolls a staged block back and unlocks the engine.
func (e *Engine) abort(st *staged) error {
	defer e.mu.Unlock()
	if err := e.rollback(st.dtx); err != nil {
		return fmt.Errorf("abort block %d: %w", st.height, err)
	}
	return nil
}

func (e *Engine) applyTxs(ctx context.Context, dtx drivers.Tx, b *consensus.Block) ([]*consensus.TxResult, *schema, []byte, error) {
	work := e.pub.Load().clone()
	results := make([]*consensus.TxResult, len(b.Txs))
	h := sha256.New()
	h.Write(e.appHash)
	hashes := make([][32]byte, len(b.Txs))
	for i := range b.Txs {
		hashes[i] = b.TxHash(i)
	}
	seen, err := e.appliedBefore(ctx, dtx, hashes)
	if err != nil {
		return nil, nil, nil, err
	}
	rows, err := startBlockRows(ctx, dtx, e.drv)
	if err != nil {
		return nil, nil, nil, err
	}
	oplog := newOplogBatch()
	applies := make([]*txApply, len(b.Txs))
	txAt := func(i int) *txApply {
		if applies[i] == nil {
			a := &txApply{e: e, dtx: dtx, block: b, index: i, raw: b.Txs[i], hash: hashes[i], sch: work, oplog: oplog,
				seen: seen, rows: rows, preBound: -1}
			if a.pre = e.ahead.take(a.hash, b.Height, i); a.pre != nil {
				a.tx = a.pre.tx
			} else if tx, err := consensus.UnmarshalTx(a.raw); err == nil {
				a.tx = tx // else run decodes it again and reports why not
			}
			applies[i] = a
		}
		return applies[i]
	}
	failedTo := 0
	for i := 0; i < len(b.Txs); {
		run, err := runTxInserts(ctx, txAt, len(b.Txs), i, &failedTo)
		if err != nil {
			return nil, nil, nil, err
		}
		if run == nil {
			res, err := txAt(i).run(ctx)
			if err != nil {
				return nil, nil, nil, err
			}
			run = []*consensus.TxResult{res}
		}
		for _, res := range run {
			results[i] = res
			h.Write(hashes[i][:])
			h.Write(res.Consensus())
			applies[i] = nil
			i++
		}
	}
	e.ahead.drop(hashes)
	if err := oplog.flush(ctx, dtx, e.drv); err != nil {
		return nil, nil, nil, err
	}
	oplog.release()
	hash := e.appHash
	if len(b.Txs) > 0 {
		state, err := rows.fold(ctx, dtx, e.drv, b.Height, hashes, e.history)
		if err != nil {
			return nil, nil, nil, err
		}
		h.Write(state)
		var hb [8]byte
		binary.BigEndian.PutUint64(hb[:], uint64(b.Height))
		h.Write(hb[:])
		hash = h.Sum(nil)
	}
	e.lastRows = rows
	return results, work, hash, nil
}

func (e *Engine) finishBlock(ctx context.Context, dtx drivers.Tx, b *consensus.Block, work *schema, hash []byte) error {
	if err := saveSchema(ctx, dtx, e.drv, e.pub.Load(), work); err != nil {
		return err
	}
	if err := saveMembership(ctx, dtx, e.drv, e.pub.Load().network, work.network); err != nil {
		return err
	}
	if err := writeBlock(ctx, dtx, e.drv, b, hash); err != nil {
		return err
	}
	meta := e.drv.Internal("meta")
	return dtx.ExecInternal(ctx, "REPLACE INTO "+meta+" (k, v) VALUES ('height', ?), ('app_hash', ?)",
		[]byte(strconv.FormatInt(b.Height, 10)), hash)
}

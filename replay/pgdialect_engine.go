package replay

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/drivers"
)

// PGEngine applies the blocks of a postgres-dialect chain. It keeps the
// MySQL engine's rules — one local transaction per block, one savepoint
// per chain transaction (all or nothing), the clock pinned to the block
// time, height and AppHash stored with the data — over canonical
// PostgreSQL text that the backend runs as written. The MySQL engine's
// catalog and translation are dialect-specific and not used; row history
// is the backend's (drivers.TextRowCapture), the engine telling it which
// statement is applied.
type PGEngine struct {
	drv     drivers.TextDriver
	mu      sync.Mutex // serializes ApplyBlock; guards appHash
	height  atomic.Int64
	appHash []byte
	// history keeps the captured row changes (row history); without it
	// the engine deletes a block's once it has folded them into the
	// AppHash.
	history bool
	after   commitHook // see SetAfterCommit
	// network is the membership after the last applied block (see
	// membership.go); block is the one of the block being applied.
	network atomic.Pointer[consensus.Membership]
	block   *consensus.Membership
}

var _ consensus.Applier = (*PGEngine)(nil)

// PGOption configures a PGEngine.
type PGOption func(*pgOptions)

type pgOptions struct {
	history, historySet bool
	network             *consensus.Membership
}

// PGWithRowHistory turns row history (blocksql.row_changes) on or off.
// Without it the engine keeps the database's setting (on for a new
// database), so opening a database to read it (verify) never changes it.
func PGWithRowHistory(on bool) PGOption {
	return func(o *pgOptions) { o.history, o.historySet = on, true }
}

// NewPG opens the engine on drv, creating blocksql's tables if needed.
func NewPG(ctx context.Context, drv drivers.TextDriver, opts ...PGOption) (*PGEngine, error) {
	var o pgOptions
	for _, opt := range opts {
		opt(&o)
	}
	if err := lockWriter(ctx, drv); err != nil {
		return nil, err
	}
	if err := drv.Init(ctx); err != nil {
		return nil, fmt.Errorf("init %s: %w", drv.Name(), err)
	}
	meta, err := drv.Meta(ctx)
	if err != nil {
		return nil, fmt.Errorf("load meta: %w", err)
	}
	e := &PGEngine{drv: drv, appHash: meta["app_hash"]}
	h, _ := strconv.ParseInt(string(meta["height"]), 10, 64)
	e.height.Store(h)
	if e.history, err = pgSyncCapture(ctx, drv, meta[metaRowHistory], o); err != nil {
		return nil, err
	}
	m, err := pgLoadMembership(o.network, meta)
	if err != nil {
		return nil, err
	}
	e.network.Store(m)
	return e, nil
}

// pgSyncCapture records the row history setting, gives every table of a
// database written before row history its capture triggers, and turns the
// capture on: the AppHash folds every block's row changes whether history
// keeps them or not (the capture writes nothing while
// blocksql.capture_context has no row; the triggers copy that row into
// each change they record). It returns whether history is on.
func pgSyncCapture(ctx context.Context, drv drivers.TextDriver, was []byte, o pgOptions) (bool, error) {
	on := o.history || !o.historySet && string(was) != "0"
	dtx, err := drv.Begin(ctx)
	if err != nil {
		return on, err
	}
	rc, ok := dtx.(drivers.TextRowCapture)
	if !ok {
		return on, dtx.Commit()
	}
	err = rc.SyncCapture(ctx)
	if err == nil {
		err = dtx.Exec(ctx, `INSERT INTO blocksql.capture_context (id) VALUES (1) ON CONFLICT DO NOTHING`)
	}
	if err == nil && (o.historySet || was == nil) {
		err = dtx.Exec(ctx, `INSERT INTO blocksql.meta (k, v) VALUES ($1, $2) ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v`,
			metaRowHistory, []byte(map[bool]string{true: "1", false: "0"}[on]))
	}
	if err != nil {
		_ = dtx.Rollback()
		return on, fmt.Errorf("row history: %w", err)
	}
	return on, dtx.Commit()
}

// pgRowState is the digest of the rows block height changed, as the row
// capture recorded them: per row (table and primary key), its image before
// the block and after it, rows the block left as they were left out, in a
// canonical order. Net changes, so a cascade that SQLite records as an
// update then a delete and PostgreSQL as a delete digest alike. A row of a
// table without a primary key counts as each of its changes.
func pgRowState(ctx context.Context, dtx drivers.TextTx, height int64) ([]byte, error) {
	var cols [4][]string
	for i, c := range []string{"table_name", "coalesce(pk, '')", "coalesce(row_before, '')", "coalesce(row_after, '')"} {
		var err error
		if cols[i], err = dtx.QueryStrings(ctx, "SELECT "+c+" FROM blocksql.row_changes WHERE height = "+
			strconv.FormatInt(height, 10)+" ORDER BY id"); err != nil {
			return nil, fmt.Errorf("row state: %w", err)
		}
	}
	type change struct{ key, before, after string }
	var order []*change
	byKey := map[string]*change{}
	for i := range cols[0] {
		key := cols[0][i] + "\x1f" + cols[1][i]
		if c := byKey[key]; c != nil && cols[1][i] != "" {
			c.after = cols[3][i]
			continue
		}
		c := &change{key: key, before: cols[2][i], after: cols[3][i]}
		order = append(order, c)
		if cols[1][i] != "" {
			byKey[key] = c
		}
	}
	var entries []string
	for _, c := range order {
		if c.before != c.after {
			entries = append(entries, c.key+"\x1f"+c.before+"\x1f"+c.after)
		}
	}
	sort.Strings(entries)
	h := sha256.New()
	for _, e := range entries {
		h.Write([]byte(e))
		h.Write([]byte{0x1e})
	}
	return h.Sum(nil), nil
}

// Driver is the local database the engine applies to.
func (e *PGEngine) Driver() drivers.TextDriver { return e.drv }

// Height is the last applied block height.
func (e *PGEngine) Height() int64 { return e.height.Load() }

// AppHash is the AppHash after the last applied block.
func (e *PGEngine) AppHash() []byte {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]byte(nil), e.appHash...)
}

// Info implements consensus.Applier.
func (e *PGEngine) Info(context.Context) (int64, []byte, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.height.Load(), append([]byte(nil), e.appHash...), nil
}

// Check implements consensus.Applier: every statement is one PostgreSQL
// write that PGCheckWrite accepts.
func (e *PGEngine) Check(tx *consensus.Tx) error {
	if len(tx.Statements) == 0 {
		return errors.New("transaction has no statements")
	}
	if tx.Grouped() {
		return errors.New("a PostgreSQL-dialect chain takes no grouped transactions")
	}
	for i, st := range tx.Statements {
		if err := PGCheckChain(st.Canonical); err != nil {
			return fmt.Errorf("statement %d: %w", i, err)
		}
	}
	return nil
}

// PGCheckChain accepts the canonical text of one chain statement: exactly
// one write, deterministic.
func PGCheckChain(canonical string) error {
	if _, ok := pgPinned.get(canonical); ok {
		return nil // PGPin accepted it: one write, checked
	}
	stmts, err := PGParse(canonical)
	if err != nil {
		return err
	}
	if len(stmts) != 1 {
		return pgNotSupported("a chain statement must be exactly one statement")
	}
	return PGCheckWrite(stmts[0])
}

// ApplyBlock implements consensus.Applier.
func (e *PGEngine) ApplyBlock(ctx context.Context, b consensus.Block) ([]*consensus.TxResult, []byte, error) {
	return e.applyBlock(ctx, b, nil)
}

// applyBlock is ApplyBlock; extra, when set, runs last in the block's
// local transaction (see ApplyBlockPrefix).
func (e *PGEngine) applyBlock(ctx context.Context, b consensus.Block, extra func(context.Context, drivers.TextTx) error) ([]*consensus.TxResult, []byte, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if want := e.height.Load() + 1; b.Height != want {
		return nil, nil, fmt.Errorf("%w: got block %d, want %d", ErrHeight, b.Height, want)
	}
	dtx, err := e.drv.Begin(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("apply block %d: begin: %w", b.Height, err)
	}
	results, hash, err := e.applyTxs(ctx, dtx, &b)
	if err == nil {
		err = e.finish(ctx, dtx, &b, hash)
	}
	if err == nil && extra != nil {
		err = extra(ctx, dtx)
	}
	if err == nil {
		err = dtx.Commit()
	}
	if err != nil {
		_ = dtx.Rollback()
		return nil, nil, fmt.Errorf("apply block %d: %w", b.Height, err)
	}
	e.appHash = hash
	e.height.Store(b.Height)
	e.network.Store(e.block)
	e.after.fire(b.Height)
	return results, hash, nil
}

// applyTxs applies every transaction of b; the AppHash chains the previous
// one, each transaction's hash and outcome, and the height.
func (e *PGEngine) applyTxs(ctx context.Context, dtx drivers.TextTx, b *consensus.Block) ([]*consensus.TxResult, []byte, error) {
	results := make([]*consensus.TxResult, len(b.Txs))
	e.block = e.network.Load()
	h := sha256.New()
	h.Write(e.appHash)
	seen, err := pgAppliedTxs(ctx, dtx, b)
	if err != nil {
		return nil, nil, err
	}
	for i, raw := range b.Txs {
		hash := b.TxHash(i)
		var res *consensus.TxResult
		if seen[hash] {
			// Exactly once: a transaction the log holds (from an earlier
			// block, or earlier in this one) is not applied again.
			res = &consensus.TxResult{Height: b.Height, Failed: 0, Statements: []consensus.StmtResult{{Code: ErDuplicateTx,
				State: "XX000", Message: "transaction already applied; a chain transaction runs exactly once"}}}
		} else {
			seen[hash] = true
			res, err = e.applyTx(ctx, dtx, b, raw, hash)
			if err == nil {
				err = pgLogTxRow(ctx, dtx, b, i, raw, hash, res)
			}
			if err != nil {
				return nil, nil, err
			}
		}
		results[i] = res
		h.Write(hash[:])
		h.Write(res.Consensus())
	}
	if len(b.Txs) == 0 {
		return results, e.appHash, nil
	}
	rows, err := pgRowState(ctx, dtx, b.Height)
	if err != nil {
		return nil, nil, err
	}
	h.Write(rows)
	if !e.history {
		if err := dtx.Exec(ctx, "DELETE FROM blocksql.row_changes WHERE height = "+strconv.FormatInt(b.Height, 10)); err != nil {
			return nil, nil, fmt.Errorf("row state: %w", err)
		}
	}
	h.Write(binary.BigEndian.AppendUint64(nil, uint64(b.Height)))
	return results, h.Sum(nil), nil
}

func (e *PGEngine) applyTx(ctx context.Context, dtx drivers.TextTx, b *consensus.Block, raw []byte, hash [32]byte) (*consensus.TxResult, error) {
	res := &consensus.TxResult{Height: b.Height, Failed: -1}
	tx, err := consensus.UnmarshalTx(raw)
	if err != nil {
		res.Failed = 0
		res.Statements = []consensus.StmtResult{{Code: drivers.ErUnknown, State: "XX000", Message: err.Error()}}
		return res, nil
	}
	if tx.Membership != nil {
		e.block = applyMembership(e.block, tx.Membership, b.Height, "XX000", res)
		logged, _ := membershipLogged(tx, res)
		return res, pgLogTx(ctx, dtx, b, logged, hash, res, []string{logged.Statements[0].SQL})
	}
	if err := dtx.Savepoint(ctx, txSavepoint); err != nil {
		return nil, err
	}
	applied := make([]string, len(tx.Statements))
	_, capture := dtx.(drivers.TextRowCapture)
	for j, st := range tx.Statements {
		if capture {
			// The capture triggers copy this row into each row change.
			if err := dtx.Exec(ctx, `UPDATE blocksql.capture_context SET height = $1, tx_hash = $2, stmt_index = $3 WHERE id = 1`,
				b.Height, hex.EncodeToString(hash[:]), j); err != nil {
				return nil, fmt.Errorf("row capture: %w", err)
			}
		}
		sr, text, err := pgStatement(ctx, dtx, b.Time, st)
		if err != nil {
			return nil, err
		}
		sr = pgValidate(j, st, sr)
		applied[j] = text
		res.Statements = append(res.Statements, sr)
		if sr.Code != 0 {
			res.Failed = j
			if err := dtx.RollbackTo(ctx, txSavepoint); err != nil {
				return nil, err
			}
			break
		}
	}
	if err := dtx.Release(ctx, txSavepoint); err != nil {
		return nil, err
	}
	return res, pgLogTx(ctx, dtx, b, tx, hash, res, applied)
}

// pgValidate checks a statement of an explicit transaction against what
// its client was told when it sent it: a different outcome aborts the
// whole transaction with 40001, which PostgreSQL clients retry.
func pgValidate(j int, st consensus.Statement, sr consensus.StmtResult) consensus.StmtResult {
	a := st.Answer
	if a == nil || (sr.Code == 0 && sr.RowsAffected == a.RowsAffected && bytes.Equal(PGReturnedDigest(sr.Returned), a.ReadDigest)) {
		return sr
	}
	got := fmt.Sprintf("affected %d rows", sr.RowsAffected)
	switch {
	case sr.Code != 0:
		got = "failed (" + sr.State + ": " + sr.Message + ")"
	case sr.RowsAffected == a.RowsAffected:
		got = "returned other rows than it did"
	}
	return consensus.StmtResult{Code: ErDeadlock, State: "40001", Message: fmt.Sprintf(
		"could not serialize access due to concurrent update: statement %d of the transaction %s when its block was applied, "+
			"but affected %d rows when it was sent; retry the transaction", j+1, got, a.RowsAffected)}
}

// Speculate runs stmts, the writes of an open transaction so far, as
// applying them would (at the present time instead of the block's), in a
// local transaction it always rolls back, while no block is applied; it
// stops at the first that fails, as PostgreSQL aborts the transaction
// there. Then read, if given, runs in that same transaction, so it sees
// the transaction's own writes. Speculations and blocks take turns: a
// speculation holds no row lock a block could wait for.
func (e *PGEngine) Speculate(ctx context.Context, stmts []consensus.Statement, read func(drivers.TextTx) error) ([]consensus.StmtResult, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	dtx, err := e.drv.Begin(ctx)
	if err != nil {
		return nil, err
	}
	defer func() { _ = dtx.Rollback() }()
	keeper, _ := dtx.(drivers.SequenceKeeper)
	if keeper != nil {
		if err := keeper.SaveSequences(ctx); err != nil {
			return nil, err
		}
	}
	if err := dtx.Savepoint(ctx, txSavepoint); err != nil {
		return nil, err
	}
	out, err := pgSpeculate(ctx, dtx, stmts, read)
	// A statement's error aborts the local transaction: back to the
	// savepoint, then put every sequence back where the chain left it
	// (sequences ignore rollbacks), so a speculation consumes no value.
	if rerr := dtx.RollbackTo(ctx, txSavepoint); rerr != nil && err == nil {
		err = rerr
	}
	if keeper != nil {
		if rerr := keeper.RestoreSequences(ctx); rerr != nil && err == nil {
			err = rerr
		}
	}
	return out, err
}

func pgSpeculate(ctx context.Context, dtx drivers.TextTx, stmts []consensus.Statement, read func(drivers.TextTx) error) ([]consensus.StmtResult, error) {
	now := time.Now().UTC()
	out := make([]consensus.StmtResult, 0, len(stmts))
	for _, st := range stmts {
		sr, _, err := pgStatement(ctx, dtx, now, st)
		if err != nil {
			return nil, err
		}
		out = append(out, sr)
		if sr.Code != 0 {
			return out, nil
		}
	}
	if read != nil {
		return out, read(dtx)
	}
	return out, nil
}

// pgStatement applies one statement: a SQL error is its result, anything
// else halts the node.
func pgStatement(ctx context.Context, dtx drivers.TextTx, t time.Time, st consensus.Statement) (consensus.StmtResult, string, error) {
	text, err := PGPin(st.Canonical, t)
	var r drivers.Result
	if err == nil {
		r, err = dtx.ExecText(ctx, text, pgParams(st.Params))
	}
	var sqlErr *drivers.Error
	switch {
	case errors.As(err, &sqlErr):
		return consensus.StmtResult{Code: sqlErr.Code, State: sqlErr.State, Message: sqlErr.Message}, text, nil
	case err != nil:
		return consensus.StmtResult{}, text, err
	}
	if rc, ok := dtx.(drivers.TextRowCapture); ok && pgChangesColumns(text) {
		if err := rc.SyncCapture(ctx); err != nil {
			return consensus.StmtResult{}, text, err
		}
	}
	sr := consensus.StmtResult{RowsAffected: uint64(r.RowsAffected)}
	if len(r.ReturnedNames) > 0 {
		sr.Returned = &consensus.Returned{Names: r.ReturnedNames, OIDs: r.ReturnedOIDs, Rows: r.Returned}
	}
	return sr, text, nil
}

// pgChangesColumns reports whether canonical text may create, drop or
// change a table (anything but a DML statement), after which the capture
// triggers are brought up to date.
func pgChangesColumns(text string) bool {
	word, _, _ := strings.Cut(strings.TrimSpace(text), " ")
	switch strings.ToUpper(word) {
	case "INSERT", "UPDATE", "DELETE", "WITH", "SELECT", "TRUNCATE", "COPY":
		return false
	}
	return true
}

// PGReturnedDigest is the digest of a RETURNING clause's rows that an
// explicit transaction's statement carries (Answer.ReadDigest) and that
// applying it must reproduce: the client was told those rows (a generated
// key, say). Nil without RETURNING.
func PGReturnedDigest(r *consensus.Returned) []byte {
	if r == nil {
		return nil
	}
	h := sha256.New()
	for _, row := range r.Rows {
		h.Write(binary.AppendUvarint(nil, uint64(len(row))))
		for _, v := range row {
			if v == nil {
				h.Write([]byte{0})
				continue
			}
			h.Write([]byte{1})
			h.Write(binary.AppendUvarint(nil, uint64(len(v))))
			h.Write(v)
		}
	}
	return h.Sum(nil)
}

// PGTextParams writes chain parameters in PostgreSQL's text format (nil
// is NULL).
func PGTextParams(vals []consensus.Value) [][]byte { return pgParams(vals) }

// pgParams writes chain parameters in PostgreSQL's text format.
func pgParams(vals []consensus.Value) [][]byte {
	out := make([][]byte, len(vals))
	for i, v := range vals {
		switch v.Kind {
		case consensus.KindNull:
		case consensus.KindInt:
			out[i] = strconv.AppendInt(nil, v.Int, 10)
		case consensus.KindUint:
			out[i] = strconv.AppendUint(nil, v.Uint, 10)
		case consensus.KindFloat:
			out[i] = strconv.AppendFloat(nil, v.Float, 'g', -1, 64)
		default:
			out[i] = append([]byte{}, v.Bytes...)
		}
	}
	return out
}

// pgAppliedTxs is the set of txs the operation log already holds.
func pgAppliedTxs(ctx context.Context, dtx drivers.TextTx, b *consensus.Block) (map[[32]byte]bool, error) {
	seen := map[[32]byte]bool{}
	if len(b.Txs) == 0 {
		return seen, nil
	}
	hashes := make([]string, len(b.Txs))
	for i := range b.Txs {
		h := b.TxHash(i)
		hashes[i] = hex.EncodeToString(h[:])
	}
	// Hex digits need no quoting, and the IN list is SQL every backend of
	// the dialect reads.
	found, err := dtx.QueryStrings(ctx, "SELECT tx_hash FROM blocksql.transactions WHERE tx_hash IN ('"+
		strings.Join(hashes, "', '")+"')")
	if err != nil {
		return nil, fmt.Errorf("operation log: %w", err)
	}
	for _, s := range found {
		var h [32]byte
		if _, err := hex.Decode(h[:], []byte(s)); err == nil {
			seen[h] = true
		}
	}
	return seen, nil
}

// pgLogTxRow writes the transaction's row of the operation log (also for
// a transaction that does not decode): where in the chain it is, which is
// what proofs look up.
func pgLogTxRow(ctx context.Context, dtx drivers.TextTx, b *consensus.Block, index int, raw []byte, hash [32]byte, res *consensus.TxResult) error {
	var user, addr string
	if tx, err := consensus.UnmarshalTx(raw); err == nil {
		user, addr = tx.User, tx.ClientAddr
	}
	outcome, state, msg := "ok", "", ""
	if res.Failed >= 0 && res.Failed < len(res.Statements) {
		sr := res.Statements[res.Failed]
		outcome, state, msg = "error", sr.State, sr.Message
	}
	err := dtx.Exec(ctx, `INSERT INTO blocksql.transactions (tx_hash, height, tx_index, "user", client_addr,
		statement_count, outcome, sqlstate, error_message) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		hex.EncodeToString(hash[:]), b.Height, index, user, addr, len(res.Statements), outcome, state, msg)
	if err != nil {
		return fmt.Errorf("operation log: %w", err)
	}
	return nil
}

// pgLogTx writes the operation log rows of one transaction.
func pgLogTx(ctx context.Context, dtx drivers.TextTx, b *consensus.Block, tx *consensus.Tx, hash [32]byte,
	res *consensus.TxResult, applied []string) error {
	for j, st := range tx.Statements {
		outcome, sr := "skipped", consensus.StmtResult{}
		if j < len(res.Statements) {
			sr = res.Statements[j]
			outcome = pgOutcome(res, j)
		}
		err := dtx.Exec(ctx, `INSERT INTO blocksql.statements (height, tx_hash, stmt_index, block_time, "user",
			client_addr, original_sql, params, applied_sql, outcome, sqlstate, error_message, rows_affected)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
			b.Height, hex.EncodeToString(hash[:]), j, blockTime(b.Time), tx.User, tx.ClientAddr, st.SQL,
			pgParamText(st.Params), applied[j], outcome, sr.State, sr.Message, int64(sr.RowsAffected))
		if err != nil {
			return fmt.Errorf("operation log: %w", err)
		}
		for _, table := range pgTablesOf(st.Canonical) {
			if err := dtx.Exec(ctx, `INSERT INTO blocksql.statement_tables (table_name, height, tx_hash, stmt_index)
				VALUES ($1, $2, $3, $4)`, table, b.Height, hex.EncodeToString(hash[:]), j); err != nil {
				return fmt.Errorf("operation log: %w", err)
			}
		}
	}
	return nil
}

func pgOutcome(res *consensus.TxResult, j int) string {
	switch {
	case res.Failed < 0:
		return "ok"
	case j < res.Failed:
		return "rolled back"
	case j == res.Failed:
		return "error"
	}
	return "skipped"
}

func pgParamText(vals []consensus.Value) string {
	parts := make([]string, len(vals))
	for i, p := range pgParams(vals) {
		if p == nil {
			parts[i] = "NULL"
		} else {
			parts[i] = strconv.Quote(string(p))
		}
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func (e *PGEngine) finish(ctx context.Context, dtx drivers.TextTx, b *consensus.Block, hash []byte) error {
	err := dtx.Exec(ctx, `INSERT INTO blocksql.blocks (height, time, hash, proposer, tx_count, app_hash)
		VALUES ($1, $2, $3, $4, $5, $6)`, b.Height, blockTime(b.Time), hex.EncodeToString(b.Hash),
		hex.EncodeToString(b.Proposer), len(b.Txs), hex.EncodeToString(hash))
	if err != nil {
		return err
	}
	if e.block != e.network.Load() && e.block != nil {
		if err := dtx.Exec(ctx, `INSERT INTO blocksql.meta (k, v) VALUES ('network', $1)
			ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v`, e.block.MarshalEvents()); err != nil {
			return fmt.Errorf("save membership: %w", err)
		}
	}
	return dtx.Exec(ctx, `INSERT INTO blocksql.meta (k, v) VALUES ('height', $1), ('app_hash', $2)
		ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v`, []byte(strconv.FormatInt(b.Height, 10)), hash)
}

package difftest

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// Target is a MySQL server the runner sends statements to.
type Target struct {
	Name string
	DB   *sql.DB
	// Prefix is prepended to the name of every database the runner
	// creates on this target (the reference server is shared).
	Prefix string
	// Digest returns the state digest of database db on a blocksql node;
	// nil for the reference.
	Digest func(ctx context.Context, db string) (string, error)
	// AutoInc returns the next AUTO_INCREMENT value of a table on a
	// blocksql node; nil for the reference.
	AutoInc func(ctx context.Context, db, table string) (next uint64, ok bool, err error)
}

// Runner sends streams to every target and compares each answer with the
// reference's.
type Runner struct {
	Ref      Target
	Subjects []Target
	// Log, when set, receives every statement and every difference.
	Log io.Writer
	// ShrinkRuns bounds the replays spent shrinking one failure.
	ShrinkRuns int
	// Unexpected, when set, receives every unexpected difference with
	// its segment and statement (a report shows one per class).
	Unexpected io.Writer
	// Dialect is the targets' SQL dialect; MySQL when nil.
	Dialect *Dialect
	nextDB  atomic.Int64
}

func (r *Runner) dialect() *Dialect {
	if r.Dialect == nil {
		return MySQL
	}
	return r.Dialect
}

// session is one stream's connections, one per target, reference first.
type session struct {
	r     *Runner
	log   io.Writer
	db    string
	conns []*sql.Conn
	inTx  bool
	wrote bool
	// txWrites are the tags and tables of the writes of the open
	// transaction, or of the one the statement being compared closed
	// ("tx-insert-odku t1").
	txWrites []string
	// tx numbers that transaction: its BEGIN's index + 1; 0 outside one.
	tx int
}

func (r *Runner) targets() []Target { return append([]Target{r.Ref}, r.Subjects...) }

func (r *Runner) open(ctx context.Context, log io.Writer) (*session, error) {
	s := &session{r: r, log: log, db: fmt.Sprintf("dt%d", r.nextDB.Add(1))}
	for _, t := range r.targets() {
		c, err := t.DB.Conn(ctx)
		if err != nil {
			s.close(ctx)
			return nil, fmt.Errorf("%s: %w", t.Name, err)
		}
		s.conns = append(s.conns, c)
		if err := r.dialect().open(ctx, c, t, s.db); err != nil {
			s.close(ctx)
			return nil, fmt.Errorf("%s: %w", t.Name, err)
		}
	}
	return s, nil
}

func (s *session) close(ctx context.Context) {
	for i, c := range s.conns {
		s.r.dialect().drop(ctx, c, s.r.targets()[i], s.db)
		c.Close()
	}
}

// all runs s on every target at once.
func (s *session) all(ctx context.Context, st Stmt) []Outcome {
	out := make([]Outcome, len(s.conns))
	var wg sync.WaitGroup
	for i, c := range s.conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i] = s.r.dialect().execute(ctx, c, st)
		}()
	}
	wg.Wait()
	return out
}

// diffs compares every subject's outcome with the reference's.
func (s *session) diffs(i int, st Stmt, outs []Outcome) []Diff {
	if st.Query && !st.read() {
		outs = unordered(outs)
	}
	var all []Diff
	for j, t := range s.r.Subjects {
		for _, d := range compare(outs[0], outs[j+1]) {
			d.Target = t.Name
			all = append(all, d)
		}
	}
	for k := range all {
		d := &all[k]
		d.Index, d.Stmt, d.InTx, d.TxWrote, d.TxWrites, d.Tx, d.Ref = i, st, s.inTx, s.wrote, s.txWrites, s.tx, outs[0].String()
	}
	return all
}

// run sends stmts through one fresh database and returns every
// difference. It stops early once a write leaves a target's tables
// different from the reference's: later differences would only repeat it.
// It returns how many statements ran.
func (r *Runner) run(ctx context.Context, stmts []Stmt, log io.Writer) ([]Diff, int, error) {
	s, err := r.open(ctx, log)
	if err != nil {
		return nil, 0, err
	}
	defer s.close(ctx)
	var all []Diff
	for i, st := range stmts {
		ds, err := s.step(ctx, i, st)
		if err != nil {
			return all, i, err
		}
		all = append(all, ds...)
		if hasKind(ds, KindState) {
			return all, i + 1, nil
		}
	}
	if s.inTx {
		return all, len(stmts), nil
	}
	ds, err := s.digests(ctx, len(stmts)-1, stmts[len(stmts)-1])
	return append(all, ds...), len(stmts), err
}

func (s *session) step(ctx context.Context, i int, st Stmt) ([]Diff, error) {
	if !s.inTx {
		s.txWrites, s.tx = nil, 0
	}
	outs := s.all(ctx, st)
	ds := s.diffs(i, st, outs)
	if check := s.r.dialect().check; check != nil {
		for _, d := range check(s.r.Subjects, st, outs) {
			d.Index, d.Stmt, d.Ref = i, st, outs[0].String()
			ds = append(ds, d)
		}
	}
	s.track(i, st)
	if s.log != nil {
		fmt.Fprintf(s.log, "%4d %s\n     -> %s\n", i, st, outs[0])
		for _, d := range ds {
			fmt.Fprintf(s.log, "     !! %s\n", d)
		}
	}
	if st.read() || s.inTx {
		return ds, nil
	}
	auto, err := s.realign(ctx, i, st)
	for k := range auto {
		// At COMMIT, the writes of the transaction it ends.
		auto[k].Ref, auto[k].TxWrites = outs[0].String(), s.txWrites
	}
	ds = append(ds, auto...)
	if err != nil {
		return ds, err
	}
	state, err := s.compareState(ctx, i, st)
	return append(ds, state...), err
}

// track follows the transaction state as MySQL does: BEGIN opens one,
// COMMIT, ROLLBACK and DDL (an implicit commit) close it. The closing
// statement's comparisons still see the transaction's writes.
func (s *session) track(i int, st Stmt) {
	q := strings.ToUpper(st.SQL)
	switch {
	case q == "BEGIN" || q == "START TRANSACTION":
		s.inTx, s.wrote, s.txWrites, s.tx = true, false, nil, i+1
	case q == "COMMIT" || q == "ROLLBACK" || strings.HasPrefix(st.Tag, "ddl-"):
		s.inTx, s.wrote = false, false
	case s.inTx && !st.read():
		s.wrote = true
		s.txWrites = append(s.txWrites, st.Tag+" "+writtenTable(st))
	}
}

func hasKind(ds []Diff, kind string) bool {
	for _, d := range ds {
		if d.Kind == kind {
			return true
		}
	}
	return false
}

// unordered sorts copies of the rows of each outcome: a write's
// RETURNING rows come in no order SQL promises (PostgreSQL's follow its
// heap, SQLite's an index), so they compare as a multiset.
func unordered(outs []Outcome) []Outcome {
	out := make([]Outcome, len(outs))
	for i, o := range outs {
		o.Rows = slices.Clone(o.Rows)
		slices.SortFunc(o.Rows, func(a, b []string) int { return slices.Compare(a, b) })
		out[i] = o
	}
	return out
}

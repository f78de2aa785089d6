package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unsafe"

	"github.com/mattn/go-sqlite3"
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/blocksql/blocksql/drivers"
)

// PGDriver is the SQLite backend of a postgres-dialect chain: statements
// arrive as canonical PostgreSQL text (already deterministic, see
// replay/pgdialect.go), are parsed with pg_query and translated to SQLite
// (pgexpr.go, pgselect.go, pgwrite.go, pgddl.go). Table t of schema public
// is the SQLite table "t"; blocksql's own tables are "blocksql.<name>", the
// PostgreSQL types of each table live in "blocksql.pg_tables" and the
// sequences in "blocksql.pg_sequences". Errors carry PostgreSQL's SQLSTATE.
type PGDriver struct {
	path   string
	writer *sql.DB
	// conn is the writer's one connection, held for the driver's life:
	// the pre-update hook that records row history is registered on it.
	conn   *sql.Conn
	hook   *rowHook // the pre-update hook (pgrowhistory.go)
	reader *sql.DB
}

var _ drivers.TextDriver = (*PGDriver)(nil)

// pgRowHook registers the writer's pre-update hook for OpenPG; a test
// stands in for a build without it.
var pgRowHook = registerRowHook

// errNoPGRowHook: the postgres dialect on SQLite captures row changes only
// through the pre-update hook (pgrowhistory.go). Without it the node's
// AppHash would miss the rows a PostgreSQL node's covers, and it would halt
// at its first write in a mixed network, so it does not open.
var errNoPGRowHook = errors.New("this blocksql was built without the sqlite_preupdate_hook tag, " +
	"which a postgres-dialect node on SQLite needs to capture the rows its AppHash covers; build it with `make build`")

// OpenPG opens (creating if needed) the SQLite database of a
// postgres-dialect node.
func OpenPG(path string) (*PGDriver, error) {
	register()
	base := "file:" + path + "?_busy_timeout=10000&_foreign_keys=0&_journal_mode=WAL&_synchronous=NORMAL"
	// Foreign keys are enforced on the writer (postgres-dialect tables
	// declare them only when PostgreSQL would enforce them).
	w, err := sql.Open(growingDriverName, strings.Replace(base, "_foreign_keys=0", "_foreign_keys=1", 1)+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	r, err := sql.Open(sqlDriverName, base+"&_query_only=1")
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open sqlite readers %s: %w", path, err)
	}
	r.SetMaxOpenConns(8)
	conn, err := w.Conn(context.Background())
	var hook *rowHook
	var db unsafe.Pointer
	if err == nil {
		db, err = writerHandle(conn)
	}
	if err == nil {
		hook, err = pgRowHook(db)
	}
	if err == nil && hook == nil {
		err = errNoPGRowHook
	}
	if err != nil {
		r.Close()
		w.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	return &PGDriver{path: path, writer: w, conn: conn, hook: hook, reader: r}, nil
}

// Name implements drivers.TextDriver.
func (d *PGDriver) Name() string { return "sqlite" }

var pgInternalDDL = []string{
	`CREATE TABLE IF NOT EXISTS "blocksql.meta" (k TEXT PRIMARY KEY, v BLOB)`,
	`CREATE TABLE IF NOT EXISTS "blocksql.blocks" (height INTEGER PRIMARY KEY, time TEXT, hash TEXT,
		proposer TEXT, tx_count INTEGER, app_hash TEXT)`,
	`CREATE TABLE IF NOT EXISTS "blocksql.statements" (height INTEGER, tx_hash TEXT, stmt_index INTEGER,
		block_time TEXT, "user" TEXT, client_addr TEXT, original_sql TEXT, params TEXT, applied_sql TEXT,
		outcome TEXT, sqlstate TEXT, error_message TEXT, rows_affected INTEGER,
		PRIMARY KEY (height, tx_hash, stmt_index))`,
	`CREATE TABLE IF NOT EXISTS "blocksql.statement_tables" (table_name TEXT, height INTEGER, tx_hash TEXT,
		stmt_index INTEGER, PRIMARY KEY (height, tx_hash, stmt_index, table_name))`,
	`CREATE INDEX IF NOT EXISTS "blocksql.statement_tables.height" ON "blocksql.statement_tables" (table_name, height)`,
	`CREATE TABLE IF NOT EXISTS "blocksql.transactions" (tx_hash TEXT PRIMARY KEY, height INTEGER, tx_index INTEGER,
		"user" TEXT, client_addr TEXT, statement_count INTEGER, outcome TEXT, sqlstate TEXT, error_message TEXT)`,
	`CREATE TABLE IF NOT EXISTS "blocksql.row_changes" (id INTEGER PRIMARY KEY AUTOINCREMENT, table_name TEXT NOT NULL,
		pk TEXT, op TEXT NOT NULL, row_before TEXT, row_after TEXT, height INTEGER, tx_hash TEXT, stmt_index INTEGER)`,
	`CREATE INDEX IF NOT EXISTS "blocksql.row_changes.row" ON "blocksql.row_changes" (table_name, pk, height)`,
	`CREATE INDEX IF NOT EXISTS "blocksql.row_changes.table" ON "blocksql.row_changes" (table_name, height)`,
	`CREATE TABLE IF NOT EXISTS "blocksql.capture_context" (id INTEGER PRIMARY KEY, height INTEGER, tx_hash TEXT,
		stmt_index INTEGER)`,
	`CREATE TABLE IF NOT EXISTS "blocksql.pg_tables" (name TEXT PRIMARY KEY, def TEXT NOT NULL)`,
	`CREATE TABLE IF NOT EXISTS "blocksql.pg_sequences" (name TEXT PRIMARY KEY, last INTEGER, called INTEGER NOT NULL,
		min INTEGER NOT NULL, max INTEGER NOT NULL)`,
}

// Init implements drivers.TextDriver.
func (d *PGDriver) Init(ctx context.Context) error {
	for _, q := range pgInternalDDL {
		if _, err := d.conn.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("sqlite init: %w", err)
		}
	}
	return nil
}

// Begin implements drivers.TextDriver.
func (d *PGDriver) Begin(ctx context.Context) (drivers.TextTx, error) {
	tx, err := d.conn.BeginTx(context.WithoutCancel(ctx), nil)
	if err != nil {
		return nil, err
	}
	return &PGTx{tx: tx, hook: d.hook, seqs: map[string]*pgSeq{}}, nil
}

// Meta implements drivers.TextDriver.
func (d *PGDriver) Meta(ctx context.Context) (map[string][]byte, error) {
	rows, err := d.reader.QueryContext(ctx, `SELECT k, v FROM "blocksql.meta"`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]byte{}
	for rows.Next() {
		var k string
		var v []byte
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		out[k] = v
	}
	return out, rows.Err()
}

// Close implements drivers.TextDriver.
func (d *PGDriver) Close() error {
	err := errors.Join(d.reader.Close(), d.conn.Close(), d.writer.Close())
	d.hook.close()
	return err
}

// PGTx is the local transaction one block is applied in. Sequence values
// are kept beside it (seqs): PostgreSQL's nextval ignores rollbacks, so a
// value a failed statement drew stays drawn; they are written to
// "blocksql.pg_sequences" when the block commits.
type PGTx struct {
	tx     *sql.Tx
	hook   *rowHook
	seqs   map[string]*pgSeq
	tables map[string]*pgTable // read from the catalog in this transaction
}

type pgSeq struct {
	last     int64
	called   bool
	min, max int64
}

var internalName = regexp.MustCompile(`\bblocksql\.(\w+)`)

// Exec implements drivers.TextTx: blocksql's tables are "blocksql.<name>",
// parameters $n are SQLite's ?n.
func (t *PGTx) Exec(ctx context.Context, q string, args ...any) error {
	_, err := t.tx.ExecContext(noCancel(ctx), pgInternalSQL(q), args...)
	return err
}

func pgInternalSQL(q string) string {
	q = internalName.ReplaceAllString(q, `"blocksql.$1"`)
	return regexp.MustCompile(`\$(\d+)`).ReplaceAllString(q, "?$1")
}

// QueryStrings implements drivers.TextTx.
func (t *PGTx) QueryStrings(ctx context.Context, q string, args ...any) ([]string, error) {
	return drivers.ScanStrings(t.tx.QueryContext(ctx, pgInternalSQL(q), args...))
}

// Savepoint implements drivers.TextTx.
func (t *PGTx) Savepoint(ctx context.Context, name string) error {
	return t.Exec(ctx, "SAVEPOINT "+name)
}

// RollbackTo implements drivers.TextTx. The catalog read so far may have
// been undone; sequence values stay drawn.
func (t *PGTx) RollbackTo(ctx context.Context, name string) error {
	t.tables = nil
	return t.Exec(ctx, "ROLLBACK TO SAVEPOINT "+name)
}

// Release implements drivers.TextTx.
func (t *PGTx) Release(ctx context.Context, name string) error {
	return t.Exec(ctx, "RELEASE SAVEPOINT "+name)
}

// Commit implements drivers.TextTx: the sequences' values go with it.
func (t *PGTx) Commit() error {
	ctx := context.Background()
	names := make([]string, 0, len(t.seqs))
	for n := range t.seqs {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		s := t.seqs[n]
		if _, err := t.tx.ExecContext(noCancel(ctx), `UPDATE "blocksql.pg_sequences" SET last = ?, called = ? WHERE name = ?`,
			s.last, boolInt(s.called), n); err != nil {
			_ = t.tx.Rollback()
			return err
		}
	}
	return t.tx.Commit()
}

// Rollback implements drivers.TextTx.
func (t *PGTx) Rollback() error { return t.tx.Rollback() }

// ExecText implements drivers.TextTx: the statement is translated to
// SQLite and run; RETURNING rows come back in PostgreSQL's text format.
func (t *PGTx) ExecText(ctx context.Context, text string, params [][]byte) (drivers.Result, error) {
	tree, err := pg_query.Parse(text)
	if err != nil {
		return drivers.Result{}, &drivers.Error{Code: drivers.ErParse, State: "42601", Message: err.Error()}
	}
	if len(tree.Stmts) != 1 {
		return drivers.Result{}, pgDriverError(pgUnsupported("one statement at a time"))
	}
	w := &pgWriter{pgTrans: pgTrans{tables: func(n string) (*pgTable, error) { return t.table(ctx, n) }},
		nextval:   func(s string) (int64, error) { return t.nextval(ctx, s) },
		seqExists: func(s string) (bool, error) { _, err := t.seq(ctx, s); return err == nil, err }, allTables: func() []*pgTable { return t.allTables(ctx) },
		eval: func(q string, args []any) (any, error) { return t.eval(ctx, q, args) }, params: pgArgs(params)}
	plan, err := w.write(tree.Stmts[0].Stmt)
	if err != nil {
		return drivers.Result{}, pgDriverError(err)
	}
	t.captureRows(!plan.uncaptured)
	res, err := t.run(ctx, plan, append(w.params, w.folded...))
	t.captureRows(false)
	if err != nil {
		err = pgDriverError(t.namedConstraint(ctx, err))
		var de *drivers.Error
		if plan.reword != nil && errors.As(err, &de) {
			plan.reword(de)
		}
		return drivers.Result{}, err
	}
	if err := t.recordRowChanges(ctx); err != nil {
		return drivers.Result{}, err
	}
	res.AppliedSQL = strings.Join(plan.sql, "; ")
	return res, t.record(ctx, plan)
}

// namedConstraint words a unique or CHECK violation as PostgreSQL does,
// naming the constraint (SQLite names a unique key's columns) and, for a
// CHECK, the relation; without PostgreSQL's DETAIL (the key or the row).
// Any other error is returned as it is.
func (t *PGTx) namedConstraint(ctx context.Context, err error) error {
	var se sqlite3.Error
	if !errors.As(err, &se) || se.Code != sqlite3.ErrConstraint {
		return err
	}
	msg := se.Error()
	switch se.ExtendedCode {
	case sqlite3.ErrConstraintUnique, sqlite3.ErrConstraintPrimaryKey:
		s, ok := after(msg, "UNIQUE constraint failed: ")
		if !ok {
			return err
		}
		var rel string
		var cols []string
		for _, c := range strings.Split(s, ", ") {
			i := strings.LastIndexByte(c, '.')
			rel, cols = c[:max(i, 0)], append(cols, c[i+1:])
		}
		if tb, terr := t.table(ctx, rel); terr == nil && tb != nil {
			for _, ix := range tb.Indexes {
				if (ix.Unique || ix.Primary) && slices.Equal(ix.Columns, cols) {
					return pgStateError("23505", fmt.Sprintf("duplicate key value violates unique constraint %q", ix.Name))
				}
			}
		}
	case sqlite3.ErrConstraintCheck:
		name, ok := after(msg, "CHECK constraint failed: ")
		if !ok {
			return err
		}
		for _, tb := range t.allTables(ctx) {
			if slices.Contains(tb.Checks, name) {
				return pgStateError("23514", fmt.Sprintf("new row for relation %q violates check constraint %q", tb.Name, name))
			}
		}
	}
	return err
}

// pgArgs are text-format parameters as SQLite arguments (nil is NULL).
func pgArgs(params [][]byte) []any {
	args := make([]any, len(params))
	for i, p := range params {
		if p != nil {
			args[i] = string(p)
		}
	}
	return args
}

// bindCount trims or pads args to the parameters q numbers (?N).
func bindCount(q string, args []any) []any {
	n := 0
	for _, m := range pgParamRef.FindAllStringSubmatch(q, -1) {
		if i, _ := strconv.Atoi(m[1]); i > n {
			n = i
		}
	}
	for len(args) < n {
		args = append(args, nil)
	}
	return args[:n]
}

var pgParamRef = regexp.MustCompile(`\?(\d+)`)

func (t *PGTx) run(ctx context.Context, plan *pgPlan, args []any) (drivers.Result, error) {
	var res drivers.Result
	if plan.twice > 0 {
		return res, t.touchedTwice(ctx, plan, args)
	}
	if plan.probeSQL != nil {
		if rowErr, err := t.rowByRow(ctx, plan, args, len(plan.rowSQL)); err != nil || rowErr != nil {
			return res, cmp.Or(err, rowErr)
		}
	}
	for i, q := range plan.sql {
		last := i == len(plan.sql)-1
		var a []any
		if last && plan.single {
			a = bindCount(q, args)
		}
		if last && plan.ret != nil {
			res, err := t.returning(ctx, q, a, plan.ret)
			if err != nil && plan.rowSQL != nil {
				err = t.giveBackDraws(ctx, plan, args, err)
			}
			return res, err
		}
		r, err := t.tx.ExecContext(noCancel(ctx), q, a...)
		if err != nil {
			if last && plan.rowSQL != nil {
				return res, t.giveBackDraws(ctx, plan, args, err)
			}
			return res, err
		}
		if last && plan.single {
			res.RowsAffected, _ = r.RowsAffected()
		}
	}
	return res, nil
}

func (t *PGTx) returning(ctx context.Context, q string, args []any, cols []pgColumn) (drivers.Result, error) {
	return pgRows(ctx, t.tx, q, args, cols)
}

// giveBackDraws runs a failed multi-row INSERT's rows one by one (undone
// after) to find the first that fails, and gives back the sequence
// values drawn for the rows after it: PostgreSQL draws a row's values
// when it reaches the row. failed is the statement's error.
func (t *PGTx) giveBackDraws(ctx context.Context, plan *pgPlan, args []any, failed error) error {
	if _, err := t.rowByRow(ctx, plan, args, len(plan.rowSQL)); err != nil {
		return err
	}
	return failed
}

// touchedTwice answers an ON CONFLICT DO UPDATE whose row plan.twice
// (from 1) shares its key with an earlier one: PostgreSQL fails at that
// row with 21000, having drawn the sequence values of the rows up to it,
// unless an earlier row fails first, with its own error.
func (t *PGTx) touchedTwice(ctx context.Context, plan *pgPlan, args []any) error {
	rowErr, err := t.rowByRow(ctx, plan, args, plan.twice)
	switch {
	case err != nil:
		return err
	case rowErr != nil:
		return rowErr
	}
	return pgErr("21000", "ON CONFLICT DO UPDATE command cannot affect row a second time")
}

// rowByRow runs the first n rows of a multi-row INSERT one by one (undone
// after, and forgotten by the row capture), and gives back the sequence
// values drawn for the rows after the first that fails, or after the
// n-th. rowErr is that row's error: with plan.probeSQL, 21000 for a row
// that meets a row an earlier one inserted or updated.
func (t *PGTx) rowByRow(ctx context.Context, plan *pgPlan, args []any, n int) (rowErr, err error) {
	captured := t.hook.mark()
	if err := t.Exec(ctx, "SAVEPOINT blocksql_rows"); err != nil {
		return nil, err
	}
	bad := n - 1
	touched := map[int64]bool{}
	for i, q := range plan.rowSQL[:n] {
		if plan.probeSQL != nil {
			if rowErr, err = t.touchRow(ctx, plan, i, args, touched); err != nil {
				return nil, err
			}
		} else if _, e := t.tx.ExecContext(noCancel(ctx), q, bindCount(q, args)...); e != nil {
			rowErr = e
		}
		if rowErr != nil {
			bad = i
			break
		}
	}
	if err := t.Exec(ctx, "ROLLBACK TO SAVEPOINT blocksql_rows"); err != nil {
		return nil, err
	}
	t.hook.forget(captured)
	if err := t.Exec(ctx, "RELEASE SAVEPOINT blocksql_rows"); err != nil {
		return nil, err
	}
	for _, draws := range plan.rowDraws[bad+1:] {
		for _, seq := range draws {
			if s, ok := t.seqs[seq]; ok {
				s.last--
			}
		}
	}
	return rowErr, nil
}

// touchRow runs row i of a multi-row ON CONFLICT DO UPDATE whose rows
// are probed (pgPlan.probeSQL), noting the rows it inserts or updates in
// touched; rowErr is its error, 21000 when it conflicts with a row in
// touched. The probe's own changes are undone.
func (t *PGTx) touchRow(ctx context.Context, plan *pgPlan, i int, args []any, touched map[int64]bool) (rowErr, err error) {
	if err := t.Exec(ctx, "SAVEPOINT blocksql_probe"); err != nil {
		return nil, err
	}
	probe := plan.probeSQL[i]
	var target int64
	probeErr := t.tx.QueryRowContext(noCancel(ctx), probe, bindCount(probe, args)...).Scan(&target)
	if err := t.Exec(ctx, "ROLLBACK TO SAVEPOINT blocksql_probe"); err != nil {
		return nil, err
	}
	if err := t.Exec(ctx, "RELEASE SAVEPOINT blocksql_probe"); err != nil {
		return nil, err
	}
	if probeErr == nil && touched[target] {
		return pgErr("21000", "ON CONFLICT DO UPDATE command cannot affect row a second time"), nil
	}
	q, cols := plan.rowSQL[i]+" RETURNING _rowid_", []pgColumn{{Type: pgType{Base: "int8"}}}
	if plan.ret != nil {
		q, cols = plan.rowSQL[i]+", _rowid_", append(plan.ret[:len(plan.ret):len(plan.ret)], cols...)
	}
	res, err := pgRows(noCancel(ctx), t.tx, q, bindCount(q, args), cols)
	if err != nil {
		return err, nil
	}
	for _, row := range res.Returned {
		id, err := strconv.ParseInt(string(row[len(row)-1]), 10, 64)
		if err != nil {
			return nil, err
		}
		touched[id] = true
	}
	return nil, nil
}

// record writes the catalog changes of a DDL statement that ran.
func (t *PGTx) record(ctx context.Context, plan *pgPlan) error {
	for _, tb := range plan.save {
		def, err := json.Marshal(tb)
		if err != nil {
			return err
		}
		if _, err := t.tx.ExecContext(noCancel(ctx), `INSERT INTO "blocksql.pg_tables" (name, def) VALUES (?, ?)
			ON CONFLICT (name) DO UPDATE SET def = excluded.def`, tb.Name, string(def)); err != nil {
			return err
		}
	}
	for _, n := range plan.drop {
		if _, err := t.tx.ExecContext(noCancel(ctx), `DELETE FROM "blocksql.pg_tables" WHERE name = ?`, n); err != nil {
			return err
		}
	}
	for _, s := range plan.seqs {
		if _, err := t.tx.ExecContext(noCancel(ctx), `INSERT INTO "blocksql.pg_sequences" (name, last, called, min, max) VALUES (?, ?, 0, ?, ?)`,
			s.Name, s.Min, s.Min, s.Max); err != nil {
			return pgErr("42P07", "relation %q already exists", s.Name)
		}
		t.seqs[s.Name] = &pgSeq{last: s.Min, min: s.Min, max: s.Max}
	}
	for _, n := range plan.dropSeqs {
		if _, err := t.tx.ExecContext(noCancel(ctx), `DELETE FROM "blocksql.pg_sequences" WHERE name = ?`, n); err != nil {
			return err
		}
		delete(t.seqs, n)
	}
	for _, n := range plan.reset {
		if s, err := t.seq(ctx, n); err == nil {
			s.last, s.called = s.min, false
		}
	}
	if len(plan.save)+len(plan.drop) > 0 {
		t.tables = nil
	}
	return nil
}

// table is the catalog entry of table name, nil if there is none.
func (t *PGTx) table(ctx context.Context, name string) (*pgTable, error) {
	if tb, ok := t.tables[name]; ok {
		return tb, nil
	}
	tb, err := pgReadTable(ctx, t.tx, name)
	if tb == nil || err != nil {
		return nil, err
	}
	if t.tables == nil {
		t.tables = map[string]*pgTable{}
	}
	t.tables[name] = tb
	return tb, nil
}

func (t *PGTx) allTables(ctx context.Context) []*pgTable {
	names, err := t.QueryStrings(ctx, `SELECT name FROM blocksql.pg_tables ORDER BY name`)
	if err != nil {
		return nil
	}
	var out []*pgTable
	for _, n := range names {
		if tb, err := t.table(ctx, n); err == nil && tb != nil {
			out = append(out, tb)
		}
	}
	return out
}

func (t *PGTx) eval(ctx context.Context, q string, args []any) (any, error) {
	var v any
	err := t.tx.QueryRowContext(ctx, "SELECT "+q, bindCount(q, args)...).Scan(&v)
	return v, err
}

// seq is the state of sequence name: drawn values are kept here even when
// the statement that drew them is rolled back.
func (t *PGTx) seq(ctx context.Context, name string) (*pgSeq, error) {
	var s pgSeq
	var last sql.NullInt64
	var called int64
	err := t.tx.QueryRowContext(ctx, `SELECT last, called, min, max FROM "blocksql.pg_sequences" WHERE name = ?`, name).
		Scan(&last, &called, &s.min, &s.max)
	if errors.Is(err, sql.ErrNoRows) {
		delete(t.seqs, name)
		return nil, pgErr("42P01", "relation %q does not exist", name)
	}
	if err != nil {
		return nil, err
	}
	if kept, ok := t.seqs[name]; ok {
		return kept, nil
	}
	s.last, s.called = last.Int64, called != 0
	t.seqs[name] = &s
	return &s, nil
}

// nextval draws the next value of sequence name, as PostgreSQL's nextval.
func (t *PGTx) nextval(ctx context.Context, name string) (int64, error) {
	s, err := t.seq(ctx, name)
	if err != nil {
		return 0, err
	}
	next := s.last
	if s.called {
		if s.last >= s.max {
			return 0, pgErr("2200H", "nextval: reached maximum value of sequence %q (%d)", name, s.max)
		}
		next = s.last + 1
	}
	s.last, s.called = next, true
	return next, nil
}

// pgDriverError turns a translation refusal or an SQLite error into the
// *drivers.Error every node records alike: SQLSTATE kept, the code
// ErDupEntry for a unique violation (as the PostgreSQL backend reports
// it), ErUnknown otherwise. Errors that are not the statement's halt.
func pgDriverError(err error) error {
	var ve *pgValueError
	if errors.As(err, &ve) {
		return pgStateError(ve.state, ve.msg)
	}
	var de *drivers.Error
	if errors.As(err, &de) {
		return de
	}
	var se sqlite3.Error
	if !errors.As(err, &se) {
		return err
	}
	msg := se.Error()
	if i := strings.Index(msg, pgStatePrefix); i >= 0 {
		rest := msg[i+len(pgStatePrefix):]
		if len(rest) > 7 {
			return pgStateError(rest[:5], rest[7:])
		}
	}
	switch {
	case se.Code == sqlite3.ErrConstraint && se.ExtendedCode == sqlite3.ErrConstraintUnique,
		se.Code == sqlite3.ErrConstraint && se.ExtendedCode == sqlite3.ErrConstraintPrimaryKey:
		return pgStateError("23505", "duplicate key value violates unique constraint: "+msg)
	case se.Code == sqlite3.ErrConstraint && se.ExtendedCode == sqlite3.ErrConstraintNotNull:
		if s, ok := after(msg, "NOT NULL constraint failed: "); ok && strings.Contains(s, ".") {
			rel := s[:strings.LastIndexByte(s, '.')]
			return pgStateError("23502", fmt.Sprintf("null value in column %q of relation %q violates not-null constraint", lastPart(s), lastPart(rel)))
		}
		return pgStateError("23502", "null value violates not-null constraint: "+msg)
	case se.Code == sqlite3.ErrConstraint && se.ExtendedCode == sqlite3.ErrConstraintForeignKey:
		return pgStateError("23503", "insert or update violates foreign key constraint: "+msg)
	case se.Code == sqlite3.ErrConstraint:
		return pgStateError("23514", msg)
	case se.Code == sqlite3.ErrError:
		return pgStateError("42000", msg)
	}
	return err
}

func pgStateError(state, msg string) error {
	code := uint16(drivers.ErUnknown)
	if state == "23505" {
		code = drivers.ErDupEntry
	}
	return &drivers.Error{Code: code, State: state, Message: msg}
}

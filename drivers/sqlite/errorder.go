package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"github.com/blocksql/blocksql/drivers"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// MariaDB stores a row's values one assignment at a time, in the order
// the statement lists them (an INSERT's columns, an UPDATE's SET), and
// fails on the first value it refuses; a table's own CHECKs come after
// the whole row. SQLite checks every NOT NULL column first, then the
// CHECKs in the order the table declares them, and converts the values in
// an order of its own. So a row with two bad values could fail on
// different columns, with different errors, on the two backends: the
// outcome the chain records would depend on the node's database.
//
// When a write fails on a value, the failing row is therefore gone over
// again in MariaDB's order, on the error path only: each column listed
// before the one SQLite named is converted and checked alone, in a
// temporary table with the target's column types and type checks
// (blocksql_check), and the first that fails gives the error. Everything
// the search writes is rolled back.

const (
	checkTable     = "temp.blocksql_check"
	orderSavepoint = "blocksql_order"
)

// valueErrors are the errors a value can fail a write with: refused by its
// column, or its expression failing (1690, 1916, 1365).
var valueErrors = map[uint16]bool{
	drivers.ErBadNull: true, drivers.ErWarnDataOutOfRange: true, drivers.ErWarnDataTruncated: true, drivers.ErDataOutOfRange: true,
	drivers.ErTruncatedWrongDate: true, drivers.ErTruncatedWrong: true, drivers.ErDataTooLong: true,
	drivers.ErCheckConstraint: true, 1441: true, 1916: true, drivers.ErDivByZero: true,
}

// isValueError tells whether err, mapped, is one of valueErrors.
func isValueError(err error) bool {
	var de *drivers.Error
	return errors.As(err, &de) && valueErrors[de.Code]
}

// refusedColumn is the column a value error names, "" when it names none
// (a table's CHECK, an expression's own error): then every listed column
// comes before it.
func refusedColumn(e *drivers.Error) string {
	msg := e.Message
	if e.Code == drivers.ErCheckConstraint {
		if col, ok := strings.CutSuffix(msg, "` failed: not a JSON document"); ok {
			return col[strings.LastIndexByte(col, '`')+1:]
		}
		return ""
	}
	for _, p := range []string{"Column '", "column '"} {
		if i := strings.Index(msg, p); i >= 0 {
			rest := msg[i+len(p):]
			if j := strings.IndexByte(rest, '\''); j >= 0 {
				return rest[:j]
			}
		}
	}
	return ""
}

// assignedValues are a failing row's assignments in the statement's order:
// cols[k] is set to what query value(k) returns, run with args.
type assignedValues struct {
	cols  []string
	value func(k int) string
	args  []any
}

// inOrder returns the error MariaDB reports for the row whose write failed
// with err: that of the first listed column before the one err names whose
// value is refused, else err. Errors other than a value's are returned as
// they are, mapped.
func (l *execLog) inOrder(ctx context.Context, err error, phys string, info []colInfo, row assignedValues) error {
	mapped := mapError(err, l)
	var de *drivers.Error
	if !errors.As(mapped, &de) || !valueErrors[de.Code] {
		return mapped
	}
	before := len(row.cols)
	if col := refusedColumn(de); col != "" {
		before = indexFold(row.cols, col)
	}
	if before <= 0 {
		return mapped
	}
	first := mapped
	l.undone(ctx, func() {
		if l.createCheckTable(ctx, phys) == nil {
			if e := l.firstRefusal(ctx, info, row, before); e != nil {
				first = e
			}
		}
	})
	return first
}

// firstRefusal is the error of the first of row's first n values that is
// refused, nil if none is; blocksql_check must exist.
func (l *execLog) firstRefusal(ctx context.Context, info []colInfo, row assignedValues, n int) error {
	for k, col := range row.cols[:n] {
		if e := l.refusal(ctx, col, info, row.value(k), row.args); e != nil {
			return e
		}
	}
	return nil
}

// valuesInOrder is the error MariaDB reports for VALUES rows (cells, as
// written) for cols that SQLite could not all evaluate (err): the first
// value refused, row by row, in the statement's order.
func (l *execLog) valuesInOrder(ctx context.Context, err error, t *ast.TableName, info []colInfo, cols []string, cells [][]string) error {
	mapped := mapError(err, l)
	if !isValueError(mapped) || cells == nil {
		return mapped
	}
	out := mapped
	l.undone(ctx, func() {
		if l.createCheckTable(ctx, physical(t.Schema.O, t.Name.O)) != nil {
			return
		}
		for i, row := range cells {
			converted := make([]string, len(row))
			for k, v := range row {
				converted[k] = coerce(info)(cols[k], v)
			}
			if e := l.firstRefusal(ctx, info, cellValues(cols, converted), len(cols)); e != nil {
				out = atRow(e, i+1)
				return
			}
		}
	})
	return out
}

// cellValues are a VALUES row's values for cols.
func cellValues(cols, row []string) assignedValues {
	return assignedValues{cols: cols, value: func(k int) string { return "SELECT " + row[k] }}
}

// firstFailing is inOrder for a write of n rows that failed with err:
// try(i) writes row i alone, the rows in turn, to find the one that fails
// (whose error, a value's or another, is the statement's), and values(i)
// are that row's assignments. Numbered, the error names the
// row (atRow).
func (l *execLog) firstFailing(ctx context.Context, err error, phys string, info []colInfo, n int, numbered bool, try func(i int) error, values func(i int) assignedValues) error {
	mapped := mapError(err, l)
	if !isValueError(mapped) {
		return mapped
	}
	out := mapped
	l.undone(ctx, func() {
		for i := range n {
			if err := try(i); err != nil {
				// An earlier row's other error (a duplicate key) is the
				// one MariaDB meets first.
				out = mapError(err, l)
				if isValueError(out) {
					out = l.inOrder(ctx, err, phys, info, values(i))
					if numbered {
						out = atRow(out, i+1)
					}
				}
				return
			}
		}
	})
	return out
}

// atRow is err, a value's error, saying it is row n's: MariaDB counts an
// INSERT's rows as listed or selected (SQLite tells no row, so the messages
// say row 1 until the row is known). An UPDATE's it counts as it reads
// them, which depends on its plan: those keep row 1.
func atRow(err error, n int) error {
	var de *drivers.Error
	if n == 1 || !errors.As(err, &de) || !strings.HasSuffix(de.Message, " at row 1") {
		return err
	}
	out := *de
	out.Message = strings.TrimSuffix(de.Message, "1") + strconv.Itoa(n)
	return &out
}

// insertInOrder is firstFailing for an INSERT of src into t's cols that
// failed with err: a row of VALUES (src.cells) is written alone by head
// and the row, else src's rows are staged and inserted one by one.
func (l *execLog) insertInOrder(ctx context.Context, err error, t *ast.TableName, info []colInfo, cols []string, src bound, head string) error {
	mapped := mapError(err, l)
	if !isValueError(mapped) {
		return mapped
	}
	defer func(n int) { l.applied = l.applied[:n] }(len(l.applied)) // the staging
	phys := physical(t.Schema.O, t.Name.O)
	if src.cells != nil {
		try := func(i int) error {
			_, err := l.tx.ExecContext(ctx, head+"VALUES ("+strings.Join(src.cells[i], ", ")+")")
			return err
		}
		values := func(i int) assignedValues { return cellValues(cols, src.cells[i]) }
		return l.firstFailing(ctx, mapped, phys, info, len(src.cells), true, try, values)
	}
	n, serr := l.stage(ctx, len(cols), src)
	if serr != nil {
		return mapped
	}
	ins := insertStaged(t, cols, info)
	try := func(i int) error {
		_, err := l.tx.ExecContext(ctx, ins, i+1)
		return err
	}
	return l.firstFailing(ctx, mapped, phys, info, int(n), true, try, func(i int) assignedValues { return stagedValues(cols, info, int64(i+1)) })
}

// stagedValues are staged row row's values for cols.
func stagedValues(cols []string, info []colInfo, row int64) assignedValues {
	return assignedValues{cols: cols, args: []any{row}, value: func(k int) string {
		return "SELECT " + coerce(info)(cols[k], "r."+stagedCol(k)) + " FROM " + staging + " AS r WHERE r.rowid = ?1"
	}}
}

// updateRows is an UPDATE of table tbl AS alias, translated: verb tbl AS
// alias SET set on the rows filter selects where changed holds (the row's
// values change), cols set to vals; order is its ORDER BY.
type updateRows struct {
	tbl, alias, verb, set, changed, filter string
	order                                  *ast.OrderByClause
	cols, vals                             []string
	// gathers: MariaDB reads every row (tests its WHERE) before it
	// writes one, as it does for an UPDATE with ORDER BY or one that
	// sets the primary key.
	gathers bool
}

// where is the UPDATE u of the rows it selects that cond also selects.
func (u updateRows) where(cond string) string {
	return u.verb + u.tbl + " AS " + u.alias + " SET " + u.set + " WHERE " + cond + " AND " + u.filter + " AND (" + u.changed + ")"
}

// readRows numbers (seq, from 1) the rowids (id) of the rows an UPDATE
// reads, in the order MariaDB reads them, as far as the search has read.
const readRows = "temp.blocksql_read_order"

// updateInOrder is the error MariaDB reports for the UPDATE u that failed
// with err, counting its rows or writing them. MariaDB reads the rows one
// at a time, in its ORDER BY's order, else in the order of the table's
// clustered index (readOrder); it tests each against the WHERE and stores
// its new values, and the first row that fails gives the error. SQLite
// reads them in rowid order, and counts them all before it writes one. So
// after a value's error the first row that fails is found again in
// MariaDB's order, each try rolled back: runs of rows in that order, each
// twice as long as the one before, are updated until one fails, then that
// run's halves, until one row is left (a row's error does not depend on
// the others'); then that row's WHERE alone, then its values in the order
// SET lists them (inOrder). Where MariaDB gathers the rows first (u.gathers),
// the first row whose WHERE fails is searched for the same way before any
// row's values. The rows are read in that order as the runs
// need them, so the work is proportional to the rows before the failing
// one, where an index gives the order (the primary key's).
func (l *execLog) updateInOrder(ctx context.Context, err error, u updateRows) error {
	mapped := mapError(err, l)
	phys := unquote(u.tbl)
	info, ierr := l.tableInfo(ctx, phys)
	if ierr != nil || !isValueError(mapped) {
		return mapped
	}
	order, oerr := l.readOrder(ctx, phys, u.alias, info, u.order)
	if oerr != nil {
		return mapped
	}
	out := mapped
	l.undone(ctx, func() {
		_, err := l.tx.ExecContext(ctx, "DROP TABLE IF EXISTS "+readRows)
		if err == nil {
			_, err = l.tx.ExecContext(ctx, "CREATE TEMP TABLE blocksql_read_order (seq INTEGER PRIMARY KEY, id INTEGER)")
		}
		if err != nil {
			return
		}
		// upTo numbers the rows up to the n-th (fewer at the table's end)
		// and tells how many are numbered, at most n.
		next := "INSERT INTO " + readRows + " (id) SELECT " + u.alias + ".rowid FROM " + u.tbl + " AS " + u.alias +
			" ORDER BY " + order + " LIMIT ?1 OFFSET ?2"
		numbered := 0
		upTo := func(n int) int {
			if n > numbered {
				if res, err := l.tx.ExecContext(ctx, next, n-numbered, numbered); err == nil {
					k, _ := res.RowsAffected()
					numbered += int(k)
				}
			}
			return min(n, numbered)
		}
		// first is the number of the first row whose run of q (its rows
		// numbered ?1+1 … ?2) fails, 0 if none does.
		first := func(q string) int {
			fails := func(lo, hi int) (failed bool) {
				l.undone(ctx, func() {
					_, err := l.tx.ExecContext(ctx, q, lo, hi)
					failed = err != nil
				})
				return failed
			}
			lo, hi := 0, 0
			for size := 1; ; size *= 2 {
				if hi = upTo(lo + size); hi <= lo {
					return 0
				}
				if fails(lo, hi) {
					break
				}
				lo = hi
			}
			for hi-lo > 1 {
				if mid := (lo + hi) / 2; fails(lo, mid) {
					hi = mid
				} else {
					lo = mid
				}
			}
			return hi
		}
		numberedRows := u.alias + ".rowid IN (SELECT id FROM " + readRows + " WHERE seq > ?1 AND seq <= ?2)"
		row := 0
		if u.gathers {
			// Every row's WHERE before any row's values.
			row = first("SELECT count(*) FROM " + u.tbl + " AS " + u.alias + " WHERE " + numberedRows + " AND " + u.filter)
		}
		if row == 0 {
			row = first(u.where(numberedRows))
		}
		var id int64
		if row == 0 || l.tx.QueryRowContext(ctx, "SELECT id FROM "+readRows+" WHERE seq = ?1", row).Scan(&id) != nil {
			return
		}
		var one int
		err = l.tx.QueryRowContext(ctx, "SELECT 1 FROM "+u.tbl+" AS "+u.alias+" WHERE "+u.alias+".rowid = ?1 AND "+u.filter, id).Scan(&one)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			out = mapError(err, l)
		} else if _, err := l.tx.ExecContext(ctx, u.where(u.alias+".rowid = ?1"), id); err != nil {
			out = l.inOrder(ctx, err, phys, info, setValues(u.tbl, u.alias, u.cols, u.vals, id))
		}
	})
	return out
}

// readOrder is the ORDER BY list of the order MariaDB reads the rows of
// table phys AS alias in for an UPDATE, then by rowid: its ORDER BY
// (translated), else the order of InnoDB's clustered index: the primary
// key's, else that of the first unique key whose columns are all NOT NULL,
// else the order the rows were inserted in, SQLite's rowid order too.
// (Where the WHERE limits a key to a range MariaDB reads that key's index
// instead, an order not followed here.)
func (l *execLog) readOrder(ctx context.Context, phys, alias string, info []colInfo, order *ast.OrderByClause) (string, error) {
	rowid := alias + ".rowid"
	if order != nil {
		o, err := restore(order)
		return strings.TrimPrefix(o, "ORDER BY ") + ", " + rowid, err
	}
	keys, err := l.uniqueKeys(ctx, phys, info)
	if err != nil {
		return "", err
	}
	var key []string
	for _, k := range keys {
		if k.name == "PRIMARY" || allNotNull(k.cols, info) {
			key = k.cols
			break
		}
	}
	terms := make([]string, 0, len(key)+1)
	for _, c := range key {
		terms = append(terms, alias+"."+quoteIdent(c))
	}
	return strings.Join(append(terms, rowid), ", "), nil
}

// allNotNull tells whether every one of cols is NOT NULL.
func allNotNull(cols []string, info []colInfo) bool {
	for _, name := range cols {
		if c, ok := columnInfo(info, name); !ok || !c.notNull {
			return false
		}
	}
	return true
}

// setValues are the values an UPDATE of table tbl AS alias sets cols to
// in row id; more are the arguments before id's the values read.
func setValues(tbl, alias string, cols, vals []string, id int64, more ...any) assignedValues {
	n := len(more) + 1
	return assignedValues{cols: cols, args: append(more, id), value: func(k int) string {
		return "SELECT " + vals[k] + " FROM " + tbl + " AS " + alias + " WHERE " + alias + ".rowid = ?" + strconv.Itoa(n)
	}}
}

// undone runs f in a savepoint it then rolls back: what f writes, and the
// statements it records, are not part of what was applied.
func (l *execLog) undone(ctx context.Context, f func()) {
	if _, err := l.tx.ExecContext(ctx, "SAVEPOINT "+orderSavepoint); err != nil {
		return
	}
	defer func(n int) { l.applied = l.applied[:n] }(len(l.applied))
	f()
	l.tx.ExecContext(ctx, "ROLLBACK TO "+orderSavepoint) //nolint:errcheck // the statement fails either way
	l.tx.ExecContext(ctx, "RELEASE "+orderSavepoint)     //nolint:errcheck
}

// refusal is the error storing the value query v returns into column col
// fails with, nil when it is stored.
func (l *execLog) refusal(ctx context.Context, col string, info []colInfo, v string, args []any) error {
	c, ok := columnInfo(info, col)
	if !ok {
		return nil
	}
	if _, err := l.tx.ExecContext(ctx, "DELETE FROM "+checkTable); err != nil {
		return nil
	}
	if _, err := l.tx.ExecContext(ctx, "INSERT INTO "+checkTable+" ("+quoteIdent(c.name)+") "+v, args...); err != nil {
		var de *drivers.Error
		if errors.As(mapError(err, l), &de) {
			return de
		}
		return nil
	}
	// A NULL in a NOT NULL column (the INTEGER PRIMARY KEY's conversion,
	// mysql_key_int, has refused one already).
	if !c.notNull {
		return nil
	}
	var null bool
	if err := l.tx.QueryRowContext(ctx, "SELECT "+quoteIdent(c.name)+" IS NULL FROM "+checkTable).Scan(&null); err != nil || !null {
		return nil
	}
	return drivers.Errorf(drivers.ErBadNull, "23000", "Column '%s' cannot be null", c.name)
}

// createCheckTable creates blocksql_check with the columns of the table
// named phys, each with its type, collation and type checks, and nothing
// else: no key, no NOT NULL, no default, no CHECK of the table's own.
func (l *execLog) createCheckTable(ctx context.Context, phys string) error {
	def, err := l.tableDefOf(ctx, phys, &ast.TableName{Name: ast.NewCIStr(phys)})
	if err != nil {
		return err
	}
	cols := make([]string, 0, len(def.cols))
	for _, c := range def.cols {
		cols = append(cols, typedColumnSQL(c))
	}
	if _, err := l.tx.ExecContext(ctx, "DROP TABLE IF EXISTS "+checkTable); err != nil {
		return err
	}
	_, err = l.tx.ExecContext(ctx, "CREATE TEMP TABLE blocksql_check ("+strings.Join(cols, ", ")+")")
	return err
}

package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/blocksql/blocksql/drivers"
	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/mysql"
	"github.com/pingcap/tidb/pkg/parser/test_driver"
)

// colInfo is one column of an existing table, from pragma_table_info.
type colInfo struct {
	name    string
	table   string // the physical table, db.table, when loaded from it
	typ     string
	notNull bool
	dflt    sql.NullString
	pk      int
	// enum is an ENUM column's members, as its stored definition lists
	// them (members.go); set a SET column's.
	enum, set []string
	// cased is a text column whose collation tells case apart
	// (utf8mb4_bin): SQLite declares it with its BINARY collation, and a
	// string compared with it must not bring the general one (casedColumn).
	cased bool
	// keyType is the MySQL type of the INTEGER PRIMARY KEY (a rowid
	// alias, declared INTEGER whatever its MySQL type): INSERT IGNORE
	// clips a key to the range of its MySQL type, and the typer checks
	// arithmetic on an UNSIGNED key. Of a view's computed column, which
	// SQLite declares no type for either, it is the type the view stored
	// (views.go), which reads then name.
	keyType string
}

// viewColumnType is the MySQL name of a view's computed column declared
// decl: the typer's (DECIMAL(31,10) for DECIMAL TEXT(31,10)), or decl.
func viewColumnType(decl string) string {
	tp := columnType(decl)
	if name := tp.mysqlTypeName(); name != "" && columnType(name) == tp {
		return name
	}
	return decl
}

func (l *execLog) tableInfo(ctx context.Context, phys string) ([]colInfo, error) {
	if info, ok := l.cache.tableInfo(phys); ok {
		return info, nil
	}
	info, err := l.loadTableInfo(ctx, phys)
	if err == nil {
		l.cache.setTableInfo(phys, info)
	}
	return info, err
}

func (l *execLog) loadTableInfo(ctx context.Context, phys string) ([]colInfo, error) {
	return loadColumns(ctx, l.tx, phys)
}

// schema is how the block's statements see column types (see typed.go).
func (l *execLog) schema(ctx context.Context) schemaFunc {
	return func(phys string) []colInfo {
		info, err := l.tableInfo(ctx, phys)
		if err != nil {
			return nil
		}
		return info
	}
}

// querier is a transaction or a pool.
type querier interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

func loadColumns(ctx context.Context, db querier, phys string) ([]colInfo, error) {
	rows, err := db.QueryContext(ctx, `SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info(?)`, phys)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []colInfo
	for rows.Next() {
		var c colInfo
		if err := rows.Scan(&c.name, &c.typ, &c.notNull, &c.dflt, &c.pk); err != nil {
			return nil, err
		}
		c.table = phys
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	if len(out) == 0 {
		return nil, drivers.Errorf(drivers.ErNoSuchTable, "42S02", "Table '%s' doesn't exist", phys)
	}
	var stored *tableDef
	for i, c := range out {
		// Only a rowid key is declared INTEGER: a view's column reading
		// one has no pk, and the type the view stored for it (views.go).
		rowid, enum, set := strings.EqualFold(c.typ, "INTEGER"), strings.EqualFold(c.typ, "ENUM"), strings.EqualFold(c.typ, "SET")
		upper := strings.ToUpper(c.typ)
		text := strings.Contains(upper, "CHAR") || strings.Contains(upper, "TEXT")
		computed := c.typ == "" // a view's expression (views.go, saveViewTypes)
		if !rowid && !enum && !set && !text && !computed {
			continue
		}
		if stored == nil {
			if stored, err = storedDef(ctx, db, phys); err != nil {
				return nil, err
			}
		}
		j := stored.columnIndex(c.name)
		switch {
		case j < 0:
		case computed:
			out[i].typ = declaredType(stored.cols[j].Tp)
			out[i].keyType = viewColumnType(out[i].typ)
		case rowid:
			out[i].keyType = declaredType(stored.cols[j].Tp)
		case enum:
			out[i].enum = stored.cols[j].Tp.GetElems()
		case set:
			out[i].set = stored.cols[j].Tp.GetElems()
		case text:
			out[i].cased = casedColumn(stored.cols[j])
		}
	}
	return out, nil
}

// storedDef is table phys's stored definition (see tabledefs.go), with no
// columns for a table created before definitions were stored.
func storedDef(ctx context.Context, db querier, phys string) (*tableDef, error) {
	var txt string
	err := db.QueryRowContext(ctx, "SELECT def FROM "+tableDefsTable+" WHERE name = ?", phys).Scan(&txt)
	if err == sql.ErrNoRows {
		return &tableDef{}, nil
	}
	if err != nil {
		return nil, err
	}
	stmt, err := drivers.Parse(txt)
	if err != nil {
		return nil, err
	}
	return &tableDef{cols: stmt.(*ast.CreateTableStmt).Cols}, nil
}

// coerce wraps value v written to column col in the conversion MySQL
// applies for the column's type (see coerce.go).
func coerce(info []colInfo) func(col, v string) string {
	return func(col, v string) string {
		if c, ok := columnInfo(info, col); ok {
			return textLengthCheck(c, columnCoercion(c, asText(c, v, false)))
		}
		return v
	}
}

// colAt is cols[j], or "" past its end.
func colAt(cols []string, j int) string {
	if j < len(cols) {
		return cols[j]
	}
	return ""
}

// columnInfo is column col of info.
func columnInfo(info []colInfo, col string) (colInfo, bool) {
	for _, c := range info {
		if strings.EqualFold(c.name, col) {
			return c, true
		}
	}
	return colInfo{}, false
}

// bareIn tells, for a VALUES literal bound as a parameter, whether column
// col stores it without conversion (see bareValue).
func bareIn(info []colInfo) func(col string, v any) bool {
	return func(col string, v any) bool {
		c, ok := columnInfo(info, col)
		return ok && bareValue(c, v)
	}
}

// target is the single table of an UPDATE or DELETE, after translation:
// its quoted physical name and alias.
func target(refs *ast.TableRefsClause) (string, string, error) {
	if refs == nil || refs.TableRefs == nil || refs.TableRefs.Right != nil {
		return "", "", notSupported("multi-table UPDATE/DELETE")
	}
	ts, ok := refs.TableRefs.Left.(*ast.TableSource)
	if !ok {
		return "", "", notSupported("multi-table UPDATE/DELETE")
	}
	tn, ok := ts.Source.(*ast.TableName)
	if !ok {
		return "", "", notSupported("UPDATE/DELETE of a derived table")
	}
	alias := ts.AsName.O
	if alias == "" {
		alias = tn.Name.O
	}
	return quoteIdent(tn.Name.O), quoteIdent(alias), nil
}

// matchFilter is the WHERE that selects the rows MySQL's WHERE / ORDER BY
// / LIMIT select; stock SQLite has no UPDATE/DELETE ... LIMIT.
func matchFilter(tbl, alias string, where ast.ExprNode, order *ast.OrderByClause, limit *ast.Limit) (string, error) {
	w := "1"
	if where != nil {
		s, err := restore(where)
		if err != nil {
			return "", err
		}
		w = "(" + s + ")"
	}
	if limit == nil {
		return w, nil
	}
	q := "rowid IN (SELECT rowid FROM " + tbl + " AS " + alias + " WHERE " + w
	if order != nil {
		o, err := restore(order)
		if err != nil {
			return "", err
		}
		q += " " + o
	}
	n, err := restore(limit.Count)
	if err != nil {
		return "", err
	}
	return q + " LIMIT " + n + ")", nil
}

func (l *execLog) update(ctx context.Context, s *ast.UpdateStmt) (int64, error) {
	if s.MultipleTable {
		return 0, notSupported("multi-table UPDATE")
	}
	ty := newTyper(s, l.schema(ctx))
	if !s.IgnoreErr {
		ty.folded = foldedDivisions(s.Where, l.keyColumns(ctx, s.TableRefs))
	}
	s, ty, err := translateTyped(s, ty)
	if err != nil {
		return 0, err
	}
	tbl, alias, err := target(s.TableRefs)
	if err != nil {
		return 0, err
	}
	info, err := l.tableInfo(ctx, unquote(tbl))
	if err != nil {
		return 0, err
	}
	for _, a := range s.List {
		if fn := typedInto(ty.typeOf(a.Expr), info, a.Column.Name.O); fn != "" {
			a.Expr = raw(fn+"(", a.Expr, ")")
		}
	}
	// MariaDB's UPDATE is strict in its WHERE too, except where it
	// gathers the rows first, warning only: when it sets the primary key,
	// and when it has an ORDER BY (it sorts them first).
	conv, verb := coerce(info), "UPDATE "
	if s.IgnoreErr {
		// IGNORE stores what the strict conversions refuse, clipped as
		// INSERT IGNORE clips it, and leaves out a row whose new values
		// take a unique key another row holds: SQLite's OR IGNORE, which
		// would also leave out a row a CHECK refuses, so only where every
		// value set is clipped into its column and none can be; elsewhere
		// such a row fails the statement (1062; README, known deviations).
		conv = ignoreCoerce(info)
		if ignoresOnlyKeys(s.List, info) {
			verb = "UPDATE OR IGNORE "
		}
	} else {
		for _, a := range s.List {
			a.Expr = strictLiterals(a.Expr)
		}
	}
	if setsPrimaryKey(s.List, info) || s.Order != nil {
		for _, a := range s.List {
			if a.Expr = writeValues(a.Expr, s.IgnoreErr); !s.IgnoreErr {
				a.Expr = strictDivision(a.Expr, nil)
			}
		}
	} else {
		if s = writeValues(s, s.IgnoreErr); !s.IgnoreErr {
			s = strictDivision(s, ty.lenient)
		}
		if s.Where != nil {
			s.Where = lenientCasts(s.Where) // MariaDB only warns there
		}
	}
	if s.Where != nil && !s.IgnoreErr {
		s.Where = strictComputedInts(s.Where)
	}
	set, changed, vals, err := assignments(s.List, conv, l.columnDefs(ctx, unquote(tbl)))
	if err != nil {
		return 0, err
	}
	filter, err := matchFilter(tbl, alias, s.Where, s.Order, s.Limit)
	if err != nil {
		return 0, err
	}
	rows := updateRows{tbl: tbl, alias: alias, verb: verb, set: set, changed: changed, filter: filter, order: s.Order,
		cols: updatedColumns(s.List), vals: vals, gathers: setsPrimaryKey(s.List, info) || s.Order != nil}
	if err := l.countMatched(ctx, tbl, alias, filter); err != nil {
		return 0, l.updateInOrder(ctx, err, rows)
	}
	if s.Order != nil {
		unique, err := l.setsUniqueKey(ctx, unquote(tbl), s.List, info)
		if err != nil {
			return 0, err
		}
		if unique {
			n, err := l.updateRowsInOrder(ctx, verb, tbl, alias, set, changed, filter, s.Order)
			if err != errNotInOrder {
				return n, err
			}
		}
	}
	// MySQL counts only rows whose values change, so rows that would not
	// change are not touched at all.
	n, err := l.exec(ctx, verb+tbl+" AS "+alias+" SET "+set+" WHERE "+filter+" AND ("+changed+")")
	if err != nil {
		return n, l.updateInOrder(ctx, err, rows)
	}
	return n, nil
}

// setsPrimaryKey tells whether an UPDATE assigns a primary key column.
func setsPrimaryKey(list []*ast.Assignment, info []colInfo) bool {
	for _, a := range list {
		for _, c := range info {
			if c.pk > 0 && strings.EqualFold(c.name, a.Column.Name.O) {
				return true
			}
		}
	}
	return false
}

// countMatched counts, before an UPDATE runs, the rows it matches whether
// they change or not.
func (l *execLog) countMatched(ctx context.Context, tbl, alias, filter string) error {
	return l.tx.QueryRowContext(ctx, "SELECT count(*) FROM "+tbl+" AS "+alias+" WHERE "+filter).Scan(&l.matched)
}

// assignments renders SET a = e, ... with MySQL's left-to-right meaning (a
// later assignment sees the new value of an earlier one) and the condition
// that is true when the row would actually change.
func assignments(list []*ast.Assignment, conv func(col, v string) string, def func(col string) *ast.ColumnDef) (set, changed string, vals []string, err error) {
	prior := map[string]string{}
	var sets, diffs []string
	for _, a := range list {
		name := a.Column.Name.O
		e, _ := a.Expr.Accept(leaveFunc(func(n ast.Node) ast.Node {
			if c, ok := n.(*ast.ColumnNameExpr); ok {
				if v, ok := prior[c.Name.Name.L]; ok {
					// The new value reads as the column would: with its
					// affinity and collation (d0 = 7, x = IF(d0 < 328, …)
					// compares 7 with 328 as numbers).
					var col *ast.ColumnDef
					if def != nil {
						col = def(c.Name.Name.O)
					}
					return raw(storedValue(col, v))
				}
			}
			return n
		}))
		v, err := restore(e)
		if err != nil {
			return "", "", nil, err
		}
		v = conv(name, v)
		prior[strings.ToLower(name)] = v
		vals = append(vals, v)
		sets = append(sets, quoteIdent(name)+" = "+v)
		// BINARY: 'a' → 'A' is a change for MySQL even under a
		// case-insensitive collation.
		diffs = append(diffs, quoteIdent(name)+" IS NOT ("+v+") COLLATE BINARY")
	}
	return strings.Join(sets, ", "), strings.Join(diffs, " OR "), vals, nil
}

// leaveFunc is a visitor that maps each node bottom-up.
type leaveFunc func(ast.Node) ast.Node

func (f leaveFunc) Enter(n ast.Node) (ast.Node, bool) { return n, false }
func (f leaveFunc) Leave(n ast.Node) (ast.Node, bool) { return f(n), true }

func (l *execLog) delete(ctx context.Context, s *ast.DeleteStmt) (int64, error) {
	if s.IsMultiTable {
		return 0, notSupported("multi-table DELETE")
	}
	s, _, err := translateWith(s, l.schema(ctx))
	s = strictDates(s)
	if err != nil {
		return 0, err
	}
	tbl, alias, err := target(s.TableRefs)
	if err != nil {
		return 0, err
	}
	if s.Where == nil && s.Limit == nil {
		return l.exec(ctx, "DELETE FROM "+tbl)
	}
	filter, err := matchFilter(tbl, alias, s.Where, s.Order, s.Limit)
	if err != nil {
		return 0, err
	}
	return l.exec(ctx, "DELETE FROM "+tbl+" AS "+alias+" WHERE "+filter)
}

// insertTarget is the table an INSERT writes.
func insertTarget(s *ast.InsertStmt) (*ast.TableName, error) {
	if s.Table != nil && s.Table.TableRefs != nil {
		if ts, ok := s.Table.TableRefs.Left.(*ast.TableSource); ok {
			if tn, ok := ts.Source.(*ast.TableName); ok {
				return tn, nil
			}
		}
	}
	return nil, notSupported("this INSERT target")
}

// insertColumns is the column list, or every column when there is none.
func insertColumns(s *ast.InsertStmt, info []colInfo) []string {
	var cols []string
	for _, c := range s.Columns {
		cols = append(cols, c.Name.O)
	}
	if len(cols) == 0 && (s.Select != nil || (len(s.Lists) > 0 && len(s.Lists[0]) > 0)) {
		for _, c := range info {
			cols = append(cols, c.name)
		}
	}
	return cols
}

// checkColumns refuses a column the table does not have.
func checkColumns(info []colInfo, cols []string) error {
	for _, c := range cols {
		found := false
		for _, ic := range info {
			found = found || strings.EqualFold(ic.name, c)
		}
		if !found {
			return drivers.Errorf(drivers.ErBadField, "42S22", "Unknown column '%s' in 'field list'", c)
		}
	}
	return nil
}

// checkDefaults refuses an INSERT that leaves out a NOT NULL column without
// DEFAULT, with MySQL's 1364 rather than the NOT NULL error SQLite gives.
// updatedColumns names the columns of ON DUPLICATE KEY UPDATE.
func updatedColumns(list []*ast.Assignment) []string {
	out := make([]string, len(list))
	for i, a := range list {
		out[i] = a.Column.Name.O
	}
	return out
}

func checkDefaults(info []colInfo, cols []string) error {
	for _, c := range info {
		if c.notNull && !c.dflt.Valid && !contains(cols, c.name) {
			return drivers.Errorf(drivers.ErNoDefaultForField, "HY000", "Field '%s' doesn't have a default value", c.name)
		}
	}
	return nil
}

// enumsWithoutDefault are the ENUM NOT NULL columns of info declared
// without a DEFAULT.
func enumsWithoutDefault(info []colInfo) []string {
	var out []string
	for _, c := range info {
		if len(c.enum) > 0 && c.notNull && !c.dflt.Valid {
			out = append(out, c.name)
		}
	}
	return out
}

// insertSource renders what an INSERT inserts: VALUES rows or a SELECT.
// VALUES are converted to the column types here, their literals bound as
// parameters where possible (see params.go); a SELECT's are converted by
// the caller.
func insertSource(s *ast.InsertStmt, cols []string, info []colInfo, conv func(col, v string) string, bare func(col string, v any) bool, schema schemaFunc) (bound, error) {
	if s.Select != nil {
		sel, ty, err := translateWith(s.Select, schema)
		if err != nil {
			return bound{}, err
		}
		if sel = writeValues(sel, s.IgnoreErr); !s.IgnoreErr {
			// Its WHERE too, constants compared with a key included.
			sel = strictDivision(sel, nil)
		}
		if fields, ok := sel.(*ast.SelectStmt); ok {
			storedFields(fields, ty, cols, info)
			for _, f := range fields.Fields.Fields {
				if !s.IgnoreErr {
					f.Expr = strictLiterals(f.Expr)
				}
			}
		}
		q, err := restore(sel)
		return plain(q), err
	}
	lift := drivers.ValueCount(s.Lists) <= maxParams
	var src bound
	sqlRows, textRows := make([]string, len(s.Lists)), make([]string, len(s.Lists))
	src.cells = make([][]string, len(s.Lists))
	for i, list := range s.Lists {
		sqlVals, textVals := make([]string, len(list)), make([]string, len(list))
		for j, e := range list {
			if _, ok := e.(*ast.DefaultExpr); ok {
				return bound{}, notSupported("DEFAULT in VALUES")
			}
			text, fn, err := valueText(e, info, colAt(cols, j), !s.IgnoreErr)
			if err != nil {
				return bound{}, err
			}
			q := text
			v, lifted := parameter(e)
			if lifted = lifted && lift; lifted {
				q = "?"
				src.args = append(src.args, v)
			}
			if fn != "" {
				q, text = fn+"("+q+")", fn+"("+text+")"
				lifted = false // never bare
			}
			if j < len(cols) && !(lifted && bare(cols[j], v)) {
				q, text = conv(cols[j], q), conv(cols[j], text)
			}
			sqlVals[j], textVals[j] = q, text
		}
		sqlRows[i] = "(" + strings.Join(sqlVals, ", ") + ")"
		textRows[i] = "(" + strings.Join(textVals, ", ") + ")"
		src.cells[i] = textVals
	}
	src.sql = "VALUES " + strings.Join(sqlRows, ", ")
	src.text = "VALUES " + strings.Join(textRows, ", ")
	return src, nil
}

// valueText is one VALUES expression as SQLite SQL, and the function a
// DECIMAL written to its column must go through first (typedInto).
func valueText(e ast.ExprNode, info []colInfo, col string, strict bool) (string, string, error) {
	if text, ok := plainLiteral(e); ok {
		return text, "", nil
	}
	n, ty, err := translateWith(e, nil)
	if err != nil {
		return "", "", err
	}
	if n = writeValues(n, !strict); strict {
		n = strictDivision(strictLiterals(n), nil)
	}
	text, err := restore(n)
	if err != nil {
		return "", "", err
	}
	return text, typedInto(ty.typeOf(n), info, col), nil
}

// plainLiteral writes the literals most VALUES hold (NULL, an integer
// within BIGINT's range, a string without a NUL byte) as translating and
// restoring them would, without either: they translate to themselves.
func plainLiteral(e ast.ExprNode) (string, bool) {
	v, ok := e.(*test_driver.ValueExpr)
	if !ok {
		return "", false
	}
	switch v.Kind() {
	case test_driver.KindNull:
		return "NULL", true
	case test_driver.KindInt64:
		if !mysql.HasIsBooleanFlag(v.Type.GetFlag()) {
			return strconv.FormatInt(v.GetInt64(), 10), true
		}
	case test_driver.KindUint64:
		// The AUTO_INCREMENT values the engine fills in; past int64
		// SQLite reads the literal as a REAL, and translation decides.
		if u := v.GetUint64(); u <= math.MaxInt64 && !mysql.HasIsBooleanFlag(v.Type.GetFlag()) {
			return strconv.FormatUint(u, 10), true
		}
	case test_driver.KindString, test_driver.KindBytes:
		if s := v.GetString(); strings.IndexByte(s, 0) < 0 {
			return "'" + strings.ReplaceAll(s, "'", "''") + "'", true
		}
	}
	return "", false
}

func (l *execLog) insert(ctx context.Context, s *ast.InsertStmt) (int64, error) {
	t, err := insertTarget(s)
	if err != nil {
		return 0, err
	}
	info, err := l.tableInfo(ctx, physical(t.Schema.O, t.Name.O))
	if err != nil {
		return 0, err
	}
	cols := insertColumns(s, info)
	if err := checkColumns(info, cols); err != nil {
		return 0, err
	}
	ignore := s.IgnoreErr && !s.IsReplace && len(s.OnDuplicate) == 0
	if ignore {
		cols = fillOmitted(s, info, cols, nil)
	}
	if first := enumsWithoutDefault(info); len(first) > 0 {
		// An ENUM NOT NULL without a DEFAULT has its first member as
		// its default on MariaDB: left out, it is that, not 1364.
		cols = fillOmitted(s, info, cols, first)
	}
	if len(s.OnDuplicate) > 0 && s.Select == nil {
		// MariaDB counts a column the UPDATE part sets as given: left
		// out of the row, it takes its type's zero instead of 1364 (not
		// out of a SELECT's rows: 1364).
		cols = fillOmitted(s, info, cols, updatedColumns(s.OnDuplicate))
	}
	if err := checkDefaults(info, cols); err != nil {
		return 0, err
	}
	if err := l.ambiguousInUpdate(ctx, s, info); err != nil {
		return 0, err // after 1364, as on MariaDB
	}
	conv, bare := coerce(info), bareIn(info)
	switch {
	case ignore:
		// IGNORE clips what the strict conversions refuse: no value is bare.
		conv, bare = ignoreCoerce(info), func(string, any) bool { return false }
	case s.IsReplace || len(s.OnDuplicate) > 0:
		// Staged as written, each row converted as it is inserted
		// (insertStaged): a later row's invalid value fails after the
		// earlier rows' deletes and updates, as MariaDB meets them.
		conv = func(_, v string) string { return v }
	}
	src, err := insertSource(s, cols, info, conv, bare, l.schema(ctx))
	if err != nil {
		return 0, err
	}
	head := "INSERT INTO " + tableIdent(t)
	if len(cols) == 0 {
		return l.exec(ctx, head+" DEFAULT VALUES")
	}
	head += " (" + quoteList(cols) + ") "
	switch {
	case s.IsReplace:
		return l.replace(ctx, t, info, cols, src)
	case len(s.OnDuplicate) > 0:
		return l.upsert(ctx, t, info, cols, src, s.OnDuplicate, !s.IgnoreErr)
	}
	with, rawSrc := "", src
	if s.Select != nil {
		var sel string
		with, sel = convertSelect(src.sql, cols, conv)
		src = plain(sel)
	}
	if s.IgnoreErr {
		// Duplicate rows are skipped; ignoreCoerce made every value storable.
		return l.run(ctx, src.around(with+head, " ON CONFLICT DO NOTHING"))
	}
	n, err := l.run(ctx, src.around(with+head, ""))
	if err != nil {
		if len(cols) < 2 && len(s.Lists) == 1 {
			return n, l.describeDup(ctx, err, t, info, cols, rawSrc)
		}
		return n, l.insertInOrder(ctx, l.describeDup(ctx, err, t, info, cols, rawSrc), t, info, cols, rawSrc, head)
	}
	return n, nil
}

// storedFields has the DECIMAL fields of an INSERT's SELECT reach their
// columns as MariaDB stores them. A quotient keeps its digits where it
// goes into a number or a string column: MariaDB stores it as it computed
// it (whole 9-digit words of fraction, dec_div), converted to the column's
// type, and rounds it to its type's scale only to show it to a client.
// MONTH('2024-02-29') / d6 - -ub of a d6 of 58.000401 and a ub of 174
// stores 174.034 in a DECIMAL(8,3), not 174.035 from 0.0345,
// 0.0344825202156792 in a DOUBLE, and 1 / 4 is 0.250000000 in a VARCHAR.
// Into an ENUM or a SET column a DECIMAL goes as a number, whose integer
// part is the member's number (members.go): SQLite holds a DECIMAL as
// text, which the column would read as a member's name and refuse (1265).
// INSERT ... SELECT 3 / 2 into an ENUM('a','b') stores 'a'.
func storedFields(sel *ast.SelectStmt, ty *typer, cols []string, info []colInfo) {
	if sel.Fields == nil || len(sel.Fields.Fields) != len(cols) {
		return
	}
	var types []string // the fields' types, read once an ENUM or SET column needs them
	for i, f := range sel.Fields.Fields {
		c, ok := columnInfo(info, cols[i])
		switch {
		case !ok:
		case c.enum != nil || c.set != nil:
			if types == nil {
				types = ty.fieldTypes(len(cols))
			}
			if i < len(types) && strings.HasPrefix(types[i], "DECIMAL") {
				f.Expr = raw("CAST(", f.Expr, " AS REAL)")
			}
		case storesDigits(c):
			if r, ok := f.Expr.(*rawExpr); ok && r.shown {
				if v, ok := r.parts[1].(ast.ExprNode); ok {
					f.Expr = v
				}
			}
		}
	}
}

// storesDigits tells whether column c holds numbers or strings.
func storesDigits(c colInfo) bool {
	decl := c.typ
	if c.keyType != "" {
		decl = c.keyType
	}
	switch columnType(decl).kind {
	case kInt, kDecimal, kDouble, kString:
		return true
	}
	return false
}

// convertSelect names the SELECT's columns in a CTE so each can be
// converted to its column's type. The WHERE also keeps SQLite from reading
// a following ON CONFLICT as a join constraint.
func convertSelect(sel string, cols []string, conv func(col, v string) string) (with, src string) {
	names := make([]string, len(cols))
	vals := make([]string, len(cols))
	for i, c := range cols {
		names[i] = stagedCol(i)
		vals[i] = conv(c, stagedCol(i))
	}
	with = "WITH blocksql_src(" + strings.Join(names, ", ") + ") AS (" + sel + ") "
	return with, "SELECT " + strings.Join(vals, ", ") + " FROM blocksql_src WHERE true"
}

// unquote reverses quoteIdent.
func unquote(s string) string {
	return strings.ReplaceAll(strings.TrimSuffix(strings.TrimPrefix(s, `"`), `"`), `""`, `"`)
}

// stagedCol names column i of the staging table.
func stagedCol(i int) string { return fmt.Sprintf("c%d", i) }

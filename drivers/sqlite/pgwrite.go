package sqlite

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/blocksql/blocksql/drivers"
)

// pgPlan is a translated write: the SQLite statements to run in order (the
// last one's rows and count are the statement's), the RETURNING columns,
// and the catalog changes to record.
type pgPlan struct {
	sql      []string
	ret      []pgColumn
	save     []*pgTable // tables created or changed
	drop     []string   // tables dropped
	seqs     []pgSeqDef // sequences created
	dropSeqs []string   // sequences dropped
	reset    []string   // sequences restarted (TRUNCATE ... RESTART IDENTITY)
	// single says the statement's own row count is the last statement's.
	single bool
	// rowSQL are a multi-row INSERT's rows one by one, and rowDraws the
	// sequences each drew from: when it fails, the rows are tried one by
	// one to find the failing row, and the draws of the rows after it,
	// which PostgreSQL never reached, are given back.
	rowSQL   []string
	rowDraws [][]string
	// twice, from 1, is the row of an ON CONFLICT DO UPDATE that shares
	// its key with an earlier row: the statement fails there (21000),
	// unless an earlier row fails first.
	twice int
	// probeSQL are, for a multi-row ON CONFLICT DO UPDATE whose rows
	// cannot be judged before they run (it assigns its conflict key, has
	// a WHERE, or a row's key is not a constant), each row's probe: it gives the rowid of the row the
	// row conflicts with (or inserts). The rows run one by one first, and
	// the first that meets a row an earlier one inserted or updated fails
	// the statement there (21000), as PostgreSQL does.
	probeSQL []string
	// uncaptured says the statement's row changes are not row history
	// (a table rewrite, which fires no row trigger in PostgreSQL).
	uncaptured bool
	// reword words the statement's error as PostgreSQL does where it
	// differs from the same failure of an INSERT or UPDATE.
	reword func(*drivers.Error)
}

// pgSeqDef is a sequence a serial or identity column creates.
type pgSeqDef struct {
	Name     string
	Min, Max int64
}

// pgWriter translates writes; nextval draws the next value of a sequence.
type pgWriter struct {
	pgTrans
	twice     int    // see pgPlan.twice
	probe     string // the conflict clause of pgPlan.probeSQL's statements
	nextval   func(seq string) (int64, error)
	seqExists func(seq string) (bool, error)
	allTables func() []*pgTable
	// eval computes a constant expression (a column default, a VALUES
	// value) with the statement's parameters.
	eval func(sql string, args []any) (any, error)
	// params are the statement's parameters; folded are the values
	// computed while translating, bound after them.
	params, folded []any
	// rows are the VALUES rows' folded values by column, for the check
	// that ON CONFLICT DO UPDATE touches a row once.
	rows []map[string]any
	// rowDraws are the sequences each VALUES row draws from, rowTexts
	// the rows as written.
	rowDraws [][]string
	rowTexts []string
	// chosen are the names freeName gave in this statement.
	chosen map[string]bool
}

// nextvalCheck reports whether seq exists, drawing nothing.
func (w *pgWriter) nextvalCheck(seq string) (bool, error) {
	if w.seqExists == nil {
		return true, nil
	}
	return w.seqExists(seq)
}

// fold computes a VALUES value now, as PostgreSQL's planner folds
// constants (and the parameters of a one-shot plan): a value it refuses
// fails the statement before any sequence value is drawn. The value is
// bound as a parameter, so it reaches SQLite exactly.
func (w *pgWriter) fold(sql string) (string, error) {
	v, err := w.eval(sql, w.params)
	if err != nil {
		return "", err
	}
	w.folded = append(w.folded, v)
	return fmt.Sprintf("?%d", len(w.params)+len(w.folded)), nil
}

func (w *pgWriter) write(n *pg_query.Node) (*pgPlan, error) {
	switch x := n.Node.(type) {
	case *pg_query.Node_InsertStmt:
		return w.insert(x.InsertStmt)
	case *pg_query.Node_UpdateStmt:
		return w.update(x.UpdateStmt)
	case *pg_query.Node_DeleteStmt:
		return w.delete(x.DeleteStmt)
	case *pg_query.Node_CreateStmt:
		return w.createTable(x.CreateStmt)
	case *pg_query.Node_IndexStmt:
		return w.createIndex(x.IndexStmt)
	case *pg_query.Node_DropStmt:
		return w.drop(x.DropStmt)
	case *pg_query.Node_AlterTableStmt:
		return w.alter(x.AlterTableStmt)
	case *pg_query.Node_RenameStmt:
		return w.rename(x.RenameStmt)
	case *pg_query.Node_TruncateStmt:
		return w.truncate(x.TruncateStmt)
	}
	return nil, pgUnsupported("this statement is not translated for the SQLite backend: %s", pgNodeName(n))
}

// target resolves a write's table and puts it in scope under its alias.
func (w *pgWriter) target(rv *pg_query.RangeVar) (*pgTable, string, error) {
	if rv.Schemaname != "" && rv.Schemaname != "public" {
		return nil, "", pgUnsupported("schema %s is not writable on the SQLite backend", rv.Schemaname)
	}
	t, err := w.table(rv.Relname)
	if err != nil {
		return nil, "", err
	}
	alias := t.Name
	if rv.Alias != nil {
		alias = rv.Alias.Aliasname
	}
	w.scopes = [][]pgRange{{{alias: alias, cols: t.Columns}}}
	return t, alias, nil
}

func (w *pgWriter) insert(s *pg_query.InsertStmt) (*pgPlan, error) {
	if s.WithClause != nil {
		return nil, pgUnsupported("WITH is not translated for the SQLite backend")
	}
	t, alias, err := w.target(s.Relation)
	if err != nil {
		return nil, err
	}
	cols, err := pgInsertColumns(t, s.Cols)
	if err != nil {
		return nil, err
	}
	if s.SelectStmt == nil {
		cols = nil // DEFAULT VALUES
	}
	for _, i := range cols {
		c := t.Columns[i]
		if c.Identity == "a" && s.Override != pg_query.OverridingKind_OVERRIDING_SYSTEM_VALUE {
			return nil, pgErr("428C9", "cannot insert a non-DEFAULT value into column %q: column %q is an identity column defined as GENERATED ALWAYS", c.Name, c.Name)
		}
	}
	// Columns the statement leaves out that have a default: the engine
	// writes it (a sequence's value it draws here, row by row, as
	// PostgreSQL's default does), so a default is the catalog's alone and
	// ALTER COLUMN SET DEFAULT changes nothing in SQLite.
	var seqCols []int
	serial := false
	for i, c := range t.Columns {
		if _, written := c.omitted(); (c.Seq != "" || written) && !slices.Contains(cols, i) {
			seqCols = append(seqCols, i)
			serial = serial || c.Seq != ""
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "INSERT INTO %s AS %s (", quoteIdent(t.Name), quoteIdent(alias))
	names := make([]string, 0, len(cols)+len(seqCols))
	for _, i := range append(append([]int{}, cols...), seqCols...) {
		names = append(names, quoteIdent(t.Columns[i].Name))
	}
	b.WriteString(strings.Join(names, ", ") + ") ")
	head := b.String()
	sel := s.SelectStmt.GetSelectStmt()
	switch {
	case sel == nil && len(seqCols) == 0:
		b.Reset()
		fmt.Fprintf(&b, "INSERT INTO %s AS %s DEFAULT VALUES", quoteIdent(t.Name), quoteIdent(alias))
	case sel == nil:
		empty := &pg_query.Node{Node: &pg_query.Node_List{List: &pg_query.List{}}}
		if err := w.values(&b, t, cols, seqCols, []*pg_query.Node{empty}); err != nil {
			return nil, err
		}
	case len(sel.ValuesLists) > 0:
		if err := w.values(&b, t, cols, seqCols, sel.ValuesLists); err != nil {
			return nil, err
		}
	default:
		if serial {
			return nil, pgUnsupported("INSERT ... SELECT into a table whose serial column it leaves out is not translated for the SQLite backend")
		}
		if err := w.insertSelect(&b, t, cols, seqCols, sel); err != nil {
			return nil, err
		}
	}
	var conflict strings.Builder
	if oc := s.OnConflictClause; oc != nil {
		if err := w.onConflict(&conflict, t, alias, oc); err != nil {
			return nil, err
		}
	}
	b.WriteString(conflict.String())
	plan := &pgPlan{single: true}
	before := b.Len()
	if err := w.returning(&b, plan, s.ReturningList); err != nil {
		return nil, err
	}
	ret := b.String()[before:] // a RETURNING expression failing fails its row
	sql, err := w.drawSeqs(b.String())
	if err != nil {
		return nil, err
	}
	probe := w.probe != "" && len(w.rowTexts) > 1
	if len(w.rowTexts) > 1 && slices.ContainsFunc(w.rowDraws, func(d []string) bool { return len(d) > 0 }) || w.twice > 0 || probe {
		for _, row := range w.rowTexts {
			plan.rowSQL = append(plan.rowSQL, head+"VALUES "+row+conflict.String()+ret)
			if probe {
				plan.probeSQL = append(plan.probeSQL, head+"VALUES "+row+w.probe+" RETURNING _rowid_")
			}
		}
		plan.rowDraws, plan.twice = w.rowDraws, w.twice
	}
	plan.sql = []string{sql}
	return plan, nil
}

// insertColumns are the indexes of the columns an INSERT names (all of
// them, in order, when it names none).
// insertSelect writes INSERT ... SELECT: the query's columns, named by
// position, each converted to its target column's type. The WHERE true
// keeps SQLite from reading a following ON CONFLICT as a join's ON.
func (w *pgWriter) insertSelect(b *strings.Builder, t *pgTable, cols, defaults []int, sel *pg_query.SelectStmt) error {
	saved := w.scopes
	w.scopes = nil
	w.positional = true
	q, err := w.selectStmt(sel, false)
	w.scopes = saved
	if err != nil {
		return err
	}
	if len(q.cols) != len(cols) {
		return pgErr("42601", "INSERT has %d target columns but the query gives %d", len(cols), len(q.cols))
	}
	conv := make([]string, len(cols))
	for j, i := range cols {
		c := t.Columns[i]
		if c.Type.Base == "bool" && q.cols[j].Type.Base != "" && q.cols[j].Type.Base != "bool" {
			return pgErr("42804", "column %q is of type boolean but expression is of type %s", c.Name, q.cols[j].Type.Base)
		}
		conv[j] = c.Type.convert(fmt.Sprintf(`"q"."c%d"`, j), q.cols[j].Type)
	}
	for _, i := range defaults {
		v, _ := t.Columns[i].omitted()
		conv = append(conv, v)
	}
	fmt.Fprintf(b, `SELECT %s FROM (%s) AS "q" WHERE true`, strings.Join(conv, ", "), q.sql)
	return nil
}

func pgInsertColumns(t *pgTable, names []*pg_query.Node) ([]int, error) {
	if len(names) == 0 {
		out := make([]int, len(t.Columns))
		for i := range out {
			out[i] = i
		}
		return out, nil
	}
	out := make([]int, 0, len(names))
	for _, n := range names {
		rt := n.GetResTarget()
		if len(rt.Indirection) > 0 {
			return nil, pgUnsupported("subscripted or field targets are not supported")
		}
		i, c := t.column(rt.Name)
		if c == nil {
			return nil, pgErr("42703", "column %q of relation %q does not exist", rt.Name, t.Name)
		}
		if slices.Contains(out, i) {
			return nil, pgErr("42701", "column %q specified more than once", rt.Name)
		}
		out = append(out, i)
	}
	return out, nil
}

// values writes the VALUES rows, each value converted to its column's
// type; DEFAULT is the column's default (or its sequence's next value).
func (w *pgWriter) values(b *strings.Builder, t *pgTable, cols, seqCols []int, rows []*pg_query.Node) error {
	saved := w.scopes
	w.scopes = nil // VALUES sees no column
	defer func() { w.scopes = saved }()
	for _, row := range rows {
		if items := row.GetList().GetItems(); len(items) == len(cols) {
			for j, i := range cols {
				if err := parsedLiteral(&t.Columns[i], items[j]); err != nil {
					return err
				}
			}
		}
	}
	texts := make([]string, len(rows))
	for r, row := range rows {
		items := row.GetList().GetItems()
		if len(items) != len(cols) {
			return pgErr("42601", "VALUES lists must have %d values", len(cols))
		}
		parts := make([]string, 0, len(cols)+len(seqCols))
		vals := map[string]any{}
		w.rowDraws = append(w.rowDraws, nil)
		for j, i := range cols {
			n := len(w.folded)
			v, err := w.value(&t.Columns[i], items[j])
			if err != nil {
				return err
			}
			if len(w.folded) > n {
				vals[t.Columns[i].Name] = w.folded[n]
			}
			parts = append(parts, v)
		}
		for _, i := range seqCols {
			if c := t.Columns[i]; c.Seq != "" {
				parts = append(parts, w.draw(c.Seq))
			} else {
				v, _ := c.omitted()
				parts = append(parts, v)
			}
		}
		w.rows = append(w.rows, vals)
		texts[r] = "(" + strings.Join(parts, ", ") + ")"
	}
	w.rowTexts = texts
	b.WriteString(pgValuesMark)
	return nil
}

// pgValuesMark stands for the VALUES rows until their sequence values
// are drawn.
const pgValuesMark = "\x00values\x00"

// drawSeqs draws the VALUES rows' sequence values in row order and
// writes the rows in place of their mark in sql. It runs once the whole
// statement is translated: every constant is converted first, as
// PostgreSQL does while it parses and plans the statement, and a
// statement refused then draws nothing.
func (w *pgWriter) drawSeqs(sql string) (string, error) {
	for r, draws := range w.rowDraws {
		for _, seq := range draws {
			v, err := w.nextval(seq)
			if err != nil {
				return "", err
			}
			w.rowTexts[r] = strings.Replace(w.rowTexts[r], pgDrawMark, strconv.FormatInt(v, 10), 1)
		}
	}
	return strings.Replace(sql, pgValuesMark, "VALUES "+strings.Join(w.rowTexts, ", "), 1), nil
}

// pgDrawMark stands for a sequence value until it is drawn.
const pgDrawMark = "\x00draw\x00"

// draw notes that the current VALUES row takes the next value of seq.
func (w *pgWriter) draw(seq string) string {
	w.rowDraws[len(w.rowDraws)-1] = append(w.rowDraws[len(w.rowDraws)-1], seq)
	return pgDrawMark
}

// value is one value written to column c.
func (w *pgWriter) value(c *pgColumn, n *pg_query.Node) (string, error) {
	if n.GetSetToDefault() != nil {
		switch {
		case c.Seq != "" && w.scopes == nil:
			return w.draw(c.Seq), nil
		case c.Default != "":
			return c.Default, nil
		}
		return "NULL", nil
	}
	if f := n.GetFuncCall(); f != nil && len(f.Funcname) > 0 && f.Funcname[len(f.Funcname)-1].GetString_().GetSval() == "nextval" {
		name := ""
		if len(f.Args) == 1 {
			if c := f.Args[0].GetAConst(); c != nil {
				name = c.GetSval().GetSval()
			} else if tc := f.Args[0].GetTypeCast(); tc != nil {
				name = tc.Arg.GetAConst().GetSval().GetSval()
			}
		}
		if name == "" || w.scopes != nil {
			return "", pgUnsupported("nextval() is translated in VALUES, with a sequence name literal, on the SQLite backend")
		}
		if _, err := w.nextvalCheck(name); err != nil {
			return "", err
		}
		return w.draw(name), nil
	}
	e, err := w.expr(n)
	if err != nil {
		return "", err
	}
	if c.Type.Base == "bool" && e.typ.Base != "" && e.typ.Base != "bool" {
		return "", pgErr("42804", "column %q is of type boolean but expression is of type %s", c.Name, e.typ.Base)
	}
	if e.sql == "NULL" {
		return "NULL", nil
	}
	if e.typ.Base == "" {
		w.typed(e, c.Type)
	}
	if w.scopes == nil {
		if v, ok := w.plainValue(n); ok {
			return w.foldValue(c.Type, v, e.typ)
		}
		return w.fold(c.Type.convert(e.sql, e.typ))
	}
	if v, ok := w.plainValue(n); ok && n.GetAConst() != nil {
		// A constant assigned by SET is folded when PostgreSQL plans the
		// statement: it fails with no row to update too.
		return w.foldValue(c.Type, v, e.typ)
	}
	return c.Type.convert(e.sql, e.typ), nil
}

// parsedLiteral is the error PostgreSQL raises while it parses a string
// literal written to column c (or cast): it reads the literal with its
// type's input function then, before it plans or runs the statement, so
// an invalid date in a later row fails before an integer out of range in
// an earlier one. The length and precision come later, with the other
// constants folded while planning.
func parsedLiteral(c *pgColumn, n *pg_query.Node) error {
	t := c.Type
	if tc := n.GetTypeCast(); tc != nil {
		ct, serial, err := pgTypeOf(tc.TypeName)
		if err != nil || serial != "" {
			return nil
		}
		t, n = ct, tc.Arg
	}
	k := n.GetAConst()
	if k == nil || k.GetSval() == nil {
		return nil
	}
	_, err := pgType{Base: t.Base}.convertValue(k.GetSval().Sval, pgUnknown)
	return err
}

// plainValue is a literal's or a parameter's value, which the conversion
// takes in Go without a round trip through SQLite.
func (w *pgWriter) plainValue(n *pg_query.Node) (any, bool) {
	if p := n.GetParamRef(); p != nil {
		if i := int(p.Number) - 1; i >= 0 && i < len(w.params) {
			return w.params[i], true
		}
		return nil, false
	}
	return pgConstValue(n)
}

// foldValue converts a plain value to t now (see fold).
func (w *pgWriter) foldValue(t pgType, v any, from pgType) (string, error) {
	conv, err := t.convertValue(v, from)
	if err != nil {
		return "", err
	}
	w.folded = append(w.folded, conv)
	return fmt.Sprintf("?%d", len(w.params)+len(w.folded)), nil
}

func (w *pgWriter) onConflict(b *strings.Builder, t *pgTable, alias string, oc *pg_query.OnConflictClause) error {
	b.WriteString(" ON CONFLICT")
	var names []string
	if oc.Infer != nil {
		if oc.Infer.Conname != "" || oc.Infer.WhereClause != nil {
			return pgUnsupported("ON CONFLICT ON CONSTRAINT and inference WHERE are not translated for the SQLite backend")
		}
		for _, e := range oc.Infer.IndexElems {
			ie := e.GetIndexElem()
			if ie == nil || ie.Name == "" {
				return pgUnsupported("ON CONFLICT on an expression is not translated for the SQLite backend")
			}
			names = append(names, quoteIdent(ie.Name))
		}
		b.WriteString(" (" + strings.Join(names, ", ") + ")")
	}
	if oc.Action == pg_query.OnConflictAction_ONCONFLICT_NOTHING {
		b.WriteString(" DO NOTHING")
		return nil
	}
	if oc.Infer == nil {
		return pgErr("42601", "ON CONFLICT DO UPDATE requires inference specification or constraint name")
	}
	if setsKey(oc) || oc.WhereClause != nil || !w.onceEach(oc.Infer.IndexElems) {
		// The rows are judged as they run. A probe conflicting changes
		// nothing: it sets a key column to the value it has.
		w.probe = fmt.Sprintf(" ON CONFLICT (%s) DO UPDATE SET %s = %s.%s", strings.Join(names, ", "), names[0], quoteIdent(alias), names[0])
	}
	w.scopes = [][]pgRange{{{alias: alias, cols: t.Columns}, {alias: "excluded", cols: t.Columns}}}
	set, err := w.assignments(t, oc.TargetList)
	if err != nil {
		return err
	}
	b.WriteString(" DO UPDATE SET " + set)
	if err := w.clause(b, " WHERE ", oc.WhereClause); err != nil {
		return err
	}
	w.scopes = [][]pgRange{{{alias: alias, cols: t.Columns}}}
	return nil
}

// setsKey tells whether an ON CONFLICT DO UPDATE assigns a column of its
// conflict key: the row it updates may then move away from the key, and
// a later row with that key inserts a new row where PostgreSQL would
// refuse nothing, so the rows cannot be judged before they run (nor
// with a WHERE, which may leave the first row's target untouched, and
// PostgreSQL refuses a second row meeting it all the same).
func setsKey(oc *pg_query.OnConflictClause) bool {
	for _, n := range oc.TargetList {
		for _, k := range oc.Infer.IndexElems {
			if n.GetResTarget().GetName() == k.GetIndexElem().GetName() {
				return true
			}
		}
	}
	return false
}

// onceEach refuses, as PostgreSQL does (21000), an ON CONFLICT DO UPDATE
// whose VALUES rows share a conflict key: the second would update the
// row the first inserted or updated, which SQLite would do. PostgreSQL
// finds it at that row, having drawn the sequence values of the rows up
// to it, which stay drawn, and an earlier row may fail first: the plan
// notes the row (twice) and the rows run one by one to see. judged is
// false when a row's key is not a constant (an expression, a default):
// the rows are then judged as they run (pgPlan.probeSQL).
func (w *pgWriter) onceEach(keys []*pg_query.Node) (judged bool) {
	seen := map[string]bool{}
	for r, row := range w.rows {
		key := ""
		for _, k := range keys {
			v, ok := row[k.GetIndexElem().Name]
			if !ok {
				return false
			}
			if isNull(v) {
				key = ""
				break
			}
			key += fmt.Sprintf("%T:%v\x00", v, v)
		}
		if key == "" {
			continue
		}
		if seen[key] {
			w.twice = r + 1
			return true
		}
		seen[key] = true
	}
	return true
}

// assignments writes SET lists, each value converted to its column.
func (w *pgWriter) assignments(t *pgTable, list []*pg_query.Node) (string, error) {
	for _, n := range list {
		// SET (a, b) = (x, y) is SET a = x, b = y; SET (a, b) = (SELECT …)
		// stays refused below.
		rt := n.GetResTarget()
		if m := rt.GetVal().GetMultiAssignRef(); m != nil && m.GetSource().GetRowExpr() != nil {
			if args := m.GetSource().GetRowExpr().GetArgs(); m.Colno >= 1 && int(m.Colno) <= len(args) && int(m.Ncolumns) == len(args) {
				rt.Val = args[m.Colno-1]
			}
		}
	}
	for _, n := range list {
		rt := n.GetResTarget()
		if _, c := t.column(rt.GetName()); c != nil {
			if err := parsedLiteral(c, rt.GetVal()); err != nil {
				return "", err
			}
		}
	}
	parts := make([]string, 0, len(list))
	for _, n := range list {
		rt := n.GetResTarget()
		if len(rt.Indirection) > 0 || rt.GetVal().GetMultiAssignRef() != nil {
			return "", pgUnsupported("multiple-column and subscripted assignments are not translated for the SQLite backend")
		}
		_, c := t.column(rt.Name)
		if c == nil {
			return "", pgErr("42703", "column %q of relation %q does not exist", rt.Name, t.Name)
		}
		if c.Identity == "a" && rt.GetVal().GetSetToDefault() == nil {
			return "", pgErr("428C9", "column %q can only be updated to DEFAULT", c.Name)
		}
		if rt.GetVal().GetSetToDefault() != nil && c.Seq != "" {
			return "", pgUnsupported("SET column = DEFAULT on a serial column is not translated for the SQLite backend")
		}
		v, err := w.value(c, rt.GetVal())
		if err != nil {
			return "", err
		}
		parts = append(parts, quoteIdent(c.Name)+" = "+v)
	}
	return strings.Join(parts, ", "), nil
}

func (w *pgWriter) returning(b *strings.Builder, plan *pgPlan, list []*pg_query.Node) error {
	if len(list) == 0 {
		return nil
	}
	w.bare = true
	targets, err := w.targets(list)
	w.bare = false
	if err != nil {
		return err
	}
	parts := make([]string, len(targets))
	for i, t := range targets {
		if len(targets) == len(list) && pgFoldable(list[i].GetResTarget().GetVal()) {
			// PostgreSQL folds a constant RETURNING expression while it
			// plans: RETURNING (0 % 0) fails before any identity or
			// serial value is drawn.
			if _, err := w.eval(t.sql, w.params); err != nil {
				return err
			}
		}
		parts[i] = pgOutExpr(t.sql, t.typ)
		plan.ret = append(plan.ret, pgColumn{Name: t.name, Type: t.typ})
	}
	b.WriteString(" RETURNING " + strings.Join(parts, ", "))
	return nil
}

// pgFoldable tells whether PostgreSQL's planner computes expression n
// itself: constants, parameters and operators on them, no column, no
// function call (only immutable ones are folded) and no subquery.
func pgFoldable(n *pg_query.Node) bool {
	foldable := n != nil
	pgVisit(n.ProtoReflect(), func(m protoreflect.Message) {
		switch m.Interface().(type) {
		case *pg_query.ColumnRef, *pg_query.FuncCall, *pg_query.SubLink:
			foldable = false
		}
	})
	return foldable
}

func (w *pgWriter) update(s *pg_query.UpdateStmt) (*pgPlan, error) {
	if s.WithClause != nil || len(s.FromClause) > 0 {
		return nil, pgUnsupported("UPDATE with WITH or FROM is not translated for the SQLite backend")
	}
	t, alias, err := w.target(s.Relation)
	if err != nil {
		return nil, err
	}
	set, err := w.assignments(t, s.TargetList)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "UPDATE %s AS %s SET %s", quoteIdent(t.Name), quoteIdent(alias), set)
	if err := w.clause(&b, " WHERE ", s.WhereClause); err != nil {
		return nil, err
	}
	plan := &pgPlan{single: true}
	if err := w.returning(&b, plan, s.ReturningList); err != nil {
		return nil, err
	}
	plan.sql = []string{b.String()}
	return plan, nil
}

func (w *pgWriter) delete(s *pg_query.DeleteStmt) (*pgPlan, error) {
	if s.WithClause != nil {
		return nil, pgUnsupported("DELETE with WITH is not translated for the SQLite backend")
	}
	t, alias, err := w.target(s.Relation)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "DELETE FROM %s AS %s", quoteIdent(t.Name), quoteIdent(alias))
	if len(s.UsingClause) > 0 {
		// DELETE … USING: the target's rows that join, found by rowid; the
		// RETURNING list sees the target only.
		from := []string{quoteIdent(t.Name) + " AS " + quoteIdent(alias)}
		for _, u := range s.UsingClause {
			text, err := w.fromItem(u)
			if err != nil {
				return nil, err
			}
			from = append(from, text)
		}
		var where strings.Builder
		if err := w.clause(&where, " WHERE ", s.WhereClause); err != nil {
			return nil, err
		}
		fmt.Fprintf(&b, " WHERE rowid IN (SELECT %s.rowid FROM %s%s)", quoteIdent(alias), strings.Join(from, ", "), where.String())
		w.scopes = [][]pgRange{{{alias: alias, cols: t.Columns}}}
	} else if err := w.clause(&b, " WHERE ", s.WhereClause); err != nil {
		return nil, err
	}
	plan := &pgPlan{single: true}
	if err := w.returning(&b, plan, s.ReturningList); err != nil {
		return nil, err
	}
	plan.sql = []string{b.String()}
	return plan, nil
}

package sqlite

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
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
}

// pgSeqDef is a sequence a serial or identity column creates.
type pgSeqDef struct {
	Name     string
	Min, Max int64
}

// pgWriter translates writes; nextval draws the next value of a sequence.
type pgWriter struct {
	pgTrans
	nextval   func(seq string) (int64, error)
	allTables func() []*pgTable
	// eval computes a constant expression (a column default, a VALUES
	// value) with the statement's parameters.
	eval func(sql string, args []any) (any, error)
	// params are the statement's parameters; folded are the values
	// computed while translating, bound after them.
	params, folded []any
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
	for _, i := range cols {
		c := t.Columns[i]
		if c.Identity == "a" && s.Override != pg_query.OverridingKind_OVERRIDING_SYSTEM_VALUE {
			return nil, pgErr("428C9", "cannot insert a non-DEFAULT value into column %q: column %q is an identity column defined as GENERATED ALWAYS", c.Name, c.Name)
		}
	}
	// Columns the statement leaves out that take a sequence's value: the
	// engine draws it here, row by row, as PostgreSQL's default does.
	var seqCols []int
	for i, c := range t.Columns {
		if c.Seq != "" && !slices.Contains(cols, i) {
			seqCols = append(seqCols, i)
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "INSERT INTO %s AS %s (", quoteIdent(t.Name), quoteIdent(alias))
	names := make([]string, 0, len(cols)+len(seqCols))
	for _, i := range append(append([]int{}, cols...), seqCols...) {
		names = append(names, quoteIdent(t.Columns[i].Name))
	}
	b.WriteString(strings.Join(names, ", ") + ") ")
	sel := s.SelectStmt.GetSelectStmt()
	switch {
	case sel == nil:
		b.Reset()
		fmt.Fprintf(&b, "INSERT INTO %s AS %s DEFAULT VALUES", quoteIdent(t.Name), quoteIdent(alias))
		if len(seqCols) > 0 {
			return nil, pgUnsupported("DEFAULT VALUES on a table with a serial column is not translated for the SQLite backend; name the columns")
		}
	case len(sel.ValuesLists) > 0:
		if err := w.values(&b, t, cols, seqCols, sel.ValuesLists); err != nil {
			return nil, err
		}
	default:
		if len(seqCols) > 0 {
			return nil, pgUnsupported("INSERT ... SELECT into a table whose serial column it leaves out is not translated for the SQLite backend")
		}
		return nil, pgUnsupported("INSERT ... SELECT is not translated for the SQLite backend yet")
	}
	if oc := s.OnConflictClause; oc != nil {
		if err := w.onConflict(&b, t, alias, oc); err != nil {
			return nil, err
		}
	}
	plan := &pgPlan{single: true}
	if err := w.returning(&b, plan, s.ReturningList); err != nil {
		return nil, err
	}
	plan.sql = []string{b.String()}
	return plan, nil
}

// insertColumns are the indexes of the columns an INSERT names (all of
// them, in order, when it names none).
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
	b.WriteString("VALUES ")
	saved := w.scopes
	w.scopes = nil // VALUES sees no column
	defer func() { w.scopes = saved }()
	for r, row := range rows {
		items := row.GetList().GetItems()
		if len(items) != len(cols) {
			return pgErr("42601", "VALUES lists must have %d values", len(cols))
		}
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(")
		for j, i := range cols {
			if j > 0 {
				b.WriteString(", ")
			}
			v, err := w.value(&t.Columns[i], items[j])
			if err != nil {
				return err
			}
			b.WriteString(v)
		}
		for k, i := range seqCols {
			if k > 0 || len(cols) > 0 {
				b.WriteString(", ")
			}
			v, err := w.nextval(t.Columns[i].Seq)
			if err != nil {
				return err
			}
			b.WriteString(strconv.FormatInt(v, 10))
		}
		b.WriteString(")")
	}
	return nil
}

// value is one value written to column c.
func (w *pgWriter) value(c *pgColumn, n *pg_query.Node) (string, error) {
	if n.GetSetToDefault() != nil {
		switch {
		case c.Seq != "":
			v, err := w.nextval(c.Seq)
			return strconv.FormatInt(v, 10), err
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
		if name == "" {
			return "", pgUnsupported("nextval() takes a sequence name literal on the SQLite backend")
		}
		v, err := w.nextval(name)
		return strconv.FormatInt(v, 10), err
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
		return w.fold(c.Type.convert(e.sql, e.typ))
	}
	return c.Type.convert(e.sql, e.typ), nil
}

func (w *pgWriter) onConflict(b *strings.Builder, t *pgTable, alias string, oc *pg_query.OnConflictClause) error {
	b.WriteString(" ON CONFLICT")
	if oc.Infer != nil {
		if oc.Infer.Conname != "" || oc.Infer.WhereClause != nil {
			return pgUnsupported("ON CONFLICT ON CONSTRAINT and inference WHERE are not translated for the SQLite backend")
		}
		var names []string
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

// assignments writes SET lists, each value converted to its column.
func (w *pgWriter) assignments(t *pgTable, list []*pg_query.Node) (string, error) {
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
	targets, err := w.targets(list)
	if err != nil {
		return err
	}
	parts := make([]string, len(targets))
	for i, t := range targets {
		parts[i] = pgOutExpr(t.sql, t.typ)
		plan.ret = append(plan.ret, pgColumn{Name: t.name, Type: t.typ})
	}
	b.WriteString(" RETURNING " + strings.Join(parts, ", "))
	return nil
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
	if s.WithClause != nil || len(s.UsingClause) > 0 {
		return nil, pgUnsupported("DELETE with WITH or USING is not translated for the SQLite backend")
	}
	t, alias, err := w.target(s.Relation)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "DELETE FROM %s AS %s", quoteIdent(t.Name), quoteIdent(alias))
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

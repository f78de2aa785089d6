package sqlite

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/mysql"
	"github.com/pingcap/tidb/pkg/parser/opcode"
	"github.com/pingcap/tidb/pkg/parser/test_driver"

	"github.com/blocksql/blocksql/drivers"
)

// schemaFunc returns the columns of a physical table, nil when unknown.
type schemaFunc func(phys string) []colInfo

// typer infers the MySQL types of the expressions the translator leaves
// (see typed.go) and rewrites the exact ones. A table's columns are looked
// up only when an expression needs them, so a point read costs nothing.
type typer struct {
	schema schemaFunc
	// folded are the divisions a write's WHERE leaves lenient
	// (foldedDivisions), and lenient what they translate to.
	folded, lenient map[ast.Node]bool
	// err is the first error the statement's types make (an illegal mix
	// of collations), reported by the translator.
	err error
	// tables are the tables the statement names, collected on the first
	// column lookup, in statement order so that every node resolves an
	// unqualified column the same way.
	tables []namedTable
	root   ast.Node
	types  map[ast.ExprNode]sqlType
	// selects holds, per SELECT being translated (innermost last), its
	// fields in order and by alias, for ORDER BY/HAVING references.
	selects []*selectScope
	// tops are the outermost SELECTs (several in a UNION), whose fields
	// are the result columns.
	tops []*selectScope
	// derived are the tables of FROM (SELECT ...) AS alias, translated
	// before the fields that read them (see fromFirst); popped is the
	// SELECT left last.
	derived []derivedTable
	popped  *selectScope
	// ctes are the SELECTs of the WITH clause by name: a table source that
	// names one reads it as a derived table.
	ctes map[string]*selectScope
	// recursive are the recursive CTEs being translated (innermost last)
	// and the depth of their SELECTs: each is named after its first
	// SELECT, the anchor, whose types its columns have (addRecursive).
	recursive []recursiveCTE
	done      map[ast.Node]bool
	// rows are the row values (a, b) written for the parser's ROW(a, b):
	// x IN a list of them becomes x IN (VALUES …), which SQLite takes.
	rows map[ast.ExprNode]bool
	// unpadded maps a DECIMAL choice padded to its type's scale to the
	// choice itself, for arithmetic (see formatted).
	unpadded map[ast.ExprNode]ast.ExprNode
	// exactExtremes maps a GREATEST/LEAST typed DOUBLE that has an exact
	// argument to the same choice made among its arguments as they are
	// (dec_greatest), for where MariaDB reads it as a DECIMAL (see
	// exactOperand).
	exactExtremes map[ast.ExprNode]ast.ExprNode
	// ordering are the items of ORDER BY clauses (not GROUP BY's), which
	// sort an ENUM by its member's number (enumOrder).
	ordering map[*ast.ByItem]bool
	// jsonSubqueries are the scalar subqueries that select a JSON
	// document (isJSON).
	jsonSubqueries map[ast.ExprNode]bool
	// values counts, per SELECT being translated (innermost last, the
	// first for what is outside any), the select fields, ORDER BY or
	// GROUP BY items and SET assignments being translated: where a
	// comparison is computed row by row, not used to choose rows
	// (inValue).
	values []int
}

type namedTable struct{ alias, phys string }

type derivedTable struct {
	alias string
	scope *selectScope
}

type selectScope struct {
	fields   []ast.ExprNode
	nodes    []*ast.SelectField
	aliases  map[string]ast.ExprNode
	names    map[string]ast.ExprNode // every field by the name it has as a column
	types    []sqlType               // the fields' types, taken in the SELECT's own scope
	wildcard bool
	// from is the alias of the SELECT's one table when it is a derived
	// table or may name a CTE (starOfDerived), "" otherwise.
	from string
	// having and ordering are the column references of the SELECT's own
	// HAVING and ORDER BY, where MySQL reads a field alias before a table
	// column of the same name; elsewhere (WHERE, GROUP BY, the fields) the
	// table column wins.
	having, ordering map[*ast.ColumnNameExpr]bool
}

// ownColumnRefs collects the column references of an expression outside
// its subqueries (which have scopes of their own).
type ownColumnRefs map[*ast.ColumnNameExpr]bool

func (c ownColumnRefs) Enter(n ast.Node) (ast.Node, bool) {
	switch n := n.(type) {
	case *ast.SelectStmt, *ast.SetOprStmt:
		return n, true
	case *ast.ColumnNameExpr:
		c[n] = true
	}
	return n, false
}

func (c ownColumnRefs) Leave(n ast.Node) (ast.Node, bool) { return n, true }

func columnRefsOf(nodes ...ast.Node) map[*ast.ColumnNameExpr]bool {
	c := ownColumnRefs{}
	for _, n := range nodes {
		if n != nil {
			n.Accept(c)
		}
	}
	return c
}

// fromFirst translates a SELECT's WITH clause, then its FROM, before its
// fields (the parser's visiting order is the other way round), so the
// columns of a derived table or a common table expression have types when
// the fields use them.
func (v *translator) fromFirst(s *ast.SelectStmt) {
	if s.With != nil && !v.typer.done[s.With] {
		if out, ok := s.With.Accept(v); ok {
			s.With = out.(*ast.WithClause)
		}
		v.typer.markDone(s.With)
	}
	if s.From == nil || v.typer.done[s.From] {
		return
	}
	if out, ok := s.From.Accept(v); ok {
		s.From = out.(*ast.TableRefsClause)
	}
	v.typer.markDone(s.From)
}

// markDone records that n is translated: visiting it again skips it.
func (t *typer) markDone(n ast.Node) {
	if t.done == nil {
		t.done = map[ast.Node]bool{}
	}
	t.done[n] = true
}

func newTyper(n ast.Node, schema schemaFunc) *typer {
	return &typer{schema: schema, root: n}
}

// collectTables finds the statement's tables, once.
func (t *typer) collectTables() {
	if t.root == nil {
		return
	}
	c := &tableCollector{}
	t.root.Accept(c)
	t.tables = append(t.tables, c.tables...)
	t.root = nil
}

// record keeps the type of a translated expression for its parent.
func (t *typer) record(e ast.ExprNode, tp sqlType) {
	if tp.kind == kUnknown {
		return
	}
	if t.types == nil {
		t.types = map[ast.ExprNode]sqlType{}
	}
	t.types[e] = tp
}

// tableCollector records every table a statement names, under its alias.
type tableCollector struct{ tables []namedTable }

func (c *tableCollector) Enter(n ast.Node) (ast.Node, bool) {
	if ts, ok := n.(*ast.TableSource); ok {
		if tn, ok := ts.Source.(*ast.TableName); ok {
			phys := tn.Name.O
			if tn.Schema.O != "" {
				phys = physical(tn.Schema.O, tn.Name.O)
			}
			alias := ts.AsName.L
			if alias == "" {
				alias = tn.Name.L
			}
			c.tables = append(c.tables, namedTable{alias: alias, phys: phys})
		}
	}
	return n, false
}

func (c *tableCollector) Leave(n ast.Node) (ast.Node, bool) { return n, true }

func (t *typer) enter(n ast.Node) {
	switch n := n.(type) {
	case *ast.CommonTableExpression:
		if n.IsRecursive {
			t.recursive = append(t.recursive, recursiveCTE{cte: n, depth: len(t.selects), self: readsItself(n)})
		}
	case *ast.SelectStmt:
		t.values = append(t.values, 0)
	case *ast.SelectField, *ast.ByItem, *ast.Assignment:
		t.valueDepth(1)
	}
	if o, ok := n.(*ast.OrderByClause); ok {
		if t.ordering == nil {
			t.ordering = map[*ast.ByItem]bool{}
		}
		for _, item := range o.Items {
			t.ordering[item] = true
		}
	}
	if sel, ok := n.(*ast.SelectStmt); ok {
		s := &selectScope{from: loneSource(sel)}
		if sel.Having != nil {
			s.having = columnRefsOf(sel.Having.Expr)
		}
		if sel.OrderBy != nil {
			s.ordering = columnRefsOf(sel.OrderBy)
		}
		if len(t.selects) == 0 {
			t.tops = append(t.tops, s)
		}
		t.selects = append(t.selects, s)
	}
}

// loneSource is the alias a SELECT reads its one table by when that is a
// derived table or an unqualified name (a CTE's, perhaps), else "".
func loneSource(sel *ast.SelectStmt) string {
	if sel.From == nil || sel.From.TableRefs == nil || sel.From.TableRefs.Right != nil {
		return ""
	}
	ts, ok := sel.From.TableRefs.Left.(*ast.TableSource)
	if !ok {
		return ""
	}
	switch src := ts.Source.(type) {
	case *ast.SelectStmt, *ast.SetOprStmt:
		return ts.AsName.L
	case *ast.TableName:
		if src.Schema.L != "" {
			return ""
		}
		if ts.AsName.L != "" {
			return ts.AsName.L
		}
		return src.Name.L
	}
	return ""
}

// recursiveCTE is a recursive CTE being translated: named is set once
// its anchor is.
type recursiveCTE struct {
	cte   *ast.CommonTableExpression
	depth int
	named bool
	// self: the CTE is one anchor SELECT and SELECTs that read the CTE
	// itself. WITH RECURSIVE marks every CTE of the clause recursive; one
	// that does not read itself, or has several anchors, has the merged
	// types of those SELECTs, as a UNION has, not its first one's.
	self bool
}

// readsItself reports whether cte's query is a UNION whose first SELECT
// does not name cte and whose second does.
func readsItself(cte *ast.CommonTableExpression) bool {
	if cte.Query == nil {
		return false
	}
	u, ok := cte.Query.Query.(*ast.SetOprStmt)
	if !ok || u.SelectList == nil || len(u.SelectList.Selects) < 2 {
		return false
	}
	return !readsTable(u.SelectList.Selects[0], cte.Name.O) && readsTable(u.SelectList.Selects[1], cte.Name.O)
}

// readsTable reports whether n reads a table called name (unqualified).
func readsTable(n ast.Node, name string) bool {
	c := &tableCollector{}
	n.Accept(c)
	for _, tb := range c.tables {
		if strings.EqualFold(tb.phys, name) {
			return true
		}
	}
	return false
}

// addRecursive names the innermost recursive CTE after the SELECT just
// left when that is its anchor, the first SELECT of its body: MariaDB
// gives a recursive CTE's columns the anchor's types (the recursive
// SELECT's values are stored in them: v * 2 of a DECIMAL(10,2) anchor is
// 3.00), and its recursive SELECT reads them so typed.
func (t *typer) addRecursive() {
	if len(t.recursive) == 0 || t.popped == nil {
		return
	}
	r := &t.recursive[len(t.recursive)-1]
	if r.named || !r.self || len(t.selects) != r.depth {
		return
	}
	r.named = true
	t.addCTE(r.cte)
}

// anchorField is the type of the anchor's field at the position of the
// field being left, when it belongs to a recursive SELECT of the innermost
// recursive CTE (one after its anchor, directly in its body).
func (t *typer) anchorField() (sqlType, bool) {
	if len(t.recursive) == 0 {
		return sqlType{}, false
	}
	r := t.recursive[len(t.recursive)-1]
	s, anchor := t.current(), t.ctes[r.cte.Name.L]
	if !r.named || len(t.selects) != r.depth+1 || s == nil || anchor == nil || len(s.fields) >= len(anchor.fields) {
		return sqlType{}, false
	}
	return t.typeOf(anchor.fields[len(s.fields)]), true
}

// addCTE keeps the last SELECT left, the body of cte, under its name,
// its fields named by the column list when it has one.
func (t *typer) addCTE(cte *ast.CommonTableExpression) {
	scope := t.popped
	if len(cte.ColNameList) > 0 {
		if len(cte.ColNameList) != len(scope.fields) {
			return
		}
		renamed := &selectScope{fields: scope.fields, names: map[string]ast.ExprNode{}}
		for i, c := range cte.ColNameList {
			renamed.names[c.L] = scope.fields[i]
		}
		scope = renamed
	}
	if t.ctes == nil {
		t.ctes = map[string]*selectScope{}
	}
	t.ctes[cte.Name.L] = scope
}

// leave handles the nodes that are not expressions: fields, ORDER BY
// items and the end of a SELECT.
func (t *typer) leave(n ast.Node) {
	switch n.(type) {
	case *ast.SelectField, *ast.ByItem, *ast.Assignment:
		t.valueDepth(-1)
	}
	switch n := n.(type) {
	case *ast.SelectStmt:
		t.values = t.values[:len(t.values)-1]
		n.Where = t.enumCondition(n.Where)
		if n.Having != nil {
			n.Having.Expr = t.enumCondition(n.Having.Expr)
		}
		t.popped = t.current()
		t.selects = t.selects[:len(t.selects)-1]
		t.addRecursive()
	case *ast.UpdateStmt:
		n.Where = t.enumCondition(n.Where)
	case *ast.DeleteStmt:
		n.Where = t.enumCondition(n.Where)
	case *ast.OnCondition:
		n.Expr = t.enumCondition(n.Expr)
	case *ast.TableSource:
		if _, ok := n.Source.(*ast.SelectStmt); ok && n.AsName.L != "" && t.popped != nil {
			t.derived = append(t.derived, derivedTable{alias: n.AsName.L, scope: t.popped})
		}
		if tn, ok := n.Source.(*ast.TableName); ok && tn.Schema.L == "" && t.ctes[tn.Name.L] != nil {
			alias := n.AsName.L
			if alias == "" {
				alias = tn.Name.L
			}
			t.derived = append(t.derived, derivedTable{alias: alias, scope: t.ctes[tn.Name.L]})
		}
	case *ast.CommonTableExpression:
		// Its columns have the types of its SELECT's fields (an AVG is a
		// DECIMAL, compared as a number), as a derived table's have.
		if n.IsRecursive && len(t.recursive) > 0 {
			if !t.recursive[len(t.recursive)-1].self && t.popped != nil {
				t.addCTE(n) // a CTE of WITH RECURSIVE that does not read itself
			}
			t.recursive = t.recursive[:len(t.recursive)-1]
		} else if t.popped != nil && !n.IsRecursive {
			t.addCTE(n)
		}
	case *ast.SelectField:
		if a, ok := t.anchorField(); ok && n.Expr != nil && a.kind == kDecimal && !t.plain(n.Expr) &&
			(t.typeOf(n.Expr).kind == kDecimal || t.typeOf(n.Expr).kind == kInt) {
			// A recursive SELECT's value is stored in the anchor's
			// DECIMAL: v / 3 of a DECIMAL(10,2) is 0.17, not 0.166667.
			n.Expr = raw("dec_fmt(", n.Expr, fmt.Sprintf(", %d)", a.scale))
			t.record(n.Expr, a)
		} else if _, col := n.Expr.(*ast.ColumnNameExpr); !col && n.Expr != nil && t.typeOf(n.Expr).kind == kDecimal && !t.plain(n.Expr) {
			tp := t.typeOf(n.Expr)
			// A quotient is kept with more digits than its type's scale
			// (dec_div) until it is selected, as MariaDB keeps it.
			shown := raw("dec_fmt(", n.Expr, fmt.Sprintf(", %d)", tp.scale))
			shown.shown = true
			n.Expr = shown
			t.record(n.Expr, tp)
		}
		if s := t.current(); s != nil {
			s.wildcard = s.wildcard || n.WildCard != nil
			s.fields = append(s.fields, n.Expr)
			s.nodes = append(s.nodes, n)
			s.types = append(s.types, t.typeOf(n.Expr))
			if s.names == nil {
				s.aliases, s.names = map[string]ast.ExprNode{}, map[string]ast.ExprNode{}
			}
			if n.AsName.L != "" {
				s.aliases[n.AsName.L] = n.Expr
				s.names[n.AsName.L] = n.Expr
			} else if c, ok := n.Expr.(*ast.ColumnNameExpr); ok {
				s.names[c.Name.Name.L] = n.Expr
			}
		}
	case *ast.ByItem:
		if t.ordering[n] {
			n.Expr = t.enumOrder(n.Expr)
		}
		// A DECIMAL computed value is text: it sorts numerically only
		// under the decimal collation (a column carries it already).
		if t.sortsAsText(n.Expr) {
			// No parentheses: SQLite reads ORDER BY 2 COLLATE x as a position.
			n.Expr = raw(n.Expr, " COLLATE "+decimalCollation)
		}
	}
}

func (t *typer) current() *selectScope {
	if len(t.selects) == 0 {
		return nil
	}
	return t.selects[len(t.selects)-1]
}

// sortsAsText reports an ORDER BY/GROUP BY expression that is a computed
// DECIMAL: a field position, a field alias or an expression.
func (t *typer) sortsAsText(e ast.ExprNode) bool {
	if t.current() == nil && len(t.tops) > 1 {
		return t.unionColumn(e).kind == kDecimal
	}
	if n, ok := position(e); ok {
		if s := t.current(); s != nil && !s.wildcard && n >= 1 && n <= len(s.fields) {
			e = s.fields[n-1]
		}
	}
	if t.isColumn(e) {
		return false
	}
	return t.typeOf(e).kind == kDecimal
}

// unionColumn is the merged type of the UNION column an ORDER BY names,
// by position or by name.
func (t *typer) unionColumn(e ast.ExprNode) sqlType {
	i, ok := position(e)
	i--
	if c, isCol := e.(*ast.ColumnNameExpr); isCol && c.Name.Table.L == "" {
		first := t.tops[0]
		for j, f := range first.nodes {
			if first.names[c.Name.Name.L] == f.Expr {
				i, ok = j, true
			}
		}
	}
	if !ok || i < 0 || i >= len(t.tops[0].fields) {
		return sqlType{}
	}
	ts := make([]sqlType, len(t.tops))
	for j, s := range t.tops {
		if len(s.fields) <= i {
			return sqlType{}
		}
		ts[j] = t.typeOf(s.fields[i])
	}
	return mergeTypes(ts...)
}

// isColumn reports a reference to a table column (not to a field alias
// or a computed column of a derived table).
func (t *typer) isColumn(e ast.ExprNode) bool {
	c, ok := e.(*ast.ColumnNameExpr)
	if !ok || t.aliasOf(c) != nil {
		return false
	}
	f := t.derivedField(c)
	if f == nil {
		return true
	}
	_, col := f.(*ast.ColumnNameExpr)
	return col
}

// derivedField is the field of a derived table a column reference reads.
func (t *typer) derivedField(c *ast.ColumnNameExpr) ast.ExprNode {
	q := c.Name.Table.L
	for _, d := range t.derived {
		if q == "" || q == d.alias {
			if f := d.scope.names[c.Name.Name.L]; f != nil || q != "" {
				return f
			}
		}
	}
	return nil
}

func (t *typer) aliasOf(c *ast.ColumnNameExpr) ast.ExprNode {
	if c.Name.Table.L != "" {
		return nil
	}
	if s := t.current(); s != nil {
		if e, ok := s.aliases[c.Name.Name.L]; ok {
			if _, self := e.(*ast.ColumnNameExpr); !self && (s.having[c] || s.ordering[c] || !t.tableColumn(c)) {
				return e
			}
		}
	}
	return nil
}

// tableColumn reports that c names a column of a table or derived table
// of the statement.
func (t *typer) tableColumn(c *ast.ColumnNameExpr) bool {
	return t.columnInfo(c) != nil || t.derivedField(c) != nil
}

// havingAlias is a HAVING's reference to a field alias that a table column
// also has as its name, written as the field's expression: SQLite would
// read the column there, MySQL reads the alias.
func (t *typer) havingAlias(c *ast.ColumnNameExpr) (ast.ExprNode, bool) {
	s := t.current()
	if s == nil || !s.having[c] || !t.tableColumn(c) {
		return nil, false
	}
	a := t.aliasOf(c)
	if a == nil {
		return nil, false
	}
	return &ast.ParenthesesExpr{Expr: a}, true
}

// plain reports an operand SQLite compares correctly as it is: a literal,
// or a table column (whose affinity and collation apply).
func (t *typer) plain(e ast.ExprNode) bool {
	switch e.(type) {
	case *test_driver.ValueExpr:
		return true
	case *rawExpr:
		return t.types[e].literal
	}
	return t.isColumn(e)
}

func (t *typer) typeOf(e ast.ExprNode) sqlType {
	if tp, ok := t.types[e]; ok {
		return tp
	}
	switch e := e.(type) {
	case *test_driver.ValueExpr:
		return literalType(e)
	case *ast.ColumnNameExpr:
		if a := t.aliasOf(e); a != nil {
			return t.typeOf(a)
		}
		// A derived table's own column reads no other field.
		if f := t.derivedField(e); f != nil && f != ast.ExprNode(e) {
			return t.typeOf(f)
		}
		return t.columnType(e)
	case *ast.ParenthesesExpr:
		return t.typeOf(e.Expr)
	}
	return sqlType{}
}

func (t *typer) columnType(c *ast.ColumnNameExpr) sqlType {
	switch info := t.columnInfo(c); {
	case info == nil:
		return sqlType{}
	case info.keyType != "":
		return columnType(info.keyType) // an INTEGER PRIMARY KEY's MySQL type (UNSIGNED)
	case info.enum != nil || info.set != nil:
		return sqlType{kind: kString, enum: info}
	default:
		tp := columnType(info.typ)
		tp.cased = info.cased
		return tp
	}
}

// columnInfo is the table column c names, nil if none is known.
func (t *typer) columnInfo(c *ast.ColumnNameExpr) *colInfo {
	if t.schema == nil {
		return nil
	}
	t.collectTables()
	q := c.Name.Table.L
	for _, tb := range t.tables {
		if q != "" && q != tb.alias {
			continue
		}
		if tb.phys != "" {
			cols := t.schema(tb.phys)
			for i := range cols {
				if strings.EqualFold(cols[i].name, c.Name.Name.L) {
					return &cols[i]
				}
			}
		}
		if q != "" {
			return nil
		}
	}
	return nil
}

// keyTypeName is the MySQL type of a table's INTEGER PRIMARY KEY that
// field e reads, which SQLite declares INTEGER; "" for any other field.
func (t *typer) keyTypeName(e ast.ExprNode) string {
	c, ok := e.(*ast.ColumnNameExpr)
	if !ok || t.derivedField(c) != nil {
		return ""
	}
	if info := t.columnInfo(c); info != nil {
		return info.keyType
	}
	return ""
}

// resultTypes are the MySQL type names of the result columns SQLite
// cannot type (computed DECIMALs; "" for the others), or nil when a
// wildcard makes the positions unknown. A UNION's columns merge the types
// of its SELECTs.
func (t *typer) resultTypes() []string {
	if len(t.tops) == 0 {
		return nil
	}
	fields := t.tops[0].fields
	d := t.starOfDerived()
	if d != nil {
		fields = d.fields
	}
	n := len(fields)
	for _, s := range t.tops {
		if d == nil && (s.wildcard || len(s.fields) != n) {
			return nil
		}
	}
	out := make([]string, n)
	for i := range out {
		if len(t.tops) == 1 {
			if f := fields[i]; !t.isColumn(f) {
				tp := t.typeOf(f)
				if out[i] = tp.mysqlTypeName(); out[i] == "" {
					out[i] = alwaysTyped(f)
				}
				if out[i] == "" && tp.kind == kString {
					// A computed string is MariaDB's VARCHAR whatever its
					// values: of NULL alone, or of no rows, the proxy
					// described it from its value as NULL.
					out[i] = "VARCHAR"
				}
			} else {
				out[i] = t.keyTypeName(f)
			}
			continue
		}
		ts := make([]sqlType, len(t.tops))
		for j, s := range t.tops {
			ts[j] = t.typeOf(s.fields[i])
		}
		out[i] = mergeTypes(ts...).mysqlTypeName()
	}
	for _, name := range out {
		if name != "" {
			return out
		}
	}
	return nil
}

// starOfDerived is the SELECT of the one derived table or CTE a lone
// top SELECT reads with SELECT * (its fields are the result's, typed as
// they are typed there), nil otherwise.
func (t *typer) starOfDerived() *selectScope {
	s := t.tops[0]
	if len(t.tops) != 1 || len(s.fields) != 1 || s.fields[0] != nil || s.from == "" {
		return nil
	}
	for _, d := range t.derived {
		if d.alias == s.from && !d.scope.wildcard && len(d.scope.fields) > 0 {
			return d.scope
		}
	}
	return nil
}

// alwaysTyped is the type MariaDB gives a COUNT (a BIGINT NOT NULL) or a
// string literal (a VARCHAR NOT NULL) whatever the rows, where the proxy
// would otherwise describe them from their first value (and a read with
// no rows as NULL); "" for any other field.
func alwaysTyped(f ast.ExprNode) string {
	switch e := f.(type) {
	case *ast.ParenthesesExpr:
		return alwaysTyped(e.Expr)
	case *ast.AggregateFuncExpr:
		if strings.EqualFold(e.F, ast.AggFuncCount) {
			return "BIGINT" + drivers.NotNullHint
		}
	case *test_driver.ValueExpr:
		if e.Kind() == test_driver.KindString && e.Type.GetCharset() != "binary" {
			return "VARCHAR" + drivers.NotNullHint
		}
		if e.Kind() == test_driver.KindBinaryLiteral {
			return "VARBINARY" + drivers.NotNullHint
		}
		return intLiteralType(e, 0)
	case *ast.UnaryOperationExpr:
		v, ok := written(e.V)
		if ok && e.Op == opcode.Minus && (v.Kind() == test_driver.KindInt64 ||
			v.Kind() == test_driver.KindUint64 && v.GetUint64() <= 1<<63) {
			return intLiteralType(v, 1) // -9223372036854775808 is a BIGINT
		}
	}
	return ""
}

// written is the literal e is, in parentheses or not.
func written(e ast.ExprNode) (*test_driver.ValueExpr, bool) {
	for p, ok := e.(*ast.ParenthesesExpr); ok; p, ok = e.(*ast.ParenthesesExpr) {
		e = p.Expr
	}
	v, ok := e.(*test_driver.ValueExpr)
	return v, ok
}

// isNumberLiteral reports whether e is a number written out, in
// parentheses or not.
func isNumberLiteral(e ast.ExprNode) bool {
	v, ok := written(e)
	return ok && v.Kind() != test_driver.KindString && v.Kind() != test_driver.KindBytes && v.Kind() != test_driver.KindNull
}

// intLiteralType is MariaDB's type of an integer literal, written with
// sign characters before its digits: an INT up to 9 characters, a BIGINT
// past them (-123456789 is one), UNSIGNED above BIGINT's range; "" for any
// other literal.
func intLiteralType(v *test_driver.ValueExpr, sign int) string {
	tp := literalType(v)
	if tp.kind != kInt || tp.boolean {
		return ""
	}
	return intName(tp.prec+sign, sign == 0 && v.Kind() == test_driver.KindUint64 && v.GetUint64() > math.MaxInt64) + drivers.NotNullHint
}

// fieldTypes is the MySQL type of each of the first n fields of a
// SELECT, columns included (a rollup's result reads them through a
// UNION, where SQLite no longer names their declared types).
func (t *typer) fieldTypes(n int) []string {
	if len(t.tops) != 1 || t.tops[0].wildcard || len(t.tops[0].fields) < n {
		return nil
	}
	out := make([]string, n)
	for i, f := range t.tops[0].fields[:n] {
		if out[i] = t.keyTypeName(f); out[i] == "" {
			out[i] = t.typeOf(f).mysqlTypeName()
		}
	}
	return out
}

// alignUnion prints each DECIMAL column of a UNION at the scale of the
// merged type in every SELECT, as MySQL does (1.5 UNION 0.2525 gives
// 1.5000 and 0.2525).
func (t *typer) alignUnion(types []string) {
	if len(t.tops) < 2 || types == nil {
		return
	}
	for i, name := range types {
		tp := columnType(name)
		if tp.kind != kDecimal {
			continue
		}
		for _, s := range t.tops {
			if f := s.nodes[i]; t.typeOf(f.Expr) != tp {
				f.Expr = raw("dec_fmt(", f.Expr, fmt.Sprintf(", %d)", tp.scale))
			}
		}
	}
}

// rewrite translates e when its type makes it exact DECIMAL work, and
// records its type; ok is false when the generic translation applies.
func (t *typer) rewrite(e ast.ExprNode) (ast.ExprNode, sqlType, bool) {
	switch e := e.(type) {
	case *test_driver.ValueExpr:
		if e.Kind() == test_driver.KindMysqlDecimal {
			tp := literalType(e)
			tp.literal = true
			return decimalLiteral(e.GetMysqlDecimal().String()), tp, true
		}
		// A string written out in hex (it holds a NUL) is still a
		// string literal to the comparisons above it.
		if out := literal(e); out != ast.ExprNode(e) {
			tp := literalType(e)
			tp.literal = true
			tp.binary = e.Kind() == test_driver.KindBytes || e.Kind() == test_driver.KindBinaryLiteral
			return out, tp, true
		}
	case *ast.ColumnNameExpr:
		if a, ok := t.havingAlias(e); ok {
			return a, t.typeOf(a.(*ast.ParenthesesExpr).Expr), true
		}
	case *ast.BinaryOperationExpr:
		return t.binary(e)
	case *ast.SetCollationExpr:
		return t.setCollation(e)
	case *ast.UnaryOperationExpr:
		return t.unary(e)
	case *ast.AggregateFuncExpr:
		return t.aggregate(e)
	case *ast.FuncCallExpr:
		return t.call(e)
	case *ast.FuncCastExpr:
		return t.cast(e)
	case *ast.CaseExpr:
		if e.Value != nil {
			whens := make([]*ast.ExprNode, len(e.WhenClauses))
			for i, w := range e.WhenClauses {
				whens[i] = &w.Expr
			}
			t.enumsAgainstNumbers(&e.Value, whens...)
		} else {
			for _, w := range e.WhenClauses {
				w.Expr = t.enumNumber(w.Expr, t.typeOf(w.Expr)) // a condition: its number
			}
		}
		ts := []sqlType{t.typeOf(e.ElseClause)}
		if e.ElseClause == nil {
			ts[0] = sqlType{kind: kNull}
		}
		for _, w := range e.WhenClauses {
			ts = append(ts, t.typeOf(w.Result))
		}
		tp := mergeTypes(ts...)
		if e.ElseClause != nil {
			branch := []ast.ExprNode{e.ElseClause}
			t.branches(branch, ts[:1], tp)
			e.ElseClause = branch[0]
		}
		for i, w := range e.WhenClauses {
			branch := []ast.ExprNode{w.Result}
			t.branches(branch, ts[i+1:i+2], tp)
			w.Result = branch[0]
		}
		return t.formatted(e, tp)
	case *ast.RowExpr:
		parts := append([]any{"("}, callArgs(e.Values)...)
		out := raw(parts...)
		if t.rows == nil {
			t.rows = map[ast.ExprNode]bool{}
		}
		t.rows[out] = true
		return out, sqlType{}, true
	case *ast.CompareSubqueryExpr:
		if out, ok := compareSubquery(e); ok {
			return out, booleanType, true
		}
	case *ast.IsTruthExpr:
		e.Expr = t.enumNumber(e.Expr, t.typeOf(e.Expr)) // e IS TRUE of an ENUM or SET: its number
		return e, booleanType, false
	case *ast.PatternLikeOrIlikeExpr:
		if t.collated(t.typeOf(e.Expr), t.typeOf(e.Pattern), "like").cased {
			// LIKE on a column whose collation tells case apart does too.
			out := rewriteLike(e).(*rawExpr)
			out.parts[0] = strings.Replace(out.parts[0].(string), "mysql_like(", "mysql_like_cs(", 1)
			return out, booleanType, true
		}
		return e, booleanType, false
	case *ast.IsNullExpr, *ast.PatternRegexpExpr, *ast.ExistsSubqueryExpr:
		return e, booleanType, false
	case *ast.SubqueryExpr:
		// A scalar subquery has its one field's type (ROUND((SELECT
		// MAX(n) FROM t), -1) rounds an integer); the SELECT left just
		// before it is its own.
		if sel, ok := e.Query.(*ast.SelectStmt); ok && !e.Exists && t.popped != nil && !t.popped.wildcard &&
			sel.Fields != nil && len(sel.Fields.Fields) == 1 && len(t.popped.types) == 1 {
			tp := t.popped.types[0]
			tp.enum = nil // a subquery's ENUM is its text, even in arithmetic
			if len(t.popped.fields) == 1 && t.isJSON(t.popped.fields[0]) {
				if t.jsonSubqueries == nil {
					t.jsonSubqueries = map[ast.ExprNode]bool{}
				}
				t.jsonSubqueries[e] = true
			}
			return e, tp, false
		}
	case *ast.BetweenExpr:
		return t.between(e)
	case *ast.PatternInExpr:
		return t.in(e)
	case *ast.WindowFuncExpr:
		// MIN/MAX OVER (...) as the aggregates; SUM/AVG windows add as
		// SQLite's do (in DOUBLE), printed at the scale of MariaDB's
		// DECIMAL result (SUM(price) OVER … is 1.50, AVG(qty) OVER … 1.0000).
		if f := strings.ToLower(e.Name); (f == ast.AggFuncSum || f == ast.AggFuncAvg) && len(e.Args) == 1 {
			if a := t.typeOf(e.Args[0]); a.kind == kInt || a.kind == kDecimal {
				d := decimalOf(a)
				tp := newDecimal(d.prec+22, d.scale)
				if f == ast.AggFuncAvg {
					tp = newDecimal(d.prec+divScale, d.scale+divScale)
				}
				return raw("dec_fmt(", e, fmt.Sprintf(", %d)", tp.scale)), tp, true
			}
		}
		switch f := strings.ToLower(e.Name); f {
		case ast.WindowFuncCumeDist, ast.WindowFuncPercentRank:
			// DOUBLEs MariaDB prints with 10 digits after the point.
			return e, sqlType{kind: kDouble, fixed: true, scale: 10}, false
		case ast.WindowFuncLag, ast.WindowFuncLead, ast.WindowFuncFirstValue, ast.WindowFuncLastValue, ast.WindowFuncNthValue:
			// The value of a row: its argument's type (a DECIMAL's LAG
			// is a DECIMAL).
			if len(e.Args) > 0 {
				tp := t.typeOf(e.Args[0])
				tp.enum = nil
				return e, tp, false
			}
		}
		if f := strings.ToLower(e.Name); (f == ast.AggFuncMin || f == ast.AggFuncMax) && len(e.Args) == 1 {
			a := t.typeOf(e.Args[0])
			if a.kind == kDecimal && !t.isColumn(e.Args[0]) {
				e.Args[0] = raw("(", e.Args[0], " COLLATE "+decimalCollation+")")
			}
			return e, a, false
		}
	}
	return e, sqlType{}, false
}

// formatted gives a DECIMAL-typed choice (CASE, IFNULL, ...) at least its
// type's scale, as MySQL does: IFNULL(price, -1) gives -1.00; a quotient
// keeps its further digits until selected (dec_pad).
func (t *typer) formatted(e ast.ExprNode, tp sqlType) (ast.ExprNode, sqlType, bool) {
	if tp.kind != kDecimal {
		return e, tp, false
	}
	out := raw("dec_pad(", e, fmt.Sprintf(", %d)", tp.scale))
	if t.unpadded == nil {
		t.unpadded = map[ast.ExprNode]ast.ExprNode{}
	}
	t.unpadded[out] = e
	return out, tp, true
}

// exactOperand is x where MariaDB reads it as a DECIMAL (an operand of DIV,
// CAST(x AS DECIMAL)): a GREATEST or LEAST of DOUBLE type then chooses among
// its arguments as DECIMALs and gives the one it chose exactly
// (12345678901234567.89 DIV GREATEST(12345678901234567.89, 1e2) is 1, where
// the DOUBLE 12345678901234568 would give 0).
func (t *typer) exactOperand(x ast.ExprNode) ast.ExprNode {
	inner := x
	for {
		p, ok := inner.(*ast.ParenthesesExpr)
		if !ok {
			break
		}
		inner = p.Expr
	}
	if e, ok := t.exactExtremes[inner]; ok {
		return e
	}
	return x
}

// unpad is operand x of arithmetic: a padded choice computes with the value
// it chose, as MySQL's do (a quotient's fraction words depend on its
// operands' own: CASE … 2.50 ELSE 9223372036854775807 END / y).
func (t *typer) unpad(x ast.ExprNode) ast.ExprNode {
	if u, ok := t.unpadded[x]; ok {
		return u
	}
	return x
}

// realOps are the operators mysql_real_op computes.
var realOps = map[opcode.Op]string{opcode.Plus: "+", opcode.Minus: "-", opcode.Mul: "*", opcode.Div: "/"}

// checkedOps are the integer operators mysql_int_op checks.
var checkedOps = map[opcode.Op]string{opcode.Plus: "+", opcode.Minus: "-", opcode.Mul: "*"}

var arithFuncs = map[opcode.Op]string{opcode.Plus: "dec_add", opcode.Minus: "dec_sub", opcode.Mul: "dec_mul",
	opcode.Div: "dec_div", opcode.Mod: "dec_mod"}

func (t *typer) binary(e *ast.BinaryOperationExpr) (ast.ExprNode, sqlType, bool) {
	if comparisons[e.Op] {
		t.bitsAgainstLiterals(&e.L, &e.R)
		t.enumsAgainstNumbers(&e.L, &e.R)
		return t.nullFirst(e)
	}
	// An ENUM or SET operand of any other operator (arithmetic, bits,
	// AND/OR) is its number (colnumbers.go).
	e.L, e.R = t.enumNumber(e.L, t.typeOf(e.L)), t.enumNumber(e.R, t.typeOf(e.R))
	if e.Op == opcode.IntDiv {
		return t.intDiv(e)
	}
	if out, ok := bitBinary(e); ok {
		return out, bitType, true
	}
	fn, ok := arithFuncs[e.Op]
	if !ok {
		return e, booleanType, false // AND, OR, XOR
	}
	l, r := t.typeOf(e.L), t.typeOf(e.R)
	if temporalNumbered(l) || temporalNumbered(r) {
		// A date or time of day in arithmetic is its digits as a number
		// (casttime.go): DATE + 0 is 20200315, where SQLite would read
		// the text's leading 2020.
		e.L, e.R = t.temporalNumber(e.L, l), t.temporalNumber(e.R, r)
		return t.binary(e)
	}
	if l.kind != kOther && r.kind != kOther {
		// A string operand is a DOUBLE; one that is not a number fails
		// a write (asNumber).
		e.L, e.R = t.computedNumber(e.L, "DOUBLE"), t.computedNumber(e.R, "DOUBLE")
	}
	switch {
	case l.kind == kOther || r.kind == kOther:
		// A date in arithmetic is a number of MySQL's own kind.
		return e, sqlType{}, false
	case (l.approx() || r.approx()) && e.Op == opcode.Mod:
		// MySQL's fmod of DOUBLEs; SQLite's % would take integers. It
		// keeps its dividend's UNSIGNED, which a DIV of it inherits.
		tp := fixedDouble(l, r, 0)
		tp.unsigned = l.unsigned
		return raw("dec_mod(", e.L, ", ", e.R, ")"), tp, true
	case l.approx() || r.approx():
		// Checked: a DOUBLE past its range is MySQL's 1690, not Inf.
		extra := 0
		if e.Op == opcode.Div {
			extra = 4 // div_precision_increment
		}
		return raw("mysql_real_op(", e.L, ", ", e.R, ", '"+realOps[e.Op]+"')"), fixedDouble(l, r, extra), true
	case l.kind == kUnknown && r.kind == kUnknown:
		return e, sqlType{}, false
	case l.kind == kDecimal || r.kind == kDecimal || e.Op == opcode.Div:
		e.L, e.R = t.unpad(e.L), t.unpad(e.R)
		// MySQL's DECIMAL operators (VDec2_lazy) skip the right operand
		// of a NULL left one; its INT and DOUBLE operators evaluate both.
		out := raw(fn+"(", e.L, ", ", e.R, ")")
		if t.mayFailOnRight(e.L, e.R, false) {
			out = t.skipRightOfNull(e.L, out)
		}
		return out, arithType(e.Op, known(l), known(r)), true
	case l.kind == kInt && r.kind == kInt:
		tp := arithType(e.Op, l, r)
		if op, ok := checkedOps[e.Op]; ok {
			// MySQL refuses a result out of BIGINT (or, with an UNSIGNED
			// operand, a negative one); SQLite would go on in REAL.
			return raw("mysql_int_op(", e.L, ", ", e.R, fmt.Sprintf(", '%s', %d)", op, boolInt(tp.unsigned))), tp, true
		}
		return e, tp, false
	}
	return e, sqlType{}, false
}

// intDiv is x DIV y: computed exactly, and refused out of BIGINT's range,
// when either operand is not an integer.
func (t *typer) intDiv(e *ast.BinaryOperationExpr) (ast.ExprNode, sqlType, bool) {
	l, r := t.typeOf(e.L), t.typeOf(e.R)
	// As many digits as x has before the point (at most a BIGINT's),
	// UNSIGNED when either operand is: 5 DIV 2 is an INT.
	integer := sqlType{kind: kInt, prec: 19, unsigned: l.unsigned || r.unsigned}
	sized := false // x's digits are known
	if l.kind == kInt && l.name != "" {
		// An integer column or function: MariaDB's DIV has its digits
		// (LENGTH(k) DIV u is an UNSIGNED INT, u DIV u an UNSIGNED BIGINT).
		integer.prec, sized = min(l.prec, 19), true
	} else if d, ok := l.doubleDecimals(); ok && l.kind != kDouble {
		integer.prec, sized = min(decimalOf(l).prec-d, 19), true
	} else if r := t.realColumn(e.L); r.dec >= 0 {
		// A FLOAT(m,d) or DOUBLE(m,d) column: its m-d digits before the
		// point (w DIV ub of a FLOAT(7,2) w is an UNSIGNED INT).
		integer.prec, sized = max(r.digits-r.dec, 1), true
	} else if v, ok := e.L.(*test_driver.ValueExpr); ok && l.kind == kDouble {
		// A DOUBLE literal's digits before the point (1e2 has 3).
		if f, ok := v.GetValue().(float64); ok && math.Abs(f) < 1e19 {
			integer.prec, sized = max(len(strconv.FormatFloat(math.Trunc(math.Abs(f)), 'f', -1, 64)), 1), true
		}
	}
	// MariaDB's DIV is an INT up to 9 digits, a BIGINT past them, either
	// UNSIGNED when an operand is. Of a DOUBLE expression MariaDB counts
	// digits this typer does not: the values type that one (README,
	// sqlite-result-types).
	integer.unsized = !sized && l.kind == kDouble
	switch {
	case sized && integer.unsigned && integer.prec <= 9:
		integer.name = "UNSIGNED INT"
	case sized && integer.unsigned:
		integer.name = "UNSIGNED BIGINT"
	case integer.prec <= 9:
		integer.name = "INT"
	case sized:
		integer.name = "BIGINT" // i DIV 2 of an INT i, d DIV 1 of a DECIMAL(12,2) d
	}
	if !integer.unsigned {
		// prec so far is the quotient's length; in DECIMAL arithmetic
		// MariaDB counts one digit fewer, the sign's place:
		// (i DIV 2) * 2.50 of an INT i is a DECIMAL(12,2).
		integer.prec = max(integer.prec-1, 1)
	}
	if l.kind == kInt && r.kind == kInt {
		// Checked: -9223372036854775808 DIV -1 is 1690, as MySQL says.
		return raw("mysql_int_op(", e.L, ", ", e.R, fmt.Sprintf(", 'DIV', %d)", boolInt(l.unsigned || r.unsigned))), integer, true
	}
	if l.kind != kDecimal && r.kind != kDecimal && !l.approx() && !r.approx() {
		return e, integer, false
	}
	out := raw("dec_intdiv(", t.exactOperand(e.L), ", ", t.exactOperand(e.R), fmt.Sprintf(", %d)", boolInt(l.unsigned || r.unsigned)))
	if t.mayFailOnRight(e.L, e.R, false) {
		// Like its DECIMAL operators, MariaDB's DIV of a DECIMAL or
		// DOUBLE does not evaluate y when x is NULL (VDec2_lazy): NULL DIV
		// (9223372036854775807 + id) is NULL, not 1690.
		return t.skipRightOfNull(e.L, out), integer, true
	}
	return out, integer, true
}

// realColumn is the FLOAT or DOUBLE type e has when e is such a column;
// dec is -1 for any other e and for a column declared without (m,d).
func (t *typer) realColumn(e ast.ExprNode) realType {
	c, ok := e.(*ast.ColumnNameExpr)
	if !ok || t.derivedField(c) != nil || t.typeOf(e).kind != kDouble {
		return realType{dec: -1}
	}
	if info := t.columnInfo(c); info != nil {
		return realOf(strings.ToUpper(info.typ))
	}
	return realType{dec: -1}
}

// known stands in for an operand of unknown type: an integer column.
func known(t sqlType) sqlType {
	if t.kind == kUnknown {
		return sqlType{kind: kInt, prec: 10}
	}
	return t
}

// compare compares exactly when a computed DECIMAL is involved: SQLite
// would compare its text with a number as text.
// nullFirst is a comparison that, as MySQL's, does not evaluate its right
// side when its left side is NULL: a right side that reads a row and can
// fail (9223372036854775807 - a) fails only where MySQL evaluates it.
// SQLite evaluates both sides, so such a comparison becomes a CASE; one
// whose right side is a literal, a column or a constant keeps its form
// (and its index).
func (t *typer) nullFirst(e *ast.BinaryOperationExpr) (ast.ExprNode, sqlType, bool) {
	out, tp, done := t.compare(e)
	if e.Op == opcode.NullEQ || !t.mayFailOnRight(e.L, e.R, true) {
		return out, tp, done
	}
	return t.skippingRightOfNull(e, e.L, out, tp, done)
}

// skippingRightOfNull is skipRightOfNull of out, e translated (done) or
// still to be rewritten: e as it is where rewriting fails.
func (t *typer) skippingRightOfNull(e, l, out ast.ExprNode, tp sqlType, done bool) (ast.ExprNode, sqlType, bool) {
	if !done {
		var err error
		if out, err = rewriteExpr(out); err != nil {
			return e, tp, false
		}
	}
	return t.skipRightOfNull(l, out), tp, true
}

// mayFailOnRight tells whether evaluating r after l can matter: r computes
// (a literal or a column cannot fail) and l is not a non-NULL literal. A
// comparison of a column with a constant r that chooses rows (a WHERE, an
// ON) keeps its form, and its index, as well: rowsOnly. There MariaDB
// computes such a constant once, before any row, where an index of the
// column serves the comparison (a = 9223372036854775807 + 1 fails with
// 1690 whatever the rows), and row by row, not for a NULL column,
// where none does; as a value (a field, ORDER BY, SET) it computes it
// row by row: a <> (9223372036854775807 + 1) is NULL of a NULL a (in a
// HAVING it computes it first, as a WHERE with an index). Of a
// constant l MariaDB computes l first and not r where l is NULL
// (DAYOFMONTH('2023-02-30') <> (9223372036854775807 DIV -0.005) is NULL,
// not 1690). A row l keeps its form: SQLite takes no row in IS NULL.
func (t *typer) mayFailOnRight(l, r ast.ExprNode, rowsOnly bool) bool {
	if t.rows[l] || t.plain(r) || rowsOnly && !t.inValue() && !hasColumn(r) && hasColumn(l) {
		return false
	}
	v, ok := l.(*test_driver.ValueExpr)
	return !ok || v.Kind() == test_driver.KindNull
}

// valueDepth moves the innermost SELECT's count of values by d.
func (t *typer) valueDepth(d int) {
	if len(t.values) == 0 {
		t.values = append(t.values, 0)
	}
	t.values[len(t.values)-1] += d
}

// inValue tells whether what is being translated is (part of) a value of
// the innermost SELECT or of an UPDATE's SET, not a condition choosing
// rows.
func (t *typer) inValue() bool { return len(t.values) > 0 && t.values[len(t.values)-1] > 0 }

// skipRightOfNull is out, an operation of l and another operand, that does
// not evaluate the other when l is NULL.
func (t *typer) skipRightOfNull(l, out ast.ExprNode) *rawExpr {
	return raw("(CASE WHEN (", l, ") IS NULL THEN NULL ELSE ", out, " END)")
}

// atScale is a computed DECIMAL operand of a comparison (=, <, <=>, …)
// rounded half up to its type's scale, as MariaDB's comparator rounds each
// side to its decimals: d/3 = 0.333333 holds for d = 1.00 (a DECIMAL(10,2)),
// and 2147483647 / 12345678901234567.89 > 0 does not (the quotient 0.0000).
func (t *typer) atScale(e ast.ExprNode) ast.ExprNode {
	tp := t.typeOf(e)
	if tp.kind != kDecimal || t.plain(e) {
		return e
	}
	out := raw("dec_fmt(", e, fmt.Sprintf(", %d)", tp.scale))
	t.record(out, tp)
	return out
}

func (t *typer) compare(e *ast.BinaryOperationExpr) (ast.ExprNode, sqlType, bool) {
	boolean := booleanType
	if l, r := t.typeOf(e.L), t.typeOf(e.R); !l.approx() && !r.approx() {
		// Compared as DOUBLEs (with a DOUBLE or a string), a DECIMAL
		// keeps its digits: 0e0 <> 11 / 2147483647 holds.
		e.L, e.R = t.atScale(e.L), t.atScale(e.R)
	}
	lt, rt := t.typeOf(e.L), t.typeOf(e.R)
	e.L, e.R = t.jsonScalar(e.L, e.R, rt), t.jsonScalar(e.R, e.L, lt)
	nullSafe := e.Op == opcode.NullEQ
	if op := cmpOps[e.Op]; nullSafe {
		t.collated(t.typeOf(e.L), t.typeOf(e.R), "<=>")
	} else {
		t.collated(t.typeOf(e.L), t.typeOf(e.R), op)
	}
	e.L, e.R = t.asStoredTime(e.R, e.L, true, nullSafe), t.asStoredTime(e.L, e.R, true, nullSafe)
	e.L, e.R = t.literalNumber(e.L, e.R), t.literalNumber(e.R, e.L)
	if l, r := t.typeOf(e.L), t.typeOf(e.R); l.kind == kString && r.kind == kString && l.binary != r.binary &&
		!isHexLiteral(e.L) && !isHexLiteral(e.R) && !binaryCompare([]ast.ExprNode{e.L, e.R}, []sqlType{l, r}) {
		// A binary string made of literals beside a column's string
		// yields to the column's collation: its bytes read as that text.
		if l.binary {
			e.L = t.asUTF8(e.L)
		} else {
			e.R = t.asUTF8(e.R)
		}
	}
	// A binary string compares with a string literal byte by byte, not in
	// the text collation.
	switch l, r := t.typeOf(e.L), t.typeOf(e.R); {
	case l.name == "TIME" && t.isColumn(e.L):
		// As durations, whatever collation the other side was given.
		e.R = raw("(", e.R, " COLLATE "+timeCollation+")")
		return e, boolean, false
	case r.name == "TIME" && t.isColumn(e.R):
		e.L = raw("(", e.L, " COLLATE "+timeCollation+")")
		return e, boolean, false
	case l.name == "TIME":
		// A computed TIME (TIMEDIFF, CAST) is text without a column's
		// affinity: the other side, a number too, is read as a TIME.
		e.R = raw("(CAST(", e.R, " AS TEXT) COLLATE "+timeCollation+")")
		return e, boolean, false
	case r.name == "TIME" && l.name != "TIME":
		e.L = raw("(CAST(", e.L, " AS TEXT) COLLATE "+timeCollation+")")
		return e, boolean, false
	case isHexLiteral(e.L) && r.kind == kString || isHexLiteral(e.R) && l.kind == kString:
		// A hex literal is a binary string: against string literals (or
		// a binary string) the bytes compare; against a character
		// column or a computed string it yields to that side's collation.
		// SQLite holds it as a BLOB, which equals no TEXT.
		side := t.hexSides([]ast.ExprNode{e.L, e.R})
		return raw("(", side(e.L), " "+cmpOp(e.Op)+" ", side(e.R), ")"), boolean, true
	case l.binary && r.binary && !(t.plain(e.L) && t.plain(e.R)):
		// Two binary strings, one computed: byte by byte, where SQLite
		// would put any TEXT (a function's result) below any BLOB.
		return raw("(", asBlob(e.L), " "+cmpOp(e.Op)+" ", asBlob(e.R), ")"), boolean, true
	case l.binary && t.textual(e.R, r):
		return raw("(", t.binaryOperand(e.L, e.R), " "+cmpOp(e.Op)+" ", asBlob(e.R), ")"), boolean, true
	case r.binary && t.textual(e.L, l):
		return raw("(", asBlob(e.L), " "+cmpOp(e.Op)+" ", t.binaryOperand(e.R, e.L), ")"), boolean, true
	case textAndNumber(l, r) || textAndNumber(r, l):
		// MariaDB compares a string with a number as numbers ('0.0' = 0,
		// '01234' = 1234): exactly with an integer ('9007199254740993' =
		// 9007199254740992 is false), as two DOUBLEs with a DECIMAL or a
		// DOUBLE. SQLite would give the number a string column's
		// affinity and compare text.
		if l.kind == kInt || r.kind == kInt {
			e.L, e.R = t.comparedNumber(e.L, "DECIMAL"), t.comparedNumber(e.R, "DECIMAL")
			return decCompared(e, raw("dec_cmp(", e.L, ", ", e.R, ")")), boolean, true
		}
		e.L, e.R = t.comparedNumber(e.L, "DOUBLE"), t.comparedNumber(e.R, "DOUBLE")
		return raw("(CAST(", e.L, " AS REAL) "+cmpOp(e.Op)+" CAST(", e.R, " AS REAL))"), boolean, true
	case l.kind == kString && r.kind == kString && !l.binary && !r.binary && !l.cased && !r.cased && !(t.plain(e.L) && t.plain(e.R)):
		// Two strings, one computed: SQLite would compare the bytes
		// (only a column brings its collation), MariaDB compares them
		// in utf8mb4_general_ci.
		e.R = nocase(e.R)
		return e, boolean, false
	}
	// The precision comes from the operands' own types: an integer made a
	// REAL below has lost its fixed (zero) decimals.
	p, fixed := fixedPrecision(t.typeOf(e.L), t.typeOf(e.R))
	e.L, e.R = t.doubleCompared(e.L, e.R), t.doubleCompared(e.R, e.L)
	if fixed {
		return decCompared(e, raw("dec_real_cmp(", e.L, ", ", e.R, ", "+strconv.FormatFloat(p, 'g', -1, 64)+")")), boolean, true
	}
	// Between a column and a literal SQLite compares by the column's
	// affinity (and keeps its index); two literals need dec_cmp.
	if lt, rt := t.typeOf(e.L), t.typeOf(e.R); lt.cased && isString(e.R) || rt.cased && isString(e.L) {
		// A string against a column whose collation tells case apart:
		// the column's (SQLite's BINARY) decides, as in MySQL, where
		// compareLiterals would give the string the general one.
		return e, boolean, true
	}
	if t.plain(e.L) && t.plain(e.R) && (t.isColumn(e.L) || t.isColumn(e.R)) {
		return e, boolean, false
	}
	if t.typeOf(e.L).kind != kDecimal && t.typeOf(e.R).kind != kDecimal {
		return e, boolean, false
	}
	if !t.anyOfKind(kDouble, e.L, e.R) {
		e.L, e.R = t.signedZero(e.L), t.signedZero(e.R)
	}
	return decCompared(e, raw("dec_cmp(", e.L, ", ", e.R, ")")), boolean, true
}

// decCompared is comparison e made with cmp, a function of its operands
// that is below, equal to or above 0 as e.L is to e.R, or NULL.
func decCompared(e *ast.BinaryOperationExpr, cmp ast.ExprNode) ast.ExprNode {
	if e.Op == opcode.NullEQ {
		return raw("(CASE WHEN (", e.L, ") IS NULL OR (", e.R, ") IS NULL THEN (", e.L, ") IS (", e.R,
			") ELSE ", cmp, " = 0 END)")
	}
	return raw("(", cmp, " "+cmpOps[e.Op]+" 0)")
}

// fixedCompared tells whether MariaDB compares x and y within a precision
// (fixedPrecision).
func (t *typer) fixedCompared(x, y ast.ExprNode) bool {
	_, ok := fixedPrecision(t.typeOf(x), t.typeOf(y))
	return ok
}

// fixedPrecision is how near two numbers of types l and r compared in
// DOUBLEs must be to be equal, when MariaDB compares them so: both have a
// fixed number of decimals (an integer, a DECIMAL, a FLOAT(7,2), ROUND(f,
// 2)) and one is a DOUBLE (decRealCmp).
func fixedPrecision(l, r sqlType) (float64, bool) {
	dl, okL := l.doubleDecimals()
	dr, okR := r.doubleDecimals()
	if !okL || !okR || l.kind != kDouble && r.kind != kDouble {
		return 0, false
	}
	return 5 / math.Pow10(max(dl, dr)+1), true
}

// doubleCompared is x, an operand compared with other, as SQLite must
// compare it: MySQL compares an integer with a DOUBLE as two DOUBLEs,
// SQLite a REAL with an INTEGER exactly, which differs past 2^53
// (9223372036854775807 is 2^63 as a DOUBLE: equal to itself made a DOUBLE
// in MySQL, above it in SQLite). An integer x becomes a REAL, unless it is
// a column compared with a literal (it keeps its index; its values past
// 2^53 compare exactly).
func (t *typer) doubleCompared(x, other ast.ExprNode) ast.ExprNode {
	if t.typeOf(x).kind != kInt || t.typeOf(other).kind != kDouble || t.isColumn(x) && t.plain(other) {
		return x
	}
	out := raw("CAST(", x, " AS REAL)")
	t.record(out, sqlType{kind: kDouble})
	return out
}

// doubleAgainst is x, an operand of a comparison MySQL makes in DOUBLEs,
// compared with each of others, as SQLite must compare it: an integer
// becomes a REAL unless it is a column and each of others a DOUBLE
// literal or column (doubleCompared's exception, which keeps its index).
func (t *typer) doubleAgainst(x ast.ExprNode, others ...ast.ExprNode) ast.ExprNode {
	if t.typeOf(x).kind != kInt {
		return x
	}
	keep := t.isColumn(x)
	for _, o := range others {
		keep = keep && t.typeOf(o).kind == kDouble && t.plain(o)
	}
	if keep {
		return x
	}
	return t.asDouble(x)
}

// asDouble is x made a REAL: a DECIMAL (its text, or a column's) or an
// integer, compared where MariaDB compares DOUBLEs.
func (t *typer) asDouble(x ast.ExprNode) ast.ExprNode {
	if k := t.typeOf(x).kind; k != kDecimal && k != kInt {
		return x
	}
	out := raw("CAST(", x, " AS REAL)")
	t.record(out, sqlType{kind: kDouble})
	return out
}

// anyOfKind reports an operand of kind k.
func (t *typer) anyOfKind(k kind, es ...ast.ExprNode) bool {
	for _, x := range es {
		if t.typeOf(x).kind == k {
			return true
		}
	}
	return false
}

// binaryCompare tells whether MariaDB compares the strings args byte by
// byte: when a binary string other than a literal takes part (a VARBINARY
// column, a function of one), or a binary literal (x'616263') meets only
// literals and numbers. A literal yields to a column's collation, so
// STRCMP(s, x'616263') folds case as s does.
func binaryCompare(es []ast.ExprNode, args []sqlType) bool {
	binLiteral, other := false, false
	for i, a := range args {
		_, value := es[i].(*test_driver.ValueExpr)
		r, _ := es[i].(*rawExpr)
		hex := r != nil && r.hex
		lit := a.literal || a.coercible || value || hex
		switch {
		case a.binary && !lit:
			return true
		case a.binary || hex:
			binLiteral = true
		case !lit && a.kind == kString:
			other = true
		}
	}
	return binLiteral && !other
}

// hexAmongStrings tells whether a hex literal and a string are among es,
// which compare as compare says, pair by pair.
func (t *typer) hexAmongStrings(es []ast.ExprNode) bool {
	hex, str := false, false
	for _, x := range es {
		hex = hex || isHexLiteral(x)
		str = str || !isHexLiteral(x) && t.typeOf(x).kind == kString
	}
	return hex && str
}

// fromLiterals tells an argument (of type tp) that is a literal or a
// string computed from literals alone.
func (t *typer) fromLiterals(e ast.ExprNode, tp sqlType) bool {
	_, value := e.(*test_driver.ValueExpr)
	return value || tp.literal || tp.coercible || isHexLiteral(e)
}

// hexText is e as text: a hex literal's bytes read as characters, which
// must be UTF-8 (else 1300, as MariaDB converts them); e itself otherwise.
func (t *typer) hexText(e ast.ExprNode) ast.ExprNode {
	r, ok := e.(*rawExpr)
	if !ok || !r.hex {
		return e
	}
	if !utf8.Valid(r.bin) && t.err == nil {
		t.err = drivers.Errorf(1300, "HY000", "Invalid utf8mb4 character string: '%X'", r.bin[drivers.FirstInvalidUTF8(r.bin):])
	}
	return raw("CAST(", e, " AS TEXT)")
}

// asUTF8 is e, a binary string, as utf8mb4 text of a literal's
// derivation: its bytes, kept as they are (MariaDB keeps bytes that are
// no UTF-8 too, and its collations weigh them above every character, as
// U+FFFD weighs here).
func (t *typer) asUTF8(e ast.ExprNode) ast.ExprNode {
	out := raw("CAST(", e, " AS TEXT)")
	t.record(out, sqlType{kind: kString, coercible: true})
	return out
}

// hexIn is x IN (a, b, ...) with a hex literal and strings among them:
// x = a OR x = b, every pair in the one collation MariaDB finds for the
// whole list (textCollation).
func (t *typer) hexIn(e *ast.PatternInExpr) ast.ExprNode {
	es := append([]ast.ExprNode{e.Expr}, e.List...)
	side := t.hexSides(es)
	return anyEqual(e, func(x ast.ExprNode) ast.ExprNode { return raw("(", side(e.Expr), " = ", side(x), ")") })
}

// hexSides is how each of es, among which a hex literal meets strings,
// is compared in the collation MariaDB finds for them all: byte by byte,
// or as text (a hex literal's bytes read as characters, hexText) in the
// general collation or a column's _bin.
func (t *typer) hexSides(es []ast.ExprNode) func(ast.ExprNode) ast.ExprNode {
	types := make([]sqlType, len(es))
	for i, x := range es {
		types[i] = t.typeOf(x)
	}
	coll := textCollation(es, types)
	return func(x ast.ExprNode) ast.ExprNode {
		switch coll {
		case collBinary:
			return asBlob(x)
		case collBin:
			return raw("(", t.hexText(x), " COLLATE BINARY)")
		}
		return nocase(t.hexText(x))
	}
}

// anyEqual is x IN (a, b, ...) written x = a OR x = b, each pair as eq
// writes it; NOT IN its negation.
func anyEqual(e *ast.PatternInExpr, eq func(ast.ExprNode) ast.ExprNode) ast.ExprNode {
	parts := []any{"("}
	for i, x := range e.List {
		if i > 0 {
			parts = append(parts, " OR ")
		}
		parts = append(parts, eq(x))
	}
	out := raw(append(parts, ")")...)
	if e.Not {
		out = raw("(NOT ", out, ")")
	}
	return out
}

// textCollation is the collation MariaDB compares the strings args in
// (collGeneral, collBinary, collBin): byte by byte when binaryCompare says
// so, else by code point when a column declared COLLATE utf8mb4_bin takes
// part (a column's collation wins over a literal's, and a _bin one over
// the general one of another column), else in the general collation.
func textCollation(es []ast.ExprNode, args []sqlType) int64 {
	if binaryCompare(es, args) {
		return collBinary
	}
	for _, a := range args {
		if a.cased {
			return collBin
		}
	}
	return collGeneral
}

// textual reports a string that is not binary: a literal, or a computed
// or column string of type tp.
func (t *typer) textual(e ast.ExprNode, tp sqlType) bool {
	return isString(e) || tp.kind == kString && !tp.binary
}

// asNumber is x, a string operand of a comparison with a number, of
// arithmetic or of a CAST to a number, read as a number of MySQL type as:
// a string column's or a computed string's value that is not a whole
// number ('abc', '7abc') fails a write with 1292 (mysql_num_strict, see
// strictValueFuncs), as MariaDB's strict mode does, and reads as its
// numeric prefix elsewhere. A string literal is left as it is (MariaDB
// folds a constant WHERE with a warning).
func (t *typer) asNumber(x ast.ExprNode, as string) ast.ExprNode {
	if tp := t.typeOf(x); tp.kind != kString || t.plain(x) && !t.isColumn(x) {
		return x
	}
	out := raw("mysql_num(", x, ", '"+as+"')")
	t.record(out, t.typeOf(x))
	return out
}

// computedNumber is asNumber for an operand MariaDB computes with
// (arithmetic, a numeric function, a CAST), where a string literal that is
// not a number fails an INSERT's values or an UPDATE's SET too (1292):
// mysql_num_lit, which strictLiterals makes strict there. A comparison's
// literal stays as asNumber leaves it.
func (t *typer) computedNumber(x ast.ExprNode, as string) ast.ExprNode {
	return t.markedLiteral(x, as, "mysql_num_lit")
}

// comparedNumber is asNumber for an operand a string is compared with a
// number by: a string literal is marked mysql_num_chk, which leaves it as it
// is and which strictLiterals makes strict where a value is written (an
// UPDATE's SET, an INSERT's values, an INSERT … SELECT's columns), as
// MariaDB's strict mode fails ('abc' = 5) there with 1292 and only warns
// in a WHERE or a read.
func (t *typer) comparedNumber(x ast.ExprNode, as string) ast.ExprNode {
	return t.markedLiteral(x, as, "mysql_num_chk")
}

// markedLiteral is x, a string literal, passed through fn (which
// strictLiterals may make strict), or asNumber of any other operand.
func (t *typer) markedLiteral(x ast.ExprNode, as, fn string) ast.ExprNode {
	if v, ok := x.(*test_driver.ValueExpr); !ok || v.Kind() != test_driver.KindString {
		return t.asNumber(x, as)
	}
	out := raw(fn+"(", x, ", '"+as+"')")
	t.record(out, t.typeOf(x))
	return out
}

// literalNumber is x, a string literal compared with other, a number
// column, as the integer it spells ('5' of id = '5'): the comparison then
// keeps the column's index, as MariaDB converts such a constant once.
// Other strings are left to the comparison of a string with a number.
func (t *typer) literalNumber(x, other ast.ExprNode) ast.ExprNode {
	v, ok := x.(*test_driver.ValueExpr)
	if !ok || v.Kind() != test_driver.KindString || !t.isColumn(other) {
		return x
	}
	if k := t.typeOf(other).kind; k != kInt && k != kDecimal && k != kDouble {
		return x
	}
	n, err := strconv.ParseInt(v.GetString(), 10, 64)
	if err != nil {
		return x
	}
	return ast.NewValueExpr(n, "", "")
}

// compared is x op y as a comparison of its own translates it (an IN or a
// BETWEEN taken apart).
func (t *typer) compared(op opcode.Op, x, y ast.ExprNode) ast.ExprNode {
	cmp := &ast.BinaryOperationExpr{Op: op, L: x, R: y}
	if out, _, done := t.compare(cmp); done {
		return out
	}
	return cmp
}

// mixesTextAndNumber reports x IN (list) comparing a text string with a
// number.
func (t *typer) mixesTextAndNumber(x ast.ExprNode, list []ast.ExprNode) bool {
	tx := t.typeOf(x)
	for _, e := range list {
		if te := t.typeOf(e); textAndNumber(tx, te) || textAndNumber(te, tx) {
			return true
		}
	}
	return false
}

// textAndNumber reports a text string s compared with a number n.
func textAndNumber(s, n sqlType) bool {
	return s.kind == kString && !s.binary && (n.kind == kInt || n.kind == kDecimal || n.kind == kDouble)
}

var cmpOps = map[opcode.Op]string{opcode.EQ: "=", opcode.NE: "<>", opcode.LT: "<", opcode.LE: "<=",
	opcode.GT: ">", opcode.GE: ">="}

// cmpOp is comparison op in SQLite, where MySQL's <=> is IS.
func cmpOp(op opcode.Op) string {
	if op == opcode.NullEQ {
		return "IS"
	}
	return cmpOps[op]
}

// compareSubquery is x op ALL (SELECT v …) or x op ANY (…), which SQLite
// has not, with MySQL's answer: ALL is false if some v makes x op v false,
// else NULL if some makes it NULL, else true (an empty subquery included);
// ANY is true if some v makes it true, else NULL if some makes it NULL,
// else false.
func compareSubquery(e *ast.CompareSubqueryExpr) (ast.ExprNode, bool) {
	sub, ok := e.R.(*ast.SubqueryExpr)
	if !ok {
		return nil, false
	}
	sel, ok := sub.Query.(*ast.SelectStmt)
	op, known := cmpOps[e.Op]
	if !ok || !known || sel.Fields == nil || len(sel.Fields.Fields) != 1 || sel.Fields.Fields[0].WildCard != nil {
		return nil, false
	}
	sel.Fields.Fields[0].AsName = ast.NewCIStr("blocksql_v")
	where := func(cond ...any) ast.ExprNode {
		parts := append([]any{"EXISTS (SELECT 1 FROM (", sub.Query, ") AS blocksql_q WHERE "}, cond...)
		return raw(append(parts, ")")...)
	}
	cmp := raw("(", e.L, " "+op+" blocksql_q.blocksql_v)")
	unknown := where(cmp, " IS NULL")
	if e.All {
		return raw("(CASE WHEN ", where("NOT ", cmp), " THEN 0 WHEN ", unknown, " THEN NULL ELSE 1 END)"), true
	}
	return raw("(CASE WHEN ", where(cmp), " THEN 1 WHEN ", unknown, " THEN NULL ELSE 0 END)"), true
}

// between is x [NOT] BETWEEN l AND r, which in MariaDB does not evaluate
// its bounds where x is NULL (as a comparison its right side, see
// nullFirst): a BETWEEN 1 AND 9223372036854775807 + 1 is NULL of a NULL
// a, and a BETWEEN (9223372036854775807 + id) AND 3 too.
func (t *typer) between(e *ast.BetweenExpr) (ast.ExprNode, sqlType, bool) {
	guard := t.mayFailOnRight(e.Expr, e.Left, true) || t.mayFailOnRight(e.Expr, e.Right, true)
	out, tp, done := t.betweenBounds(e)
	if !guard {
		return out, tp, done
	}
	return t.skippingRightOfNull(e, e.Expr, out, tp, done)
}

func (t *typer) betweenBounds(e *ast.BetweenExpr) (ast.ExprNode, sqlType, bool) {
	boolean := booleanType
	ops := []*ast.ExprNode{&e.Expr, &e.Left, &e.Right}
	t.enumsAgainstNumbers(&e.Expr, &e.Left, &e.Right)
	e.Left, e.Right = t.validStoredTime(e.Expr, e.Left), t.validStoredTime(e.Expr, e.Right)
	e.Left, e.Right = t.literalNumber(e.Left, e.Expr), t.literalNumber(e.Right, e.Expr)
	if t.mixesTextAndNumber(e.Expr, []ast.ExprNode{e.Left, e.Right}) {
		// A string between numbers, or a number between strings: each
		// bound compared as >= and <= compare it (see in).
		parts := []any{"("}
		if e.Not {
			parts = append(parts, "NOT ")
		}
		parts = append(parts, "(", t.compared(opcode.GE, e.Expr, e.Left), ") AND (", t.compared(opcode.LE, e.Expr, e.Right), "))")
		return raw(parts...), boolean, true
	}
	if t.anyOfKind(kDouble, e.Expr, e.Left, e.Right) && t.anyOfKind(kDecimal, e.Expr, e.Left, e.Right) {
		// MariaDB compares all three as DOUBLEs when one is, a DECIMAL
		// too: ROUND(9223372036854775807, -1) BETWEEN f AND
		// 9223372036854775807 holds for f = 1e10 (differential seed 241),
		// though that DECIMAL is above the integer.
		for _, p := range ops {
			*p = t.asDouble(*p)
		}
		return e, boolean, false
	}
	if !t.anyComputedDecimal(e.Expr, e.Left, e.Right) && !t.mixedDecimal(e.Expr, e.Left, e.Right) {
		// MySQL compares all three as DOUBLEs when one is: each integer
		// becomes a REAL as doubleCompared makes it against what it is
		// compared with, the value against both bounds and each bound
		// against the value (IF(…, a, v) BETWEEN 1e2 AND v, the IF made a
		// REAL and v kept an integer, missed v = 9223372036854775807:
		// differential seed 479).
		if t.anyOfKind(kDouble, e.Expr, e.Left, e.Right) {
			x, l, r := e.Expr, e.Left, e.Right
			e.Expr, e.Left, e.Right = t.doubleAgainst(x, l, r), t.doubleAgainst(l, x), t.doubleAgainst(r, x)
		}
		return e, boolean, false
	}
	not := ""
	if e.Not {
		not = "NOT "
	}
	for _, p := range ops {
		*p = t.signedZero(*p)
	}
	return raw("("+not+"(dec_cmp(", e.Expr, ", ", e.Left, ") >= 0 AND dec_cmp(", e.Expr, ", ", e.Right, ") <= 0))"),
		boolean, true
}

// in is x [NOT] IN (list) when a computed DECIMAL is involved.
func (t *typer) in(e *ast.PatternInExpr) (ast.ExprNode, sqlType, bool) {
	boolean := booleanType
	if e.Sel == nil {
		e.Expr = t.inCollation(e.Expr, e.List)
		list := make([]*ast.ExprNode, len(e.List))
		for i := range e.List {
			list[i] = &e.List[i]
		}
		t.bitsAgainstLiterals(&e.Expr, list...)
		t.enumsAgainstNumbers(&e.Expr, list...)
	}
	if t.rows[e.Expr] && e.Sel == nil {
		// (a, b) IN ((1, 2), (3, 4)): SQLite takes a row value IN a
		// subquery only.
		parts := []any{"(", e.Expr, " IN (VALUES "}
		if e.Not {
			parts[2] = " NOT IN (VALUES "
		}
		for i, x := range e.List {
			if i > 0 {
				parts = append(parts, ", ")
			}
			parts = append(parts, x)
		}
		return raw(append(parts, "))")...), boolean, true
	}
	// MariaDB parses x IN (a) as x = a (NOT IN as <>), a comparison that
	// rounds its DECIMAL sides, or compares numbers with fixed decimals
	// within a precision (fixedPrecision); a longer list compares them as
	// they are.
	if e.Sel == nil && len(e.List) == 1 && (t.anyComputedDecimal(e.Expr, e.List[0]) || t.fixedCompared(e.Expr, e.List[0])) {
		op := opcode.EQ
		if e.Not {
			op = opcode.NE
		}
		if out, tp, done := t.nullFirst(&ast.BinaryOperationExpr{Op: op, L: e.Expr, R: e.List[0]}); done {
			return out, tp, true
		}
	}
	// A string among numbers, or a number among strings: MariaDB compares
	// each pair as = does, as numbers ('0.0' IN (0, 1) holds, '1e3' IN
	// ('1000', 2) does not), where SQLite would compare text. x IN (a, b)
	// is x = a OR x = b, NULLs included.
	for i, x := range e.List {
		e.List[i] = t.literalNumber(x, e.Expr)
	}
	if e.Sel == nil && len(e.List) == 1 && (isJSONExtract(e.Expr) || isJSONExtract(e.List[0])) {
		// x IN (a) is x = a to MariaDB: a JSON_EXTRACT compares as the
		// scalar it holds (jsonScalar), where in a longer list it does not.
		op := opcode.EQ
		if e.Not {
			op = opcode.NE
		}
		return t.compared(op, e.Expr, e.List[0]), boolean, true
	}
	if e.Sel == nil && t.hexAmongStrings(append([]ast.ExprNode{e.Expr}, e.List...)) {
		return t.hexIn(e), boolean, true
	}
	if e.Sel == nil && t.mixesTextAndNumber(e.Expr, e.List) {
		return anyEqual(e, func(x ast.ExprNode) ast.ExprNode { return t.compared(opcode.EQ, e.Expr, x) }), boolean, true
	}
	// A date literal in the list is the column's stored form, as in a
	// comparison ('2024-02-29' is '2024-02-29 00:00:00' for a DATETIME).
	// MariaDB compares a list of one as =, strict in a write; a longer
	// list's impossible date is the zero date there too (seed 233).
	for i, x := range e.List {
		e.List[i] = t.asStoredTime(e.Expr, x, len(e.List) == 1, false)
	}
	// A binary string column compares with string literals byte by byte.
	if tp := t.typeOf(e.Expr); tp.binary && e.Sel == nil {
		col := e.Expr
		for i, x := range e.List {
			if t.textual(x, t.typeOf(x)) {
				col = t.binaryOperand(e.Expr, x)
				e.List[i] = asBlob(x)
			}
		}
		if col != e.Expr {
			e.Expr = col
		}
	}
	if e.Sel != nil || !t.anyComputedDecimal(append([]ast.ExprNode{e.Expr}, e.List...)...) && !t.mixedDecimal(e.Expr, e.List...) {
		return e, boolean, false
	}
	exact := !t.anyOfKind(kDouble, append([]ast.ExprNode{e.Expr}, e.List...)...)
	parts := []any{"dec_in(", t.signedZeroIf(exact, e.Expr)}
	for _, x := range e.List {
		parts = append(parts, ", ", t.signedZeroIf(exact, x))
	}
	if e.Not {
		return raw(append(append([]any{"(NOT "}, parts...), "))")...), boolean, true
	}
	return raw(append(parts, ")")...), boolean, true
}

// mixedDecimal reports a DECIMAL bound or a DECIMAL value that is not a
// DECIMAL column: SQLite compares a DECIMAL literal's text with an
// integer as text (always greater), and an integer column with a DECIMAL
// bound by its affinity, where MySQL compares numbers. A DECIMAL column
// between literals compares right through its collation and keeps its index.
func (t *typer) mixedDecimal(x ast.ExprNode, bounds ...ast.ExprNode) bool {
	if t.typeOf(x).kind == kDecimal {
		return !t.isColumn(x)
	}
	for _, b := range bounds {
		if t.typeOf(b).kind == kDecimal {
			return true
		}
	}
	return false
}

// signedZero is x, a side of an exact comparison, ordered as MariaDB's
// decimal_cmp orders it (dec_signed_zero): a computed DECIMAL's negative
// zero below every zero. Only a computed DECIMAL can hold one; a column, a
// literal or a string compares as a plain zero.
func (t *typer) signedZero(x ast.ExprNode) ast.ExprNode {
	if t.plain(x) || t.typeOf(x).kind != kDecimal {
		return x
	}
	out := raw("dec_signed_zero(", x, ")")
	t.record(out, t.typeOf(x))
	return out
}

func (t *typer) signedZeroIf(ok bool, x ast.ExprNode) ast.ExprNode {
	if !ok {
		return x
	}
	return t.signedZero(x)
}

// anyComputedDecimal reports a DECIMAL operand SQLite would not compare
// as a number: one that is neither a literal nor a column.
func (t *typer) anyComputedDecimal(es ...ast.ExprNode) bool {
	for _, x := range es {
		if !t.plain(x) && t.typeOf(x).kind == kDecimal {
			return true
		}
	}
	return false
}

func (t *typer) unary(e *ast.UnaryOperationExpr) (ast.ExprNode, sqlType, bool) {
	e.V = t.enumNumber(e.V, t.typeOf(e.V)) // NOT e, -e, ~e of an ENUM or SET: its number
	v := t.typeOf(e.V)
	switch {
	case e.Op == opcode.BitNeg:
		return raw("mysql_bit_not(", e.V, ")"), bitType, true
	case e.Op == opcode.Not:
		return e, booleanType, false
	case e.Op != opcode.Minus:
		return e, sqlType{kind: kInt, prec: 1}, false
	case v.kind == kInt:
		// MariaDB's -x is signed, with x's digits, one character wider
		// than x (-t of a TINYINT t is an INT, of an INT a BIGINT, as
		// -(t * s) of a SMALLINT s is); no longer a truth value.
		// MariaDB refuses -(-9223372036854775808) with 1690, where SQLite
		// goes on in REAL; a constant x is folded first (that value
		// becomes a DECIMAL), as SQLite's REAL stands in for, and is
		// typed by its value as a literal is.
		v.name, v.boolean = "", false
		if !hasColumn(e.V) {
			// MariaDB makes -x of a constant x a DECIMAL when x's value is
			// negative (-CEIL(-1)), which only the value tells: typed by
			// it, as arithmetic on it is, unless x is written as a number.
			v.unsized = v.unsized || !isNumberLiteral(e.V)
			return e, v, false
		}
		if !v.unsized {
			v.name = intName(v.prec+boolInt(!v.unsigned && !v.literal)+1, false)
		}
		unsignedArg := v.unsigned
		v.unsigned = false
		return raw("mysql_int_neg(", e.V, fmt.Sprintf(", %d)", boolInt(unsignedArg))), v, true
	case v.kind == kString:
		e.V = t.computedNumber(e.V, "DOUBLE")
		return e, v, false
	case v.kind == kDouble:
		v.name = "" // -f of a FLOAT is a DOUBLE to MariaDB
		return e, v, false
	case v.kind != kDecimal:
		return e, v, false
	}
	// MariaDB leaves room for the sign of -x, but only in how it shows
	// it: CEIL(-COALESCE(12345678901234567.89, 2)) is a BIGINT.
	v.signRoom = !v.literal && !v.unsigned
	v.unsigned = false
	return raw("dec_neg(", e.V, ")"), v, true
}

func (t *typer) aggregate(e *ast.AggregateFuncExpr) (ast.ExprNode, sqlType, bool) {
	name := strings.ToLower(e.F)
	if name == ast.AggFuncJsonObjectAgg && len(e.Args) == 2 && !e.Distinct {
		number := boolInt(t.typeOf(e.Args[1]).kind == kDecimal || t.isJSON(e.Args[1]))
		return raw("mysql_json_objectagg(", e.Args[0], ", ", e.Args[1], fmt.Sprintf(", %d)", number)),
			sqlType{kind: kString, name: "LONGTEXT", blob: 2}, true
	}
	if name == ast.AggFuncGroupConcat {
		// Each value as the string MySQL makes of it (a FLOAT's 6
		// digits, a fixed DOUBLE's decimals).
		for i, v := range e.Args[:len(e.Args)-1] {
			e.Args[i] = t.asText(v, t.typeOf(v))
		}
	}
	if name == ast.AggFuncGroupConcat && e.Distinct && len(e.Args) > 1 {
		coll := collGeneral
		for _, v := range e.Args[:len(e.Args)-1] {
			switch tp := t.typeOf(v); {
			case tp.binary:
				coll = collBinary
			case tp.cased && coll == collGeneral:
				coll = collBin
			}
		}
		return groupConcat(e, coll), sqlType{kind: kString}, true
	}
	if name == ast.AggFuncCount && e.Distinct && len(e.Args) > 1 {
		return t.countDistinct(e), sqlType{kind: kInt, prec: 21, name: "BIGINT"}, true
	}
	if len(e.Args) != 1 {
		return e, sqlType{}, false
	}
	if name == ast.AggFuncSum || name == ast.AggFuncAvg {
		e.Args[0] = t.enumNumber(e.Args[0], t.typeOf(e.Args[0]))
	}
	a := t.typeOf(e.Args[0])
	switch name {
	case ast.AggFuncCount:
		return e, sqlType{kind: kInt, prec: 21}, false
	case ast.AggFuncBitAnd, ast.AggFuncBitOr, ast.AggFuncBitXor:
		return e, bitType, false
	case ast.AggFuncMin, ast.AggFuncMax:
		if a.kind == kDecimal && !t.isColumn(e.Args[0]) {
			e.Args[0] = raw("(", e.Args[0], " COLLATE "+decimalCollation+")")
		}
		if a.kind == kInt && a.name != "" && !t.isColumn(e.Args[0]) {
			// Of an integer expression MariaDB's MIN and MAX are a BIGINT
			// (MAX(LENGTH(k)), MAX(t + 0) of a TINYINT t); of a column, the
			// column's type.
			a.name, a.prec = "BIGINT", 19
			if a.unsigned {
				a.name, a.prec = "UNSIGNED BIGINT", 20
			}
		}
		if a.blob > 0 && t.isColumn(e.Args[0]) {
			// Of a TEXT-family column: a TEXT (BLOB), as the column.
			a.name, a.blob = "TEXT", 0
			if a.binary {
				a.name = "BLOB"
			}
		}
		return e, a, false
	case ast.AggFuncSum, ast.AggFuncAvg:
		if a.kind == kDouble {
			// Added one by one, as MariaDB adds them (realSum).
			distinct := ""
			if e.Distinct {
				distinct = "DISTINCT "
			}
			return raw("mysql_"+name+"_real("+distinct, e.Args[0], ")"), sqlType{kind: kDouble}, true
		}
		if a.kind == kString {
			return e, sqlType{kind: kDouble}, false
		}
		if a.kind != kInt && a.kind != kDecimal {
			return e, sqlType{}, false
		}
		d := decimalOf(a)
		tp := newDecimal(d.prec+22, d.scale)
		if name == ast.AggFuncAvg {
			tp = newDecimal(d.prec+divScale, d.scale+divScale)
		}
		distinct := ""
		if e.Distinct {
			distinct = "DISTINCT "
		}
		return raw("dec_"+name+"("+distinct, e.Args[0], ")"), tp, true
	case ast.AggFuncJsonArrayagg:
		if e.Distinct || e.Order != nil {
			return e, sqlType{}, false // refused: SQLite has no such function
		}
		return raw("mysql_json_arrayagg(", e.Args[0], fmt.Sprintf(", %d)", boolInt(a.kind == kDecimal || t.isJSON(e.Args[0])))),
			sqlType{kind: kString, name: "LONGTEXT", blob: 2}, true
	case ast.AggFuncVarPop, ast.AggFuncVarSamp, ast.AggFuncStddevPop, ast.AggFuncStddevSamp:
		// A DOUBLE printed with 4 more digits than its argument has after
		// the point, as MariaDB prints it (STDDEV of INTs: 3.5440).
		return e, fixedDouble(a, sqlType{kind: kInt}, 4), false
	}
	return e, sqlType{}, false
}

func (t *typer) cast(e *ast.FuncCastExpr) (ast.ExprNode, sqlType, bool) {
	temporal := false
	if isIntCast(e) || isDecimalCast(e) || isDoubleCast(e) {
		e.Expr = t.enumNumber(e.Expr, t.typeOf(e.Expr))
		// A DATE, DATETIME or TIME is its digits, as in arithmetic:
		// CAST(time '10:20:30' AS SIGNED) is 102030, not 10; to an
		// integer its fraction of a second is cut, not rounded.
		temporal = temporalNumbered(t.typeOf(e.Expr))
		e.Expr = t.temporalNumber(e.Expr, t.typeOf(e.Expr))
		if temporal && isIntCast(e) && t.typeOf(e.Expr).kind == kDecimal {
			x := raw("dec_truncate(", e.Expr, ")")
			t.record(x, t.typeOf(e.Expr))
			e.Expr = x
		}
	}
	if isIntCast(e) && mysql.HasUnsignedFlag(e.Tp.GetFlag()) {
		// MariaDB's UNSIGNED, by the operand's type (castUnsigned).
		kind := "s"
		switch t.typeOf(e.Expr).kind {
		case kInt:
			kind = "i"
		case kDecimal, kDouble:
			kind = "d"
		}
		return raw("mysql_cast_unsigned(", t.computedNumber(e.Expr, "INTEGER"), ", '"+kind+"')"), bitType, true
	}
	switch {
	case isDecimalCast(e):
		e.Expr = t.computedNumber(e.Expr, "DECIMAL")
	case isIntCast(e):
		e.Expr = t.computedNumber(e.Expr, "INTEGER")
	case isDoubleCast(e):
		e.Expr = t.computedNumber(e.Expr, "DOUBLE")
	}
	if isDecimalCast(e) {
		p, s := decimalSize(e.Tp)
		return raw("dec_cast(", t.exactOperand(e.Expr), fmt.Sprintf(", %d, %d, %d)", p, s, boolInt(t.typeOf(e.Expr).kind == kDecimal))),
			newDecimal(p, s), true
	}
	if tp := t.typeOf(e.Expr); isCharCast(e) {
		e.Expr = t.asText(e.Expr, tp)
	}
	if isIntCast(e) && t.typeOf(e.Expr).kind == kDecimal {
		// MySQL rounds a DECIMAL to an integer; SQLite's CAST truncates.
		return raw("CAST(dec_round(", e.Expr, ") AS INTEGER)"), sqlType{kind: kInt, prec: 19}, true
	}
	if isIntCast(e) && t.typeOf(e.Expr).kind == kDouble {
		// A DOUBLE too, half to even as MariaDB's rint (2.5 is 2, 3.5 4).
		return raw("CAST(mysql_round_double(", e.Expr, ", 0) AS INTEGER)"), sqlType{kind: kInt, prec: 19}, true
	}
	switch e.Tp.GetType() {
	case mysql.TypeDate, mysql.TypeDatetime, mysql.TypeTimestamp:
		if t.typeOf(e.Expr).kind == kDecimal {
			// A DECIMAL is text to SQLite: the cast reads it as the
			// number it is (20200315.5 is 2020-03-15).
			x := raw("CAST(", e.Expr, " AS REAL)")
			t.record(x, sqlType{kind: kDouble})
			e.Expr = x
		}
		if e.Tp.GetType() == mysql.TypeDate {
			return e, sqlType{kind: kOther, name: "DATE", stored: true}, false
		}
		return e, sqlType{kind: kOther, name: "DATETIME", scale: min(max(e.Tp.GetDecimal(), 0), 6), stored: true}, false
	case mysql.TypeDuration:
		return e, sqlType{kind: kOther, name: "TIME", scale: min(max(e.Tp.GetDecimal(), 0), 6)}, false
	}
	if isCharCast(e) {
		tp := sqlType{kind: kString, binary: e.Tp.GetCharset() == "binary"}
		if n := e.Tp.GetFlen(); n >= 0 && !tp.binary {
			// CHAR(n) is the first n characters (castCharNumber).
			number := t.typeOf(e.Expr).isNumber()
			out, err := rewriteExpr(e)
			if err != nil {
				return e, tp, false
			}
			if number {
				return raw("mysql_cast_char_num(", out, fmt.Sprintf(", %d)", n)), tp, true
			}
			return raw("substr(", out, fmt.Sprintf(", 1, %d)", n)), tp, true
		}
		return e, tp, false
	}
	if isIntCast(e) {
		// A BIGINT, as wide as its operand's digits when that is an integer
		// (ROUND(CAST(5 AS SIGNED), -1) is MariaDB's INT 10).
		tp := sqlType{kind: kInt, prec: 19}
		if op := t.typeOf(e.Expr); op.kind == kInt && op.prec > 0 {
			tp.prec = op.prec
		}
		return e, tp, false
	}
	if isDoubleCast(e) {
		return e, sqlType{kind: kDouble}, false
	}
	return e, sqlType{}, false
}

// temporalNumbered tells whether arithmetic reads a value of type tp as
// its digits (temporalNumber): a DATE, DATETIME or TIME; with fractions of
// a second, a DECIMAL.
func temporalNumbered(tp sqlType) bool {
	if tp.kind != kOther {
		return false
	}
	switch tp.name {
	case "DATE", "DATETIME", "TIMESTAMP", "TIME":
		return true
	}
	return false
}

// temporalNumber is x, of type tp, as a number in arithmetic if tp is
// temporalNumbered, else x.
func (t *typer) temporalNumber(x ast.ExprNode, tp sqlType) ast.ExprNode {
	if !temporalNumbered(tp) {
		return x
	}
	kind := tp.name
	if kind == "TIMESTAMP" {
		kind = "DATETIME"
	}
	out := raw("mysql_temporal_number(", x, ", '"+kind+"', "+strconv.Itoa(tp.scale)+")")
	digits := map[string]int{"DATE": 8, "DATETIME": 14, "TIME": 7}[kind]
	if tp.scale > 0 {
		t.record(out, newDecimal(digits+tp.scale, tp.scale))
	} else {
		t.record(out, sqlType{kind: kInt, prec: digits})
	}
	return out
}

// call types the MySQL functions whose result is exact.
// numericArgs are the functions that read their arguments as numbers.
// datePartDigits are the digits of the date functions' INT results, as
// MariaDB sizes them (a DATEDIFF's sign apart).
var datePartDigits = map[string]int{"datediff": 7, "dayofweek": 1, "dayofyear": 3, "year": 4, "month": 2, "day": 2,
	"dayofmonth": 2, "hour": 2, "minute": 2, "second": 2}

var numericArgs = map[string]bool{"abs": true, "floor": true, "ceil": true, "ceiling": true, "round": true, "truncate": true,
	"mod": true, "pow": true, "power": true, "sqrt": true, "sign": true, "exp": true, "ln": true, "log": true, "log2": true,
	"log10": true, "sin": true, "cos": true, "tan": true, "asin": true, "acos": true, "atan": true, "atan2": true, "cot": true,
	"degrees": true, "radians": true}

func (t *typer) call(e *ast.FuncCallExpr) (ast.ExprNode, sqlType, bool) {
	args := make([]sqlType, len(e.Args))
	for i, a := range e.Args {
		args[i] = t.typeOf(a)
	}
	name := e.FnName.L
	if ints := intArgs(name, len(e.Args)); len(ints) > 0 {
		constant := constantCall(e, args)
		for _, i := range ints {
			if i < len(e.Args) {
				e.Args[i], args[i] = t.intArgument(e.Args[i], args[i], constant)
			}
		}
	}
	if first, every, ok := jsonValueArgs(name); ok {
		for i := first; i < len(args); i += every {
			if t.isJSON(e.Args[i]) {
				e.Args[i] = raw("json(", e.Args[i], ")")
				continue
			}
			e.Args[i] = jsonValue(e.Args[i], args[i])
		}
	}
	if numericArgs[name] {
		// A DATE, DATETIME or TIME argument is its digits (ROUND(d, -1) of
		// 2020-01-01 is 20200100); a string argument is a DOUBLE; one that
		// is not a number fails a write (asNumber).
		for i := range e.Args {
			if args[i].enum != nil {
				e.Args[i] = t.enumNumber(e.Args[i], args[i])
				args[i] = t.typeOf(e.Args[i])
				continue
			}
			if temporalNumbered(args[i]) {
				e.Args[i] = t.temporalNumber(e.Args[i], args[i])
				args[i] = t.typeOf(e.Args[i])
				continue
			}
			e.Args[i] = t.computedNumber(e.Args[i], "DOUBLE")
		}
	}
	if out, tp, ok := timeCall(e, args); ok {
		return out, tp, true
	}
	if out, tp, ok := jsonPathCall(e); ok {
		return out, tp, true
	}
	switch name {
	case "field":
		if len(args) >= 2 {
			out, tp := t.fieldCall(e, args)
			return out, tp, true
		}
	case "conv":
		// Its digits have a literal's derivation, as HEX's.
		return e, sqlType{kind: kString, coercible: true}, false
	case "time":
		if len(args) == 1 {
			// TIME(x) keeps x's fractional digits; of a string computed
			// here, as many as its value has (-1, see timeValue).
			fsp := timeFsp(e.Args[0], args[0])
			tp := sqlType{kind: kOther, name: "TIME", scale: fsp}
			if _, lit := e.Args[0].(*test_driver.ValueExpr); !lit && (args[0].kind == kString || args[0].kind == kUnknown) {
				fsp = -1
			}
			return raw("mysql_time(", e.Args[0], fmt.Sprintf(", %d)", fsp)), tp, true
		}
	case "char_func":
		// The parser appends the USING charset, NULL without one: a
		// binary string, else text (SQLite's is UTF-8 whatever it names).
		binary := true
		if n := len(e.Args); n > 0 {
			if v, ok := e.Args[n-1].(*test_driver.ValueExpr); !ok || v.Kind() != test_driver.KindNull {
				binary = false
			}
			e.Args = e.Args[:n-1]
		}
		// Renamed here, so a second look at the call trims nothing more.
		e.FnName, e.Tp = ast.NewCIStr("mysql_char"), ast.FuncCallExprTypeGeneric
		return e, sqlType{kind: kString, binary: binary}, false
	case "pi":
		if len(args) == 0 {
			out, tp := piCall()
			return out, tp, true
		}
	case "round", "truncate":
		return t.round(e, name, args)
	case "isnull":
		// A truth value, as x IS NULL is (rewriteExpr writes it so).
		if len(args) == 1 {
			return e, booleanType, false
		}
	case "unix_timestamp":
		if len(args) == 1 {
			scale := unixTimestampScale(e.Args[0], args[0])
			tp := sqlType{kind: kInt, prec: 17}
			if scale > 0 {
				tp = newDecimal(16+scale, scale)
			}
			out := raw("mysql_unix_timestamp(", e.Args[0], fmt.Sprintf(", %d)", scale))
			if args[0].name == "TIMESTAMP" {
				// A TIMESTAMP's zero is the second 0 to MariaDB (it holds
				// seconds since 1970), any other zero date none (NULL).
				zero := "0"
				if scale > 0 {
					zero = "'0." + strings.Repeat("0", scale) + "'" // a DECIMAL, text to SQLite
				}
				out = raw("(CASE WHEN (", e.Args[0], ") GLOB '0000-00-00*' THEN "+zero+" ELSE ", out, " END)")
			}
			return out, tp, true
		}
	case "str_to_date":
		// Its type follows a literal format; any other is refused (1305).
		if v, ok := e.Args[len(e.Args)-1].(*test_driver.ValueExpr); ok && len(e.Args) == 2 && v.Kind() == test_driver.KindString {
			kind := strToDateKind(v.GetString())
			e.FnName = ast.NewCIStr("mysql_str_to_date")
			e.Args = append(e.Args, ast.NewValueExpr(kind, "", ""))
			tp := sqlType{kind: kOther, name: kind, stored: kind == "DATE" || kind == "DATETIME"}
			if strings.HasSuffix(kind, "(6)") {
				tp.scale = 6
			}
			return e, tp, false
		}
	case "from_unixtime":
		if len(e.Args) == 1 {
			// The seconds' own fractional digits, up to 6; a DOUBLE or a
			// string (MariaDB's DATETIME(6) printed in two ways) is
			// refused (scale -1).
			scale, tp := -1, sqlType{kind: kOther, name: "DATETIME"}
			switch args[0].kind {
			case kInt:
				scale = 0
			case kDecimal:
				scale = min(args[0].scale, 6)
				if scale > 0 {
					tp = sqlType{kind: kOther, name: fmt.Sprintf("DATETIME(%d)", scale), scale: scale}
				}
			}
			e.FnName = ast.NewCIStr("mysql_from_unixtime")
			e.Args = append(e.Args, ast.NewValueExpr(int64(scale), "", ""))
			return e, tp, false
		}
		if len(e.Args) == 2 {
			// With a format: DATE_FORMAT of the DATETIME, its fraction
			// (%f) at six digits unless the seconds are an integer.
			scale, ts := 6, e.Args[0]
			switch args[0].kind {
			case kInt:
				scale = 0
			case kDouble:
				ts = raw("mysql_double_text(", ts, ")") // its digits, read as a DECIMAL
			}
			return raw("mysql_date_format(mysql_from_unixtime(", ts, fmt.Sprintf(", %d), ", scale), e.Args[1], ")"),
				sqlType{kind: kString}, true
		}
	case "date_add", "adddate", "date_sub", "subdate", "last_day", "date", "from_days", "makedate":
		if u, ok := argAt(e.Args, 2).(*ast.TimeUnitExpr); ok && args[1].kind == kDecimal && u.Unit.String() != "SECOND" &&
			(intervalUnits[u.Unit.String()] != 0 || monthUnits[u.Unit.String()]) {
			// A DECIMAL count rounds (INTERVAL 2.5 DAY is 3 days), where a
			// string's is the integer it starts with ('2.5' is 2); a count
			// of seconds keeps its fraction (secondCount).
			e.Args[1] = raw("dec_round(", e.Args[1], ")")
		}
		if u, ok := argAt(e.Args, 2).(*ast.TimeUnitExpr); ok && u.Unit.String() == "SECOND" && args[1].kind == kString {
			// A string's seconds are the number it starts with, fraction
			// and all, shown with six digits, as a DOUBLE's (secondCount).
			e.Args[1] = raw("CAST(", e.Args[1], " AS REAL)")
		}
		if len(e.Args) == 3 && args0(args).name == "TIME" {
			// A TIME moved by an interval is a TIME (timeAdd).
			if out, ok := intervalCall("mysql_time_add", e); ok {
				return out, dateResultType(name, e, args), true
			}
		}
		return e, dateResultType(name, e, args), false
	case "datediff", "dayofweek", "dayofyear", "year", "month", "day", "dayofmonth", "hour", "minute", "second":
		// As many digits as MariaDB gives each (MONTH 2, YEAR 4, ...):
		// ROUND(ABS(MONTH(d)), -1) stays an INT (differential seed 501).
		return e, sqlType{kind: kInt, prec: datePartDigits[name], name: "INT"}, false
	case "concat", "concat_ws", "upper", "lower", "ucase", "lcase", "trim", "ltrim", "rtrim", "reverse", "substring",
		"substr", "mid", "replace", "lpad", "rpad", "left", "right", "repeat", "insert_func":
		// Each string argument as the string MySQL makes of it (a FLOAT
		// with 6 digits, ROUND(f, 2) with 2 decimals).
		for i, a := range args {
			if stringArg(name, i) {
				e.Args[i] = t.asText(e.Args[i], a)
			}
		}
		// A string, binary when a string argument is (a binary literal
		// yields to a column's or a computed string's collation, as in a
		// comparison), as long as its longest unless the call bounds its
		// length.
		tp := sqlType{kind: kString, binary: binaryCompare(e.Args, args), coercible: true}
		for i, a := range args {
			tp.blob = max(tp.blob, a.blob)
			tp.coercible = tp.coercible && (!stringArg(name, i) || t.fromLiterals(e.Args[i], a))
		}
		if boundsLength(name, e.Args) {
			tp.blob = 0
		}
		if tp.binary {
			countInBytes(e, name)
		} else {
			for _, a := range e.Args {
				t.hexText(a) // checked: the text made of its bytes
			}
		}
		return e, tp, false
	case "hex", "date_format":
		if name == "hex" && len(args) == 1 && args[0].kind == kDecimal {
			// The DECIMAL's BIGINT, rounded half up, not its text.
			e.Args[0] = raw("CAST(dec_round(", e.Args[0], ") AS INTEGER)")
		}
		if name == "hex" && len(args) == 1 {
			// MariaDB gives HEX's digits the derivation of a literal
			// whatever its argument: a binary string beside them wins.
			return e, sqlType{kind: kString, blob: args[0].blob, coercible: true}, false
		}
		// DATE_FORMAT's text has its format's derivation.
		return e, sqlType{kind: kString, coercible: name == "date_format" && len(args) == 2 && t.fromLiterals(e.Args[1], args[1])}, false
	case "sign":
		// An INT of one digit, whatever the argument (ROUND of it to
		// tens stays an INT). A string is a DOUBLE: 'abc' is 0 (SQLite's
		// sign gives NULL), and fails a write (1292).
		if len(args) == 1 && args[0].kind == kString {
			e.Args[0] = raw("CAST(", t.computedNumber(e.Args[0], "DOUBLE"), " AS REAL)")
		}
		return e, sqlType{kind: kInt, prec: 1, name: "INT"}, false
	case "strcmp":
		if len(args) != 2 {
			return e, sqlType{}, false
		}
		for i, a := range args {
			e.Args[i] = t.asText(e.Args[i], a)
		}
		return raw("mysql_strcmp(", e.Args[0], ", ", e.Args[1], fmt.Sprintf(", %d)", textCollation(e.Args, args))),
			sqlType{kind: kInt, prec: 2, name: "INT"}, true
	case "locate", "position", "instr":
		if out, ok := locateCall(e, name, args); ok {
			return out, sqlType{kind: kInt, prec: 10}, true
		}
		return e, sqlType{kind: kInt, prec: 10}, false
	case "make_set", "export_set":
		if out, tp, ok := t.setStringCall(e, name, args); ok {
			return out, tp, true
		}
	case "find_in_set":
		if len(args) == 2 {
			return t.findInSetCall(e, args), sqlType{kind: kInt, prec: 3, name: "INT"}, true
		}
	case "length", "octet_length", "char_length", "character_length", "json_length", "json_depth":
		if (name == "char_length" || name == "character_length") && args0(args).binary {
			// A binary string's characters are its bytes.
			e.FnName = ast.NewCIStr("octet_length")
		}
		// MariaDB's INT(10): 9 digits and the sign's place.
		return e, sqlType{kind: kInt, prec: 9, name: "INT"}, false
	case "timestampdiff":
		return e, sqlType{kind: kInt, prec: 19, name: "BIGINT"}, false
	case "json_unquote":
		// MariaDB's JSON_UNQUOTE is utf8mb4_bin: its value compares
		// case by case (JSON_UNQUOTE('"X"') = 'x' is false).
		return e, sqlType{kind: kString, cased: true}, false
	case "to_base64":
		return e, sqlType{kind: kString}, false
	case "from_base64":
		return e, sqlType{kind: kString, binary: true}, false
	case "period_add", "period_diff":
		return e, sqlType{kind: kInt, prec: 6, name: "INT(6)"}, false
	case "abs", "floor", "ceil", "ceiling":
		if a := args0(args); name == "abs" && len(args) == 1 && a.kind == kInt && a.name != "" {
			// MariaDB's ABS keeps its argument's width: an INT up to 9
			// characters (a sign included), a BIGINT past them (ABS of an
			// INT column, 11 wide, is a BIGINT; of a SMALLINT, an INT; of
			// -m of a MEDIUMINT m, 10 wide, a BIGINT as -m is).
			tp := intResult(a.prec, a.unsigned)
			if strings.HasSuffix(a.name, "BIGINT") {
				tp.name = a.name
			}
			return e, tp, false
		}
		if a := args0(args); len(args) == 1 && a.kind == kInt {
			if n, lit := intLiteral(e.Args[0], a); lit {
				return e, roundedLiteral(a, n), false
			}
		}
		if len(args) == 1 && args[0].kind == kDouble && name != "abs" {
			// FLOOR/CEIL of a DOUBLE is a DOUBLE with no digits after the point.
			return e, sqlType{kind: kDouble, fixed: true}, false
		}
		if a := args0(args); len(args) == 1 && a.kind == kDouble {
			a.name = "" // ABS of a FLOAT is a DOUBLE
			return e, a, false
		}
		if len(args) != 1 || args[0].kind != kDecimal {
			return e, args0(args), false
		}
		if name == "abs" {
			return raw("dec_abs(", e.Args[0], ")"), args[0], true
		}
		fn := map[string]string{"floor": "dec_floor", "ceil": "dec_ceil", "ceiling": "dec_ceil"}[name]
		return raw(fn+"(", e.Args[0], ")"), integralType(args[0], name != "floor"), true
	case "mod":
		if len(args) == 2 && args[0].exact() && args[1].exact() && (args[0].kind == kDecimal || args[1].kind == kDecimal) {
			return raw("dec_mod(", e.Args[0], ", ", e.Args[1], ")"), arithType(opcode.Mod, args[0], args[1]), true
		}
		if len(args) == 2 && (args[0].approx() || args[1].approx()) && args[0].kind != kOther && args[1].kind != kOther {
			return raw("dec_mod(", e.Args[0], ", ", e.Args[1], ")"), fixedDouble(args[0], args[1], 0), true
		}
	case "ifnull", "coalesce":
		tp := t.stringChoice(mergeTypes(args...), e.Args, args)
		t.branches(e.Args, args, tp)
		if len(e.Args) == 1 {
			// MariaDB takes COALESCE(x); SQLite's coalesce wants two.
			e.Args = append(e.Args, ast.NewValueExpr(nil, "", ""))
		}
		return t.choice(e, tp)
	case "if":
		if len(args) == 3 {
			e.Args[0] = t.enumNumber(e.Args[0], args[0]) // a condition: its number
			tp := t.stringChoice(mergeTypes(args[1], args[2]), e.Args[1:], args[1:])
			t.branches(e.Args[1:], args[1:], tp)
			return t.choice(e, tp)
		}
	case "nullif":
		if len(e.Args) == 2 {
			return t.nullIf(e, args)
		}
		return e, args0(args), false
	case "greatest", "least":
		out, tp, done := t.extreme(e, name, args)
		// MariaDB stops at the first NULL argument: the ones after it
		// are not evaluated (GREATEST(NULL, -1 - u) is NULL, no 1690).
		last := -1
		for i := 1; i < len(e.Args); i++ {
			if !t.plain(e.Args[i]) {
				last = i
			}
		}
		if last < 1 {
			return out, tp, done
		}
		orig := out
		if !done {
			var err error
			if out, err = rewriteExpr(out); err != nil {
				return e, tp, false
			}
		}
		stop := func(x ast.ExprNode) ast.ExprNode {
			for i := last - 1; i >= 0; i-- {
				x = t.skipRightOfNull(e.Args[i], x)
			}
			return x
		}
		wrapped := stop(out)
		// What arithmetic reads instead of the call (unpad, exactOperand)
		// stops at a NULL too.
		if u, ok := t.unpadded[orig]; ok {
			t.unpadded[wrapped] = stop(u)
		}
		if x, ok := t.exactExtremes[orig]; ok {
			t.exactExtremes[wrapped] = stop(x)
		}
		return wrapped, tp, true
	}
	return e, sqlType{}, false
}

// extreme types and translates GREATEST and LEAST (see call).
func (t *typer) extreme(e *ast.FuncCallExpr, name string, args []sqlType) (ast.ExprNode, sqlType, bool) {
	if len(e.Args) > 1 {
		rest := make([]*ast.ExprNode, len(e.Args)-1)
		for i := range rest {
			rest[i] = &e.Args[i+1]
		}
		t.enumsAgainstNumbers(&e.Args[0], rest...)
		for i, a := range e.Args {
			args[i] = t.typeOf(a)
		}
	}
	if slices.ContainsFunc(args, func(a sqlType) bool { return a.kind == kString && !a.binary }) &&
		slices.ContainsFunc(args, func(a sqlType) bool { return a.kind == kInt || a.kind == kDecimal || a.kind == kDouble }) {
		// Strings and numbers are compared, and returned, as DOUBLEs,
		// as MariaDB's: GREATEST('1.5', 2) is 2, LEAST('', 1) 0, where
		// the strings were compared as text.
		for i, a := range e.Args {
			if args[i].kind == kString {
				e.Args[i] = raw("CAST(", t.computedNumber(a, "DOUBLE"), " AS REAL)") // its numeric prefix
				args[i] = sqlType{kind: kDouble}
				t.record(e.Args[i], args[i])
			}
		}
	}
	tp := mergeTypes(args...)
	if strings.HasPrefix(tp.name, "FLOAT") && slices.ContainsFunc(args, func(a sqlType) bool { return a.kind == kInt }) {
		// A FLOAT and an integer, however narrow, are compared and
		// returned as DOUBLEs (GREATEST(f, sm) is a DOUBLE, where
		// COALESCE(f, sm) stays a FLOAT).
		tp.name = ""
	}
	binary, coercible := binaryCompare(e.Args, args), true
	for i, a := range args {
		coercible = coercible && t.fromLiterals(e.Args[i], a)
	}
	if out, ok := stringExtreme(e, name, args); ok {
		tp.binary, tp.coercible = binary, coercible
		return out, tp, true
	}
	parts := []any{"dec_" + name + "("}
	exact := false
	for i, a := range e.Args {
		if i > 0 {
			parts = append(parts, ", ")
		}
		// The argument chosen is given as it is, not padded to
		// this call's scale: MariaDB's GREATEST(-1.5, 7) / 0.3
		// divides 7 (fraction words of its own, see dec_div).
		parts = append(parts, t.unpad(a))
		exact = exact || args[i].exact() && args[i].kind != kNull
	}
	exactForm := raw(append(parts, ")")...)
	if tp.kind == kDecimal {
		return t.formatted(exactForm, tp)
	}
	// Compared as DOUBLEs: SQLite would put a DECIMAL's text above
	// every number.
	t.branches(e.Args, args, tp)
	if tp.kind == kDouble && exact {
		if t.exactExtremes == nil {
			t.exactExtremes = map[ast.ExprNode]ast.ExprNode{}
		}
		t.exactExtremes[e] = exactForm
	}
	return e, tp, false
}

// countInBytes makes every string argument of a call that counts in its
// strings (LEFT, RPAD, REVERSE, SUBSTRING, ...) a BLOB when one of them
// is binary: MySQL then counts bytes, and the functions count a BLOB's
// bytes (units), where text would be counted in characters, and a byte
// that is no UTF-8 lost.
func countInBytes(e *ast.FuncCallExpr, name string) {
	switch name {
	case "left", "right", "lpad", "rpad", "reverse", "substring", "substr", "mid", "insert_func":
		for i := range e.Args {
			if stringArg(name, i) {
				e.Args[i] = raw("CAST(", e.Args[i], " AS BLOB)")
			}
		}
	}
}

// boundsLength tells whether a string call's result length is set by a
// constant (LEFT(x, 3), SUBSTRING(x, 1, 2), LPAD, REPEAT(x, 0)), so a TEXT
// argument does not make it a long string.
func boundsLength(name string, args []ast.ExprNode) bool {
	switch name {
	case "left", "right", "lpad", "rpad":
		return true
	case "substring", "substr", "mid":
		return len(args) == 3
	case "repeat":
		n, ok := constInt(argAt(args, 1))
		return ok && n <= 0
	}
	return false
}

// branches makes the DECIMAL and integer ones of exprs (of types ts)
// REALs when they merge into a DOUBLE (tp): the result is a DOUBLE, which
// an integer column rounds half to even, where a DECIMAL's text rounds
// half up, and which prints as one (IF(c, 9223372036854775807, 1e2) made
// a string is 9.223372036854776e18); and the DOUBLE ones strings, as MySQL
// writes them, when they merge into a string.
func (t *typer) branches(exprs []ast.ExprNode, ts []sqlType, tp sqlType) {
	for i, a := range ts {
		switch {
		case tp.kind == kDouble && (a.kind == kDecimal || a.kind == kInt):
			exprs[i] = raw("CAST(", exprs[i], " AS REAL)")
		case tp.kind == kString && (a.kind == kDouble || a.kind == kDecimal):
			// A string of a FLOAT's 6 digits, a fixed DOUBLE's decimals,
			// a quotient's scale: IF(c, f, 'x') is 33554500, not
			// 33554472, IF(c, 1 / 3, 'x') 0.3333.
			exprs[i] = t.asText(exprs[i], a)
		}
	}
}

// unsignedAs is t, UNSIGNED when of is.
func unsignedAs(t, of sqlType) sqlType {
	t.unsigned = of.unsigned
	return t
}

// argAt is the i-th argument, nil if there is none.
func argAt(args []ast.ExprNode, i int) ast.ExprNode {
	if i < len(args) {
		return args[i]
	}
	return nil
}

// nullIf is NULLIF(a, b) as CASE WHEN a = b THEN NULL ELSE a END, a = b
// compared as the = operator compares them: SQLite's nullif compared a
// DECIMAL (its text) with a number, or a string with a number, as
// unequal, so NULLIF(amount, 0) of a DECIMAL 0.00 was 0.00, not NULL.
func (t *typer) nullIf(e *ast.FuncCallExpr, args []sqlType) (ast.ExprNode, sqlType, bool) {
	a := e.Args[0]
	eq, _, done := t.binary(&ast.BinaryOperationExpr{Op: opcode.EQ, L: a, R: e.Args[1]})
	if !done {
		var err error
		if eq, err = rewriteExpr(eq); err != nil {
			return e, args[0], false
		}
	}
	return raw("(CASE WHEN ", eq, " THEN NULL ELSE ", a, " END)"), args[0], true
}

func args0(args []sqlType) sqlType {
	if len(args) == 0 {
		return sqlType{}
	}
	return args[0]
}

// stringChoice is tp, the type of IFNULL/COALESCE/IF over branches es
// of types ts, with a string's derivation: binary as a comparison of the
// branches would be (a binary string made of literals yields to a
// column's string), of a literal's derivation when every branch is.
func (t *typer) stringChoice(tp sqlType, es []ast.ExprNode, ts []sqlType) sqlType {
	if tp.kind != kString {
		return tp
	}
	tp.binary, tp.coercible = binaryCompare(es, ts), true
	for i, a := range ts {
		tp.coercible = tp.coercible && (a.kind == kNull || t.fromLiterals(es[i], a))
	}
	return tp
}

// choice translates IFNULL/COALESCE/IF as usual, then prints a DECIMAL
// result at the merged scale.
func (t *typer) choice(e *ast.FuncCallExpr, tp sqlType) (ast.ExprNode, sqlType, bool) {
	out, err := rewriteCall(e)
	if err != nil {
		return e, tp, false
	}
	return t.formatted(out, tp)
}

// round is ROUND(x[, d]) and TRUNCATE(x, d) of an exact number: an
// integer stays one, a DECIMAL gets d decimals (MariaDB's type rules).
func (t *typer) round(e *ast.FuncCallExpr, name string, args []sqlType) (ast.ExprNode, sqlType, bool) {
	if len(args) > 0 && args[0].kind == kString {
		// A string is read as a DOUBLE (numericArgs): ROUND('2.5') is 2.
		args[0] = sqlType{kind: kDouble}
	}
	if len(args) > 0 && args[0].kind == kDouble && name == "round" {
		d := ast.ExprNode(ast.NewValueExpr(int64(0), "", ""))
		if len(e.Args) > 1 {
			d = e.Args[1]
		}
		return raw("mysql_round_double(", e.Args[0], ", ", d, ")"), roundedDouble(d), true
	}
	if len(args) > 0 && args[0].kind == kDouble {
		return e, roundedDouble(argAt(e.Args, 1)), false
	}
	if d, ok := constInt(argAt(e.Args, 1)); ok && d < 0 && args[0].kind == kUnknown && name == "round" {
		// To tens or more, a value the translator has no type for (ASCII,
		// UNIX_TIMESTAMP, a UNION's column) is rounded by what it holds: an
		// integer exactly, a DOUBLE half to even. SQLite's round ignores
		// negative digits (and rounds the rest half away from zero, as
		// MariaDB rounds the DECIMAL an untyped AVG is, so it keeps them).
		return raw(append([]any{"dec_round("}, callArgs(e.Args)...)...), sqlType{}, true
	}
	if len(args) == 0 || (args[0].kind != kInt && args[0].kind != kDecimal) {
		return e, sqlType{}, false
	}
	parts := []any{"dec_" + name + "(", e.Args[0]}
	if len(e.Args) > 1 {
		parts = append(parts, ", ", e.Args[1])
	}
	out := raw(append(parts, ")")...)
	a := args[0]
	if a.kind == kInt {
		n, lit := intLiteral(e.Args[0], a)
		if !lit && a.roundedLiteral {
			// ROUND(ROUND(9223372036854775807, 1), -1) is MariaDB's
			// DECIMAL(19,0) as ROUND(9223372036854775807, -1) is (seed 799).
			n, lit, a.name = a.prec+1, true, ""
		}
		if lit {
			// A literal keeps its type (roundedLiteral), unless ROUND to
			// tens or more may add a digit: then one more character, and
			// past a BIGINT's ten MariaDB's DECIMAL(n,0).
			d, ok := 0, true
			if len(e.Args) > 1 {
				d, ok = constInt(e.Args[1])
			}
			if name == "round" && (!ok || d < 0) {
				if n+1 > 10 {
					return out, newDecimal(n, 0), true
				}
				n++
			}
			return out, roundedLiteral(a, n), true
		}
		if d, ok := constInt(argAt(e.Args, 1)); ok && d < 0 && name == "round" && a.name != "" {
			if strings.HasSuffix(a.name, "BIGINT") {
				// MariaDB rounds a BIGINT in DECIMAL, UNSIGNED from an
				// UNSIGNED one (ROUND(id, -1) DIV -7 is 1690; ROUND(i + i,
				// -1) of an INT i is a DECIMAL(12,0)).
				return out, unsignedAs(newDecimal(a.prec+1, 0), a), true
			}
			// One more digit: an INT of 10 characters becomes a BIGINT
			// (ROUND(m, -1) of a MEDIUMINT m, ROUND(t * s, -1)).
			return out, intResult(a.prec+1, a.unsigned), true
		}
		if d, ok := constInt(argAt(e.Args, 1)); ok && d < 0 && name == "round" && a.prec >= 19 {
			// A computed integer as wide as a BIGINT (b + 0).
			return out, unsignedAs(newDecimal(a.prec+1, 0), a), true
		}
		return out, a, true
	}
	d := 0
	if len(e.Args) > 1 {
		n, ok := constInt(e.Args[1])
		if !ok {
			// Digits from a column or an expression: MariaDB keeps the
			// argument's type and prints the rounded value at its scale
			// (ROUND(1.25, n) with n 1 is 1.30, with n 0 1.00).
			out = raw("dec_fmt(", out, fmt.Sprintf(", %d)", a.scale))
			return out, unsignedAs(newDecimal(max(a.prec, 1), a.scale), a), true
		}
		d = n
	}
	// MariaDB: d digits (none when negative, at most 38); one more digit
	// when ROUND drops digits after the point.
	d = min(max(d, 0), maxScale)
	prec := a.prec - a.scale + d
	if name == "round" && a.scale > d {
		prec++
	}
	// An UNSIGNED DECIMAL stays UNSIGNED, as in MariaDB.
	return out, unsignedAs(newDecimal(max(prec, 1), d), a), true
}

// jsonValueArgs tells which arguments of a JSON function are values it
// writes into its document: from first, every every-th.
func jsonValueArgs(name string) (first, every int, ok bool) {
	switch name {
	case "json_array":
		return 0, 1, true
	case "json_object":
		return 1, 2, true
	case "json_set", "json_insert", "json_replace", "json_array_append", "json_array_insert":
		return 2, 2, true
	}
	return 0, 0, false
}

// stringArg tells whether argument i of string function name is a
// string (LPAD's first and third, CONCAT's every one), not a length or a
// position.
func stringArg(name string, i int) bool {
	switch name {
	case "concat", "concat_ws", "replace":
		return true
	case "lpad", "rpad":
		return i == 0 || i == 2
	case "insert_func":
		return i == 0 || i == 3
	}
	return i == 0
}

// jsonValue is x, of type tp, as MariaDB writes it into a JSON document:
// a DECIMAL (text to SQLite, which would write a JSON string) and a DOUBLE
// (SQLite writes 100.0, MariaDB 100 and 1e20; a fixed one with its
// decimals, ROUND(1.5e0, 2) is 1.50; a FLOAT with 6 digits) as the numbers
// they print as, a truth value as true or false.
func jsonValue(x ast.ExprNode, tp sqlType) ast.ExprNode {
	switch {
	case tp.boolean:
		return raw("json(CASE WHEN (", x, ") IS NULL THEN 'null' WHEN (", x, ") THEN 'true' ELSE 'false' END)")
	case tp.kind == kDecimal:
		return raw("json(", x, ")")
	case tp.kind == kDouble && tp.fixed:
		return raw("json(mysql_fixed_double(", x, fmt.Sprintf(", %d))", tp.scale))
	case tp.isFloat():
		return raw("json(mysql_float_text(", x, "))")
	case tp.kind == kDouble:
		return raw("json(mysql_double_text(", x, "))")
	}
	return x
}

// callArgs is args as raw's parts: the expressions, separated by commas,
// and a closing parenthesis.
func callArgs(args []ast.ExprNode) []any {
	parts := make([]any, 0, 2*len(args))
	for i, a := range args {
		if i > 0 {
			parts = append(parts, ", ")
		}
		parts = append(parts, a)
	}
	return append(parts, ")")
}

// asText is e (of type tp) as the string MySQL makes of it: a fixed
// DOUBLE with its fixed digits after the point (CONCAT('a', ROUND(1e2,
// 1)) is a100.0), a FLOAT with 6 significant digits, a computed DECIMAL at its type's scale (a quotient
// keeps more digits until then: CONCAT(1 / 3) is 0.3333).
func (t *typer) asText(e ast.ExprNode, tp sqlType) ast.ExprNode {
	switch {
	case tp.kind == kDouble && tp.fixed:
		return raw("mysql_fixed_double(", e, fmt.Sprintf(", %d)", tp.scale))
	case tp.isFloat():
		return raw("mysql_float_text(", e, ")")
	case tp.name == "YEAR":
		return raw("(CASE WHEN (", e, ") IS NULL THEN NULL ELSE printf('%04d', ", e, ") END)") // 0 is 0000
	case tp.kind == kDecimal && !t.plain(e):
		return raw("dec_fmt(", e, fmt.Sprintf(", %d)", tp.scale))
	}
	return e
}

// roundedDouble is the type of ROUND or TRUNCATE of a DOUBLE to d digits:
// printed with d digits after the point when d is a constant (none for
// a negative d or none given), as MariaDB prints it.
func roundedDouble(d ast.ExprNode) sqlType {
	if d == nil {
		return sqlType{kind: kDouble, fixed: true}
	}
	if n, ok := constInt(d); ok && n < 31 {
		return sqlType{kind: kDouble, fixed: true, scale: max(n, 0)}
	}
	return sqlType{kind: kDouble}
}

// intLiteral tells whether e is an integer literal, and with how many
// characters it is written, its minus sign included.
func intLiteral(e ast.ExprNode, tp sqlType) (int, bool) {
	n := tp.prec
	if u, ok := e.(*ast.UnaryOperationExpr); ok && u.Op == opcode.Minus {
		e, n = u.V, n+1
	}
	_, lit := e.(*test_driver.ValueExpr)
	return n, lit && tp.name == ""
}

// roundedLiteral is the type of a function that keeps an integer
// literal's type, the literal a of n characters (its minus sign
// included): ROUND, TRUNCATE, FLOOR, CEIL, ABS. An INT up to 9 characters,
// else a BIGINT; its precision is what MariaDB reads off a function's n
// characters, one of them for a sign, so a positive literal's loses a
// digit (FLOOR(TRUNCATE(9223372036854775807, 1) % 2.5) and
// FLOOR(IF(c, TRUNCATE(-0.005, 0), CEIL(9223372036854775807))) are
// BIGINTs).
func roundedLiteral(a sqlType, n int) sqlType {
	if n <= 9 {
		return sqlType{kind: kInt, prec: max(n-1, 1), name: "INT", roundedLiteral: true}
	}
	a.prec, a.roundedLiteral = n-1, true
	return a
}

// integralType is the type of FLOOR/CEIL of a DECIMAL (MariaDB's rule): the
// digits before the point, one more where CEIL (or FLOOR of a signed
// number) may add one; past 18 a DECIMAL, past 9 a BIGINT, else an INT.
func integralType(a sqlType, ceil bool) sqlType {
	if a.unsized {
		// MariaDB counts digits this typer does not: the values type it.
		return sqlType{kind: kInt, prec: 19, unsigned: a.unsigned, unsized: true}
	}
	prec := a.prec - a.scale
	if a.scale > 0 && (ceil || !a.unsigned) {
		prec++
	}
	prec = max(prec, 1)
	if prec > 18 {
		out := newDecimal(prec, 0)
		out.unsigned = a.unsigned
		return out
	}
	name := "INT"
	if prec > 9 {
		name = "BIGINT"
	}
	if a.unsigned {
		name = "UNSIGNED " + name
	}
	return sqlType{kind: kInt, prec: prec, name: name, unsigned: a.unsigned}
}

// position is the field number of ORDER BY 2 / GROUP BY 2.
func position(e ast.ExprNode) (int, bool) {
	if p, ok := e.(*ast.PositionExpr); ok && p.P == nil {
		return p.N, true
	}
	return 0, false
}

// hasColumn tells whether e reads a column (or a subquery): MariaDB
// folds an expression without one as a constant before it runs.
func hasColumn(e ast.Node) bool {
	found := false
	e.Accept(leaveFunc(func(n ast.Node) ast.Node {
		switch n.(type) {
		case *ast.ColumnNameExpr, *ast.SubqueryExpr:
			found = true
		}
		return n
	}))
	return found
}

package sqlite

import (
	"fmt"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/format"

	"github.com/blocksql/blocksql/drivers"
)

// SQLite has no GROUP BY … WITH ROLLUP. MariaDB's answer to
//
//	SELECT f… FROM x WHERE w GROUP BY k1, …, kn WITH ROLLUP HAVING h LIMIT l
//
// is the groups of k1…kn, then after each group of k1…k(i-1) a row that
// sums it up with k(i)…kn NULL (a super-aggregate row), the whole ordered
// by the keys (each ASC or DESC as written), a super-aggregate row after
// the rows it sums up, and a last row for all of them. rollupRead writes
// that as one SELECT per level (the same SELECT grouped by fewer keys, the
// keys left out NULL wherever the fields and HAVING name them outside an
// aggregate), UNION ALL, sorted on a level flag and the value of each key,
// with the fields named as the statement named them.

// rollupPrefix begins the names rollupRead gives its own columns.
const rollupPrefix = "blocksql_rollup_"

// rollupRead rewrites a SELECT with GROUP BY … WITH ROLLUP as above, and
// returns beside it its SELECT grouped by every key, whose first columns
// have the result's types; other statements are returned as they are.
func rollupRead(stmt ast.StmtNode) (ast.StmtNode, ast.StmtNode, error) {
	sel, ok := stmt.(*ast.SelectStmt)
	if !ok || sel.GroupBy == nil || !sel.GroupBy.Rollup {
		return stmt, nil, nil
	}
	switch {
	case sel.OrderBy != nil:
		return nil, nil, drivers.Errorf(1221, "HY000", "Incorrect usage of CUBE/ROLLUP and ORDER BY")
	case sel.Distinct, sel.Fields == nil, sel.With != nil, sel.WindowSpecs != nil:
		return nil, nil, notSupported("GROUP BY ... WITH ROLLUP with DISTINCT, WITH or WINDOW")
	}
	for _, f := range sel.Fields.Fields {
		if f.WildCard != nil {
			return nil, nil, notSupported("GROUP BY ... WITH ROLLUP with SELECT *")
		}
	}
	text, err := drivers.Restore(sel, format.DefaultRestoreFlags|format.RestoreStringEscapeBackslash)
	if err != nil {
		return nil, nil, err
	}
	n := len(sel.GroupBy.Items)
	var branches []string
	for kept := n; kept >= 0; kept-- {
		b, err := rollupLevel(text, kept)
		if err != nil {
			return nil, nil, err
		}
		branches = append(branches, b)
	}
	grouped, err := drivers.Parse(branches[0])
	if err != nil {
		return nil, nil, err
	}
	var outer, order []string
	for j, f := range sel.Fields.Fields {
		outer = append(outer, fmt.Sprintf("%sc%d AS %s", rollupPrefix, j, quoteName(fieldName(f))))
	}
	for i, item := range sel.GroupBy.Items {
		s := fmt.Sprintf("%ss%d", rollupPrefix, i)
		if item.Desc {
			s += " DESC"
		}
		order = append(order, fmt.Sprintf("%sr%d", rollupPrefix, i), s)
	}
	q := "SELECT " + strings.Join(outer, ", ") + " FROM (" + strings.Join(branches, " UNION ALL ") + ") AS " +
		rollupPrefix + "rows ORDER BY " + strings.Join(order, ", ")
	if sel.Limit != nil {
		lim, err := drivers.Restore(sel.Limit, format.DefaultRestoreFlags|format.RestoreStringEscapeBackslash)
		if err != nil {
			return nil, nil, err
		}
		q += " " + lim
	}
	out, err := drivers.Parse(q)
	return out, grouped, err
}

// rollupLevel is the SELECT of text (a SELECT … WITH ROLLUP) grouped by its
// first kept keys, the others NULL, its fields named c0…, followed by a
// level flag and a sort value per key (r0, s0, r1, s1, …).
func rollupLevel(text string, kept int) (string, error) {
	p, err := drivers.Parse(text)
	if err != nil {
		return "", err
	}
	sel := p.(*ast.SelectStmt)
	keys := make([]ast.ExprNode, len(sel.GroupBy.Items))
	for i, item := range sel.GroupBy.Items {
		keys[i] = groupKey(sel, item.Expr)
	}
	rolled := map[string]bool{}
	for _, k := range keys[kept:] {
		t, err := exprText(k)
		if err != nil {
			return "", err
		}
		rolled[t] = true
	}
	extra := make([]string, 0, 2*len(keys))
	for i, k := range keys {
		if i >= kept {
			extra = append(extra, fmt.Sprintf("1 AS %sr%d, NULL AS %ss%d", rollupPrefix, i, rollupPrefix, i))
			continue
		}
		t, err := exprText(k)
		if err != nil {
			return "", err
		}
		extra = append(extra, fmt.Sprintf("0 AS %sr%d, %s AS %ss%d", rollupPrefix, i, t, rollupPrefix, i))
	}
	if sel.Having != nil {
		// The fields are renamed below: HAVING names theirs by what
		// they compute.
		h, err := unaliased(sel.Having.Expr, sel.Fields.Fields)
		if err != nil {
			return "", err
		}
		sel.Having.Expr = nullRolled(h, rolled)
	}
	for j, f := range sel.Fields.Fields {
		f.Expr = nullRolled(f.Expr, rolled)
		f.AsName = ast.NewCIStr(fmt.Sprintf("%sc%d", rollupPrefix, j))
	}
	sel.GroupBy.Rollup = false
	sel.GroupBy.Items = sel.GroupBy.Items[:kept]
	for i, item := range sel.GroupBy.Items {
		// By what it computes (the fields are renamed); the outer ORDER
		// BY sorts.
		if item.Expr, err = reparsed(keys[i]); err != nil {
			return "", err
		}
		item.Desc = false
	}
	if kept == 0 {
		sel.GroupBy = nil
	}
	sel.Limit = nil
	x, err := drivers.Parse("SELECT " + strings.Join(extra, ", "))
	if err != nil {
		return "", err
	}
	sel.Fields.Fields = append(sel.Fields.Fields, x.(*ast.SelectStmt).Fields.Fields...)
	return drivers.Restore(sel, format.DefaultRestoreFlags|format.RestoreStringEscapeBackslash)
}

// groupKey is the expression a GROUP BY item stands for: a field's, for
// its position or its alias.
func groupKey(sel *ast.SelectStmt, e ast.ExprNode) ast.ExprNode {
	fields := sel.Fields.Fields
	switch x := e.(type) {
	case *ast.PositionExpr:
		if x.N >= 1 && x.N <= len(fields) {
			return fields[x.N-1].Expr
		}
	case *ast.ColumnNameExpr:
		if x.Name.Table.L == "" {
			for _, f := range fields {
				if f.AsName.L != "" && f.AsName.L == x.Name.Name.L {
					return f.Expr
				}
			}
		}
	}
	return e
}

// unaliased is e with each name of a field's alias in it replaced by what
// the field computes (reparsed).
func unaliased(e ast.ExprNode, fields []*ast.SelectField) (ast.ExprNode, error) {
	v := &aliasExpander{fields: fields}
	out, _ := e.Accept(v)
	return out.(ast.ExprNode), v.err
}

type aliasExpander struct {
	fields []*ast.SelectField
	err    error
}

func (v *aliasExpander) Enter(n ast.Node) (ast.Node, bool) {
	switch x := n.(type) {
	case *ast.SubqueryExpr:
		return n, true
	case *ast.ColumnNameExpr:
		if x.Name.Table.L != "" {
			return n, true
		}
		for _, f := range v.fields {
			if f.AsName.L == "" || f.AsName.L != x.Name.Name.L {
				continue
			}
			e, err := reparsed(f.Expr)
			if err != nil {
				v.err = err
				return n, true
			}
			return e, true
		}
	}
	return n, false
}

func (v *aliasExpander) Leave(n ast.Node) (ast.Node, bool) { return n, true }

// reparsed is e written out and read again: a tree of its own.
func reparsed(e ast.ExprNode) (ast.ExprNode, error) {
	t, err := exprText(e)
	if err != nil {
		return nil, err
	}
	p, err := drivers.Parse("SELECT " + t)
	if err != nil {
		return nil, err
	}
	return p.(*ast.SelectStmt).Fields.Fields[0].Expr, nil
}

// nullRolled is e with every part of it that is one of the rolled keys
// (by its text), outside an aggregate, NULL.
func nullRolled(e ast.ExprNode, rolled map[string]bool) ast.ExprNode {
	out, _ := e.Accept(&rollupNuller{rolled: rolled})
	return out.(ast.ExprNode)
}

type rollupNuller struct {
	rolled map[string]bool
	depth  int // inside an aggregate or a subquery
}

func (v *rollupNuller) Enter(n ast.Node) (ast.Node, bool) {
	switch n.(type) {
	case *ast.AggregateFuncExpr, *ast.WindowFuncExpr, *ast.SubqueryExpr:
		v.depth++
		return n, false
	}
	if e, ok := n.(ast.ExprNode); ok && v.depth == 0 {
		if t, err := exprText(e); err == nil && v.rolled[t] {
			return ast.NewValueExpr(nil, "", ""), true
		}
	}
	return n, false
}

func (v *rollupNuller) Leave(n ast.Node) (ast.Node, bool) {
	switch n.(type) {
	case *ast.AggregateFuncExpr, *ast.WindowFuncExpr, *ast.SubqueryExpr:
		v.depth--
	}
	return n, true
}

// exprText is e written out, to compare expressions by their text.
func exprText(e ast.Node) (string, error) {
	return drivers.Restore(e, format.DefaultRestoreFlags|format.RestoreStringEscapeBackslash)
}

// fieldName is the name a result column of f has: its alias, or the
// column it names, or its text (drivers.NameFields).
func fieldName(f *ast.SelectField) string {
	if f.AsName.O != "" {
		return f.AsName.O
	}
	if c, ok := f.Expr.(*ast.ColumnNameExpr); ok {
		return c.Name.Name.O
	}
	t, _ := exprText(f.Expr)
	return t
}

// quoteName is a MySQL quoted name.
func quoteName(s string) string { return "`" + strings.ReplaceAll(s, "`", "``") + "`" }

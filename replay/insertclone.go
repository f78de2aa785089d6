package replay

import (
	"slices"
	"sync"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/test_driver"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/drivers"
)

// Parse once. Most chain statements are INSERTs that recur with new
// parameters: a prepared statement, an ORM's create, a bulk load, the
// restore benchmark's chain. The apply step rewrites the tree it is given
// (names qualified, parameters bound, names renamed by the driver), so
// each statement needs a tree of its own; but for an INSERT … VALUES whose
// values are all parameters, the parts it rewrites are a handful of small
// nodes, and copying those from a tree parsed once (the template) costs a
// fraction of parsing the text again (the TiDB parser: ~7 µs for
// `INSERT INTO t (id, k, v) VALUES (?, ?, ?)`, most of a restore's
// read-ahead). The same text always parses to the same tree, so a copy of
// the template is what parsing would have given (TestInsertTemplateIsAParse).

// insertTemplateMax bounds the templates kept: past it, new texts are
// parsed as before (a node's texts recur; a flood of new ones does not
// grow the cache).
const insertTemplateMax = 4096

var insertTemplates = struct {
	mu sync.RWMutex
	m  map[string]*ast.InsertStmt
}{m: map[string]*ast.InsertStmt{}}

// insertFromTemplate returns a copy of the template of text, if there is
// one.
func insertFromTemplate(text string) (ast.StmtNode, bool) {
	t := template(text)
	if t == nil {
		return nil, false
	}
	return cloneInsert(t), true
}

// template is text's template, nil if there is none.
func template(text string) *ast.InsertStmt {
	insertTemplates.mu.RLock()
	defer insertTemplates.mu.RUnlock()
	return insertTemplates.m[text]
}

// boundFromTemplate returns, for a text with a template, the tree parsing
// text and binding params would give: a copy of the template with each
// parameter marker replaced by its value, in one pass (what stmtEnv.bind
// does to a copy: a template's values are all markers, so there is no
// function to pin). False if text has no template or params does not
// hold one value per marker (bind reports that error).
func boundFromTemplate(text string, params []consensus.Value) (*ast.InsertStmt, bool) {
	t := template(text)
	if t == nil || drivers.ValueCount(t.Lists) != len(params) {
		return nil, false
	}
	return cloneInsertWith(t, func(_ ast.ExprNode, n int) ast.ExprNode { return valueExpr(params[n]) }), true
}

// keepTemplate keeps stmt, just parsed from text and checked, as text's
// template when it is an INSERT a copy can stand for, and returns what the
// caller may rewrite: a copy, or stmt itself.
func keepTemplate(text string, stmt ast.StmtNode) ast.StmtNode {
	ins, ok := stmt.(*ast.InsertStmt)
	if !ok || !templateInsert(ins) {
		return stmt
	}
	insertTemplates.mu.Lock()
	if len(insertTemplates.m) < insertTemplateMax {
		insertTemplates.m[text] = ins
	}
	insertTemplates.mu.Unlock()
	return cloneInsert(ins)
}

// templateInsert reports whether cloneInsert copies every node of ins the
// apply step may rewrite: INSERT [IGNORE] INTO one table [(columns)]
// VALUES of parameters only, nothing else.
func templateInsert(ins *ast.InsertStmt) bool {
	return insertShape(ins, func(e ast.ExprNode) bool { _, ok := e.(*test_driver.ParamMarkerExpr); return ok })
}

// insertShape reports whether ins is INSERT [IGNORE] INTO one table
// [(columns)] VALUES …, nothing else, with value true of every value.
func insertShape(ins *ast.InsertStmt, value func(ast.ExprNode) bool) bool {
	if ins.Select != nil || ins.OnDuplicate != nil || ins.TableHints != nil || ins.Table == nil {
		return false
	}
	j := ins.Table.TableRefs
	if j == nil || j.Right != nil || j.On != nil || j.Using != nil {
		return false
	}
	ts, ok := j.Left.(*ast.TableSource)
	if !ok {
		return false
	}
	tn, ok := ts.Source.(*ast.TableName)
	if !ok || tn.IndexHints != nil || tn.TableSample != nil || tn.AsOf != nil {
		return false
	}
	for _, l := range ins.Lists {
		for _, e := range l {
			if !value(e) {
				return false
			}
		}
	}
	return true
}

// cloneInsert copies t down to every node the apply step rewrites (see
// templateInsert): the statement, its table reference to the table name,
// its column names and its lists of parameters.
func cloneInsert(t *ast.InsertStmt) *ast.InsertStmt {
	return cloneInsertWith(t, func(e ast.ExprNode, _ int) ast.ExprNode {
		pm := *e.(*test_driver.ParamMarkerExpr)
		return &pm
	})
}

// cloneInsertWith copies t as cloneInsert does, each value of its lists
// replaced by value(e, n), n counting the values from 0 in VALUES order.
func cloneInsertWith(t *ast.InsertStmt, value func(e ast.ExprNode, n int) ast.ExprNode) *ast.InsertStmt {
	c := *t
	ts := *t.Table.TableRefs.Left.(*ast.TableSource)
	tn := *ts.Source.(*ast.TableName)
	tn.PartitionNames = slices.Clone(tn.PartitionNames)
	ts.Source = &tn
	j := *t.Table.TableRefs
	j.Left = &ts
	refs := *t.Table
	refs.TableRefs = &j
	c.Table = &refs
	c.PartitionNames = slices.Clone(t.PartitionNames)
	if t.Columns != nil {
		c.Columns = make([]*ast.ColumnName, len(t.Columns))
		for i, col := range t.Columns {
			cc := *col
			c.Columns[i] = &cc
		}
	}
	if t.Lists != nil {
		c.Lists = make([][]ast.ExprNode, len(t.Lists))
		n := 0
		for i, l := range t.Lists {
			nl := make([]ast.ExprNode, len(l))
			for k, e := range l {
				nl[k] = value(e, n)
				n++
			}
			c.Lists[i] = nl
		}
	}
	return &c
}

package replay

import (
	"slices"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/test_driver"

	"github.com/blocksql/blocksql/consensus"
)

// Literals lifted. A client sending its INSERTs as text (go-sql-driver and
// most ORMs interpolate parameters) gives every statement a text of its
// own, so CheckTx and the apply step parsed each one in full. When every
// value of an INSERT … VALUES is a plain literal, the chain statement
// carries it as a prepared statement would: its canonical text with a
// placeholder for each literal, and the literals as its parameters, while
// its SQL stays the text as sent. Those statements then recur with new
// parameters, and every node copies them from a template (insertclone.go)
// instead of parsing them.
//
// A literal is lifted only when binding its parameter gives back the very
// value node the parser made (value, type, flags, character set and
// collation): TRUE and FALSE, introduced or collated strings, decimals and
// hex literals stay in the text, and then the statement stays as it is
// (TestLiftedInsertBindsAsParsed).

// LiftedCanonical is Canonical for stmt, parsed from the text sent and
// bound to params: when params is empty and stmt is an INSERT whose values
// are all literals that lift, the canonical text with placeholders and the
// literals as parameters; otherwise stmt's canonical text and params.
// A text of consensus.SQLDeltaMin bytes or more keeps its literals: the
// chain stores it as a delta against its canonical text, which needs them
// there (lifted, a 32 MiB bulk INSERT would travel twice, as text and as
// parameters).
func LiftedCanonical(stmt ast.StmtNode, sent string, params []consensus.Value) (string, []consensus.Value, error) {
	if len(params) == 0 && len(sent) < consensus.SQLDeltaMin {
		if ins, ok := stmt.(*ast.InsertStmt); ok {
			if lifted, ok := liftLiterals(ins); ok {
				text, err := canonicalWithPlaceholders(ins)
				return text, lifted, err
			}
		}
	}
	text, err := Canonical(stmt)
	return text, params, err
}

// liftLiterals returns the parameters ins's values lift to, in the order
// the binder takes them, or false when ins is not an INSERT a template can
// stand for once its values are placeholders, or a value does not lift.
func liftLiterals(ins *ast.InsertStmt) ([]consensus.Value, bool) {
	if !literalInsert(ins) {
		return nil, false
	}
	n := 0
	for _, l := range ins.Lists {
		n += len(l)
	}
	out := make([]consensus.Value, 0, n)
	for _, l := range ins.Lists {
		for _, e := range l {
			v, ok := liftValue(e.(*test_driver.ValueExpr))
			if !ok {
				return nil, false
			}
			out = append(out, v)
		}
	}
	return out, true
}

// literalInsert reports whether ins is an INSERT a template can stand for
// (insertShape) whose values are all value nodes.
func literalInsert(ins *ast.InsertStmt) bool {
	return insertShape(ins, func(e ast.ExprNode) bool { _, ok := e.(*test_driver.ValueExpr); return ok })
}

// liftValue is the parameter that binds to the value node e, if one does.
func liftValue(e *test_driver.ValueExpr) (consensus.Value, bool) {
	var v consensus.Value
	switch e.Kind() {
	case test_driver.KindNull:
		v.Kind = consensus.KindNull
	case test_driver.KindInt64:
		v.Kind, v.Int = consensus.KindInt, e.GetInt64()
	case test_driver.KindUint64:
		v.Kind, v.Uint = consensus.KindUint, e.GetUint64()
	case test_driver.KindString:
		v.Kind, v.Bytes = consensus.KindString, []byte(e.GetString())
	default:
		return v, false
	}
	bound, ok := valueExpr(v).(*test_driver.ValueExpr)
	return v, ok && sameValueNode(bound, e)
}

// sameValueNode reports whether two value nodes hold the same value with the
// same type in every respect the apply step and the drivers read.
func sameValueNode(a, b *test_driver.ValueExpr) bool {
	if a.Kind() != b.Kind() || a.GetProjectionOffset() != b.GetProjectionOffset() {
		return false
	}
	switch a.Kind() {
	case test_driver.KindInt64:
		if a.GetInt64() != b.GetInt64() {
			return false
		}
	case test_driver.KindUint64:
		if a.GetUint64() != b.GetUint64() {
			return false
		}
	case test_driver.KindString:
		if a.GetString() != b.GetString() {
			return false
		}
	}
	ta, tb := &a.Type, &b.Type
	return ta.GetType() == tb.GetType() && ta.GetFlag() == tb.GetFlag() && ta.GetFlen() == tb.GetFlen() &&
		ta.GetDecimal() == tb.GetDecimal() && ta.GetCharset() == tb.GetCharset() && ta.GetCollate() == tb.GetCollate() &&
		slices.Equal(ta.GetElems(), tb.GetElems())
}

// canonicalWithPlaceholders is ins's canonical text with a placeholder for
// each of its values; ins is left as it was.
func canonicalWithPlaceholders(ins *ast.InsertStmt) (string, error) {
	lists := ins.Lists
	marked := make([][]ast.ExprNode, len(lists))
	for i, l := range lists {
		marked[i] = make([]ast.ExprNode, len(l))
		for k := range l {
			marked[i][k] = &test_driver.ParamMarkerExpr{}
		}
	}
	ins.Lists = marked
	defer func() { ins.Lists = lists }()
	return Canonical(ins)
}

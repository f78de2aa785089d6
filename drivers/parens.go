package drivers

import (
	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/opcode"
)

// Parenthesize wraps in parentheses every operand whose operator binds
// more loosely than the operator applied to it. The parser keeps the
// parentheses a user wrote, but the function form MOD(a + 1, 3) becomes
// the operator % over a + 1 with none; the restorer would then write
// a+1%3, which every backend reads as a + (1 % 3). Restored text of a
// parenthesized tree means what the statement meant. It is idempotent.
func Parenthesize(n ast.Node) {
	if n != nil {
		n.Accept(parenthesizer{})
	}
}

type parenthesizer struct{}

func (parenthesizer) Enter(n ast.Node) (ast.Node, bool) { return n, false }

func (parenthesizer) Leave(n ast.Node) (ast.Node, bool) {
	switch e := n.(type) {
	case *ast.BinaryOperationExpr:
		p := precedence(e.Op)
		if looser(e.L, p, false) {
			e.L = &ast.ParenthesesExpr{Expr: e.L}
		}
		if looser(e.R, p, true) {
			e.R = &ast.ParenthesesExpr{Expr: e.R}
		}
	case *ast.UnaryOperationExpr:
		if _, bin := e.V.(*ast.BinaryOperationExpr); bin && e.Op != opcode.Not {
			e.V = &ast.ParenthesesExpr{Expr: e.V}
		}
	}
	return n, true
}

// looser says whether operand x of an operator of precedence p needs
// parentheses: it binds more loosely, or as tightly on the right side
// (a - (b - c)).
func looser(x ast.ExprNode, p int, right bool) bool {
	switch o := x.(type) {
	case *ast.BinaryOperationExpr:
		q := precedence(o.Op)
		return q < p || (right && q == p)
	case *ast.BetweenExpr, *ast.PatternLikeOrIlikeExpr, *ast.PatternRegexpExpr,
		*ast.PatternInExpr, *ast.IsNullExpr, *ast.IsTruthExpr, *ast.CompareSubqueryExpr:
		return p > precedence(opcode.EQ)
	}
	return false
}

// precedence is MySQL's operator precedence, higher binding tighter.
func precedence(op opcode.Op) int {
	switch op {
	case opcode.Xor:
		return 10
	case opcode.Mul, opcode.Div, opcode.IntDiv, opcode.Mod:
		return 9
	case opcode.Plus, opcode.Minus:
		return 8
	case opcode.LeftShift, opcode.RightShift:
		return 7
	case opcode.And:
		return 6
	case opcode.Or:
		return 5
	case opcode.EQ, opcode.NullEQ, opcode.GE, opcode.GT, opcode.LE, opcode.LT, opcode.NE,
		opcode.Like, opcode.Regexp, opcode.In, opcode.IsNull, opcode.IsTruth, opcode.IsFalsity:
		return 4
	case opcode.LogicAnd:
		return 2
	case opcode.LogicXor:
		return 1
	case opcode.LogicOr:
		return 0
	}
	return 3
}

package sqlite

import (
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/test_driver"
)

// An ENUM column holds its member's text (members.go), and SQLite reads
// that text wherever the column appears. MariaDB reads an ENUM as the
// member's number (1 for the first member, 0 for the '' an invalid value
// became) in a number's place: arithmetic (e + 0), a comparison, IN or
// BETWEEN against numbers (e = 2), CAST to a number, SUM and AVG, the
// numeric functions, a condition (WHERE e, NOT e, IF(e, …)); and ORDER BY e
// sorts by that number, in the order the members were declared. Elsewhere (a comparison with a string, CONCAT,
// LIKE, MIN and MAX, GROUP BY) it is the text on both. Without this, an
// UPDATE … SET n = e + 10 WHERE e >= 2 failed on a SQLite node with 1292
// and changed two rows on a MariaDB node.

// enumNumber is x as its member's number when tp is an ENUM column's type,
// else x.
func (t *typer) enumNumber(x ast.ExprNode, tp sqlType) ast.ExprNode {
	if tp.enum == nil {
		return x
	}
	out := memberNumber(x, tp.enum.enum, tp.enum.set)
	if tp.enum.set != nil {
		t.record(out, sqlType{kind: kInt, prec: 20, unsigned: true})
	} else {
		t.record(out, sqlType{kind: kInt, prec: 5})
	}
	return out
}

// memberNumber is x, the text of an ENUM of members enum or a SET of
// members set, as its number (x an ast.Node or SQL text).
func memberNumber(x any, enum, set []string) *rawExpr {
	if set != nil {
		// A SET is the bits of its members (1 for the first).
		list := []any{"',' || ", x, " || ','"}
		parts := []any{"(CASE WHEN ", x, " IS NULL THEN NULL ELSE 0"}
		for i, m := range set {
			parts = append(parts, " + (instr(")
			parts = append(parts, list...)
			parts = append(parts, fmt.Sprintf(", %s) > 0) * %d", sqlString(","+m+","), uint64(1)<<i))
		}
		return raw(append(parts, " END)")...)
	}
	parts := []any{"(CASE ", x}
	for i, m := range enum {
		parts = append(parts, fmt.Sprintf(" WHEN %s THEN %d", sqlString(m), i+1))
	}
	// A value that is no member ('' from INSERT IGNORE) is 0, NULL NULL.
	return raw(append(parts, " ELSE 0 * length(", x, ") END)")...)
}

// enumCondition is a WHERE, HAVING or ON condition that is an ENUM or SET
// column alone: true for a member (its number is not 0), as on MariaDB,
// where SQLite would read the member's text as 0.
func (t *typer) enumCondition(e ast.ExprNode) ast.ExprNode {
	if e == nil {
		return nil
	}
	return t.enumNumber(e, t.typeOf(e))
}

// enumsAgainstNumbers makes an ENUM operand its number where the operands
// it is compared with are all numbers: x against the others, each of the
// others against x.
func (t *typer) enumsAgainstNumbers(x *ast.ExprNode, others ...*ast.ExprNode) {
	xt := t.typeOf(*x)
	numbers := true
	for _, o := range others {
		ot := t.typeOf(*o)
		numbers = numbers && ot.isNumber()
		if xt.isNumber() {
			*o = t.enumNumber(*o, ot)
		}
	}
	if numbers {
		*x = t.enumNumber(*x, xt)
	}
}

// enumOrder is an ORDER BY item sorted by an ENUM's member number: a
// column, a field alias of one, or a field's position.
func (t *typer) enumOrder(e ast.ExprNode) ast.ExprNode {
	if n, ok := position(e); ok {
		if s := t.current(); s != nil && !s.wildcard && n >= 1 && n <= len(s.fields) {
			if tp := t.typeOf(s.fields[n-1]); tp.enum != nil {
				return t.enumNumber(s.fields[n-1], tp)
			}
		}
		return e
	}
	if c, ok := e.(*ast.ColumnNameExpr); ok && c.Name.Table.L == "" && t.typeOf(e).enum == nil {
		// A field alias of an ENUM column (ORDER BY x of e AS x), which
		// aliasOf leaves to the column's own name.
		if s := t.current(); s != nil {
			if f, ok := s.aliases[c.Name.Name.L]; ok {
				if tp := t.typeOf(f); tp.enum != nil {
					return t.enumNumber(e, tp)
				}
			}
		}
	}
	return t.enumNumber(e, t.typeOf(e))
}

// isNumber reports an integer, DECIMAL or DOUBLE.
func (tp sqlType) isNumber() bool {
	return tp.kind == kInt || tp.kind == kDecimal || tp.kind == kDouble
}

// A BIT column holds its value as a number (coerceBit), and a hex or bit
// literal (x'05', 0x05, b'101') is a binary string on SQLite, which no
// number equals. MariaDB compares the two as integers, so UPDATE … WHERE
// b = b'101' changed a row on a MariaDB node and none on a SQLite node:
// against a BIT column, such a literal of at most 8 bytes is its number.

// bitsAgainstLiterals makes each literal among others its number when x
// is a BIT column, and x its number when it is a literal and one of
// others is a BIT column.
func (t *typer) bitsAgainstLiterals(x *ast.ExprNode, others ...*ast.ExprNode) {
	if t.isBitColumn(*x) {
		for _, o := range others {
			*o = bitLiteralNumber(*o)
		}
		return
	}
	for _, o := range others {
		if t.isBitColumn(*o) {
			*x = bitLiteralNumber(*x)
			return
		}
	}
}

func (t *typer) isBitColumn(e ast.ExprNode) bool {
	c, ok := e.(*ast.ColumnNameExpr)
	if !ok {
		return false
	}
	info := t.columnInfo(c)
	return info != nil && strings.HasPrefix(strings.ToUpper(info.typ), "BIT")
}

// bitLiteralNumber is a hex or bit literal of at most 8 bytes (literal
// has written it X'…' already) as the unsigned number it spells, anything
// else as it is.
func bitLiteralNumber(e ast.ExprNode) ast.ExprNode {
	var b []byte
	switch v := e.(type) {
	case *test_driver.ValueExpr:
		if v.Kind() == test_driver.KindBinaryLiteral {
			b = v.GetBytes()
		}
	case *rawExpr:
		if s, ok := v.parts[0].(string); ok && v.hex && len(v.parts) == 1 {
			b, _ = hex.DecodeString(strings.TrimSuffix(strings.TrimPrefix(s, "X'"), "'"))
		}
	}
	if b == nil || len(b) > 8 {
		return e
	}
	var n uint64
	for _, c := range b {
		n = n<<8 | uint64(c)
	}
	return ast.NewValueExpr(n, "", "")
}

package sqlite

import (
	"strings"

	"github.com/blocksql/blocksql/drivers"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// Explicit collations: x COLLATE utf8mb4_bin compares, sorts and groups
// case and accents apart, x COLLATE utf8mb4_general_ci folds them, as
// MariaDB does. SQLite's own COLLATE clause carries them: BINARY (its
// byte order is utf8mb4_bin's code point order) and the general one
// (generalci.go). As in MySQL an explicit collation wins over a column's
// or a literal's; SQLite picks the left operand's explicit collation
// first, then the right's, then a column's, which is the same choice
// wherever one side is explicit, and two different explicit collations
// are MySQL's illegal mix (1267). The type of x COLLATE utf8mb4_bin is
// marked cased, so LIKE and the string functions that compare (LOCATE,
// STRCMP, GREATEST, ...) tell case apart as for a utf8mb4_bin column.
// Other collations of utf8mb4 are refused (1235) rather than answered in
// another order; a collation of another character set is MySQL's 1253.

const (
	collationBin     = "utf8mb4_bin"
	collationGeneral = "utf8mb4_general_ci"
)

// setCollation translates x COLLATE name for the two collations SQLite
// has; others fall to rewriteExpr, which refuses them.
func (t *typer) setCollation(e *ast.SetCollationExpr) (ast.ExprNode, sqlType, bool) {
	name := strings.ToLower(e.Collate)
	if name != collationBin && name != collationGeneral {
		return e, sqlType{}, false
	}
	tp := t.typeOf(e.Expr)
	switch {
	case tp.binary:
		if t.err == nil {
			t.err = drivers.Errorf(1253, "42000", "COLLATION '%s' is not valid for CHARACTER SET 'binary'", e.Collate)
		}
		return e, sqlType{}, false
	case tp.kind != kString && tp.kind != kUnknown && tp.kind != kNull:
		// A number or a date is compared as one: the collation of its
		// text changes nothing.
		return e.Expr, tp, true
	}
	tp.kind, tp.cased, tp.explicit, tp.literal = kString, name == collationBin, name, false
	return collateAs(e.Expr, tp), tp, true
}

// collateAs is x in the collation tp has: SQLite's BINARY for a cased
// string, the general one for others.
func collateAs(x ast.ExprNode, tp sqlType) ast.ExprNode {
	if tp.cased {
		return raw("(", x, " COLLATE BINARY)")
	}
	return raw("(", x, " COLLATE "+generalCI+")")
}

// inCollation gives x of x IN (list) an explicit collation the list has:
// SQLite compares IN in the left operand's collation only.
func (t *typer) inCollation(x ast.ExprNode, list []ast.ExprNode) ast.ExprNode {
	own := t.typeOf(x)
	d := own
	for _, v := range list {
		d = t.collated(d, t.typeOf(v), "in")
	}
	if d.explicit == "" || own.explicit != "" {
		return x
	}
	out := collateAs(x, d)
	t.record(out, d)
	return out
}

// collated is the type whose collation decides between a and b, operands
// of op: an explicit collation over an implicit one, else a (callers
// read only cased). Two different explicit collations are an error.
func (t *typer) collated(a, b sqlType, op string) sqlType {
	switch {
	case a.explicit != "" && b.explicit != "" && a.explicit != b.explicit:
		if t.err == nil {
			t.err = drivers.Errorf(1267, "HY000", "Illegal mix of collations (%s,EXPLICIT) and (%s,EXPLICIT) for operation '%s'",
				a.explicit, b.explicit, op)
		}
	case a.explicit == "" && b.explicit != "":
		return b
	}
	return a
}

// collationError refuses a collation setCollation does not translate.
func collationError(name string) error {
	lower := strings.ToLower(name)
	if strings.HasPrefix(lower, "utf8mb4_") {
		return notSupported("the collation %s (utf8mb4_general_ci and utf8mb4_bin are)", name)
	}
	if strings.HasPrefix(lower, "utf8_") {
		name = "utf8mb3_" + name[len("utf8_"):] // MariaDB's name for it
	}
	return drivers.Errorf(1253, "42000", "COLLATION '%s' is not valid for CHARACTER SET 'utf8mb4'", name)
}

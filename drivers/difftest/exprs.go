package difftest

import (
	"fmt"
	"math/rand/v2"
)

// ref is a column as an expression can name it.
type ref struct {
	alias string
	col   column
	plain bool // unquoted (PostgreSQL)
}

func (f ref) sql() string { return qualifyAs(f.plain, f.alias, f.col.name) }

func refsOf(t *table, alias string) []ref {
	out := make([]ref, len(t.cols))
	for i, c := range t.cols {
		out[i] = ref{alias, c, t.plain}
	}
	return out
}

func refsWhere(refs []ref, ok func(column) bool) []ref {
	var out []ref
	for _, f := range refs {
		if ok(f.col) {
			out = append(out, f)
		}
	}
	return out
}

// exprGen builds typed expressions over a set of columns.
type exprGen struct {
	r    *rand.Rand
	refs []ref
}

func (g exprGen) colOr(ok func(column) bool, fallback func() string) string {
	if rs := refsWhere(g.refs, ok); len(rs) > 0 && g.r.IntN(3) > 0 {
		return pick(g.r, rs).sql()
	}
	return fallback()
}

func (g exprGen) smallInt() string {
	return pick(g.r, []string{"0", "1", "2", "3", "-1", "7", "10", "-2", "100"})
}

func (g exprGen) numLeaf() string {
	return g.colOr(column.numeric, func() string {
		return pick(g.r, []string{g.smallInt(), "2.50", "0.1", "1e2", "-0.005", "12345678901234567.89", "9223372036854775807"})
	})
}

// num is a numeric expression; unary minus is common so `- -` appears.
func (g exprGen) num(depth int) string {
	if depth <= 0 || g.r.IntN(3) == 0 {
		return g.numLeaf()
	}
	a, b := g.num(depth-1), g.num(depth-1)
	switch g.r.IntN(19) {
	case 17:
		return fmt.Sprintf("FIELD(%s, %s, %s)", g.str(depth-1), g.str(depth-1), g.strLeaf())
	case 0:
		return fmt.Sprintf("(%s + %s)", a, b)
	case 1:
		return fmt.Sprintf("(%s - %s)", a, b)
	case 2:
		return fmt.Sprintf("(%s * %s)", a, b)
	case 3:
		return fmt.Sprintf("(%s / %s)", a, b)
	case 4:
		return fmt.Sprintf("(%s DIV %s)", a, b)
	case 5:
		return fmt.Sprintf("(%s %% %s)", a, b)
	case 6:
		return fmt.Sprintf("- %s", a)
	case 7:
		return fmt.Sprintf("%s - -%s", a, b)
	case 8:
		return fmt.Sprintf("ABS(%s)", a)
	case 9:
		return fmt.Sprintf("ROUND(%s, %d)", a, g.r.IntN(4)-1)
	case 10:
		return fmt.Sprintf("%s(%s)", pick(g.r, []string{"FLOOR", "CEIL", "SIGN"}), a)
	case 11:
		return fmt.Sprintf("%s(%s, %s)", pick(g.r, []string{"GREATEST", "LEAST"}), a, b)
	case 12:
		return fmt.Sprintf("%s(%s, %s)", pick(g.r, []string{"IFNULL", "COALESCE"}), a, b)
	case 13:
		return fmt.Sprintf("CASE WHEN %s THEN %s ELSE %s END", g.pred(depth-1), a, b)
	case 14:
		return fmt.Sprintf("IF(%s, %s, %s)", g.pred(depth-1), a, b)
	case 15:
		return fmt.Sprintf("%s(%s)", pick(g.r, []string{"LENGTH", "CHAR_LENGTH"}), g.str(depth-1))
	case 16:
		return fmt.Sprintf("%s(%s)", pick(g.r, []string{"YEAR", "MONTH", "DAYOFMONTH", "DAYOFWEEK", "DAYOFYEAR"}), g.date(depth-1))
	}
	return fmt.Sprintf("TRUNCATE(%s, %d)", a, g.r.IntN(3))
}

// BinaryStrings puts binary strings (a VARBINARY column, a hex literal)
// among the leaves of string expressions, as -binary asks. Off by default:
// the seeds' streams stay as they were, and the differences it still
// finds are listed in the README, not in the deviation rules.
var BinaryStrings bool

func (g exprGen) strLeaf() string {
	if BinaryStrings && g.r.IntN(8) == 0 {
		return g.colOr(func(c column) bool { return c.kind == kBin }, func() string { return hexLiteral(randBytes(g.r, 3)) })
	}
	return g.colOr(column.textual, func() string { return quoteString(g.r, randText(g.r, 0)) })
}

func (g exprGen) str(depth int) string {
	if depth <= 0 || g.r.IntN(3) == 0 {
		return g.strLeaf()
	}
	a := g.str(depth - 1)
	switch g.r.IntN(13) {
	case 11:
		return fmt.Sprintf("%s(%s, %s)", pick(g.r, []string{"GREATEST", "LEAST"}), a, g.str(depth-1))
	case 0:
		return fmt.Sprintf("CONCAT(%s, %s)", a, g.str(depth-1))
	case 1:
		return fmt.Sprintf("%s(%s)", pick(g.r, []string{"UPPER", "LOWER", "TRIM", "LTRIM", "RTRIM", "REVERSE"}), a)
	case 2:
		return fmt.Sprintf("SUBSTRING(%s, %d, %d)", a, g.r.IntN(5)-1, g.r.IntN(4))
	case 3:
		return fmt.Sprintf("REPLACE(%s, %s, %s)", a, quoteString(g.r, pick(g.r, fragments)), quoteString(g.r, pick(g.r, fragments)))
	case 4:
		return fmt.Sprintf("%s(%s, %d, %s)", pick(g.r, []string{"LPAD", "RPAD"}), a, g.r.IntN(8), quoteString(g.r, pick(g.r, []string{"*", "ab", "é"})))
	case 5:
		return fmt.Sprintf("%s(%s, %d)", pick(g.r, []string{"LEFT", "RIGHT"}), a, g.r.IntN(5))
	case 6:
		return fmt.Sprintf("CONCAT_WS(%s, %s, %s)", quoteString(g.r, pick(g.r, []string{",", "-", ""})), a, g.num(depth-1))
	case 7:
		return fmt.Sprintf("HEX(%s)", a)
	case 8:
		return fmt.Sprintf("IFNULL(%s, %s)", a, quoteString(g.r, "-"))
	case 9:
		return fmt.Sprintf("DATE_FORMAT(%s, %s)", g.date(depth-1), quoteString(g.r, pick(g.r, []string{"%Y-%m-%d", "%d/%m/%y %H:%i", "%W %M %e", "%j"})))
	case 10:
		return fmt.Sprintf("CAST(%s AS CHAR)", g.num(depth-1))
	}
	return fmt.Sprintf("REPEAT(%s, %d)", a, g.r.IntN(3))
}

func (g exprGen) date(depth int) string {
	leaf := g.colOr(func(c column) bool { return c.kind == kDate || c.kind == kDatetime }, func() string {
		return "'" + pick(g.r, []string{randDate(g.r), randDatetime(g.r)}) + "'"
	})
	if depth <= 0 || g.r.IntN(2) == 0 {
		return leaf
	}
	switch g.r.IntN(5) {
	case 0:
		return fmt.Sprintf("DATE_ADD(%s, INTERVAL %d %s)", leaf, g.r.IntN(40)-10, pick(g.r, []string{"DAY", "MONTH", "YEAR", "HOUR", "SECOND"}))
	case 1:
		return fmt.Sprintf("DATE_SUB(%s, INTERVAL %d DAY)", leaf, g.r.IntN(400))
	case 2:
		return fmt.Sprintf("LAST_DAY(%s)", leaf)
	case 3:
		// A unit of several fields, written as MySQL reads them.
		return fmt.Sprintf("DATE_ADD(%s, INTERVAL '%s' %s)", leaf, pick(g.r, []string{"1:30", "-1 2:03", "2 3:04:05", "1-2", "0.5", "7"}),
			pick(g.r, []string{"HOUR_MINUTE", "DAY_MINUTE", "DAY_SECOND", "YEAR_MONTH", "SECOND_MICROSECOND"}))
	}
	return fmt.Sprintf("DATE(%s)", leaf)
}

// any is an expression of any type.
func (g exprGen) any(depth int) string {
	return anyExpr(g, g, depth,
		func(d int) string { return fmt.Sprintf("DATEDIFF(%s, %s)", g.date(d-1), g.date(d-1)) },
		func(d int) string {
			return fmt.Sprintf("TIMESTAMPDIFF(%s, %s, %s)", pick(g.r, []string{"DAY", "MONTH", "SECOND"}), g.date(d-1), g.date(d-1))
		})
}

// anyExpr is an expression of any type: one of e's numbers (twice as
// likely), strings or dates, one of a dialect's extra forms, or a column
// of base.
func anyExpr(e typedExprs, base exprGen, depth int, extra ...func(depth int) string) string {
	switch n := base.r.IntN(5 + len(extra)); {
	case n < 2:
		return e.num(depth)
	case n == 2:
		return e.str(depth)
	case n == 3:
		return e.date(depth)
	case n < 4+len(extra):
		return extra[n-4](depth)
	}
	if len(base.refs) == 0 {
		return e.str(depth)
	}
	return pick(base.r, base.refs).sql()
}

func (g exprGen) pred(depth int) string { return predicate(g, g, &mysqlPred, depth) }

// predForms are what a dialect's predicates write.
type predForms struct {
	cmp      []string // comparisons of a column with a literal
	like     []string // LIKE operators (with one, none is drawn)
	patterns []string // LIKE patterns
	lit, key func(*rand.Rand, column) string
	quote    func(*rand.Rand, string) string // a string literal
	dates    bool                            // compare two date expressions too
}

var mysqlPred = predForms{cmp: []string{"=", "<>", "<", ">=", "<=>"}, like: []string{"LIKE"},
	patterns: []string{"a%", "%é%", "_", "%\\_%", "A%", "%😀"}, lit: literal, key: keyLiteral, quote: quoteString}

// typedExprs are a dialect's expressions of each type.
type typedExprs interface {
	num(depth int) string
	str(depth int) string
	date(depth int) string
	numLeaf() string
	strLeaf() string
}

// predicate is a condition over base's columns, written with e's
// expressions and p's forms.
func predicate(e typedExprs, base exprGen, p *predForms, depth int) string {
	if len(base.refs) == 0 {
		return fmt.Sprintf("%s %s %s", e.num(depth-1), pick(base.r, []string{"=", "<", ">", "<>"}), e.num(depth-1))
	}
	r := base.r
	f := pick(r, base.refs)
	switch r.IntN(11) {
	case 0:
		return fmt.Sprintf("%s IS %sNULL", f.sql(), pick(r, []string{"", "NOT "}))
	case 1:
		return fmt.Sprintf("%s %s %s", f.sql(), pick(r, p.cmp), p.lit(r, f.col))
	case 2:
		return fmt.Sprintf("%s BETWEEN %s AND %s", e.num(depth-1), e.numLeaf(), e.numLeaf())
	case 3:
		return fmt.Sprintf("%s IN (%s, %s, %s)", f.sql(), p.key(r, f.col), p.key(r, f.col), p.lit(r, f.col))
	case 4:
		like := p.like[0]
		if len(p.like) > 1 {
			like = pick(r, p.like)
		}
		return fmt.Sprintf("%s %s %s", e.strLeaf(), like, p.quote(r, pick(r, p.patterns)))
	case 5:
		if depth > 0 {
			return fmt.Sprintf("(%s %s %s)", predicate(e, base, p, depth-1), pick(r, []string{"AND", "OR"}), predicate(e, base, p, depth-1))
		}
	case 6:
		if depth > 0 {
			return fmt.Sprintf("NOT (%s)", predicate(e, base, p, depth-1))
		}
	case 7:
		return fmt.Sprintf("%s %s %s", e.num(depth-1), pick(r, []string{"=", "<", ">", "<>"}), e.num(depth-1))
	case 8:
		return fmt.Sprintf("%s %s %s", e.str(depth-1), pick(r, []string{"=", "<", ">"}), e.str(depth-1))
	case 9:
		if p.dates {
			return fmt.Sprintf("%s %s %s", e.date(depth-1), pick(r, []string{"=", "<", ">="}), e.date(depth-1))
		}
	}
	return fmt.Sprintf("%s %s %s", f.sql(), pick(r, []string{"=", ">", "<"}), p.key(r, f.col))
}

package difftest

import "fmt"

// pgExprGen builds typed PostgreSQL expressions over a set of columns.
// Types are kept apart as PostgreSQL requires (no implicit text/number
// conversions), so most expressions are valid; exotic adds functions the
// SQLite backend does not translate.
type pgExprGen struct {
	exprGen
	exotic bool
}

func (g pgExprGen) numLeaf() string {
	return g.colOr(column.numeric, func() string {
		return pick(g.r, []string{g.smallInt(), "2.50", "0.1", "1e2", "-0.005", "12345678901234567.89",
			"9223372036854775807", "2147483647", "1.5::float8", "CAST(3 AS bigint)"})
	})
}

func (g pgExprGen) num(depth int) string {
	if depth <= 0 || g.r.IntN(3) == 0 {
		return g.numLeaf()
	}
	a, b := g.num(depth-1), g.num(depth-1)
	switch n := g.r.IntN(16); {
	case n == 0:
		return fmt.Sprintf("(%s + %s)", a, b)
	case n == 1:
		return fmt.Sprintf("(%s - %s)", a, b)
	case n == 2:
		return fmt.Sprintf("(%s * %s)", a, b)
	case n == 3:
		return fmt.Sprintf("(%s / %s)", a, b)
	case n == 4:
		return fmt.Sprintf("(%s %% %s)", g.intExpr(), g.intExpr())
	case n == 5:
		return fmt.Sprintf("- %s", a)
	case n == 6:
		return fmt.Sprintf("%s - -%s", a, b)
	case n == 7:
		return fmt.Sprintf("abs(%s)", a)
	case n == 8:
		return fmt.Sprintf("round(%s, %d)", g.exactNum(), g.r.IntN(4)-1)
	case n == 9:
		return fmt.Sprintf("%s(%s, %s)", pick(g.r, []string{"greatest", "least"}), a, b)
	case n == 10:
		return fmt.Sprintf("coalesce(%s, %s)", a, b)
	case n == 11:
		return fmt.Sprintf("CASE WHEN %s THEN %s ELSE %s END", g.pred(depth-1), a, b)
	case n == 12:
		return fmt.Sprintf("%s(%s)", pick(g.r, []string{"length", "char_length"}), g.str(depth-1))
	case n == 13:
		return fmt.Sprintf("CAST(%s AS %s)", a, pick(g.r, []string{"numeric(10,2)", "bigint", "integer", "double precision", "numeric"}))
	case n == 14 && g.exotic:
		return fmt.Sprintf("%s(%s)", pick(g.r, []string{"floor", "ceil", "trunc", "sign", "sqrt"}), g.exactNum())
	case n == 14:
		return fmt.Sprintf("nullif(%s, %s)", a, g.smallInt())
	case g.exotic:
		return fmt.Sprintf("extract(%s FROM %s)", pick(g.r, []string{"year", "month", "day", "dow", "doy"}), g.date(depth-1))
	}
	return fmt.Sprintf("round(%s)", g.exactNum())
}

// intExpr is an integer column or literal.
func (g pgExprGen) intExpr() string {
	return g.colOr(column.integer, func() string { return pick(g.r, []string{"7", "3", "-2", "0", "2147483647"}) })
}

// exactNum is an integer or numeric column or literal (round(x, n) takes
// numeric only).
func (g pgExprGen) exactNum() string {
	return g.colOr(func(c column) bool { return c.integer() || c.kind == kDec }, func() string {
		return pick(g.r, []string{"2.50", "-0.005", "12345678901234567.89", "7", "-2.5"})
	})
}

func (g pgExprGen) strLeaf() string {
	return g.colOr(column.textual, func() string { return pgQuote(g.r, pgText(g.r, 0)) })
}

func (g pgExprGen) str(depth int) string {
	if depth <= 0 || g.r.IntN(3) == 0 {
		return g.strLeaf()
	}
	a := g.str(depth - 1)
	switch n := g.r.IntN(11); {
	case n == 0:
		return fmt.Sprintf("(%s || %s)", a, g.str(depth-1))
	case n == 1:
		return fmt.Sprintf("%s(%s)", pick(g.r, []string{"upper", "lower", "btrim", "ltrim", "rtrim"}), a)
	case n == 2:
		return fmt.Sprintf("substr(%s, %d, %d)", a, g.r.IntN(5)-1, g.r.IntN(4))
	case n == 3:
		return fmt.Sprintf("replace(%s, %s, %s)", a, pgQuote(g.r, pick(g.r, pgFragments)), pgQuote(g.r, pick(g.r, pgFragments)))
	case n == 4:
		return fmt.Sprintf("concat(%s, %s)", a, g.num(depth-1))
	case n == 5:
		return fmt.Sprintf("coalesce(%s, %s)", a, pgQuote(g.r, "-"))
	case n == 6:
		return fmt.Sprintf("CAST(%s AS text)", g.num(depth-1))
	case n == 7:
		return fmt.Sprintf("(%s || %s)", a, g.num(depth-1))
	case n == 8 && g.exotic:
		return fmt.Sprintf("%s(%s, %d, %s)", pick(g.r, []string{"lpad", "rpad"}), a, g.r.IntN(8), pgQuote(g.r, pick(g.r, []string{"*", "ab", "é"})))
	case n == 9 && g.exotic:
		return fmt.Sprintf("%s(%s, %d)", pick(g.r, []string{"left", "right", "repeat"}), a, g.r.IntN(5))
	case n == 10 && g.exotic:
		return fmt.Sprintf("to_char(%s, %s)", g.date(depth-1), pgQuote(g.r, pick(g.r, []string{"YYYY-MM-DD", "DD/MM/YY HH24:MI", "Day Month"})))
	}
	return fmt.Sprintf("CAST(%s AS varchar(%d))", a, g.r.IntN(6)+1)
}

func (g pgExprGen) date(depth int) string {
	leaf := g.colOr(func(c column) bool { return c.kind == kDate || c.kind == kDatetime }, func() string {
		if g.r.IntN(2) == 0 {
			return "DATE '" + randDate(g.r) + "'"
		}
		return "TIMESTAMP '" + randDatetime(g.r) + "'"
	})
	if depth <= 0 || g.r.IntN(2) == 0 {
		return leaf
	}
	switch g.r.IntN(4) {
	case 0:
		return fmt.Sprintf("CAST(%s AS date)", leaf)
	case 1:
		return fmt.Sprintf("CAST(%s AS timestamp)", leaf)
	case 2:
		if g.exotic {
			return fmt.Sprintf("date_trunc('%s', %s)", pick(g.r, []string{"month", "year", "day", "hour"}), leaf)
		}
	}
	return fmt.Sprintf("coalesce(%s, DATE '2000-01-01')", leaf)
}

// any is an expression of any type.
func (g pgExprGen) any(depth int) string {
	return anyExpr(g, g.exprGen, depth, func(d int) string { return fmt.Sprintf("(%s)", g.pred(d)) })
}

func (g pgExprGen) pred(depth int) string { return predicate(g, g.exprGen, &pgPred, depth) }

var pgPred = predForms{cmp: []string{"=", "<>", "<", ">=", "IS DISTINCT FROM", "IS NOT DISTINCT FROM"},
	like: []string{"LIKE", "ILIKE", "NOT LIKE"}, patterns: []string{"a%", "%é%", "_", `%\_%`, "A%", "%😀", `%\\%`},
	lit: pgLiteral, key: pgKeyLiteral, quote: pgQuote, dates: true}

package difftest

import (
	"fmt"
	"strings"
)

// PostgreSQL SELECTs, totally ordered as on the MySQL side. Reads may use
// functions the SQLite backend does not translate (exotic) in a few of
// them.

func (g *Generator) exotic() bool { return g.r.IntN(8) == 0 }

func (g *Generator) pgSelectList(e pgExprGen, n int) string {
	items := make([]string, n)
	for i := range items {
		if g.r.IntN(3) == 0 {
			items[i] = pick(g.r, e.refs).sql()
			continue
		}
		items[i] = fmt.Sprintf("%s AS e%d", e.any(2), i)
	}
	return strings.Join(items, ", ")
}

func (g *Generator) pgSelectSimple() Stmt {
	t := g.table()
	ex := g.exotic()
	list := "*"
	if g.r.IntN(3) > 0 {
		list = t.orderBy("") + ", " + g.pgSelectList(g.pgExprs(t, "", ex), g.r.IntN(3)+1)
	}
	return Stmt{Query: true, Tag: "select", SQL: fmt.Sprintf("SELECT %s FROM %s%s ORDER BY %s%s",
		list, t.name, g.pgWhere(t, "", ex), t.orderBy(""), g.limit())}
}

func (g *Generator) pgSelectExprs() Stmt {
	e := pgExprGen{exprGen: exprGen{r: g.r}, exotic: g.exotic()}
	items := make([]string, g.r.IntN(4)+1)
	for i := range items {
		items[i] = fmt.Sprintf("%s AS c%d", e.any(3), i)
	}
	return Stmt{Query: true, Tag: "select-expr", SQL: "SELECT " + strings.Join(items, ", ")}
}

func (g *Generator) pgGroupKey(t *table) string {
	rs := refsWhere(refsOf(t, ""), func(c column) bool { return !c.textual() && c.kind != kBin && c.kind != kDouble })
	if g.r.IntN(3) == 0 {
		return fmt.Sprintf("(%s %% 3)", pick(g.r, refsWhere(rs, column.integer)).sql())
	}
	return pick(g.r, rs).sql()
}

func (g *Generator) pgAggregates(t *table) string {
	summable := refsWhere(refsOf(t, ""), func(c column) bool { return c.integer() || c.kind == kDec })
	ordered := refsWhere(refsOf(t, ""), func(c column) bool { return c.kind != kBin })
	texts := refsWhere(refsOf(t, ""), column.textual)
	items := []string{"count(*) AS n"}
	for i := g.r.IntN(4) + 1; i > 0; i-- {
		s, o := pick(g.r, summable).sql(), pick(g.r, ordered).sql()
		aggs := []string{"sum(" + s + ")", "avg(" + s + ")", "min(" + o + ")", "max(" + o + ")", "count(" + o + ")",
			"count(DISTINCT " + s + ")", "coalesce(sum(" + s + "), 0)", "sum(" + s + ") / 3", "round(avg(" + s + "), 1)",
			"count(*) FILTER (WHERE " + g.pgExprs(t, "", false).pred(1) + ")"}
		if len(texts) > 0 {
			aggs = append(aggs, "string_agg("+pick(g.r, texts).sql()+", '|' ORDER BY "+t.orderBy("")+")")
		}
		items = append(items, fmt.Sprintf("%s AS a%d", pick(g.r, aggs), i))
	}
	return strings.Join(items, ", ")
}

func (g *Generator) pgSelectAgg() Stmt {
	t := g.table()
	if g.r.IntN(4) == 0 {
		return Stmt{Query: true, Tag: "select-agg", SQL: fmt.Sprintf("SELECT %s FROM %s%s", g.pgAggregates(t), t.name, g.pgWhere(t, "", false))}
	}
	having := ""
	if g.r.IntN(2) == 0 {
		having = fmt.Sprintf(" HAVING count(*) %s %d", pick(g.r, []string{">", ">=", "<"}), g.r.IntN(3))
	}
	key := g.pgGroupKey(t)
	return Stmt{Query: true, Tag: "select-group", SQL: fmt.Sprintf("SELECT %s AS g, %s FROM %s%s GROUP BY %s%s ORDER BY g%s",
		key, g.pgAggregates(t), t.name, g.pgWhere(t, "", false), key, having, g.limit())}
}

func (g *Generator) pgSelectJoin() Stmt {
	t1, t2 := g.tables[0], pick(g.r, g.tables[1:])
	on := "a.i = b.a"
	if t2.name == "t3" {
		on = pick(g.r, []string{"a.i = b.ref", "a.id = b.id", "a.s = b.tag"})
	}
	e := pgExprGen{exprGen: exprGen{r: g.r, refs: append(refsOf(t1, "a"), refsOf(t2, "b")...)}, exotic: g.exotic()}
	join := pick(g.r, []string{"JOIN", "LEFT JOIN", "INNER JOIN", "RIGHT JOIN", "FULL JOIN"})
	where := ""
	if g.r.IntN(2) == 0 {
		where = " WHERE " + e.pred(1)
	}
	return Stmt{Query: true, Tag: "select-join", SQL: fmt.Sprintf("SELECT a.id, %s, %s FROM t1 a %s %s b ON %s%s ORDER BY a.id, %s%s",
		t2.orderBy("b"), g.pgSelectList(e, g.r.IntN(3)+1), join, t2.name, on, where, t2.orderBy("b"), g.limit())}
}

func (g *Generator) pgSelectSubquery() Stmt {
	e := g.pgExprs(g.tables[0], "t1", false)
	var sql string
	switch g.r.IntN(6) {
	case 0:
		sql = fmt.Sprintf("SELECT id, i, s FROM t1 WHERE i %sIN (SELECT a FROM t2 WHERE %s) ORDER BY id",
			pick(g.r, []string{"", "NOT "}), g.pgExprs(g.tables[1], "", false).pred(1))
	case 1:
		sql = fmt.Sprintf("SELECT t1.id, (SELECT count(*) FROM t2 WHERE t2.a = t1.i) AS n, (SELECT max(t3.n) FROM t3 WHERE t3.ref = t1.i) AS m FROM t1 WHERE %s ORDER BY t1.id", e.pred(1))
	case 2:
		sql = fmt.Sprintf("SELECT t1.id, t1.d2 FROM t1 WHERE %sEXISTS (SELECT 1 FROM t3 WHERE t3.ref = t1.i) ORDER BY t1.id%s",
			pick(g.r, []string{"", "NOT "}), g.limit())
	case 3:
		sql = fmt.Sprintf("SELECT x.g, x.n, x.s FROM (SELECT i AS g, count(*) AS n, sum(d6) AS s FROM t1 GROUP BY i) x WHERE x.n > %d ORDER BY x.g", g.r.IntN(2))
	case 4:
		sql = fmt.Sprintf("WITH w AS (SELECT a, sum(amt) AS total FROM t2 GROUP BY a) SELECT t1.id, w.total FROM t1 JOIN w ON w.a = t1.i ORDER BY t1.id%s", g.limit())
	default:
		sql = fmt.Sprintf("SELECT i AS v FROM t1 WHERE i IS NOT NULL %s SELECT a FROM t2 %s SELECT ref FROM t3 WHERE ref IS NOT NULL ORDER BY v%s",
			pick(g.r, []string{"UNION", "UNION ALL", "INTERSECT", "EXCEPT"}), pick(g.r, []string{"UNION", "UNION ALL"}), g.limit())
	}
	return Stmt{Query: true, Tag: "select-subquery", SQL: sql}
}

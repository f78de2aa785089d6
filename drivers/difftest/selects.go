package difftest

import (
	"fmt"
	"strconv"
	"strings"
)

// Every SELECT orders its rows totally (by the primary keys of every
// table it reads, or by its distinct group keys), so answers compare row
// by row.

func (g *Generator) limit() string {
	switch g.r.IntN(4) {
	case 0:
		return fmt.Sprintf(" LIMIT %d", g.r.IntN(5))
	case 1:
		return fmt.Sprintf(" LIMIT %d OFFSET %d", g.r.IntN(5)+1, g.r.IntN(3))
	}
	return ""
}

func (g *Generator) selectList(e exprGen, n int) string {
	items := make([]string, n)
	for i := range items {
		if g.r.IntN(3) == 0 {
			items[i] = pick(g.r, e.refs).sql()
			continue
		}
		items[i] = fmt.Sprintf("%s AS `e%d`", e.any(2), i)
	}
	return strings.Join(items, ", ")
}

func (g *Generator) selectSimple() Stmt {
	t := g.table()
	e := g.exprs(t, "")
	list := "*"
	if g.r.IntN(3) > 0 {
		list = t.orderBy("") + ", " + g.selectList(e, g.r.IntN(3)+1)
	}
	return Stmt{Query: true, Tag: "select", SQL: fmt.Sprintf("SELECT %s FROM `%s`%s ORDER BY %s%s",
		list, t.name, g.where(t, ""), t.orderBy(""), g.limit())}
}

// selectExprs evaluates expressions of literals only: functions and
// operators on every type, with no table involved.
func (g *Generator) selectExprs() Stmt {
	e := exprGen{r: g.r}
	items := make([]string, g.r.IntN(4)+1)
	for i := range items {
		items[i] = fmt.Sprintf("%s AS `c%d`", e.any(3), i)
	}
	return Stmt{Query: true, Tag: "select-expr", SQL: "SELECT " + strings.Join(items, ", ")}
}

func (g *Generator) groupKey(t *table) string {
	rs := refsWhere(refsOf(t, ""), func(c column) bool { return !c.textual() && c.kind != kBin && c.kind != kDouble })
	if g.r.IntN(3) == 0 {
		return fmt.Sprintf("(%s %% 3)", pick(g.r, refsWhere(rs, column.integer)).sql())
	}
	return pick(g.r, rs).sql()
}

func (g *Generator) aggregates(t *table) string {
	summable := refsWhere(refsOf(t, ""), func(c column) bool { return c.integer() || c.kind == kDec })
	ordered := refsWhere(refsOf(t, ""), func(c column) bool { return !c.textual() && c.kind != kBin })
	items := []string{"COUNT(*) AS `n`"}
	for i := g.r.IntN(4) + 1; i > 0; i-- {
		s, o := pick(g.r, summable).sql(), pick(g.r, ordered).sql()
		items = append(items, pick(g.r, []string{
			"SUM(" + s + ")", "AVG(" + s + ")", "MIN(" + o + ")", "MAX(" + o + ")", "COUNT(" + o + ")",
			"COUNT(DISTINCT " + s + ")", "COALESCE(SUM(" + s + "), 0)", "SUM(" + s + ") / 3", "ROUND(AVG(" + s + "), 1)",
			"GROUP_CONCAT(" + o + " ORDER BY " + t.orderBy("") + " SEPARATOR '|')",
		}))
	}
	return strings.Join(items, ", ")
}

func (g *Generator) selectAgg() Stmt {
	t := g.table()
	if g.r.IntN(4) == 0 {
		return Stmt{Query: true, Tag: "select-agg", SQL: fmt.Sprintf("SELECT %s FROM `%s`%s", g.aggregates(t), t.name, g.where(t, ""))}
	}
	having := ""
	if g.r.IntN(2) == 0 {
		having = fmt.Sprintf(" HAVING COUNT(*) %s %d", pick(g.r, []string{">", ">=", "<"}), g.r.IntN(3))
	}
	return Stmt{Query: true, Tag: "select-group", SQL: fmt.Sprintf("SELECT %s AS `g`, %s FROM `%s`%s GROUP BY `g`%s ORDER BY `g`%s",
		g.groupKey(t), g.aggregates(t), t.name, g.where(t, ""), having, g.limit())}
}

func (g *Generator) selectJoin() Stmt {
	t1, t2 := g.tables[0], pick(g.r, g.tables[1:])
	on := "a.`i` = b.`a`"
	if t2.name == "t3" {
		on = pick(g.r, []string{"a.`i` = b.`ref`", "a.`id` = b.`id`", "a.`s` = b.`tag`"})
	}
	e := exprGen{r: g.r, refs: append(refsOf(t1, "a"), refsOf(t2, "b")...)}
	join := pick(g.r, []string{"JOIN", "LEFT JOIN", "INNER JOIN"})
	where := ""
	if g.r.IntN(2) == 0 {
		where = " WHERE " + e.pred(1)
	}
	return Stmt{Query: true, Tag: "select-join", SQL: fmt.Sprintf("SELECT a.`id`, %s, %s FROM `t1` a %s `%s` b ON %s%s ORDER BY a.`id`, %s%s",
		t2.orderBy("b"), g.selectList(e, g.r.IntN(3)+1), join, t2.name, on, where, t2.orderBy("b"), g.limit())}
}

func (g *Generator) selectSubquery() Stmt {
	t1 := g.tables[0]
	e := g.exprs(t1, "t1")
	var sql string
	switch g.r.IntN(5) {
	case 0:
		sql = fmt.Sprintf("SELECT `id`, `i`, `s` FROM `t1` WHERE `i` %sIN (SELECT `a` FROM `t2` WHERE %s) ORDER BY `id`",
			pick(g.r, []string{"", "NOT "}), g.exprs(g.tables[1], "").pred(1))
	case 1:
		sql = fmt.Sprintf("SELECT t1.`id`, (SELECT COUNT(*) FROM `t2` WHERE t2.`a` = t1.`i`) AS `n`, (SELECT MAX(t3.`n`) FROM `t3` WHERE t3.`ref` = t1.`i`) AS `m` FROM `t1` WHERE %s ORDER BY t1.`id`", e.pred(1))
	case 2:
		sql = fmt.Sprintf("SELECT t1.`id`, t1.`d2` FROM `t1` WHERE %sEXISTS (SELECT 1 FROM `t3` WHERE t3.`ref` = t1.`i`) ORDER BY t1.`id`%s",
			pick(g.r, []string{"", "NOT "}), g.limit())
	case 3:
		sql = fmt.Sprintf("SELECT x.`g`, x.`n`, x.`s` FROM (SELECT `i` AS `g`, COUNT(*) AS `n`, SUM(`d6`) AS `s` FROM `t1` GROUP BY `i`) x WHERE x.`n` > %d ORDER BY x.`g`", g.r.IntN(2))
	default:
		sql = fmt.Sprintf("SELECT `i` AS `v` FROM `t1` WHERE `i` IS NOT NULL UNION SELECT `a` FROM `t2` UNION SELECT `ref` FROM `t3` WHERE `ref` IS NOT NULL ORDER BY `v`%s", g.limit())
	}
	return Stmt{Query: true, Tag: "select-subquery", SQL: sql}
}

// pointReads is one prepared read of one table, compared with parameters
// on integer columns (the form a SQLite node answers through a read plan
// from its second execution in a session), sent three times with other
// values: mostly keys and small integers, sometimes an edge of the
// column's type or a negative value (which a plan does not take).
func (g *Generator) pointReads() []Stmt {
	t := g.table()
	ints := refsWhere(refsOf(t, ""), column.integer)
	if len(ints) == 0 {
		return one(g.selectSimple())
	}
	list := "*"
	if g.r.IntN(2) == 0 {
		e := g.exprs(t, "")
		cols := []string{t.orderBy("")}
		for i := g.r.IntN(3) + 1; i > 0; i-- {
			cols = append(cols, pick(g.r, e.refs).sql())
		}
		list = strings.Join(cols, ", ")
	}
	var conds []string
	var kinds []kind
	for i := g.r.IntN(2) + 1; i > 0; i-- {
		c := pick(g.r, ints)
		switch g.r.IntN(4) {
		case 0:
			conds = append(conds, c.sql()+" BETWEEN ? AND ?")
			kinds = append(kinds, c.col.kind, c.col.kind)
		case 1:
			conds = append(conds, c.sql()+" IN (?, ?, ?)")
			kinds = append(kinds, c.col.kind, c.col.kind, c.col.kind)
		default:
			conds = append(conds, c.sql()+" "+pick(g.r, []string{"=", "=", "<>", "<", "<=", ">", ">="})+" ?")
			kinds = append(kinds, c.col.kind)
		}
	}
	sql := fmt.Sprintf("SELECT %s FROM `%s` WHERE %s ORDER BY %s%s", list, t.name, strings.Join(conds, " AND "),
		t.orderBy(""), g.limit())
	out := make([]Stmt, 3)
	for i := range out {
		args := make([]any, len(kinds))
		for j, k := range kinds {
			args[j] = g.intArg(k)
		}
		out[i] = Stmt{Query: true, Tag: "select-point", SQL: sql, Prepared: true, Args: args}
	}
	return out
}

// intArg is a value for a parameter compared with a column of kind k.
func (g *Generator) intArg(k kind) any {
	text := fmt.Sprint(g.r.IntN(12) + 1)
	if g.r.IntN(3) == 0 {
		text = randInt(g.r, k)
	}
	if v, err := strconv.ParseInt(text, 10, 64); err == nil {
		return v
	}
	if v, err := strconv.ParseUint(text, 10, 64); err == nil {
		return v
	}
	return text // past 64 bits: sent as a string
}

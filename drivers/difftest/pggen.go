package difftest

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// NewPGGenerator seeds a generator of PostgreSQL statements for segment
// seg of a run with seed.
func NewPGGenerator(seed uint64, seg int) *Generator {
	return &Generator{r: rand.New(rand.NewPCG(seed, uint64(seg))), tables: newPGSchema(), prods: pgProductions, create: (*table).pgDDL,
		colDDL: column.pgDDL, quote: plainIdent, body: pgTxBody, lit: pgLiteral,
		typed: func(g *Generator, t *table) typedExprs { return g.pgExprs(t, "", false) }}
}

var pgProductions = []production{
	{18, func(g *Generator) []Stmt { return one(g.pgInsert("insert", false)) }},
	{6, func(g *Generator) []Stmt { return one(g.pgInsert("insert-returning", true)) }},
	{5, func(g *Generator) []Stmt { return one(g.pgUpsert(false)) }},
	{7, func(g *Generator) []Stmt { return one(g.pgUpsert(true)) }},
	{10, func(g *Generator) []Stmt { return one(g.pgUpdate()) }},
	{5, func(g *Generator) []Stmt { return one(g.pgDelete()) }},
	{4, func(g *Generator) []Stmt { return g.transaction() }},
	{10, func(g *Generator) []Stmt { return one(g.pgSelectSimple()) }},
	{8, func(g *Generator) []Stmt { return one(g.pgSelectExprs()) }},
	{7, func(g *Generator) []Stmt { return one(g.pgSelectAgg()) }},
	{6, func(g *Generator) []Stmt { return one(g.pgSelectJoin()) }},
	{6, func(g *Generator) []Stmt { return one(g.pgSelectSubquery()) }},
	{2, func(g *Generator) []Stmt { return one(g.ddl()) }},
	{1, func(g *Generator) []Stmt { return one(g.pgRefused()) }},
}

// pgExprs is an expression generator over t; exotic lets it call
// functions and operators the SQLite backend does not translate (reads
// only: a write the SQLite node refuses ends its segment).
func (g *Generator) pgExprs(t *table, alias string, exotic bool) pgExprGen {
	return pgExprGen{exprGen: exprGen{r: g.r, refs: refsOf(t, alias)}, exotic: exotic}
}

func (g *Generator) pgValue(t *table, c column) string {
	if g.isKey(t, c) && g.r.IntN(4) > 0 {
		return pgKeyLiteral(g.r, c)
	}
	if c.auto {
		return pick(g.r, []string{"DEFAULT", fmt.Sprint(g.r.IntN(12) + 1)})
	}
	return pgLiteral(g.r, c)
}

func (g *Generator) pgValues(t *table, cols []column) string {
	rows := make([]string, g.r.IntN(3)+1)
	for i := range rows {
		vals := make([]string, len(cols))
		for j, c := range cols {
			vals[j] = g.pgValue(t, c)
		}
		rows[i] = "(" + strings.Join(vals, ", ") + ")"
	}
	return strings.Join(rows, ", ")
}

func names(cols []column) string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.name
	}
	return strings.Join(out, ", ")
}

func (g *Generator) returning(t *table) string {
	return " RETURNING " + pick(g.r, []string{"*", t.orderBy(""), t.orderBy("") + ", " + pick(g.r, t.cols).name,
		t.orderBy("") + ", " + g.pgExprs(t, "", false).any(1) + " AS r"})
}

func (g *Generator) pgInsert(tag string, ret bool) Stmt {
	t := g.table()
	cols := g.insertColumns(t)
	sql := fmt.Sprintf("INSERT INTO %s (%s) VALUES %s", t.name, names(cols), g.pgValues(t, cols))
	if g.r.IntN(25) == 0 {
		sql = fmt.Sprintf("INSERT INTO %s DEFAULT VALUES", t.name)
	}
	if ret {
		sql += g.returning(t)
	}
	return Stmt{SQL: sql, Tag: tag, Query: ret}
}

// conflictTargets are the unique keys of t an ON CONFLICT can name.
func conflictTargets(t *table) []string {
	out := []string{strings.Join(t.pk, ", ")}
	for _, u := range t.uniques {
		out = append(out, strings.Join(u, ", "))
	}
	return out
}

func (g *Generator) pgUpsert(update bool) Stmt {
	t := g.table()
	cols := g.insertColumns(t)
	sql := fmt.Sprintf("INSERT INTO %s (%s) VALUES %s ON CONFLICT", t.name, names(cols), g.pgValues(t, cols))
	tag := "insert-nothing"
	if !update {
		if g.r.IntN(2) == 0 {
			sql += " (" + pick(g.r, conflictTargets(t)) + ")"
		}
		sql += " DO NOTHING"
	} else {
		tag = "insert-upsert"
		sql += fmt.Sprintf(" (%s) DO UPDATE SET %s", pick(g.r, conflictTargets(t)),
			g.conflictSet(t, cols, func(c string) string { return "EXCLUDED." + c }, func(c string) string { return t.name + "." + c }))
		if g.r.IntN(4) == 0 {
			sql += " WHERE " + g.pgExprs(t, t.name, false).pred(1)
		}
	}
	ret := g.r.IntN(4) == 0
	if ret {
		sql += g.returning(t)
	}
	return Stmt{SQL: sql, Tag: tag, Query: ret}
}

func (g *Generator) pgWhere(t *table, alias string, exotic bool) string {
	if g.r.IntN(6) == 0 {
		return ""
	}
	return " WHERE " + g.pgExprs(t, alias, exotic).pred(2)
}

func (g *Generator) pgUpdate() Stmt {
	t := g.table()
	sql := fmt.Sprintf("UPDATE %s SET %s%s", t.name, g.setList(t), g.pgWhere(t, "", false))
	ret := g.r.IntN(4) == 0
	if ret {
		sql += g.returning(t)
	}
	return Stmt{SQL: sql, Tag: "update", Query: ret}
}

func (g *Generator) pgDelete() Stmt {
	t := g.table()
	sql := fmt.Sprintf("DELETE FROM %s%s", t.name, g.pgWhere(t, "", false))
	ret := g.r.IntN(4) == 0
	if ret {
		sql += g.returning(t)
	}
	return Stmt{SQL: sql, Tag: "delete", Query: ret}
}

var pgTxBody = txBody{
	func(g *Generator) Stmt { return g.pgInsert("insert", false) },
	func(g *Generator) Stmt { return g.pgInsert("insert", false) },
	(*Generator).pgUpdate, (*Generator).pgDelete,
	func(g *Generator) Stmt { return g.pgUpsert(true) },
	func(g *Generator) Stmt { return g.pgInsert("insert-returning", true) },
	(*Generator).pgSelectSimple,
}

// pgRefused is a statement blocksql refuses before the chain (0A000)
// and PostgreSQL runs without changing the tables.
func (g *Generator) pgRefused() Stmt {
	return Stmt{Tag: "refused", SQL: pick(g.r, []string{
		"UPDATE t3 SET n = random() WHERE id IS NULL",
		"INSERT INTO t3 (id, n) SELECT 0, random() WHERE false",
		"CREATE TEMP TABLE tmp_refused (a integer) ON COMMIT DROP",
		"UPDATE t2 SET note = gen_random_uuid()::text WHERE a IS NULL",
	})}
}

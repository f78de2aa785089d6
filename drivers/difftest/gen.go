package difftest

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
)

// Stmt is one generated statement. Tag names the production that made
// it, so differences can be grouped by what was being exercised.
type Stmt struct {
	SQL      string
	Tag      string
	Query    bool // answered with a result set
	Prepared bool // sent as a server-side prepared statement (binary protocol)
	// Args are the values bound to a prepared statement's ? markers.
	Args []any
}

// read tells whether s only reads: a result set that is not a write's
// RETURNING rows.
func (s Stmt) read() bool { return s.Query && writtenTable(s) == "" }

func (s Stmt) String() string {
	p := ""
	if s.Prepared {
		p = " -- prepared"
	}
	if len(s.Args) > 0 {
		p += fmt.Sprintf(" with %v", s.Args)
	}
	return s.SQL + ";" + p
}

// Generator makes the statement stream of one segment. The same seed and
// segment number always give the same stream.
type Generator struct {
	r      *rand.Rand
	tables []*table
	next   int // names for added columns and indexes
	prods  []production
	create func(*table) string // a table's CREATE TABLE
	colDDL func(column) string // a column's definition
	quote  func(string) string // an identifier
	body   txBody              // what a transaction holds
	lit    func(*rand.Rand, column) string
	// typed is an expression generator over t's columns.
	typed func(g *Generator, t *table) typedExprs
}

// NewGenerator seeds a generator for segment seg of a run with seed.
func NewGenerator(seed uint64, seg int) *Generator {
	return &Generator{r: rand.New(rand.NewPCG(seed, uint64(seg))), tables: newSchema(), prods: productions, create: (*table).ddl,
		colDDL: column.ddl, quote: backquote, body: mysqlTxBody, lit: literal,
		typed: func(g *Generator, t *table) typedExprs { return g.exprs(t, "") }}
}

// Segment is the schema's DDL followed by n generated statements.
func (g *Generator) Segment(n int) []Stmt {
	var out []Stmt
	for _, t := range g.tables {
		out = append(out, Stmt{SQL: g.create(t), Tag: "ddl-create"})
	}
	for len(out) < n+len(g.tables) {
		out = append(out, g.next1()...)
	}
	return out
}

type production struct {
	weight int
	make   func(g *Generator) []Stmt
}

var productions = []production{
	{18, func(g *Generator) []Stmt { return one(g.insert("insert", "INSERT")) }},
	{5, func(g *Generator) []Stmt { return one(g.insert("insert-ignore", "INSERT IGNORE")) }},
	{7, func(g *Generator) []Stmt { return one(g.insert("insert-odku", "INSERT")) }},
	{4, func(g *Generator) []Stmt { return one(g.insert("replace", "REPLACE")) }},
	{3, func(g *Generator) []Stmt { return one(g.insertSet()) }},
	{4, func(g *Generator) []Stmt { return one(g.insertSelect()) }},
	{10, func(g *Generator) []Stmt { return one(g.update()) }},
	{5, func(g *Generator) []Stmt { return one(g.delete()) }},
	{4, func(g *Generator) []Stmt { return g.transaction() }},
	{10, func(g *Generator) []Stmt { return one(g.selectSimple()) }},
	{8, func(g *Generator) []Stmt { return one(g.selectExprs()) }},
	{7, func(g *Generator) []Stmt { return one(g.selectAgg()) }},
	{6, func(g *Generator) []Stmt { return one(g.selectJoin()) }},
	{6, func(g *Generator) []Stmt { return one(g.selectSubquery()) }},
	{4, func(g *Generator) []Stmt { return g.pointReads() }},
	{2, func(g *Generator) []Stmt { return one(g.ddl()) }},
}

func one(s Stmt) []Stmt { return []Stmt{s} }

func (g *Generator) next1() []Stmt {
	total := 0
	for _, p := range g.prods {
		total += p.weight
	}
	n := g.r.IntN(total)
	for _, p := range g.prods {
		if n < p.weight {
			out := p.make(g)
			if len(out) == 1 && g.r.IntN(7) == 0 {
				out[0].Prepared = true
			}
			return out
		}
		n -= p.weight
	}
	panic("unreachable")
}

func (g *Generator) table() *table { return pick(g.r, g.tables) }

func (g *Generator) exprs(t *table, alias string) exprGen {
	return exprGen{r: g.r, refs: refsOf(t, alias)}
}

// insertColumns picks the columns an INSERT names: every NOT NULL column
// without a default (mostly), and a random subset of the others.
func (g *Generator) insertColumns(t *table) []column {
	var out []column
	for _, c := range t.cols {
		required := c.notNull && c.defaultValue == "" && !c.auto
		if (required && g.r.IntN(30) > 0) || (!required && g.r.IntN(3) > 0 && (!c.auto || g.r.IntN(4) == 0)) {
			out = append(out, c)
		}
	}
	if len(out) == 0 {
		out = append(out, t.cols[1])
	}
	return out
}

func (g *Generator) isKey(t *table, c column) bool {
	for _, k := range t.pk {
		if k == c.name {
			return true
		}
	}
	for _, u := range t.uniques {
		for _, k := range u {
			if k == c.name {
				return true
			}
		}
	}
	return false
}

func (g *Generator) value(t *table, c column) string {
	if g.isKey(t, c) && g.r.IntN(4) > 0 {
		if c.auto && g.r.IntN(3) == 0 {
			return pick(g.r, []string{"NULL", "0", "DEFAULT"})
		}
		return keyLiteral(g.r, c)
	}
	return literal(g.r, c)
}

func (g *Generator) insert(tag, verb string) Stmt {
	t := g.table()
	cols := g.insertColumns(t)
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.name
	}
	rows := make([]string, g.r.IntN(3)+1)
	for i := range rows {
		vals := make([]string, len(cols))
		for j, c := range cols {
			vals[j] = g.value(t, c)
		}
		rows[i] = "(" + strings.Join(vals, ", ") + ")"
	}
	sql := fmt.Sprintf("%s INTO `%s` (%s) VALUES %s", verb, t.name, quoteList(names), strings.Join(rows, ", "))
	if tag == "insert-odku" {
		sql += " ON DUPLICATE KEY UPDATE " + g.odkuSet(t, cols)
	}
	return Stmt{SQL: sql, Tag: tag}
}

func (g *Generator) odkuSet(t *table, cols []column) string {
	return g.conflictSet(t, cols, func(c string) string { return "VALUES(`" + c + "`)" }, backquote)
}

// conflictSet is an upsert's SET list: of t's columns, some take the
// proposed row's value (excluded), numbers add to the stored one
// (stored), others take a literal.
func (g *Generator) conflictSet(t *table, cols []column, excluded, stored func(col string) string) string {
	var sets []string
	for _, c := range t.cols {
		if g.r.IntN(4) > 0 || c.auto {
			continue
		}
		switch {
		case g.r.IntN(2) == 0 && containsCol(cols, c.name):
			sets = append(sets, fmt.Sprintf("%s = %s", g.quote(c.name), excluded(c.name)))
		case c.integer() || c.kind == kDec:
			sets = append(sets, fmt.Sprintf("%s = %s + %s", g.quote(c.name), stored(c.name), pick(g.r, []string{"1", "-1", "0.5", "- -2"})))
		default:
			sets = append(sets, fmt.Sprintf("%s = %s", g.quote(c.name), g.lit(g.r, c)))
		}
	}
	if len(sets) == 0 {
		c := t.cols[len(t.cols)-1]
		sets = append(sets, fmt.Sprintf("%s = %s", g.quote(c.name), g.lit(g.r, c)))
	}
	return strings.Join(sets, ", ")
}

func containsCol(cols []column, name string) bool {
	for _, c := range cols {
		if c.name == name {
			return true
		}
	}
	return false
}

// insertSelect copies rows of a table, itself or another, into a table
// without an AUTO_INCREMENT column (blocksql numbers an INSERT ... SELECT's
// ids only in an order it can rely on): INSERT, INSERT IGNORE, REPLACE or
// ON DUPLICATE KEY UPDATE of expressions over the source's columns, with a
// WHERE, ordered by the source's primary key, with a LIMIT or not.
func (g *Generator) insertSelect() Stmt {
	var targets []*table
	for _, t := range g.tables {
		if !slices.ContainsFunc(t.cols, func(c column) bool { return c.auto }) {
			targets = append(targets, t)
		}
	}
	if len(targets) == 0 {
		return g.insert("insert", "INSERT")
	}
	t, src := pick(g.r, targets), g.table()
	cols := g.insertColumns(t)
	names, vals := make([]string, len(cols)), make([]string, len(cols))
	e := g.typed(g, src)
	for i, c := range cols {
		names[i] = c.name
		vals[i] = g.lit(g.r, c)
		switch {
		case g.r.IntN(3) == 0:
		case c.numeric():
			vals[i] = e.num(2)
		case c.textual():
			vals[i] = e.str(2)
		case c.kind == kDate || c.kind == kDatetime:
			vals[i] = e.date(1)
		}
	}
	kind := pick(g.r, [][2]string{{"insert-select", "INSERT"}, {"insert-select-ignore", "INSERT IGNORE"},
		{"insert-select-replace", "REPLACE"}, {"insert-select-odku", "INSERT"}})
	tag, verb := kind[0], kind[1]
	// Always in an order: without one MariaDB reads in its plan's (a
	// covering index's, say), where blocksql reads in primary key order.
	order := g.orderLimit(src)
	if order == "" {
		order = " ORDER BY " + quoteList(src.pk)
	}
	sql := fmt.Sprintf("%s INTO `%s` (%s) SELECT %s FROM `%s`%s%s", verb, t.name, quoteList(names), strings.Join(vals, ", "),
		src.name, g.where(src, ""), order)
	if tag == "insert-select-odku" {
		if src == t { // its columns would be ambiguous in the SET (1052)
			return g.insert("insert-odku", "INSERT")
		}
		sql += " ON DUPLICATE KEY UPDATE " + g.odkuSet(t, cols)
	}
	return Stmt{SQL: sql, Tag: tag}
}

func (g *Generator) insertSet() Stmt {
	t := g.table()
	var sets []string
	for _, c := range g.insertColumns(t) {
		sets = append(sets, fmt.Sprintf("`%s` = %s", c.name, g.value(t, c)))
	}
	return Stmt{SQL: fmt.Sprintf("INSERT INTO `%s` SET %s", t.name, strings.Join(sets, ", ")), Tag: "insert-set"}
}

// assignment is `col = value` for UPDATE: an expression of the column's
// kind over the table, or a literal.
func (g *Generator) assignment(t *table, c column) string {
	e := g.typed(g, t)
	v := g.lit(g.r, c)
	switch {
	case g.r.IntN(2) == 0:
	case c.numeric():
		v = e.num(2)
	case c.textual():
		v = e.str(2)
	case c.kind == kDate || c.kind == kDatetime:
		v = e.date(1)
	}
	return fmt.Sprintf("%s = %s", g.quote(c.name), v)
}

// setList is an UPDATE's assignments: at least one, of columns drawn at
// random.
func (g *Generator) setList(t *table) string {
	var sets []string
	for len(sets) == 0 {
		for _, c := range t.cols {
			if !c.auto && g.r.IntN(len(t.cols)/2+1) == 0 {
				sets = append(sets, g.assignment(t, c))
			}
		}
	}
	return strings.Join(sets, ", ")
}

func (g *Generator) orderLimit(t *table) string {
	if g.r.IntN(2) == 0 {
		return ""
	}
	dir := pick(g.r, []string{"", " DESC"})
	keys := make([]string, len(t.pk))
	for i, k := range t.pk {
		keys[i] = "`" + k + "`" + dir
	}
	return fmt.Sprintf(" ORDER BY %s LIMIT %d", strings.Join(keys, ", "), g.r.IntN(4))
}

func (g *Generator) where(t *table, alias string) string {
	if g.r.IntN(6) == 0 {
		return ""
	}
	return " WHERE " + g.exprs(t, alias).pred(2)
}

func (g *Generator) update() Stmt {
	t := g.table()
	return Stmt{SQL: fmt.Sprintf("UPDATE `%s` SET %s%s%s", t.name, g.setList(t), g.where(t, ""), g.orderLimit(t)), Tag: "update"}
}

func (g *Generator) delete() Stmt {
	t := g.table()
	return Stmt{SQL: fmt.Sprintf("DELETE FROM `%s`%s%s", t.name, g.where(t, ""), g.orderLimit(t)), Tag: "delete"}
}

// txBody are the statements a transaction is made of, one drawn at a
// time (a kind may appear twice to weigh it).
type txBody []func(g *Generator) Stmt

var mysqlTxBody = txBody{
	func(g *Generator) Stmt { return g.insert("insert", "INSERT") },
	func(g *Generator) Stmt { return g.insert("insert", "INSERT") },
	(*Generator).update, (*Generator).delete,
	func(g *Generator) Stmt { return g.insert("insert-odku", "INSERT") },
	(*Generator).selectSimple,
}

func (g *Generator) transaction() []Stmt {
	out := []Stmt{{SQL: pick(g.r, []string{"BEGIN", "START TRANSACTION"}), Tag: "tx-begin"}}
	for n := g.r.IntN(4) + 1; n > 0; n-- {
		s := g.body[g.r.IntN(len(g.body))](g)
		s.Tag = "tx-" + s.Tag
		out = append(out, s)
	}
	end := Stmt{SQL: "COMMIT", Tag: "tx-commit"}
	if g.r.IntN(3) == 0 {
		end = Stmt{SQL: "ROLLBACK", Tag: "tx-rollback"}
	}
	return append(out, end)
}

// ddl changes the schema: an index on t2, TRUNCATE t3, or a column of
// t3 added or dropped.
func (g *Generator) ddl() Stmt {
	t3 := g.tables[2]
	g.next++
	switch g.r.IntN(4) {
	case 0:
		return Stmt{SQL: fmt.Sprintf("CREATE INDEX %s ON %s (%s)", g.quote(fmt.Sprintf("ix_%d", g.next)), g.quote("t2"),
			g.quote("v")+", "+g.quote("note")), Tag: "ddl-index"}
	case 1:
		return Stmt{SQL: "TRUNCATE TABLE " + g.quote("t3"), Tag: "ddl-truncate"}
	case 2:
		if t3.added > 0 {
			c := t3.cols[len(t3.cols)-1]
			t3.cols = t3.cols[:len(t3.cols)-1]
			t3.added--
			return Stmt{SQL: fmt.Sprintf("ALTER TABLE %s DROP COLUMN %s", g.quote("t3"), g.quote(c.name)), Tag: "ddl-drop-column"}
		}
	}
	c := pick(g.r, []column{{kind: kInt, defaultValue: "7"}, {kind: kStr, prec: 10, defaultValue: "'d,\n  x'"},
		{kind: kDec, prec: 9, scale: 4, defaultValue: "1.5"}, {kind: kDate}, {kind: kDouble, notNull: true, defaultValue: "0.25"}})
	c.name = fmt.Sprintf("x%d", g.next)
	t3.cols = append(t3.cols, c)
	t3.added++
	return Stmt{SQL: fmt.Sprintf("ALTER TABLE %s ADD COLUMN %s", g.quote("t3"), g.colDDL(c)), Tag: "ddl-add-column"}
}

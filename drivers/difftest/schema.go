// Package difftest is blocksql's differential tester: a seeded generator
// of statements over a small schema, in either dialect, and a runner that
// sends each generated stream to several servers over real sockets
// (blocksql nodes on each backend, and MariaDB or PostgreSQL itself as
// the reference), compares every answer, classifies each difference as a
// documented deviation or a failure, and shrinks a failing stream to the
// fewest statements that still differ. A Dialect (MySQL, PostgreSQL)
// holds what differs between the two: the generator's productions, how a
// statement is sent and its answer read, a segment's namespace, serial
// counters and the documented deviations.
//
// Streams come in segments: each runs in a fresh database, starts with
// its schema's DDL, and ends with a comparison of every table, so a
// difference that changes the stored state is reported once, where it
// happened, instead of cascading through the rest of the run.
package difftest

import (
	"fmt"
	"strings"
)

// kind is what a column holds, as far as generating values goes.
type kind int

const (
	kInt kind = iota
	kUint
	kBig
	kUbig
	kSmall  // SMALLINT
	kMedium // MEDIUMINT
	kUtiny  // TINYINT UNSIGNED
	kDec
	kDouble
	kStr
	kText
	kBin
	kDate
	kDatetime
	kTime
)

type column struct {
	name         string
	kind         kind
	prec, scale  int // DECIMAL(prec,scale); VARCHAR length in prec; DATETIME fsp in scale; a DOUBLE is FLOAT with prec 24, FLOAT(prec,scale) with a scale
	notNull      bool
	auto         bool
	defaultValue string
}

func (c column) ddl() string {
	var b strings.Builder
	fmt.Fprintf(&b, "`%s` %s", c.name, c.typeName())
	if c.notNull {
		b.WriteString(" NOT NULL")
	}
	if c.auto {
		b.WriteString(" AUTO_INCREMENT")
	}
	if c.defaultValue != "" {
		b.WriteString(" DEFAULT " + c.defaultValue)
	}
	return b.String()
}

func (c column) typeName() string {
	switch c.kind {
	case kInt:
		return "INT"
	case kUint:
		return "INT UNSIGNED"
	case kBig:
		return "BIGINT"
	case kUbig:
		return "BIGINT UNSIGNED"
	case kSmall:
		return "SMALLINT"
	case kMedium:
		return "MEDIUMINT"
	case kUtiny:
		return "TINYINT UNSIGNED"
	case kDec:
		return fmt.Sprintf("DECIMAL(%d,%d)", c.prec, c.scale)
	case kDouble:
		switch {
		case c.scale > 0:
			return fmt.Sprintf("FLOAT(%d,%d)", c.prec, c.scale)
		case c.prec == 24:
			return "FLOAT"
		}
		return "DOUBLE"
	case kStr:
		return fmt.Sprintf("VARCHAR(%d)", c.prec)
	case kText:
		return "TEXT"
	case kBin:
		return fmt.Sprintf("VARBINARY(%d)", c.prec)
	case kDate:
		return "DATE"
	case kDatetime:
		if c.scale > 0 {
			return fmt.Sprintf("DATETIME(%d)", c.scale)
		}
		return "DATETIME"
	}
	return "TIME"
}

func (c column) numeric() bool { return c.kind <= kDouble }
func (c column) integer() bool { return c.kind <= kUtiny }
func (c column) textual() bool { return c.kind == kStr || c.kind == kText }
func (c column) temporal() bool {
	return c.kind == kDate || c.kind == kDatetime || c.kind == kTime
}

type table struct {
	name    string
	cols    []column
	pk      []string
	uniques [][]string
	added   int  // columns added by ALTER TABLE so far
	plain   bool // identifiers are written unquoted (PostgreSQL)
}

func (t *table) ddl() string {
	parts := make([]string, 0, len(t.cols)+len(t.uniques)+1)
	for _, c := range t.cols {
		parts = append(parts, c.ddl())
	}
	parts = append(parts, "PRIMARY KEY ("+quoteList(t.pk)+")")
	for i, u := range t.uniques {
		parts = append(parts, fmt.Sprintf("UNIQUE KEY `uk_%s_%d` (%s)", t.name, i, quoteList(u)))
	}
	return fmt.Sprintf("CREATE TABLE `%s` (%s)", t.name, strings.Join(parts, ", "))
}

func (t *table) col(name string) column {
	for _, c := range t.cols {
		if c.name == name {
			return c
		}
	}
	panic("difftest: no column " + name)
}

func (t *table) autoCol() (column, bool) {
	for _, c := range t.cols {
		if c.auto {
			return c, true
		}
	}
	return column{}, false
}

// orderBy is the table's primary key: a total order for its rows.
func (t *table) orderBy(alias string) string {
	out := make([]string, len(t.pk))
	for i, k := range t.pk {
		out[i] = qualifyAs(t.plain, alias, k)
	}
	return strings.Join(out, ", ")
}

func quoteList(names []string) string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = "`" + n + "`"
	}
	return strings.Join(out, ", ")
}

// qualifyAs is qualify, or the same unquoted when plain.
func qualifyAs(plain bool, alias, col string) string {
	switch {
	case !plain:
		return qualify(alias, col)
	case alias == "":
		return col
	}
	return alias + "." + col
}

func qualify(alias, col string) string {
	if alias == "" {
		return "`" + col + "`"
	}
	return alias + ".`" + col + "`"
}

// newSchema is the schema every segment starts from: an AUTO_INCREMENT
// table holding every column type, a table with a composite key, and a
// table keyed by an unsigned BIGINT that the stream alters.
func newSchema() []*table {
	t1 := &table{name: "t1", pk: []string{"id"}, uniques: [][]string{{"k"}, {"b", "s"}}, cols: []column{
		{name: "id", kind: kInt, notNull: true, auto: true},
		{name: "k", kind: kStr, prec: 12, notNull: true},
		{name: "i", kind: kInt}, {name: "u", kind: kUint}, {name: "b", kind: kBig}, {name: "ub", kind: kUbig},
		{name: "sm", kind: kSmall}, {name: "md", kind: kMedium}, {name: "tu", kind: kUtiny},
		{name: "d2", kind: kDec, prec: 12, scale: 2}, {name: "d0", kind: kDec, prec: 10, scale: 0},
		{name: "d6", kind: kDec, prec: 20, scale: 6}, {name: "f", kind: kDouble},
		{name: "s", kind: kStr, prec: 24}, {name: "tx", kind: kText}, {name: "vb", kind: kBin, prec: 12},
		{name: "dt", kind: kDate}, {name: "dtm", kind: kDatetime, scale: 3}, {name: "tm", kind: kTime},
	}}
	t2 := &table{name: "t2", pk: []string{"a", "c"}, uniques: [][]string{{"v"}}, cols: []column{
		{name: "a", kind: kInt, notNull: true}, {name: "c", kind: kStr, prec: 8, notNull: true},
		{name: "v", kind: kBig}, {name: "note", kind: kStr, prec: 30, defaultValue: "'none'"},
		{name: "amt", kind: kDec, prec: 8, scale: 3, notNull: true, defaultValue: "0"},
		{name: "at", kind: kDatetime}, {name: "r", kind: kDouble, prec: 24},
	}}
	t3 := &table{name: "t3", pk: []string{"id"}, cols: []column{
		{name: "id", kind: kUbig, notNull: true}, {name: "ref", kind: kInt},
		{name: "tag", kind: kStr, prec: 8}, {name: "n", kind: kDouble, notNull: true, defaultValue: "0"},
		{name: "day", kind: kDate}, {name: "w", kind: kDouble, prec: 7, scale: 2},
	}}
	return []*table{t1, t2, t3}
}

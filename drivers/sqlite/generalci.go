package sqlite

import (
	"strconv"

	"github.com/cockroachdb/apd/v3"
	"github.com/pingcap/tidb/pkg/parser/ast"
	"strings"
	"unicode/utf8"
)

// generalCI is the SQLite collation standing for MySQL's default
// utf8mb4_general_ci: characters compare by a weight that folds case and
// accents ('é' = 'E', 'ß' = 'S'), every character outside the BMP weighs
// the same (U+FFFD), and the shorter string is padded with spaces (PAD
// SPACE: 'a ' = 'a', but 'a\t' < 'a'). Text columns declare it, so
// WHERE, ORDER BY, GROUP BY, DISTINCT and unique keys all follow it.
const generalCI = "mysql_general_ci"

var generalCITable = loadGeneralCI()

func loadGeneralCI() map[rune]rune {
	m := make(map[rune]rune, len(generalCIWeights)/8)
	for i := 0; i+8 <= len(generalCIWeights); i += 8 {
		r, _ := strconv.ParseUint(generalCIWeights[i:i+4], 16, 32)
		w, _ := strconv.ParseUint(generalCIWeights[i+4:i+8], 16, 32)
		m[rune(r)] = rune(w)
	}
	return m
}

// generalCIWeight is the utf8mb4_general_ci weight of r.
func generalCIWeight(r rune) rune {
	if r > 0xFFFF {
		return 0xFFFD
	}
	if w, ok := generalCITable[r]; ok {
		return w
	}
	return r
}

// compareGeneralCI orders a and b as utf8mb4_general_ci does.
func compareGeneralCI(a, b string) int { return comparePadded(a, b, generalCIWeight) }

// compareBin orders a and b as utf8mb4_bin does: by code point, case
// and accents apart, the shorter padded with spaces ('a ' = 'a').
func compareBin(a, b string) int { return comparePadded(a, b, func(r rune) rune { return r }) }

// comparePadded orders a and b by the weights of their characters, the
// shorter padded with spaces.
func comparePadded(a, b string, weight func(rune) rune) int {
	for len(a) > 0 || len(b) > 0 {
		ra, rb := rune(' '), rune(' ')
		if len(a) > 0 {
			r, n := utf8.DecodeRuneInString(a)
			ra, a = weight(r), a[n:]
		}
		if len(b) > 0 {
			r, n := utf8.DecodeRuneInString(b)
			rb, b = weight(r), b[n:]
		}
		if ra != rb {
			if ra < rb {
				return -1
			}
			return 1
		}
	}
	return 0
}

// Collations the string functions compare in (mysql_strcmp, mysql_field,
// mysql_str_greatest and _least, mysql_locate_in, mysql_find_in_set), as
// textCollation chooses them.
const (
	collGeneral int64 = iota // utf8mb4_general_ci: case and accents fold
	collBinary               // binary strings: byte by byte
	collBin                  // a column declared COLLATE utf8mb4_bin: code points
)

// compareIn orders a and b in the collation coll.
func compareIn(coll int64, a, b string) int {
	switch coll {
	case collBinary:
		return strings.Compare(a, b)
	case collBin:
		return compareBin(a, b)
	}
	return compareGeneralCI(a, b)
}

// generalCIKey is the key utf8mb4_general_ci gives s: strings with the
// same key compare equal (trailing spaces aside, as PAD SPACE ignores them).
func generalCIKey(s string) string {
	var b strings.Builder
	for _, r := range strings.TrimRight(s, " ") {
		b.WriteRune(generalCIWeight(r))
	}
	return b.String()
}

// collationKey is the key the collation coll gives s: strings with the
// same key compare equal.
func collationKey(coll int64, s string) string {
	switch coll {
	case collGeneral:
		return generalCIKey(s)
	case collBin:
		return strings.TrimRight(s, " ") // PAD SPACE
	}
	return s
}

// groupConcatDistinct is GROUP_CONCAT(DISTINCT … SEPARATOR sep): the
// group's values in the order they come, each the first of those equal to
// it in the collation coll, joined with sep.
type groupConcatDistinct struct {
	seen   map[string]bool
	values []string
	sep    string
}

func newGroupConcatDistinct() *groupConcatDistinct {
	return &groupConcatDistinct{seen: map[string]bool{}}
}

func (g *groupConcatDistinct) Step(v, sep any, coll int64) {
	s, ok := text(v)
	if !ok {
		return
	}
	if len(g.values) == 0 {
		g.sep, _ = text(sep)
	}
	if key := collationKey(coll, s); !g.seen[key] {
		g.seen[key] = true
		g.values = append(g.values, s)
	}
}

func (g *groupConcatDistinct) Done() any {
	if len(g.values) == 0 {
		return nil
	}
	return joinBounded(g.values, g.sep)
}

// countDistinct is COUNT(DISTINCT a, b, …), which SQLite's count() cannot
// take: the rows with no NULL among the values, counted once per distinct
// combination, text compared in the text collation (kinds[i] 't') or in
// a column's utf8mb4_bin ('c'), binary values and dates byte by byte
// ('b'), numbers by value ('n'); a value of
// unknown type ('u') as a number when SQLite holds a number, else as text.
type countDistinct struct{ seen map[string]bool }

func newCountDistinct() *countDistinct { return &countDistinct{seen: map[string]bool{}} }

func (c *countDistinct) Step(kinds string, vals ...any) {
	var key strings.Builder
	for i, v := range vals {
		s, ok := text(v)
		if !ok {
			return
		}
		kind := byte('b')
		if i < len(kinds) {
			kind = kinds[i]
		}
		if _, text := v.(string); kind == 'u' && !text {
			kind = 'n' // of unknown type: a number if SQLite holds one
		}
		switch kind {
		case 't', 'u':
			s = generalCIKey(s)
		case 'c':
			s = collationKey(collBin, s)
		case 'n':
			s = numberKey(v)
		}
		key.WriteString(strconv.Itoa(len(s)))
		key.WriteByte(':')
		key.WriteString(s)
	}
	c.seen[key.String()] = true
}

func (c *countDistinct) Done() int64 { return int64(len(c.seen)) }

// numberKey is the same text for equal numbers (2, 2.0 and 2.00).
func numberKey(v any) string {
	a := toDec(v)
	if a.float {
		return strconv.FormatFloat(a.f, 'g', -1, 64)
	}
	var r apd.Decimal
	r.Reduce(&a.d)
	return r.String()
}

// countDistinct writes COUNT(DISTINCT a, b, …) for mysql_count_distinct,
// each value's kind from its type.
func (t *typer) countDistinct(e *ast.AggregateFuncExpr) ast.ExprNode {
	kinds := make([]byte, len(e.Args))
	for i, a := range e.Args {
		switch tp := t.typeOf(a); {
		case tp.isNumber():
			kinds[i] = 'n'
		case tp.kind == kString && tp.cased:
			kinds[i] = 'c'
		case tp.kind == kString && !tp.binary:
			kinds[i] = 't'
		case tp.kind == kUnknown:
			kinds[i] = 'u'
		default:
			kinds[i] = 'b'
		}
	}
	return raw(append([]any{"mysql_count_distinct('" + string(kinds) + "', "}, callArgs(e.Args)...)...)
}

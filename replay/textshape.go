package replay

import (
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/blocksql/blocksql/consensus"
	"github.com/pingcap/tidb/pkg/parser"
	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/charset"
	"github.com/pingcap/tidb/pkg/parser/mysql"
	"github.com/pingcap/tidb/pkg/parser/test_driver"
)

// Text shapes. A client that sends its INSERTs as text (go-sql-driver and
// most ORMs interpolate parameters) gives every statement a text of its own,
// and the session parsed each one in full (the TiDB parser: ~7 µs for a
// three-value INSERT, the largest part of a session's work for a write).
// Such texts differ only in their literals. A session's ShapeCache scans a
// text for its literals (plain integers and plain quoted strings; anything
// less plain, and the text is parsed as before), and keys the text's shape
// by the rest: two texts of one shape parse to the same tree but for the
// literals' values and offsets. For an INSERT … VALUES whose values are all
// such literals, it keeps the first text's tree as the shape's template;
// the next text of the shape is parsed too, and the tree the template gives
// for it (a copy, each value a new node made as the parser makes it) must be
// deeply equal to that parse, or the shape is never taken from the template.
// Once it was, the shape's texts are copied from the template, not parsed.

// A session keeps at most shapeCacheMax shapes of texts of at most
// shapeTextMax bytes, whose keys and templates' texts take at most
// shapeCacheBytes; past that it parses as before. A template's tree takes
// about 50 bytes per byte of its text, so a session's cache holds at most
// ~200 KB, and the node's connections (1,000 by default) no more than
// ~200 MB between them.
const (
	shapeCacheMax   = 64
	shapeTextMax    = 1024
	shapeCacheBytes = 4096
)

// ShapeCache is one session's cache of text shapes (see above). The zero
// value is ready to use; it is not safe for concurrent use.
type ShapeCache struct {
	m map[string]*shapeEntry
	// bytes counts the keys and the templates' texts (shapeCacheBytes).
	bytes int
	// key and lits are scanShape's buffers, reused from text to text.
	key  []byte
	lits []shapeLiteral
	// last is the text Parse took from a proven template last, and
	// lastEntry that template's shape (lits still holds the text's
	// literals), for Lifted.
	last      string
	lastEntry *shapeEntry
}

type shapeEntry struct {
	// tmpl is a tree parsed from an earlier text of the shape, never
	// handed out.
	tmpl *ast.InsertStmt
	// proven: a copy of tmpl was deeply equal to a parse; failed: it was
	// not, or the shape is not one a template stands for.
	proven, failed bool
	// canonical is LiftedCanonical's text for every text of the shape,
	// once the first text's literals lifted to exactly its literals
	// (lifts); liftChecked once that was tried.
	canonical          string
	lifts, liftChecked bool
}

// shapeLiteral is one literal of a text: its value and byte offset.
type shapeLiteral struct {
	str    string
	num    int64
	isStr  bool
	offset int
}

// Parse is Parse(p, sql), taking the tree from sql's shape when a template
// of the shape has proven itself.
func (c *ShapeCache) Parse(p *parser.Parser, sql string) ([]ast.StmtNode, error) {
	c.last, c.lastEntry = "", nil
	key, lits, ok := scanShape(sql, c.key[:0], c.lits[:0])
	c.key, c.lits = key, lits
	if !ok {
		return Parse(p, sql)
	}
	e := c.m[string(key)]
	if e != nil && e.proven {
		c.last, c.lastEntry = sql, e
		return []ast.StmtNode{e.tree(sql, lits)}, nil
	}
	stmts, err := Parse(p, sql)
	if err != nil || e != nil && e.failed {
		return stmts, err
	}
	if e == nil {
		if len(c.m) >= shapeCacheMax || c.bytes+len(key) > shapeCacheBytes {
			return stmts, nil
		}
		if c.m == nil {
			c.m = map[string]*shapeEntry{}
		}
		e = &shapeEntry{failed: true}
		c.m[string(key)] = e
		c.bytes += len(key)
		if c.bytes+len(sql) > shapeCacheBytes || !shapeTemplate(stmts, sql, lits) {
			return stmts, nil
		}
		c.bytes += len(sql)
		// A parse of its own: the caller rewrites the tree it is given.
		// (The parser hands out its result slice again, so that tree is
		// taken out of it first.)
		given := []ast.StmtNode{stmts[0]}
		tmpl, err := Parse(p, sql)
		if err != nil {
			return given, nil
		}
		e.tmpl, e.failed = tmpl[0].(*ast.InsertStmt), false
		return given, nil
	}
	e.proven = reflect.DeepEqual(e.tree(sql, lits), stmts[0])
	if e.failed = !e.proven; e.failed {
		e.tmpl = nil
	}
	return stmts, nil
}

// Lifted is LiftedCanonical(stmt, sql, nil) for stmt, the tree Parse
// gave last, for sql. Where Parse took it from a proven template, the
// canonical text with placeholders is the shape's and the parameters are
// sql's literals in order (every one a value of the VALUES, see
// shapeTemplate): the shape's first such text is lifted in full and
// compared, and the others of the shape are not lifted again.
func (c *ShapeCache) Lifted(stmt ast.StmtNode, sql string) (string, []consensus.Value, error) {
	e := c.lastEntry
	if e == nil || sql != c.last || e.liftChecked && !e.lifts {
		return LiftedCanonical(stmt, sql, nil)
	}
	if e.lifts {
		return e.canonical, c.literalValues(), nil
	}
	text, params, err := LiftedCanonical(stmt, sql, nil)
	e.liftChecked = true
	if err == nil && reflect.DeepEqual(params, c.literalValues()) {
		e.canonical, e.lifts = text, true
	}
	return text, params, err
}

// literalValues are the parameters the last text's literals lift to.
func (c *ShapeCache) literalValues() []consensus.Value {
	out := make([]consensus.Value, len(c.lits))
	for i, l := range c.lits {
		if l.isStr {
			out[i] = consensus.Value{Kind: consensus.KindString, Bytes: []byte(l.str)}
		} else {
			out[i] = consensus.Value{Kind: consensus.KindInt, Int: l.num}
		}
	}
	return out
}

// shapeTemplate reports whether stmts, parsed from sql, is an INSERT …
// VALUES a template stands for: every value one of sql's literals, in order.
func shapeTemplate(stmts []ast.StmtNode, sql string, lits []shapeLiteral) bool {
	if len(stmts) != 1 || stmts[0].OriginalText() != sql {
		return false
	}
	ins, ok := stmts[0].(*ast.InsertStmt)
	if !ok || !literalInsert(ins) {
		return false
	}
	n := 0
	for _, l := range ins.Lists {
		for _, e := range l {
			if n >= len(lits) || !lits[n].is(e.(*test_driver.ValueExpr)) {
				return false
			}
			n++
		}
	}
	return n == len(lits)
}

// is reports whether the parser read l as v: v starts where l does and
// holds its value.
func (l shapeLiteral) is(v *test_driver.ValueExpr) bool {
	if v.OriginTextPosition() != l.offset {
		return false
	}
	if l.isStr {
		return v.Kind() == test_driver.KindString && v.GetString() == l.str
	}
	return v.Kind() == test_driver.KindInt64 && v.GetInt64() == l.num
}

// shapeEncoding is the client encoding a session's parser sets every
// statement's text with (replay.NewParser never changes it).
var shapeEncoding = charset.FindEncoding(mysql.DefaultCharset)

// tree is the template's tree for sql, whose literals are lits.
func (e *shapeEntry) tree(sql string, lits []shapeLiteral) *ast.InsertStmt {
	c := cloneInsertWith(e.tmpl, func(x ast.ExprNode, n int) ast.ExprNode {
		t := x.(*test_driver.ValueExpr)
		var v ast.ValueExpr
		if l := lits[n]; l.isStr {
			v = ast.NewValueExpr(l.str, t.Type.GetCharset(), t.Type.GetCollate())
		} else {
			v = ast.NewValueExpr(l.num, "", "")
		}
		v.SetOriginTextPosition(lits[n].offset)
		return v
	})
	c.SetText(shapeEncoding, sql)
	ast.SetFlag(c)
	return c
}

// scanShape returns sql's shape (its text with each literal replaced by a
// mark of its kind) appended to key, and its literals appended to lits, or
// false when sql is not an INSERT or REPLACE of plain text: no comments,
// double quotes, backslashes, question marks, semicolons or NUL bytes, every
// string literal plain ('…' with no quote inside, no introducer, not
// followed by another), every number a plain integer of at most 18 digits.
func scanShape(sql string, key []byte, lits []shapeLiteral) ([]byte, []shapeLiteral, bool) {
	// The verb first: every text a session runs comes here, reads too.
	if len(sql) > shapeTextMax || !insertVerb(sql) || !utf8.ValidString(sql) || strings.ContainsAny(sql, "\"\\?;#\x00") ||
		strings.Contains(sql, "/*") || strings.Contains(sql, "--") {
		return key, lits, false
	}
	for i := 0; i < len(sql); {
		switch ch := sql[i]; {
		case ch == '\'':
			end := strings.IndexByte(sql[i+1:], '\'')
			if end < 0 || i > 0 && wordByte(sql[i-1]) {
				return key, lits, false
			}
			end += i + 1
			if next := strings.TrimLeft(sql[end+1:], " \t\r\n"); strings.HasPrefix(next, "'") {
				return key, lits, false // 'a' 'b' is one literal, 'a''b' another
			}
			lits = append(lits, shapeLiteral{str: sql[i+1 : end], isStr: true, offset: i})
			key = append(key, 0, 's')
			i = end + 1
		case ch == '`':
			end := strings.IndexByte(sql[i+1:], '`')
			if end < 0 {
				return key, lits, false
			}
			end += i + 1
			if end+1 < len(sql) && sql[end+1] == '`' {
				return key, lits, false
			}
			key = append(key, sql[i:end+1]...)
			i = end + 1
		case wordByte(ch):
			j, digits := i, true
			for ; j < len(sql) && wordByte(sql[j]); j++ {
				digits = digits && sql[j] >= '0' && sql[j] <= '9'
			}
			if !digits {
				key = append(key, sql[i:j]...)
				i = j
				continue
			}
			if j-i > 18 || i > 0 && sql[i-1] == '.' || j < len(sql) && sql[j] == '.' {
				return key, lits, false
			}
			n, err := strconv.ParseInt(sql[i:j], 10, 64)
			if err != nil {
				return key, lits, false
			}
			lits = append(lits, shapeLiteral{num: n, offset: i})
			key = append(key, 0, 'i')
			i = j
		default:
			key = append(key, ch)
			i++
		}
	}
	return key, lits, len(lits) > 0
}

// wordByte reports whether b belongs to a word (a keyword, a name or a
// number) of MySQL's text; bytes of multi-byte characters all do.
func wordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '_' || b == '$' || b >= 0x80
}

// insertVerb reports whether sql starts with INSERT or REPLACE.
func insertVerb(sql string) bool {
	s := strings.TrimLeft(sql, " \t\r\n")
	for _, v := range []string{"INSERT", "REPLACE"} {
		if len(s) > len(v) && strings.EqualFold(s[:len(v)], v) && !wordByte(s[len(v)]) {
			return true
		}
	}
	return false
}

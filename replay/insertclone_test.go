package replay

import (
	"reflect"
	"strings"
	"testing"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/format"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/drivers"
)

// rewriteLikeApply does to an INSERT what the apply step does in place:
// qualifies its table, binds its parameters, renames its table and
// columns (as the MariaDB driver's renamer does).
type rewriteLikeApply struct{ n int64 }

func (r *rewriteLikeApply) Enter(n ast.Node) (ast.Node, bool) { return n, false }

func (r *rewriteLikeApply) Leave(n ast.Node) (ast.Node, bool) {
	switch x := n.(type) {
	case ast.ParamMarkerExpr:
		r.n++
		return ast.NewValueExpr(r.n, "", ""), true
	case *ast.TableName:
		x.Name = ast.NewCIStr("renamed_" + x.Name.O)
	case *ast.ColumnName:
		x.Name = ast.NewCIStr("c_" + x.Name.O)
	}
	return n, true
}

func restoreText(t *testing.T, n ast.Node) string {
	t.Helper()
	var b strings.Builder
	if err := n.Restore(format.NewRestoreCtx(format.DefaultRestoreFlags, &b)); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestInsertTemplateIsAParse: an INSERT of parameters parsed a second time
// is a copy of its template, equal to a fresh parse in every field, and
// rewriting a copy as the apply step does leaves the template (and so the
// next copy) as parsed.
func TestInsertTemplateIsAParse(t *testing.T) {
	for _, text := range []string{
		"INSERT INTO t_tmpl1 (id, k, v) VALUES (?, ?, ?)",
		"INSERT IGNORE INTO db1.t_tmpl2 VALUES (?, ?), (?, ?)",
		"REPLACE INTO t_tmpl3 (a) VALUES (?)",
		"INSERT INTO t_tmpl4 SET a = ?, b = ?",
	} {
		fresh, err := drivers.Parse(text)
		if err != nil {
			t.Fatalf("%s: %v", text, err)
		}
		for round := range 3 {
			got, err := parseOne(text)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, fresh) {
				t.Fatalf("%s, parse %d: the tree differs from a fresh parse", text, round+1)
			}
			if err := Qualify(got, "app"); err != nil {
				t.Fatal(err)
			}
			got.Accept(&rewriteLikeApply{})
			want, _ := drivers.Parse(text)
			if err := Qualify(want, "app"); err != nil {
				t.Fatal(err)
			}
			want.Accept(&rewriteLikeApply{})
			if a, b := restoreText(t, got), restoreText(t, want); a != b {
				t.Fatalf("%s, parse %d: rewritten copy %q, rewritten parse %q", text, round+1, a, b)
			}
		}
		insertTemplates.mu.RLock()
		_, kept := insertTemplates.m[text]
		insertTemplates.mu.RUnlock()
		if !kept {
			t.Fatalf("%s: no template kept", text)
		}
	}
}

// TestInsertWithoutTemplate: INSERTs a copy of a few nodes cannot stand
// for are parsed every time.
func TestInsertWithoutTemplate(t *testing.T) {
	for _, text := range []string{
		"INSERT INTO t_nt1 (a) VALUES (1)",
		"INSERT INTO t_nt2 (a) VALUES (? + 1)",
		"INSERT INTO t_nt3 (a) SELECT ?",
		"INSERT INTO t_nt4 (a) VALUES (?) ON DUPLICATE KEY UPDATE a = ?",
	} {
		a, err := parseOne(text)
		if err != nil {
			t.Fatalf("%s: %v", text, err)
		}
		b, _ := parseOne(text)
		if a == b {
			t.Fatalf("%s: the same tree twice", text)
		}
		insertTemplates.mu.RLock()
		_, kept := insertTemplates.m[text]
		insertTemplates.mu.RUnlock()
		if kept {
			t.Fatalf("%s: kept as a template", text)
		}
	}
}

func BenchmarkParseInsert(b *testing.B) {
	const text = "INSERT INTO t_bench (id, k, v) VALUES (?, ?, ?)"
	b.Run("parse", func(b *testing.B) {
		for b.Loop() {
			if _, err := drivers.Parse(text); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("template", func(b *testing.B) {
		for b.Loop() {
			if _, err := parseOne(text); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestBoundFromTemplateIsABind: a restore's read-ahead builds an INSERT of
// a known text with its parameters' values in one copy of the template;
// the tree must be the one parsing the text and binding the parameters
// gives, for every kind of value, and a wrong number of values must be
// left to the binder (which reports the error).
func TestBoundFromTemplateIsABind(t *testing.T) {
	params := []consensus.Value{{Kind: consensus.KindInt, Int: -7}, {Kind: consensus.KindUint, Uint: 1 << 63},
		{Kind: consensus.KindFloat, Float: 2.5}, {Kind: consensus.KindString, Bytes: []byte("it's")},
		{Kind: consensus.KindBytes, Bytes: []byte{0xff, 0x00}}, {Kind: consensus.KindBytes, Bytes: []byte("utf8")}, {}}
	for _, text := range []string{
		"INSERT INTO t_bound1 (a, b, c, d, e, f, g) VALUES (?, ?, ?, ?, ?, ?, ?)",
		"INSERT IGNORE INTO db1.t_bound2 VALUES (?, ?, ?, ?), (?, ?, ?)",
	} {
		if _, err := parseOne(text); err != nil { // keeps the template
			t.Fatal(err)
		}
		got, ok := boundFromTemplate(text, params)
		if !ok {
			t.Fatalf("%s: no tree from the template", text)
		}
		want, err := drivers.Parse(text)
		if err != nil {
			t.Fatal(err)
		}
		st := consensus.Statement{Canonical: text, Params: params}
		if err := newStmtEnv(&consensus.Block{}, [32]byte{}, 0, 0, &consensus.Tx{}, &st).bind(want); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(ast.StmtNode(got), want) {
			t.Errorf("%s: bound copy %q, bound parse %q", text, restoreText(t, got), restoreText(t, want))
		}
		if _, ok := boundFromTemplate(text, params[1:]); ok {
			t.Errorf("%s: a tree from %d values for %d markers", text, len(params)-1, len(params))
		}
	}
}

package replay

import (
	"reflect"
	"strings"
	"testing"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/format"

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

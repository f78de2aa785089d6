package replay

import (
	"reflect"
	"strings"
	"testing"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/test_driver"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/drivers"
)

// valueNodes collects a statement's value nodes in the binder's order.
type valueNodes struct{ got []*test_driver.ValueExpr }

func (v *valueNodes) Enter(n ast.Node) (ast.Node, bool) { return n, false }
func (v *valueNodes) Leave(n ast.Node) (ast.Node, bool) {
	if x, ok := n.(*test_driver.ValueExpr); ok {
		v.got = append(v.got, x)
	}
	return n, true
}

// TestLiftedInsertBindsAsParsed: an INSERT whose literals are lifted into
// parameters, its canonical text parsed (from a template, as every node
// does) and its parameters bound, is the statement as parsed from the
// text sent: the same canonical text, and every value node the same value
// with the same type, flags, character set and collation. Literals whose
// parameter would bind to another node leave the statement as it is.
func TestLiftedInsertBindsAsParsed(t *testing.T) {
	for _, c := range []struct {
		text string
		lift bool
	}{
		{"INSERT INTO t_lift (k, c, pad) VALUES (123, '04512-3', 'x')", true},
		{"INSERT INTO t_lift VALUES (1, 'a'), (2, NULL), (18446744073709551615, 'it''s \\n')", true},
		{"INSERT IGNORE INTO db.t_lift (a) VALUES (9223372036854775807)", true},
		{"REPLACE INTO t_lift (a, b) VALUES ('', 0)", true},
		{"INSERT INTO t_lift SET a = 7, b = 'seven'", true},
		{"INSERT INTO t_lift (a) VALUES ('ab' 'cd')", false},  // the node keeps the first string's length
		{"INSERT INTO t_lift (a) VALUES (TRUE)", false},       // a boolean flag
		{"INSERT INTO t_lift (a) VALUES (1.50)", false},       // a decimal
		{"INSERT INTO t_lift (a) VALUES (1e3)", false},        // a float
		{"INSERT INTO t_lift (a) VALUES (0x41)", false},       // hex
		{"INSERT INTO t_lift (a) VALUES (_binary'x')", false}, // an introducer
		{"INSERT INTO t_lift (a) VALUES ('x' COLLATE utf8mb4_bin)", false},
		{"INSERT INTO t_lift (a) VALUES (-5)", false},     // an expression
		{"INSERT INTO t_lift (a) VALUES (1), (?)", false}, // a parameter already
		{"INSERT INTO t_lift (a) VALUES (1) ON DUPLICATE KEY UPDATE a = 2", false},
		{"INSERT INTO t_lift (a) SELECT 1", false},
		{"UPDATE t_lift SET a = 1", false},
	} {
		parsed, err := drivers.Parse(c.text)
		if err != nil {
			t.Fatalf("%s: %v", c.text, err)
		}
		want, err := Canonical(parsed)
		if err != nil {
			t.Fatal(err)
		}
		text, params, err := LiftedCanonical(parsed, c.text, nil)
		if err != nil {
			t.Fatalf("%s: %v", c.text, err)
		}
		if again, _ := Canonical(parsed); again != want {
			t.Fatalf("%s: lifting changed the statement: %s", c.text, again)
		}
		if lifted := len(params) > 0; lifted != c.lift {
			t.Fatalf("%s: lifted %v (%s %v), want %v", c.text, lifted, text, params, c.lift)
		}
		if !c.lift {
			if text != want {
				t.Fatalf("%s: canonical %s, want %s", c.text, text, want)
			}
			continue
		}
		if strings.Count(text, "?") != len(params) {
			t.Fatalf("%s: %s with %d parameters", c.text, text, len(params))
		}
		for round := range 2 { // the second from the template
			stmt, err := parseOne(text)
			if err != nil {
				t.Fatalf("%s (round %d): %v", text, round, err)
			}
			env := &stmtEnv{params: params}
			if err := env.bind(stmt); err != nil {
				t.Fatal(err)
			}
			if got, _ := Canonical(stmt); got != want {
				t.Fatalf("%s: bound %s, want %s", c.text, got, want)
			}
			var a, b valueNodes
			stmt.Accept(&a)
			parsed.Accept(&b)
			if len(a.got) != len(b.got) {
				t.Fatalf("%s: %d values bound, %d parsed", c.text, len(a.got), len(b.got))
			}
			for i := range a.got {
				if !reflect.DeepEqual(a.got[i].Datum, b.got[i].Datum) || !reflect.DeepEqual(a.got[i].Type, b.got[i].Type) {
					t.Fatalf("%s: value %d bound as %#v %v, parsed as %#v %v", c.text, i,
						a.got[i].Datum, &a.got[i].Type, b.got[i].Datum, &b.got[i].Type)
				}
			}
		}
	}
	one := "INSERT INTO t_lift (a) VALUES (1)"
	if _, ps, _ := LiftedCanonical(mustParse(t, one), one, []consensus.Value{{Kind: consensus.KindInt}}); len(ps) != 1 {
		t.Fatal("a statement bound to parameters had its parameters changed")
	}
	// A text the chain stores as a delta against its canonical text keeps
	// its literals there.
	long := "INSERT INTO t_lift (a, b) VALUES " + strings.Repeat("(1, 'x'), ", consensus.SQLDeltaMin/10) + "(2, 'y')"
	if text, ps, _ := LiftedCanonical(mustParse(t, long), long, nil); len(ps) != 0 || strings.Contains(text, "?") {
		t.Fatalf("a text of %d bytes was lifted", len(long))
	}
}

func mustParse(t *testing.T, text string) ast.StmtNode {
	t.Helper()
	stmt, err := drivers.Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	return stmt
}
